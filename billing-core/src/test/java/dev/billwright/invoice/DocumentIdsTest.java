package dev.billwright.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.time.BillingPeriod;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every id shape {@link DocumentIds} builds. The expected values are written from the documented
 * shapes; the hashes were computed apart ({@code printf '%s' KEY | sha256sum}, first 20 digits)
 * and the credit-note ids are those of the golden files (bundled month, immediate cancellation),
 * so the ids stay byte-identical to those issued before the ids moved here.
 */
class DocumentIdsTest {
  static final InvoiceKey FEBRUARY = InvoiceKey.parse("sub_cancel|2026-02-01T00:00Z[UTC]/2026-03-01T00:00Z[UTC]|period");
  static final Instant START = Instant.parse("2026-10-01T00:00:00Z");

  @Test
  void invoiceIdsAreTheHashOfTheKeyAndRevision() {
    assertThat(DocumentIds.invoiceId(FEBRUARY, 0)).isEqualTo("inv_3321d15d9002aa797284");
    assertThat(DocumentIds.invoiceId(FEBRUARY, 1)).isEqualTo("inv_bcb3929dcc4ebc75f979");
    assertThatThrownBy(() -> DocumentIds.invoiceId(FEBRUARY, -1)).isInstanceOf(BillingException.class)
        .satisfies(e -> assertThat(((BillingException) e).code()).isEqualTo(ErrorCode.INVALID_VALUE));
  }

  @Test
  void lineIds() {
    assertThat(DocumentIds.lineId("sub_1", "api_calls", Map.of("country", "IN", "channel", "web"), LineKind.USAGE))
        .isEqualTo("sub_1/api_calls/channel=web,country=IN/usage")
        .isEqualTo(InvoiceLine.lineIdOf("sub_1", "api_calls", Map.of("channel", "web", "country", "IN"), LineKind.USAGE));
    assertThat(DocumentIds.lineId("", "setup", Map.of(), LineKind.ONE_TIME)).isEqualTo("/setup//one_time");
    assertThat(DocumentIds.lineId("sub_1", "api_calls", Map.of(), LineKind.USAGE, java.util.Optional.empty()))
        .isEqualTo("sub_1/api_calls//usage");
    assertThat(DocumentIds.lineId("sub_1", "api_calls", Map.of("country", "IN"), LineKind.USAGE,
        java.util.Optional.of(Instant.parse("2026-10-16T00:00:00Z")))).isEqualTo("sub_1/api_calls/country=IN/usage@2026-10-16T00:00:00Z");
    assertThat(DocumentIds.segmentLineId("sub_1", "platform", LineKind.RECURRING_FEE, START))
        .isEqualTo("sub_1/platform//recurring_fee@2026-10-01T00:00:00Z");
    assertThat(DocumentIds.segmentLineId("sub_1", "platform", LineKind.PRORATION_CHARGE,
        Instant.parse("2026-10-15T06:00:00Z"))).isEqualTo("sub_1/platform//proration_charge@2026-10-15T06:00:00Z");
    assertThat(DocumentIds.prorationCreditLineId("sub_1", "platform", Instant.parse("2026-10-15T00:00:00Z"),
        "sub_1/platform//recurring_fee@2026-10-01T00:00:00Z"))
        .isEqualTo("sub_1/platform//proration_credit@2026-10-15T00:00:00Z#sub_1/platform//recurring_fee@2026-10-01T00:00:00Z");
    assertThat(DocumentIds.commitmentTrueUpLineId("sub_1", START))
        .isEqualTo("sub_1/minimum_commitment//commitment_true_up@2026-10-01T00:00:00Z");
    assertThat(DocumentIds.correctionLineId("sub_1/api_calls//usage", 2)).isEqualTo("sub_1/api_calls//usage~adj2");
  }

  @Test
  void adjustmentInvoicesAreKeyedByRevision() {
    BillingPeriod october = BillingPeriod.of(START, Instant.parse("2026-11-01T00:00:00Z"), ZoneId.of("UTC"));
    InvoiceKey key = DocumentIds.adjustmentKey("sub_1", october, 2);
    assertThat(key).isEqualTo(new InvoiceKey("sub_1~adj2", october, InvoiceKind.ADJUSTMENT));
    assertThat(key.value()).isEqualTo("sub_1~adj2|2026-10-01T00:00Z[UTC]/2026-11-01T00:00Z[UTC]|adjustment");
    assertThat(DocumentIds.invoiceId(key, 0)).isEqualTo("inv_c2026548c692ed4be883");
  }

  @Test
  void creditNoteIds() {
    assertThat(DocumentIds.prorationCreditNoteId("inv_8be8c223b2aff617ca8e", "inv_c289102f8121364312f0"))
        .isEqualTo("cn_8be8c223b2aff617ca8e_proration_c289102f8121364312f0");
    assertThat(DocumentIds.cancellationCreditNoteId("inv_3321d15d9002aa797284", 1))
        .isEqualTo("cn_3321d15d9002aa797284_cancel_1");
    assertThat(DocumentIds.correctionCreditNoteId("inv_3321d15d9002aa797284", 3))
        .isEqualTo("cn_3321d15d9002aa797284~adj3");
    // an invoice id a host chose, without the inv_ prefix, is used whole (it used to lose 4 characters)
    assertThat(DocumentIds.cancellationCreditNoteId("INV-2026-7", 0)).isEqualTo("cn_INV-2026-7_cancel_0");
    assertThat(DocumentIds.correctionCreditNoteId("A1", 1)).isEqualTo("cn_A1~adj1");
  }
}

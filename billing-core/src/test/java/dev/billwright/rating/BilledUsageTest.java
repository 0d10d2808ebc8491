package dev.billwright.rating;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceKey;
import dev.billwright.invoice.InvoiceKind;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.LineKind;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link BilledUsage}: the rest of a period's usage lines after what earlier documents billed. */
class BilledUsageTest {
  static final BillingPeriod APRIL = BillingPeriod.parse("2026-04-01T00:00Z/2026-05-01T00:00Z");

  static InvoiceLine line(LineKind kind, String quantity, String exact) {
    return InvoiceLine.builder().lineId(InvoiceLine.lineIdOf("sub_1", "calls", Map.of(), kind)).subscriptionId("sub_1")
        .chargeCode("calls").description("Calls").kind(kind).servicePeriod(APRIL).quantity(new BigDecimal(quantity))
        .exactAmount(Money.of("USD", exact), RoundingPolicy.DEFAULT).taxCode("").build();
  }

  static Invoice invoice(int n, InvoiceLine... lines) {
    InvoiceKey key = InvoiceKey.of("sub_1~thr" + n, APRIL, InvoiceKind.PROGRESSIVE);
    return Invoice.builder().id("inv_" + n).key(key).customerId("cus_1").addSubscriptionIds("sub_1")
        .currency(Money.currency("USD")).addLines(lines).issuedAt(Instant.parse("2026-04-10T00:00:00Z")).build();
  }

  static final EnumSet<LineKind> KINDS = EnumSet.of(LineKind.USAGE, LineKind.ADJUSTMENT);

  @Test
  void theRestIsTheReratedLineLessWhatWasBilledAndAGoneLineIsReversed() {
    BilledUsage billed = BilledUsage.of(List.of(invoice(1, line(LineKind.USAGE, "40", "12.345")),
        invoice(2, line(LineKind.USAGE, "20", "6.00"), line(LineKind.ADJUSTMENT, "1", "-1.50"))), KINDS,
        BilledUsage.Basis.AMOUNT);
    assertThat(billed.amount(InvoiceLine.lineIdOf("sub_1", "calls", Map.of(), LineKind.USAGE), Money.of("USD", "0")))
        .isEqualTo(Money.of("USD", "18.35")); // rounded amounts: 12.35 + 6.00
    assertThat(billed.quantity(InvoiceLine.lineIdOf("sub_1", "calls", Map.of(), LineKind.USAGE)))
        .isEqualByComparingTo("60");

    List<InvoiceLine> rest = billed.rest(List.of(line(LineKind.USAGE, "100", "30.004")));
    assertThat(rest).hasSize(2);
    InvoiceLine usage = rest.get(0);
    assertThat(usage.quantity()).isEqualByComparingTo("40");
    assertThat(usage.amount()).isEqualTo(Money.of("USD", "11.65")); // round(30.004) − 18.35
    assertThat(usage.exactAmount()).isEqualTo(Money.of("USD", "11.654"));
    assertThat(usage.explanation().get("already_billed_amount").asText()).isEqualTo("18.35");
    InvoiceLine reversal = rest.get(1);
    assertThat(reversal.kind()).isEqualTo(LineKind.ADJUSTMENT);
    assertThat(reversal.amount()).isEqualTo(Money.of("USD", "1.50")); // the maximum is no longer reached
    // what all documents bill sums to the re-rated lines
    assertThat(Money.of("USD", "18.35").plus(Money.of("USD", "-1.50")).plus(usage.amount()).plus(reversal.amount()))
        .isEqualTo(Money.of("USD", "30.00"));
    assertThat(BilledUsage.NONE.rest(List.of(line(LineKind.USAGE, "1", "1")))).hasSize(1);
  }
}

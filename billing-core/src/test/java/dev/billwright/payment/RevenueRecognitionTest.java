package dev.billwright.payment;

import static dev.billwright.payment.PaymentFixtures.creditNote;
import static dev.billwright.payment.PaymentFixtures.invoice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.billwright.error.BillingException;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.LineKind;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class RevenueRecognitionTest {
  static final ZoneId IST = ZoneId.of("Asia/Kolkata");

  static InvoiceLine line(String id, LineKind kind, BillingPeriod period, String amount) {
    return InvoiceLine.builder().lineId(id).chargeCode(id).kind(kind).servicePeriod(period)
        .exactAmount(Money.of("INR", amount), RoundingPolicy.DEFAULT).build();
  }

  static Money inr(String s) {
    return Money.of("INR", s);
  }

  /** An annual fee of INR 36,500.00 billed on 2026-10-01: 100.00 a day, so October earns 3,100.00. */
  @Test
  void anAnnualFeeIsEarnedRatablyByDay() {
    BillingPeriod year = BillingPeriod.ofDates(LocalDate.of(2026, 10, 1), LocalDate.of(2027, 10, 1), IST);
    Invoice inv = invoice("inv_y", List.of(line("fee", LineKind.RECURRING_FEE, year, "36500.00")));
    RevenueSchedule s = RevenueRecognition.DEFAULT.schedules(inv).get(0);
    assertThat(s.byDay()).hasSize(365).allSatisfy((d, m) -> assertThat(m).isEqualTo(inr("100.00")));
    SortedMap<YearMonth, Money> months = s.byMonth();
    assertThat(months).hasSize(12).containsEntry(YearMonth.of(2026, 10), inr("3100.00"))
        .containsEntry(YearMonth.of(2027, 2), inr("2800.00"));
    assertThat(s.billedIn()).isEqualTo(YearMonth.of(2026, 11)); // the fixture invoice is issued 2026-11-01
  }

  @Test
  void usageIsEarnedWhenUsedAndOneTimeChargesAtOnce() {
    BillingPeriod october = BillingPeriod.ofDates(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 1), IST);
    Invoice inv = invoice("inv_u", List.of(line("calls", LineKind.USAGE, october, "300.00"),
        line("setup", LineKind.ONE_TIME, october, "999.00")));
    RevenueSchedule usage = RevenueRecognition.DEFAULT.schedule(inv, inv.lines().get(0),
        Map.of(LocalDate.of(2026, 10, 3), BigDecimal.ONE, LocalDate.of(2026, 10, 20), BigDecimal.valueOf(2)));
    assertThat(usage.byDay()).containsExactly(Map.entry(LocalDate.of(2026, 10, 3), inr("100.00")),
        Map.entry(LocalDate.of(2026, 10, 20), inr("200.00")));
    RevenueSchedule noDetail = RevenueRecognition.DEFAULT.schedule(inv, inv.lines().get(0), Map.of());
    assertThat(noDetail.byDay()).containsExactly(Map.entry(LocalDate.of(2026, 10, 31), inr("300.00")));
    RevenueSchedule setup = RevenueRecognition.DEFAULT.schedules(inv).get(1);
    assertThat(setup.byDay()).containsExactly(Map.entry(LocalDate.of(2026, 10, 1), inr("999.00")));
    assertThatThrownBy(() -> RevenueRecognition.DEFAULT.schedule(inv, inv.lines().get(0),
        Map.of(LocalDate.of(2026, 11, 1), BigDecimal.ONE))).isInstanceOf(BillingException.class)
        .hasMessageContaining("a day from 2026-10-01 to 2026-10-31");
  }

  /** A credit note mid-period reverses what was earned before its date at once, the rest as it would have been earned. */
  @Test
  void aCreditNoteReversesWithACumulativeCatchUp() {
    BillingPeriod quarter = BillingPeriod.ofDates(LocalDate.of(2026, 10, 1), LocalDate.of(2027, 1, 1), IST);
    Invoice inv = invoice("inv_q", List.of(line("fee", LineKind.RECURRING_FEE, quarter, "9200.00")));
    CreditNote note = creditNote("cn_q", "inv_q", "fee", "9200.00",
        ZonedDateTime.of(2026, 11, 16, 12, 0, 0, 0, IST).toInstant());
    RevenueSchedule original = RevenueRecognition.DEFAULT.schedules(inv).get(0);
    RevenueSchedule reversal = RevenueRecognition.DEFAULT.reversal(inv, note).get(0);
    assertThat(reversal.amount()).isEqualTo(inr("-9200.00"));
    assertThat(reversal.byDay().firstKey()).isEqualTo(LocalDate.of(2026, 11, 16));
    // Oct 1 .. Nov 15 = 46 days of 100.00, reversed on Nov 16 together with Nov 16's own 100.00
    assertThat(reversal.byDay().get(LocalDate.of(2026, 11, 16))).isEqualTo(inr("-4700.00"));
    SortedMap<YearMonth, DeferredRevenue.Month> d = DeferredRevenue.byMonth(inv.currency(),
        List.of(original, reversal), YearMonth.of(2026, 10), YearMonth.of(2026, 12));
    assertThat(d.get(YearMonth.of(2026, 10)).recognised()).isEqualTo(inr("3100.00"));
    assertThat(d.get(YearMonth.of(2026, 10)).deferredClosing()).isEqualTo(inr("-3100.00")); // earned, billed in Nov
    assertThat(d.get(YearMonth.of(2026, 11)).recognised()).isEqualTo(inr("-3100.00"));
    assertThat(d.get(YearMonth.of(2026, 11)).billed()).isEqualTo(inr("0.00"));
    assertThat(d.get(YearMonth.of(2026, 12)).recognised().isZero()).isTrue();
    assertThat(d.get(YearMonth.of(2026, 12)).deferredClosing().isZero()).isTrue();
  }

  /** Σ recognised = the line's amount exactly, every day has the line's sign, and the months add up. */
  @Test
  void recognisedAlwaysSumsToTheLineAmount() {
    Instant base = Instant.parse("2026-01-01T00:00:00Z");
    qt().withExamples(60).forAll(longs().between(0, 365L * 86_400), longs().between(3_600, 400L * 86_400),
        longs().between(-10_000_000, 10_000_000), integers().between(0, 2)).checkAssert((offset, length, paise, z) -> {
          ZoneId zone = List.of(ZoneId.of("UTC"), IST, ZoneId.of("America/New_York")).get(z);
          Instant start = base.plusSeconds(offset);
          BillingPeriod period = BillingPeriod.of(start, start.plusSeconds(length), zone);
          String amount = BigDecimal.valueOf(paise, 2).toPlainString();
          Invoice inv = invoice("inv_p", List.of(line("fee", LineKind.RECURRING_FEE, period, amount)));
          RevenueSchedule s = RevenueRecognition.DEFAULT.schedules(inv).get(0);
          assertThat(Money.total(inv.currency(), s.byDay().values())).isEqualTo(inr(amount));
          assertThat(Money.total(inv.currency(), s.byMonth().values())).isEqualTo(inr(amount));
          assertThat(s.byDay().values()).allSatisfy(m -> assertThat(m.amount().signum() * Long.signum(paise))
              .isNotNegative());
          if (paise > 0) {
            CreditNote full = creditNote("cn_p", "inv_p", "fee", amount, start.plusSeconds(length / 2));
            RevenueSchedule r = RevenueRecognition.DEFAULT.reversal(inv, full).get(0);
            assertThat(s.amount().plus(r.amount()).isZero()).isTrue();
          }
        });
  }
}

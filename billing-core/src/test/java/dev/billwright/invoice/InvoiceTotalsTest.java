package dev.billwright.invoice;

import static dev.billwright.invoice.InvoiceFixtures.draft;
import static dev.billwright.invoice.InvoiceFixtures.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.billwright.money.Money;
import dev.billwright.tax.TaxLine;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvoiceTotalsTest {

  /**
   * Worked example (GST reference notes §1.4, per line per head): lines 1000.004 → 1000.00 and
   * 99.995 → 100.00 (HALF_UP per line); 10 % coupon → 100.00 + 10.00; taxable 900.00 + 90.00;
   * CGST = SGST = 81.00 + 8.10; total 990.00 + 178.20 = 1168.20.
   */
  @Test
  void workedExample() {
    Invoice d = draft("inv_1", "sub_1", List.of(
        line("sub_1", "base", LineKind.RECURRING_FEE, "1000.004"),
        line("sub_1", "api", LineKind.USAGE, "99.995")));
    d = DiscountCalculator.DEFAULT.applyTo(d, List.of(Coupon.percentage("ten", BigDecimal.TEN, CouponDuration.ONCE)));
    d = InvoiceLifecycle.withLines(d, InvoiceFixtures.withGst(d.lines()), d.discountLines());
    InvoiceTotals t = d.totals();
    assertThat(t.subtotal()).isEqualTo(Money.of("INR", "1100.00"));
    assertThat(t.discountTotal()).isEqualTo(Money.of("INR", "110.00"));
    assertThat(t.taxableTotal()).isEqualTo(Money.of("INR", "990.00"));
    assertThat(t.taxOf("CGST")).isEqualTo(Money.of("INR", "89.10"));
    assertThat(t.taxOf("SGST")).isEqualTo(Money.of("INR", "89.10"));
    assertThat(t.total()).isEqualTo(Money.of("INR", "1168.20"));
    assertThat(t.amountDue()).isEqualTo(t.total());
  }

  @Test
  void reverseChargeTaxIsShownButNotCollected() {
    InvoiceLine l = line("sub_1", "base", LineKind.RECURRING_FEE, "1000");
    l = l.withTax(List.of(new TaxLine(l.lineId(), "IGST", new BigDecimal("18"), l.taxableAmount(),
        Money.of("INR", "180"), false)));
    InvoiceTotals t = draft("inv_1", "sub_1", List.of(l)).totals();
    assertThat(t.totalTax()).isEqualTo(Money.of("INR", "180"));
    assertThat(t.collectibleTax().isZero()).isTrue();
    assertThat(t.total()).isEqualTo(Money.of("INR", "1000"));
  }

  /** Totals equal the sums of the rounded lines exactly, computed here with plain BigDecimal. */
  @Test
  void totalsAreExactSumsOfRoundedLines() {
    qt().withExamples(300).forAll(
        lists().of(integers().between(-2_000_000, 50_000_000)).ofSizeBetween(0, 10),
        integers().between(0, 100))
        .checkAssert((milliPaise, percent) -> {
          List<InvoiceLine> lines = new ArrayList<>();
          for (int i = 0; i < milliPaise.size(); i++) {
            lines.add(line("sub_1", "c" + i, LineKind.USAGE, BigDecimal.valueOf(milliPaise.get(i), 5).toPlainString()));
          }
          Invoice d = draft("inv_1", "sub_1", lines);
          if (percent > 0) {
            d = DiscountCalculator.DEFAULT.applyTo(d,
                List.of(Coupon.percentage("p", BigDecimal.valueOf(percent), CouponDuration.ONCE)));
          }
          d = InvoiceLifecycle.withLines(d, InvoiceFixtures.withGst(d.lines()), d.discountLines());
          BigDecimal sub = BigDecimal.ZERO;
          BigDecimal disc = BigDecimal.ZERO;
          BigDecimal tax = BigDecimal.ZERO;
          for (InvoiceLine l : d.lines()) {
            assertThat(l.amount().amount().scale()).isEqualTo(2);
            assertThat(l.amount().amount().subtract(l.exactAmount().amount()).abs())
                .isLessThanOrEqualTo(new BigDecimal("0.005"));
            sub = sub.add(l.amount().amount());
            disc = disc.add(l.discountAmount().amount());
            for (TaxLine t : l.taxLines()) {
              tax = tax.add(t.taxAmount().amount());
            }
          }
          InvoiceTotals t = d.totals();
          assertThat(t.subtotal().amount()).isEqualByComparingTo(sub);
          assertThat(t.discountTotal().amount()).isEqualByComparingTo(disc);
          assertThat(t.taxableTotal().amount()).isEqualByComparingTo(sub.subtract(disc));
          assertThat(t.totalTax().amount()).isEqualByComparingTo(tax);
          assertThat(t.taxOf("CGST").plus(t.taxOf("SGST")).amount()).isEqualByComparingTo(tax);
          assertThat(t.total().amount()).isEqualByComparingTo(sub.subtract(disc).add(tax));
          assertThat(t.amountDue().amount()).isEqualByComparingTo(sub.subtract(disc).add(tax).max(BigDecimal.ZERO));
        });
  }
}

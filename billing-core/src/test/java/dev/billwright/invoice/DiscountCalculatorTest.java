package dev.billwright.invoice;

import static dev.billwright.invoice.InvoiceFixtures.draft;
import static dev.billwright.invoice.InvoiceFixtures.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiscountCalculatorTest {
  private static final DiscountCalculator CALC = DiscountCalculator.DEFAULT;

  private static Money inr(String amount) {
    return Money.of("INR", amount);
  }

  /**
   * Stripe's docs example: 5 USD off spread over items of 10 and 20 USD (peers notes: Stripe shows
   * 166 / 334 cents). Largest remainder: exact shares 166.67 and 333.33 cents, floors 166 + 333,
   * the leftover cent goes to the larger remainder (0.67) → 167 / 333.
   */
  @Test
  void fixedAmountIsAllocatedByLargestRemainder() {
    List<InvoiceLine> lines = List.of(
        line("sub_1", "a", LineKind.RECURRING_FEE, "10"),
        line("sub_1", "b", LineKind.RECURRING_FEE, "20"));
    DiscountCalculator.Result r = CALC.apply(lines, List.of(Coupon.fixed("five", inr("5"), CouponDuration.ONCE)));
    assertThat(r.lines()).extracting(InvoiceLine::discountAmount).containsExactly(inr("1.67"), inr("3.33"));
    assertThat(r.lines()).extracting(InvoiceLine::taxableAmount).containsExactly(inr("8.33"), inr("16.67"));
    assertThat(r.discountLines()).hasSize(2);
  }

  /** 10 % of 999.99 is 99.999, rounded HALF_UP per line to 100.00. */
  @Test
  void percentageIsRoundedPerLine() {
    DiscountCalculator.Result r = CALC.apply(List.of(line("sub_1", "a", LineKind.RECURRING_FEE, "999.99")),
        List.of(Coupon.percentage("ten", BigDecimal.TEN, CouponDuration.FOREVER)));
    assertThat(r.lines().get(0).discountAmount()).isEqualTo(inr("100.00"));
  }

  /** The order of coupons is the order given (see the class Javadoc's worked example). */
  @Test
  void couponsApplyInOrderToWhatRemains() {
    List<InvoiceLine> lines = List.of(line("sub_1", "a", LineKind.RECURRING_FEE, "1000"));
    Coupon ten = Coupon.percentage("ten", BigDecimal.TEN, CouponDuration.ONCE);
    Coupon hundred = Coupon.fixed("hundred", inr("100"), CouponDuration.ONCE);
    assertThat(CALC.apply(lines, List.of(ten, hundred)).discountLines())
        .extracting(DiscountLine::amount).containsExactly(inr("100"), inr("100"));
    assertThat(CALC.apply(lines, List.of(hundred, ten)).discountLines())
        .extracting(DiscountLine::amount).containsExactly(inr("100"), inr("90"));
  }

  @Test
  void fixedIsCappedScopeIsRespectedAndCreditsAreNotDiscounted() {
    List<InvoiceLine> lines = List.of(
        line("sub_1", "a", LineKind.RECURRING_FEE, "300"),
        line("sub_1", "b", LineKind.USAGE, "700"),
        line("sub_1", "a", LineKind.PRORATION_CREDIT, "-50"));
    Coupon big = Coupon.fixed("big", inr("500"), CouponDuration.ONCE).withChargeScope(Set.of("a"));
    DiscountCalculator.Result r = CALC.apply(lines, List.of(big));
    assertThat(r.lines()).extracting(InvoiceLine::discountAmount).containsExactly(inr("300"), inr("0"), inr("0"));
    Invoice discounted = DiscountCalculator.DEFAULT.applyTo(draft("inv_1", "sub_1", lines), List.of(big));
    assertThat(discounted.totals().discountTotal()).isEqualTo(inr("300"));
    assertThat(discounted.totals().taxableTotal()).isEqualTo(inr("650"));
  }

  @Test
  void badInputIsRejected() {
    List<InvoiceLine> lines = List.of(line("sub_1", "a", LineKind.RECURRING_FEE, "300"));
    assertThatThrownBy(() -> CALC.apply(lines, List.of(Coupon.fixed("usd", Money.of("USD", "5"), CouponDuration.ONCE))))
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.CURRENCY_MISMATCH);
    assertThatThrownBy(() -> Coupon.percentage("x", new BigDecimal("100.01"), CouponDuration.ONCE))
        .hasMessageContaining("at most 100");
    assertThatThrownBy(() -> CouponDuration.repeating(0)).hasMessageContaining("at least 1");
  }

  /** Stripe coupon durations: once, repeating(n), forever. */
  @Test
  void redemptionTracksDuration() {
    CouponRedemption once = CouponRedemption.start(Coupon.percentage("c", BigDecimal.ONE, CouponDuration.ONCE));
    assertThat(once.appliesToNextPeriod()).isTrue();
    assertThat(once.used().appliesToNextPeriod()).isFalse();
    assertThatThrownBy(() -> once.used().used()).hasMessageContaining("used up");
    CouponRedemption three = CouponRedemption.start(Coupon.percentage("c", BigDecimal.ONE, CouponDuration.repeating(3)));
    assertThat(three.used().used().appliesToNextPeriod()).isTrue();
    assertThat(three.used().used().used().appliesToNextPeriod()).isFalse();
    CouponRedemption forever = new CouponRedemption(Coupon.percentage("c", BigDecimal.ONE, CouponDuration.FOREVER), 1000);
    assertThat(forever.appliesToNextPeriod()).isTrue();
  }

  /** Fixed-discount allocation sums exactly to min(off, Σ lines) and never exceeds a line. */
  @Test
  void fixedAllocationSumsExactly() {
    qt().withExamples(300).forAll(
        lists().of(integers().between(-50_000, 2_000_000)).ofSizeBetween(1, 8),
        integers().between(1, 5_000_000))
        .checkAssert((paise, offPaise) -> {
          List<InvoiceLine> lines = new ArrayList<>();
          long positive = 0;
          for (int i = 0; i < paise.size(); i++) {
            BigDecimal amount = BigDecimal.valueOf(paise.get(i), 2);
            lines.add(line("sub_1", "c" + i, LineKind.USAGE, amount.toPlainString()));
            positive += Math.max(paise.get(i), 0);
          }
          Money off = Money.of(Money.currency("INR"), BigDecimal.valueOf(offPaise, 2));
          DiscountCalculator.Result r = CALC.apply(lines, List.of(Coupon.fixed("f", off, CouponDuration.ONCE)));
          BigDecimal expected = BigDecimal.valueOf(Math.min(offPaise, positive), 2);
          BigDecimal sum = BigDecimal.ZERO;
          for (DiscountLine d : r.discountLines()) {
            sum = sum.add(d.amount().amount());
          }
          assertThat(sum).isEqualByComparingTo(expected);
          for (int i = 0; i < lines.size(); i++) {
            InvoiceLine l = r.lines().get(i);
            assertThat(l.discountAmount().amount()).isBetween(BigDecimal.ZERO,
                lines.get(i).amount().amount().max(BigDecimal.ZERO));
          }
        });
  }
}

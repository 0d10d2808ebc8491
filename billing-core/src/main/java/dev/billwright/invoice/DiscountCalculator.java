package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Allocation;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Applies coupons to invoice lines before tax. Stateless.
 *
 * <p>Rules:
 * <ul>
 *   <li>Only lines with a positive amount whose charge is in a coupon's scope are discounted
 *       (credits such as {@link LineKind#PRORATION_CREDIT} lines are never discounted; Stripe
 *       marks proration items {@code discountable=false}).
 *   <li>A {@link Coupon.Type#PERCENTAGE} coupon takes {@code round(remaining × percent / 100)}
 *       from each line in scope, rounded per line through the policy.
 *   <li>A {@link Coupon.Type#FIXED} coupon is capped at the sum of what remains of the lines in
 *       scope and allocated over them in proportion to those remaining amounts with
 *       {@link Allocation#allocate} (largest remainder, ties to the earlier line), so the parts
 *       are exact and sum to the discount. (Stripe spreads multi-item {@code amount_off} over
 *       items, flooring the first and putting the remainder on the last; this is an observed,
 *       undocumented rule, so Billwright uses largest remainder instead.)
 *   <li>Several coupons apply <b>in the order given</b>, each to what the earlier coupons left of
 *       each line: a 10 % coupon then INR 100 off on INR 1000 gives 100 + 100; INR 100 off then
 *       10 % gives 100 + 90. The caller orders coupons (for example by redemption time, as Lago
 *       applies coupons in the order they were applied to the customer).
 *   <li>Lines are recomputed from scratch: existing discounts and tax lines are dropped (tax is
 *       applied after discounts, with {@link InvoiceLifecycle#applyTax}).
 * </ul>
 */
public final class DiscountCalculator {
  /** The calculator with {@link RoundingPolicy#DEFAULT} (currency minor units, HALF_UP). */
  public static final DiscountCalculator DEFAULT = new DiscountCalculator(RoundingPolicy.DEFAULT);

  /** The policy for per-line percentage discounts and for fixed amounts. */
  private final RoundingPolicy policy;

  /**
   * Creates a calculator.
   *
   * @param policy the rounding policy of per-line discounts, not null; line amounts must already
   *     be rounded by it
   */
  public DiscountCalculator(RoundingPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * The discounted lines and the discount per coupon per line.
   *
   * @param lines the lines in input order, each with its total discount and no tax lines
   * @param discountLines one entry per coupon per discounted line, in coupon then line order
   */
  public record Result(List<InvoiceLine> lines, List<DiscountLine> discountLines) {
    /**
     * Copies the lists.
     *
     * @param lines see the record component
     * @param discountLines see the record component
     * @throws NullPointerException if a list is null
     */
    public Result {
      lines = List.copyOf(lines);
      discountLines = List.copyOf(discountLines);
    }
  }

  /**
   * Applies coupons to lines.
   *
   * @param lines the lines, not null, in one currency, amounts rounded by this policy
   * @param coupons the coupons that apply this period, in application order, not null
   * @return the discounted lines and the discount lines, never null
   * @throws BillingException with {@link ErrorCode#AMOUNT_NOT_AT_SCALE} if a line amount is not
   *     rounded by the policy, {@link ErrorCode#CURRENCY_MISMATCH} if a fixed coupon or a line
   *     is in another currency, or {@link ErrorCode#INVALID_VALUE} for duplicate coupon ids
   */
  public Result apply(List<InvoiceLine> lines, List<Coupon> coupons) {
    int n = lines.size();
    Money[] remaining = new Money[n];
    Money[] discount = new Money[n];
    for (int i = 0; i < n; i++) {
      InvoiceLine line = lines.get(i);
      if (!policy.isRounded(line.amount())) {
        throw BillingException.invalid(ErrorCode.AMOUNT_NOT_AT_SCALE, "lines[" + line.lineId() + "].amount",
            line.amount(), "an amount rounded by " + policy);
      }
      if (i > 0 && !line.amount().currency().equals(lines.get(0).amount().currency())) {
        throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, "lines[" + line.lineId() + "].amount",
            line.amount(), "an amount in " + lines.get(0).amount().currency());
      }
      Money zero = Money.zero(line.amount().currency());
      remaining[i] = line.amount().max(zero);
      discount[i] = zero;
    }
    List<String> seen = new ArrayList<>();
    List<DiscountLine> discountLines = new ArrayList<>();
    for (Coupon coupon : coupons) {
      if (seen.contains(coupon.id())) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "coupons.id", coupon.id(), "unique coupon ids");
      }
      seen.add(coupon.id());
      List<Integer> scope = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (remaining[i].isPositive() && coupon.appliesTo(lines.get(i).chargeCode())) {
          scope.add(i);
        }
      }
      if (scope.isEmpty()) {
        continue;
      }
      Money[] parts = new Money[scope.size()];
      if (coupon.type() == Coupon.Type.PERCENTAGE) {
        BigDecimal factor = coupon.percentOff().orElseThrow().movePointLeft(2);
        for (int k = 0; k < scope.size(); k++) {
          Money r = remaining[scope.get(k)];
          parts[k] = policy.round(r.multipliedBy(factor)).min(r);
        }
      } else {
        Money off = coupon.amountOff().orElseThrow();
        Money available = Money.total(remaining[scope.get(0)].currency(),
            scope.stream().map(i -> remaining[i]).toList());
        if (!off.currency().equals(available.currency())) {
          throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, "coupons[" + coupon.id() + "].amount_off", off,
              "an amount in the invoice currency " + available.currency());
        }
        Money capped = policy.round(off).min(available);
        List<BigDecimal> weights = scope.stream().map(i -> remaining[i].amount()).toList();
        List<Money> alloc = Allocation.allocate(capped, weights, policy);
        for (int k = 0; k < scope.size(); k++) {
          parts[k] = alloc.get(k).min(remaining[scope.get(k)]);
        }
      }
      for (int k = 0; k < scope.size(); k++) {
        int i = scope.get(k);
        if (parts[k].isPositive()) {
          remaining[i] = remaining[i].minus(parts[k]);
          discount[i] = discount[i].plus(parts[k]);
          discountLines.add(new DiscountLine(coupon.id(), lines.get(i).lineId(), parts[k]));
        }
      }
    }
    List<InvoiceLine> result = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      result.add(lines.get(i).withDiscount(discount[i]));
    }
    return new Result(result, discountLines);
  }

  /**
   * Applies coupons to a draft invoice's lines, replacing its discounts and dropping its tax
   * lines (apply tax afterwards).
   *
   * @param draft the draft, not null
   * @param coupons the coupons, in application order, not null
   * @return the discounted draft, never null
   * @throws BillingException as for {@link #apply(List, List)}, or with
   *     {@link ErrorCode#ILLEGAL_TRANSITION} if the invoice is not a draft
   */
  public Invoice applyTo(Invoice draft, List<Coupon> coupons) {
    InvoiceLifecycle.requireDraft(draft, "apply coupons");
    Result result = apply(draft.lines(), coupons);
    return InvoiceLifecycle.withLines(draft, result.lines(), result.discountLines());
  }
}

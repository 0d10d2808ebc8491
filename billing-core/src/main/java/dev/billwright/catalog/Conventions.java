package dev.billwright.catalog;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.time.ProrationBasis;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Locale;

/**
 * A convention preset: every option that moves money set at once to one peer's documented
 * behaviour (plan JSON {@code "conventions": "stripe"}, or a bill run's option). An option given
 * explicitly beside the preset wins over it; an option the preset does not name keeps the
 * project default. docs/conventions.md lists each option per preset with the peer's source.
 *
 * <p>Plan options a preset sets when the plan leaves them out ({@link PlanJson#read}):
 * {@code billing.proration}, {@code billing.cadence_change_anchor},
 * {@code billing.usage_tiers_across_change}, {@code billing.termination_day},
 * {@code billing.trial_anchor}, {@code rounding.mode} and each tiered price's {@code bill_first_tier_at_zero}. Options of the
 * bill run and of coupons it answers for: {@link #prorationCreditNotes()} (where proration
 * credits go) and {@link #couponCarryRemaining()} (the default of a fixed-amount coupon's
 * {@code carry_remaining}) and {@link #couponDurationUnit()} (the default of a repeating coupon's
 * {@code duration_unit}).
 */
public enum Conventions {
  /**
   * Stripe Billing: proration to the second, proration items on the next invoice, billing cycle
   * anchor reset on an interval change, a new price's usage rated on its own, termination at the
   * instant, an {@code amount_off} coupon's unused rest dropped, the first flat tier billed at
   * quantity 0, half-up rounding of fees,
   * the billing cycle anchor moved to the trial end, a repeating coupon's duration counted in
   * months from its redemption.
   */
  STRIPE(ProrationBasis.SECONDS, CadenceChangeAnchor.RESET, UsageTiersAcrossChange.RESTART, TerminationDay.NOT_BILLED,
      false, true, RoundingMode.HALF_UP, false, TrialAnchor.TRIAL_END, CouponDurationUnit.MONTHS),
  /**
   * Lago: proration by days, credit notes for unused in-advance days, the anniversary kept on an
   * upgrade, a terminated subscription billed including its termination day, a fixed coupon's
   * remaining amount kept for the next invoices, the first tier's flat fee billed at zero usage,
   * half-up rounding.
   */
  LAGO(ProrationBasis.DAYS, CadenceChangeAnchor.KEEP, UsageTiersAcrossChange.RESTART, TerminationDay.BILLED,
      true, true, RoundingMode.HALF_UP, true, TrialAnchor.START, CouponDurationUnit.INVOICES),
  /**
   * Kill Bill: proration by whole local days, repair items for unused time on the next invoice,
   * the billing cycle day kept, each contiguous usage interval rated on its own, HALF_UP
   * ({@code KillBillMoney}).
   */
  KILLBILL(ProrationBasis.DAYS, CadenceChangeAnchor.KEEP, UsageTiersAcrossChange.RESTART, TerminationDay.NOT_BILLED,
      false, true, RoundingMode.HALF_UP, false, TrialAnchor.START, CouponDurationUnit.INVOICES),
  /**
   * OpenMeter: proration by duration (nanoseconds; seconds here), split lines rated over the
   * range of the period's quantity (tiers continue), the first tier's flat fee billed (PR 2119),
   * half away from zero (HALF_UP).
   */
  OPENMETER(ProrationBasis.SECONDS, CadenceChangeAnchor.KEEP, UsageTiersAcrossChange.CONTINUE,
      TerminationDay.NOT_BILLED, false, true, RoundingMode.HALF_UP, false, TrialAnchor.START,
      CouponDurationUnit.INVOICES),
  /**
   * Flexprice: day-based proration, zero quantity billed 0 (no first-tier flat fee), half away
   * from zero (HALF_UP).
   */
  FLEXPRICE(ProrationBasis.DAYS, CadenceChangeAnchor.KEEP, UsageTiersAcrossChange.RESTART, TerminationDay.NOT_BILLED,
      false, false, RoundingMode.HALF_UP, false, TrialAnchor.START, CouponDurationUnit.INVOICES);

  private final ProrationBasis proration;
  private final CadenceChangeAnchor cadenceChangeAnchor;
  private final UsageTiersAcrossChange usageTiersAcrossChange;
  private final TerminationDay terminationDay;
  private final boolean couponCarryRemaining;
  private final boolean billFirstTierAtZero;
  private final RoundingMode roundingMode;
  private final boolean prorationCreditNotes;
  private final TrialAnchor trialAnchor;
  private final CouponDurationUnit couponDurationUnit;

  Conventions(ProrationBasis proration, CadenceChangeAnchor cadenceChangeAnchor,
      UsageTiersAcrossChange usageTiersAcrossChange, TerminationDay terminationDay, boolean couponCarryRemaining,
      boolean billFirstTierAtZero, RoundingMode roundingMode, boolean prorationCreditNotes, TrialAnchor trialAnchor,
      CouponDurationUnit couponDurationUnit) {
    this.proration = proration;
    this.cadenceChangeAnchor = cadenceChangeAnchor;
    this.usageTiersAcrossChange = usageTiersAcrossChange;
    this.terminationDay = terminationDay;
    this.couponCarryRemaining = couponCarryRemaining;
    this.billFirstTierAtZero = billFirstTierAtZero;
    this.roundingMode = roundingMode;
    this.prorationCreditNotes = prorationCreditNotes;
    this.trialAnchor = trialAnchor;
    this.couponDurationUnit = couponDurationUnit;
  }

  /**
   * Where a trial puts the billing cycle anchor when the subscription gives none
   * ({@code billing.trial_anchor}).
   *
   * @return the rule, never null
   */
  public TrialAnchor trialAnchor() {
    return trialAnchor;
  }

  /**
   * The default of a repeating coupon's {@code duration_unit}: what its
   * {@code duration_in_periods} counts.
   *
   * @return the unit, never null
   */
  public CouponDurationUnit couponDurationUnit() {
    return couponDurationUnit;
  }

  /**
   * The proration basis ({@code billing.proration}).
   *
   * @return the basis, never null
   */
  public ProrationBasis proration() {
    return proration;
  }

  /**
   * Where periods start after a change to another cadence ({@code billing.cadence_change_anchor}).
   *
   * @return the rule, never null
   */
  public CadenceChangeAnchor cadenceChangeAnchor() {
    return cadenceChangeAnchor;
  }

  /**
   * How usage tiers continue across a plan change ({@code billing.usage_tiers_across_change}).
   *
   * @return the rule, never null
   */
  public UsageTiersAcrossChange usageTiersAcrossChange() {
    return usageTiersAcrossChange;
  }

  /**
   * Whether the ending day is billed to an ending subscription part ({@code billing.termination_day}).
   *
   * @return the rule, never null
   */
  public TerminationDay terminationDay() {
    return terminationDay;
  }

  /**
   * The default of a fixed-amount coupon's {@code carry_remaining}: true keeps what one invoice
   * cannot use for later invoices.
   *
   * @return the default
   */
  public boolean couponCarryRemaining() {
    return couponCarryRemaining;
  }

  /**
   * The default of a tiered price's {@code bill_first_tier_at_zero}.
   *
   * @return the default
   */
  public boolean billFirstTierAtZero() {
    return billFirstTierAtZero;
  }

  /**
   * The rounding mode of invoice lines ({@code rounding.mode}).
   *
   * @return the mode, never null
   */
  public RoundingMode roundingMode() {
    return roundingMode;
  }

  /**
   * Whether proration credits for unused in-advance time are credit notes against the invoice
   * that billed the fee (true) or negative lines on the next invoice (false): the bill run's
   * {@code ProrationCredits}.
   *
   * @return true for credit notes
   */
  public boolean prorationCreditNotes() {
    return prorationCreditNotes;
  }

  /**
   * Returns the JSON name: {@code stripe}, {@code lago}, {@code killbill}, {@code openmeter},
   * {@code flexprice}.
   *
   * @return the name, never null
   */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads a JSON name.
   *
   * @param name the name, such as {@code lago}
   * @return the preset, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} for another name
   */
  public static Conventions fromJsonName(String name) {
    for (Conventions c : values()) {
      if (c.jsonName().equals(name)) {
        return c;
      }
    }
    throw BillingException.invalid(ErrorCode.INVALID_VALUE, "conventions", name,
        "one of " + Arrays.stream(values()).map(Conventions::jsonName).toList());
  }
}

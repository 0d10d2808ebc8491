package dev.billwright.catalog;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.time.BillingAlignment;
import dev.billwright.time.BillingCadence;
import dev.billwright.time.BillingSchedule;
import dev.billwright.time.ProrationBasis;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * A plan's billing settings (the {@code billing} object of the plan format): cadence, alignment,
 * time zone, proration basis, where periods start after a change to another cadence, and how
 * usage tiers continue across a plan change.
 *
 * @param cadence how often the plan bills, such as {@code P1M}, not null
 * @param alignment calendar or anniversary alignment of periods, not null
 * @param zone the zone periods are laid out in (the customer's zone), not null
 * @param proration how partial periods are prorated, not null
 * @param cadenceChangeAnchor for a plan change <em>to</em> this plan that changes the billing
 *     periods: keep the billing cycle anchor ({@link CadenceChangeAnchor#KEEP}, the default) or
 *     reset it to the change ({@link CadenceChangeAnchor#RESET}); not null
 * @param usageTiersAcrossChange how usage tiers continue across a mid-period plan change
 *     ({@code usage_tiers_across_change}; {@link UsageTiersAcrossChange#RESTART} by default), not null
 * @param terminationDay whether the day a part of a subscription on this plan ends on is billed
 *     to it ({@code termination_day}; {@link TerminationDay#NOT_BILLED} by default), not null
 * @param usageThresholds the progressive-billing thresholds ({@code usage_thresholds}), the fixed
 *     ones in ascending order of amount, at most one recurring (anywhere in the list: its amount
 *     is the increment above the highest fixed threshold), empty (the default) for none; not null
 * @param trialAnchor where the billing cycle anchor of a subscription starting on this plan with a
 *     trial lies when the subscription gives none ({@code trial_anchor}; {@link TrialAnchor#START}
 *     by default), not null
 */
public record BillingSettings(BillingCadence cadence, BillingAlignment alignment, ZoneId zone,
    ProrationBasis proration, CadenceChangeAnchor cadenceChangeAnchor, UsageTiersAcrossChange usageTiersAcrossChange,
    TerminationDay terminationDay, List<UsageThreshold> usageThresholds, TrialAnchor trialAnchor) {

  /** Monthly, calendar-aligned, UTC, prorated by the second, anchor kept (the documented defaults). */
  public static final BillingSettings DEFAULT = new BillingSettings(BillingCadence.MONTHLY,
      BillingAlignment.CALENDAR, ZoneId.of("UTC"), ProrationBasis.SECONDS);

  /**
   * Settings that keep the billing cycle anchor on a change to another cadence
   * ({@link CadenceChangeAnchor#KEEP}) and whose usage tiers restart at a plan change
   * ({@link UsageTiersAcrossChange#RESTART}).
   *
   * @param cadence how often the plan bills, not null
   * @param alignment calendar or anniversary alignment of periods, not null
   * @param zone the zone periods are laid out in, not null
   * @param proration how partial periods are prorated, not null
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a value is null
   */
  public BillingSettings(BillingCadence cadence, BillingAlignment alignment, ZoneId zone, ProrationBasis proration) {
    this(cadence, alignment, zone, proration, CadenceChangeAnchor.KEEP, UsageTiersAcrossChange.RESTART);
  }

  /**
   * Settings whose termination day is not billed and with no usage thresholds (the version-1
   * behaviour).
   *
   * @param cadence how often the plan bills, not null
   * @param alignment calendar or anniversary alignment of periods, not null
   * @param zone the zone periods are laid out in, not null
   * @param proration how partial periods are prorated, not null
   * @param cadenceChangeAnchor the anchor rule for a change to another cadence, not null
   * @param usageTiersAcrossChange how usage tiers continue across a plan change, not null
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a value is null
   */
  public BillingSettings(BillingCadence cadence, BillingAlignment alignment, ZoneId zone, ProrationBasis proration,
      CadenceChangeAnchor cadenceChangeAnchor, UsageTiersAcrossChange usageTiersAcrossChange) {
    this(cadence, alignment, zone, proration, cadenceChangeAnchor, usageTiersAcrossChange, TerminationDay.NOT_BILLED,
        List.of());
  }

  /**
   * Settings whose trial keeps the anchor at the start ({@link TrialAnchor#START}).
   *
   * @param cadence how often the plan bills, not null
   * @param alignment calendar or anniversary alignment of periods, not null
   * @param zone the zone periods are laid out in, not null
   * @param proration how partial periods are prorated, not null
   * @param cadenceChangeAnchor the anchor rule for a change to another cadence, not null
   * @param usageTiersAcrossChange how usage tiers continue across a plan change, not null
   * @param terminationDay whether the ending day is billed, not null
   * @param usageThresholds the progressive-billing thresholds, not null
   * @throws BillingException as the canonical constructor does
   */
  public BillingSettings(BillingCadence cadence, BillingAlignment alignment, ZoneId zone, ProrationBasis proration,
      CadenceChangeAnchor cadenceChangeAnchor, UsageTiersAcrossChange usageTiersAcrossChange,
      TerminationDay terminationDay, List<UsageThreshold> usageThresholds) {
    this(cadence, alignment, zone, proration, cadenceChangeAnchor, usageTiersAcrossChange, terminationDay,
        usageThresholds, TrialAnchor.START);
  }

  /**
   * Validates the settings.
   *
   * @param cadence the cadence
   * @param alignment the alignment
   * @param zone the zone
   * @param proration the proration basis
   * @param cadenceChangeAnchor the anchor rule for a change to another cadence
   * @param usageTiersAcrossChange how usage tiers continue across a plan change
   * @param terminationDay whether the ending day is billed
   * @param usageThresholds the progressive-billing thresholds
   * @param trialAnchor where a trial puts the billing cycle anchor
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a value is null;
   *     with {@link ErrorCode#INVALID_DEFINITION} if the fixed thresholds are not in strictly
   *     ascending order of amount or more than one is recurring
   */
  public BillingSettings {
    if (cadence == null || alignment == null || zone == null || proration == null || cadenceChangeAnchor == null
        || usageTiersAcrossChange == null || terminationDay == null || usageThresholds == null
        || trialAnchor == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING,
          "billing settings need cadence, alignment, time_zone, proration, cadence_change_anchor and"
              + " usage_tiers_across_change; got cadence=" + cadence + ", alignment=" + alignment + ", time_zone="
              + zone + ", proration=" + proration + ", cadence_change_anchor=" + cadenceChangeAnchor
              + ", usage_tiers_across_change=" + usageTiersAcrossChange + ", termination_day=" + terminationDay
              + ", usage_thresholds=" + usageThresholds + ", trial_anchor=" + trialAnchor);
    }
    usageThresholds = List.copyOf(usageThresholds);
    int recurring = 0;
    UsageThreshold previous = null;
    for (int i = 0; i < usageThresholds.size(); i++) {
      UsageThreshold t = usageThresholds.get(i);
      if (t.recurring()) {
        recurring++;
        continue; // a recurring threshold's amount is an increment, not a level
      }
      if (previous != null && t.amount().compareTo(previous.amount()) <= 0) {
        throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "billing.usage_thresholds[" + i + "].amount",
            t.amount().toPlainString(), "an amount above the previous fixed threshold's "
                + previous.amount().toPlainString() + " (fixed thresholds in ascending order)");
      }
      previous = t;
    }
    if (recurring > 1) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "billing.usage_thresholds", usageThresholds,
          "at most one recurring threshold (Lago allows one)");
    }
  }

  /**
   * Returns a copy with another termination-day rule.
   *
   * @param newTerminationDay the rule, not null
   * @return the settings, never null
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if the rule is null
   */
  public BillingSettings withTerminationDay(TerminationDay newTerminationDay) {
    return new BillingSettings(cadence, alignment, zone, proration, cadenceChangeAnchor, usageTiersAcrossChange,
        newTerminationDay, usageThresholds, trialAnchor);
  }

  /**
   * Returns a copy with other progressive-billing thresholds.
   *
   * @param newThresholds the thresholds, the fixed ones in ascending order, at most one recurring, not null
   * @return the settings, never null
   * @throws BillingException as the constructor does
   */
  public BillingSettings withUsageThresholds(List<UsageThreshold> newThresholds) {
    return new BillingSettings(cadence, alignment, zone, proration, cadenceChangeAnchor, usageTiersAcrossChange,
        terminationDay, newThresholds, trialAnchor);
  }

  /**
   * Returns a copy laid out in another zone (a subscription's own {@code time_zone}).
   *
   * @param newZone the zone, not null
   * @return the settings, never null
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if the zone is null
   */
  public BillingSettings withZone(ZoneId newZone) {
    return new BillingSettings(cadence, alignment, newZone, proration, cadenceChangeAnchor, usageTiersAcrossChange,
        terminationDay, usageThresholds, trialAnchor);
  }

  /**
   * Returns a copy with another trial-anchor rule.
   *
   * @param newTrialAnchor the rule, not null
   * @return the settings, never null
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if the rule is null
   */
  public BillingSettings withTrialAnchor(TrialAnchor newTrialAnchor) {
    return new BillingSettings(cadence, alignment, zone, proration, cadenceChangeAnchor, usageTiersAcrossChange,
        terminationDay, usageThresholds, newTrialAnchor);
  }

  /**
   * Returns the schedule of periods for a subscription under these settings: calendar
   * boundaries in the zone, or anniversaries of the billing cycle anchor.
   *
   * @param billingCycleAnchor the anchor for anniversary alignment (usually the subscription
   *     start, in the zone); ignored for calendar alignment; not null
   * @return the schedule, never null
   */
  public BillingSchedule schedule(ZonedDateTime billingCycleAnchor) {
    return schedule(cadence, billingCycleAnchor);
  }

  /**
   * Returns the schedule of periods for a given cadence (a charge may bill on its own cadence)
   * with this plan's alignment and zone.
   *
   * @param chargeCadence the cadence, not null
   * @param billingCycleAnchor the anchor for anniversary alignment, not null
   * @return the schedule, never null
   */
  public BillingSchedule schedule(BillingCadence chargeCadence, ZonedDateTime billingCycleAnchor) {
    return alignment == BillingAlignment.CALENDAR
        ? BillingSchedule.calendar(chargeCadence, zone)
        : BillingSchedule.anniversary(chargeCadence, billingCycleAnchor.withZoneSameInstant(zone));
  }
}

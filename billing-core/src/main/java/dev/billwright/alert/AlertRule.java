package dev.billwright.alert;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Decimals;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * A threshold to watch, with a hysteresis (re-arm) band.
 *
 * <p>A "below" rule fires when its value falls to or below the threshold and re-arms once the
 * value is strictly above {@code threshold + band}; an "above" rule fires when its value reaches
 * or exceeds the threshold and re-arms once the value is strictly below
 * {@code threshold − band}. A band of zero re-arms as soon as the condition stops holding. See
 * {@link AlertEvaluator}.
 */
public sealed interface AlertRule {
  /**
   * Returns the rule id, unique among a customer's rules.
   *
   * @return the id, never null
   */
  String id();

  /**
   * Fires when the wallet balance falls to or below an absolute amount (a low-balance alert).
   *
   * @param id the rule id, not blank
   * @param threshold the balance threshold, not null
   * @param rearmBand how far above the threshold the balance must rise to re-arm, zero or more,
   *     same currency
   */
  record BalanceBelow(String id, Money threshold, Money rearmBand) implements AlertRule {
    /**
     * Validates the rule.
     *
     * @param id the id
     * @param threshold the threshold
     * @param rearmBand the band
     * @throws BillingException with {@link ErrorCode#INVALID_VALUE} for a blank id or negative
     *     band, {@link ErrorCode#REQUIRED_FIELD_MISSING} for a missing value,
     *     {@link ErrorCode#CURRENCY_MISMATCH} if the currencies differ
     */
    public BalanceBelow {
      Rules.id(id);
      Rules.required(threshold, "threshold");
      Rules.band(rearmBand, threshold);
    }
  }

  /**
   * Fires when the wallet balance falls to or below a percentage of the last paid top-up.
   *
   * @param id the rule id, not blank
   * @param percent the percentage of the last top-up, zero or more (10 means 10%)
   * @param rearmBandPercent the re-arm band in percentage points of the last top-up, zero or more
   */
  record BalanceBelowPercentOfTopUp(String id, BigDecimal percent, BigDecimal rearmBandPercent)
      implements AlertRule {
    /**
     * Validates the rule.
     *
     * @param id the id
     * @param percent the percentage
     * @param rearmBandPercent the band
     * @throws BillingException with {@link ErrorCode#INVALID_VALUE} for a blank id or a negative
     *     value, {@link ErrorCode#REQUIRED_FIELD_MISSING} for a missing value
     */
    public BalanceBelowPercentOfTopUp {
      Rules.id(id);
      Rules.nonNegative(percent, "percent");
      Rules.nonNegative(rearmBandPercent, "rearm_band_percent");
    }
  }

  /**
   * Fires when usage of a meter in the period reaches an absolute quantity.
   *
   * @param id the rule id, not blank
   * @param meterCode the meter code, not blank
   * @param quantity the quantity threshold, zero or more
   * @param rearmBand how far below the threshold usage must fall to re-arm (usage falls at a
   *     new period), zero or more
   */
  record UsageAbove(String id, String meterCode, BigDecimal quantity, BigDecimal rearmBand)
      implements AlertRule {
    /**
     * Validates the rule.
     *
     * @param id the id
     * @param meterCode the meter code
     * @param quantity the threshold
     * @param rearmBand the band
     * @throws BillingException with {@link ErrorCode#INVALID_VALUE} for a blank id or code or a
     *     negative value, {@link ErrorCode#REQUIRED_FIELD_MISSING} for a missing value
     */
    public UsageAbove {
      Rules.id(id);
      Rules.id(meterCode);
      Rules.nonNegative(quantity, "quantity");
      Rules.nonNegative(rearmBand, "rearm_band");
    }
  }

  /**
   * Fires when usage of a meter reaches a percentage of its allowance (quota).
   *
   * @param id the rule id, not blank
   * @param meterCode the meter code, not blank
   * @param percent the percentage of the allowance, zero or more (80 means 80%)
   * @param rearmBandPercent the re-arm band in percentage points of the allowance, zero or more
   */
  record UsageAbovePercentOfQuota(String id, String meterCode, BigDecimal percent,
      BigDecimal rearmBandPercent) implements AlertRule {
    /**
     * Validates the rule.
     *
     * @param id the id
     * @param meterCode the meter code
     * @param percent the percentage
     * @param rearmBandPercent the band
     * @throws BillingException with {@link ErrorCode#INVALID_VALUE} for a blank id or code or a
     *     negative value, {@link ErrorCode#REQUIRED_FIELD_MISSING} for a missing value
     */
    public UsageAbovePercentOfQuota {
      Rules.id(id);
      Rules.id(meterCode);
      Rules.nonNegative(percent, "percent");
      Rules.nonNegative(rearmBandPercent, "rearm_band_percent");
    }
  }

  /**
   * Fires when spend in the current period reaches an amount.
   *
   * @param id the rule id, not blank
   * @param threshold the spend threshold, not null
   * @param rearmBand how far below the threshold spend must fall to re-arm (spend falls at a new
   *     period), zero or more, same currency
   */
  record SpendAbove(String id, Money threshold, Money rearmBand) implements AlertRule {
    /**
     * Validates the rule.
     *
     * @param id the id
     * @param threshold the threshold
     * @param rearmBand the band
     * @throws BillingException with {@link ErrorCode#INVALID_VALUE} for a blank id or negative
     *     band, {@link ErrorCode#REQUIRED_FIELD_MISSING} for a missing value,
     *     {@link ErrorCode#CURRENCY_MISMATCH} if the currencies differ
     */
    public SpendAbove {
      Rules.id(id);
      Rules.required(threshold, "threshold");
      Rules.band(rearmBand, threshold);
    }
  }

  /**
   * Fires when the projected depletion ({@link DepletionProjection}) is within a horizon of the
   * observation time, such as "runs out within 3 days".
   *
   * @param id the rule id, not blank
   * @param horizon the horizon, zero or more
   * @param rearmBand how much further than the horizon the projection must move to re-arm, zero
   *     or more; no projection (nothing being spent) counts as infinitely far
   */
  record DepletionWithin(String id, Duration horizon, Duration rearmBand) implements AlertRule {
    /**
     * Validates the rule.
     *
     * @param id the id
     * @param horizon the horizon
     * @param rearmBand the band
     * @throws BillingException with {@link ErrorCode#INVALID_VALUE} for a blank id or a negative
     *     duration, {@link ErrorCode#REQUIRED_FIELD_MISSING} for a missing value
     */
    public DepletionWithin {
      Rules.id(id);
      Rules.required(horizon, "horizon");
      Rules.required(rearmBand, "rearm_band");
      if (horizon.isNegative() || rearmBand.isNegative()) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "horizon/rearm_band",
            horizon + "/" + rearmBand, "durations of zero or more");
      }
    }
  }

  /**
   * A payment reminder of a dunning schedule: an invoice's payment failed or a retry is coming,
   * emitted through the {@link AlertSink} by {@code dev.billwright.billing.DunningReminders}. It
   * has no threshold: {@link AlertEvaluator} never fires it from an observation (its state stays
   * as it is).
   *
   * @param id the rule id, such as {@code dunning:standard}, not blank
   * @param invoiceId the invoice being chased, not blank
   */
  record PaymentReminder(String id, String invoiceId) implements AlertRule {
    /**
     * Validates the rule.
     *
     * @param id the id
     * @param invoiceId the invoice id
     * @throws BillingException with {@link ErrorCode#INVALID_VALUE} for a blank id or
     *     {@link ErrorCode#REQUIRED_FIELD_MISSING} for a missing value
     */
    public PaymentReminder {
      Rules.id(id);
      Rules.required(invoiceId, "invoice_id");
    }
  }
}

/** Validation helpers for the rules. */
final class Rules {
  private Rules() {}

  static void required(Object value, String field) {
    if (value == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "field '" + field + "' is required");
    }
  }

  static void id(String id) {
    required(id, "id");
    if (id.isBlank()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "id", id, "a non-blank id");
    }
  }

  static void nonNegative(BigDecimal value, String field) {
    Decimals.checkBounds(value, field);
    if (value.signum() < 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, field, value, "zero or more");
    }
  }

  static void band(Money band, Money threshold) {
    required(band, "rearm_band");
    if (band.compareTo(Money.zero(threshold.currency())) < 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "rearm_band", band, "zero or more");
    }
  }
}

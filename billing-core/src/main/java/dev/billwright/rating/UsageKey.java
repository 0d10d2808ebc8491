package dev.billwright.rating;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.time.BillingPeriod;

/**
 * What usage is aggregated under: one usage charge of one subscription over one of its
 * {@linkplain UsageWindow usage windows}.
 *
 * @param subscriptionId the subscription's id, not blank
 * @param chargeCode the usage charge's code, not blank
 * @param period the window's period, not null
 */
public record UsageKey(String subscriptionId, String chargeCode, BillingPeriod period) {
  /**
   * Validates the key.
   *
   * @param subscriptionId the subscription's id
   * @param chargeCode the charge code
   * @param period the window's period
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a value is null or
   *     blank
   */
  public UsageKey {
    if (subscriptionId == null || subscriptionId.isBlank() || chargeCode == null || chargeCode.isBlank()
        || period == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "a usage key needs a subscription, a charge"
          + " and a period; got " + subscriptionId + ", " + chargeCode + ", " + period);
    }
  }
}

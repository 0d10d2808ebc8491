package dev.billwright.pricing;

import java.math.BigDecimal;

/**
 * A usage charge's committed amount per period (plan format 1.1, {@code commitment: {"amount":
 * "5.00", "overage_factor": "1.5", "true_up": true}}), as Flexprice line-item commitments
 * ({@code commitment_amount}, {@code overage_factor}, {@code enable_true_up}): the usage amount up
 * to {@code amount} is billed as priced; the part above it is multiplied by
 * {@code overageFactor}; with {@code trueUp}, a period whose usage amount falls short of
 * {@code amount} gets a separate true-up line for the rest. This is beside the plan-level
 * {@code minimum_commitment} (Lago), which the invoice checks over all charges.
 *
 * @param amount the committed amount in major units, zero or more, at most 12 decimals
 * @param overageFactor the multiplier of the amount above the commitment, greater than zero
 *     (1 bills overage at the plain price)
 * @param trueUp whether a shortfall below the commitment is billed
 */
public record Commitment(BigDecimal amount, BigDecimal overageFactor, boolean trueUp) {
  /**
   * Validates the fields.
   *
   * @param amount the committed amount
   * @param overageFactor the overage factor; null means 1
   * @param trueUp whether a shortfall is billed
   * @throws dev.billwright.error.BillingException if the amount is missing, negative or has
   *     more than 12 decimals, or the factor is not greater than zero
   */
  public Commitment {
    amount = PriceChecks.price(PriceChecks.required(amount, "commitment.amount"), "commitment.amount");
    overageFactor = overageFactor == null ? BigDecimal.ONE
        : PriceChecks.positive(overageFactor, "commitment.overage_factor");
  }
}

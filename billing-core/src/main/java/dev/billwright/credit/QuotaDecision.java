package dev.billwright.credit;

import java.math.BigDecimal;

/**
 * The answer to recording usage against a quota.
 *
 * @param outcome allowed, flagged (soft cap, over the allowance) or refused (hard cap), not null
 * @param included the part of the quantity within the allowance, zero or more
 * @param overage the part of the quantity beyond the allowance (to be priced as overage), zero
 *     or more; {@code included + overage} is the quantity unless refused, when both are zero
 * @param state the quota state after, unchanged if refused, not null
 */
public record QuotaDecision(DeductionOutcome outcome, BigDecimal included, BigDecimal overage,
    QuotaState state) {}

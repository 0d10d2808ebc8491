package dev.billwright.pricing;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * A percentage of each event's value (model {@code percentage}), following Lago's percentage
 * charge model. Events are taken in the order given. An event is free while every free allowance
 * that is set still holds: {@code freeEvents} events remain and some {@code freeAmount} remains.
 * A free event's value consumes the free amount; an event larger than what remains of the free
 * amount pays on the excess only, and both allowances are then exhausted (Lago, per-transaction
 * mode). A paid event costs value × rate / 100 + {@code fixedFeePerEvent}, raised to
 * {@code minPerEvent} and capped at {@code maxPerEvent} when set. Free events cost nothing.
 *
 * @param rate the rate in percent ({@code 2.9} is 2.9 %), zero or more, at most 12 decimals
 * @param fixedFeePerEvent the fee per paid event in major units, zero or more (null means zero)
 * @param freeEvents the number of free events, zero or more, or null for no event allowance
 * @param freeAmount the free amount of summed value, zero or more, or null for no amount allowance
 * @param minPerEvent the minimum charge per paid event, or null for none
 * @param maxPerEvent the maximum charge per paid event, or null for none; not below the minimum
 */
public record PercentagePrice(BigDecimal rate, BigDecimal fixedFeePerEvent, @Nullable Integer freeEvents,
    @Nullable BigDecimal freeAmount, @Nullable BigDecimal minPerEvent, @Nullable BigDecimal maxPerEvent) implements Price {
  /**
   * Validates and canonicalises the fields.
   *
   * @param rate the rate in percent
   * @param fixedFeePerEvent the fee per paid event; null means zero
   * @param freeEvents the free events, or null
   * @param freeAmount the free amount, or null
   * @param minPerEvent the minimum per event, or null
   * @param maxPerEvent the maximum per event, or null
   * @throws BillingException if a value is missing, negative, out of bounds, has more than 12
   *     decimals, or the maximum is below the minimum
   */
  public PercentagePrice {
    rate = PriceChecks.price(rate, "rate");
    fixedFeePerEvent = PriceChecks.priceOrZero(fixedFeePerEvent, "fixed_fee_per_event");
    if (freeEvents != null && freeEvents < 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "free_events", freeEvents, "zero or more");
    }
    freeAmount = freeAmount == null ? null : PriceChecks.nonNegative(freeAmount, "free_amount");
    minPerEvent = PriceChecks.optionalPrice(minPerEvent, "min_per_event");
    maxPerEvent = PriceChecks.optionalPrice(maxPerEvent, "max_per_event");
    if (minPerEvent != null && maxPerEvent != null && maxPerEvent.compareTo(minPerEvent) < 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "max_per_event", maxPerEvent.toPlainString(),
          "at least min_per_event (" + minPerEvent.toPlainString() + ")");
    }
  }

  /**
   * Returns a plain percentage with no fee, allowance or bound.
   *
   * @param rate the rate in percent
   * @return the price
   * @throws BillingException if the rate is invalid
   */
  public static PercentagePrice of(BigDecimal rate) {
    return new PercentagePrice(rate, BigDecimal.ZERO, null, null, null, null);
  }

  @Override
  public String model() {
    return "percentage";
  }

  @Override
  public boolean needsEvents() {
    return true;
  }
}

package dev.billwright.pricing;

import dev.billwright.money.Money;
import java.math.BigDecimal;

/**
 * The explanation of a {@code percentage} price: how many events were free or paid, how much of
 * the free amount was used, and how the per-event minimum and maximum changed the result.
 * {@code amount = percentageAmount + fixedFees + minAdjustment − maxAdjustment}.
 *
 * @param model the model name, {@code percentage}
 * @param quantity the summed value of all events
 * @param amount the exact amount
 * @param events the number of events
 * @param freeEvents the events that cost nothing
 * @param paidEvents the events charged ({@code events − freeEvents})
 * @param freeAmountUsed the value covered by the free amount
 * @param percentageAmount Σ charged value × rate / 100 over paid events
 * @param fixedFees paid events × fixed fee per event
 * @param minAdjustedEvents the paid events raised to the minimum
 * @param minAdjustment the total added by the minimum, zero or more
 * @param maxAdjustedEvents the paid events capped at the maximum
 * @param maxAdjustment the total removed by the maximum, zero or more
 */
public record PercentageExplanation(String model, BigDecimal quantity, Money amount, int events,
    int freeEvents, int paidEvents, BigDecimal freeAmountUsed, Money percentageAmount, Money fixedFees,
    int minAdjustedEvents, Money minAdjustment, int maxAdjustedEvents, Money maxAdjustment)
    implements Explanation {}

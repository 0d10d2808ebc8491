package dev.billwright.metering;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What an aggregation run needs besides the events: the meters, how to find an event's period,
 * the dedup state, which periods are already invoiced and the carry-in levels for weighted_sum.
 *
 * @param meters the meters, not null, distinct codes; copied
 * @param periods finds each event's billing period, not null
 * @param dedup the dedup state, shared by every run that must see an id once, not null
 * @param invoiced which (customer, period) pairs are already invoiced, not null
 * @param carryIn the level at each period's start for weighted_sum meters, not null
 */
public record AggregationContext(List<Meter> meters, PeriodResolver periods, DeduplicationStore dedup,
    InvoicedPeriods invoiced, CarryIn carryIn) {
  /**
   * Validates and copies.
   *
   * @param meters the meters, not null, distinct codes; copied
   * @param periods finds each event's billing period, not null
   * @param dedup the dedup state, shared by every run that must see an id once, not null
   * @param invoiced which (customer, period) pairs are already invoiced, not null
   * @param carryIn the level at each period's start for weighted_sum meters, not null
   * @throws BillingException with {@link ErrorCode#INVALID_DEFINITION} if two meters share a code
   * @throws NullPointerException if a component is null
   */
  public AggregationContext {
    meters = List.copyOf(meters);
    Objects.requireNonNull(periods, "periods");
    Objects.requireNonNull(dedup, "dedup");
    Objects.requireNonNull(invoiced, "invoiced");
    Objects.requireNonNull(carryIn, "carryIn");
    Set<String> codes = new HashSet<>();
    for (Meter m : meters) {
      if (!codes.add(m.code())) {
        throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "meters", m.code(), "distinct meter codes");
      }
    }
  }

  /**
   * A context with a fresh {@link InMemoryDeduplicationStore}, nothing invoiced and no carry-in.
   *
   * @param meters the meters, not null, distinct codes
   * @param periods finds each event's period, not null
   * @return the context, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DEFINITION} if two meters share a code
   */
  public static AggregationContext of(List<Meter> meters, PeriodResolver periods) {
    return new AggregationContext(meters, periods, new InMemoryDeduplicationStore(), InvoicedPeriods.NONE, CarryIn.NONE);
  }

  /**
   * Returns a copy with another dedup store.
   *
   * @param store the store, not null
   * @return the context, never null
   */
  public AggregationContext withDedup(DeduplicationStore store) {
    return new AggregationContext(meters, periods, store, invoiced, carryIn);
  }

  /**
   * Returns a copy with another view of invoiced periods.
   *
   * @param invoicedPeriods the invoiced periods, not null
   * @return the context, never null
   */
  public AggregationContext withInvoiced(InvoicedPeriods invoicedPeriods) {
    return new AggregationContext(meters, periods, dedup, invoicedPeriods, carryIn);
  }

  /**
   * Returns a copy with other carry-in levels.
   *
   * @param levels the carry-in levels, not null
   * @return the context, never null
   */
  public AggregationContext withCarryIn(CarryIn levels) {
    return new AggregationContext(meters, periods, dedup, invoiced, levels);
  }
}

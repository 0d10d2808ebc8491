/**
 * Metering: usage events, meters, mergeable aggregation, idempotency and late events.
 *
 * <p>Events ({@link dev.billwright.metering.UsageEvent}) are read from NDJSON or CSV files
 * ({@link dev.billwright.metering.NdjsonEventReader}, {@link dev.billwright.metering.CsvEventReader})
 * or handed over by the host, deduplicated by id ({@link dev.billwright.metering.DeduplicationStore}),
 * assigned to the billing period containing their timestamp
 * ({@link dev.billwright.metering.PeriodResolver}), routed as late events when that period is
 * already invoiced ({@link dev.billwright.metering.InvoicedPeriods}) and aggregated per customer,
 * meter, period and group by {@link dev.billwright.metering.UsageAggregator} into an
 * {@link dev.billwright.metering.AggregationResult}. Aggregation runs through
 * {@link dev.billwright.metering.Accumulator}s whose {@code merge} is associative and
 * commutative, so partial aggregates from threads, files or partitions combine into the
 * single-pass result.
 */
@NullMarked
package dev.billwright.metering;

import org.jspecify.annotations.NullMarked;

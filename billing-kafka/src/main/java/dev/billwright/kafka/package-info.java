/**
 * Metering on Kafka Streams: {@link dev.billwright.kafka.MeteringTopology} validates,
 * deduplicates, binds and aggregates usage events with billing-core's own run in RocksDB state
 * stores, exactly once; {@link dev.billwright.kafka.KafkaUsage} reads the aggregates back as a
 * {@code UsageSource} for {@code BillRun}. See docs/kafka.md for scaling and guarantees.
 */
@NullMarked
package dev.billwright.kafka;

import org.jspecify.annotations.NullMarked;

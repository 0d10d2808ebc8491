/**
 * JMH benchmarks, one class per capability, each measured against a hand-written baseline in the
 * same run. Not a published API; run them with {@code benchmarks/run} (see docs/benchmarks.md).
 *
 * <h2>Adding a benchmark class</h2>
 *
 * <ul>
 *   <li>Put it in this package (not a sub-package: the build exempts only
 *       {@code dev.billwright.benchmarks.jmh_generated}, JMH's generated code, from doclint) and
 *       name it after the capability: {@code PricingBenchmark}, {@code AggregationBenchmark},
 *       {@code InvoiceBenchmark}, {@code BillRunBenchmark}. Write it when the capability's API
 *       exists, not before.
 *   <li>Name methods {@code operation} (Billwright), {@code operation_baseline} (the minimal
 *       hand-written BigDecimal code for the same calculation) and {@code operation_other} for
 *       any comparison; operation names have no underscore. {@link ResultsTable} pairs rows by
 *       class, operation and {@code @Param} values and prints each row's cost relative to its
 *       baseline.
 *   <li>Build inputs in {@code @State} {@code @Setup} methods from a fixed seed; return results
 *       or consume them with a {@code Blackhole}. Use {@code @OperationsPerInvocation} so that
 *       the score is per element: per event (aggregation, events/s with
 *       {@code Mode.Throughput}), per invoice (invoice assembly), per price evaluation.
 *   <li>Add a test that every variant of an operation computes the same numbers (see
 *       {@code MoneyBenchmarkTest}), so the ratios compare like with like.
 *   <li>A class measured in {@code Mode.SingleShotTime} (like {@code BillRunBenchmark}) declares
 *       its own {@code @Warmup}/{@code @Measurement} iteration counts and must be added to the
 *       {@code single} pattern of {@code benchmarks/run}, which runs such classes in a JMH
 *       invocation of their own so the suite's {@code -wi}/{@code -i} do not apply to them.
 *   <li>Objects that cache work (a {@code UsageEvent} caches its fingerprint) are built inside
 *       the measured code, with an operation of their own measuring the construction
 *       ({@code buildEvents}), rather than reused across invocations.
 *   <li>State the capability's target (docs/benchmarks.md) in the class comment: graduated
 *       4-tier pricing at most 2× its baseline; count and sum aggregation at least 20 million
 *       events/s per core; invoice assembly (10 charges and GST) at least 50 000 invoices/s per
 *       core; a bill run of 10 000 customers and 10 million events under 10 s on 2 cores
 *       ({@code Mode.SingleShotTime}).
 * </ul>
 */
package dev.billwright.benchmarks;

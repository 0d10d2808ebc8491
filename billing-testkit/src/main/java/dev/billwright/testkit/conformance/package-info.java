/**
 * The conformance runner: reads the cases under {@code conformance/} ({@code kind: price},
 * {@code invoice}, {@code gst}, {@code scenario}), runs each through the public API
 * ({@link dev.billwright.testkit.conformance.ConformanceRunner}) and reports every outcome
 * ({@link dev.billwright.testkit.conformance.ConformanceResult}).
 */
@NullMarked
package dev.billwright.testkit.conformance;

import org.jspecify.annotations.NullMarked;

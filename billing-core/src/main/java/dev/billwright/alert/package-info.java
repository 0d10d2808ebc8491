/**
 * Alerts and insights: thresholds on wallet balance, usage, spend and projected depletion,
 * evaluated as pure functions ({@link dev.billwright.alert.AlertEvaluator}) that fire once per
 * crossing and re-arm after recovering past a hysteresis band, emitted through the
 * {@link dev.billwright.alert.AlertSink} SPI; and per-period usage insights with a linear
 * end-of-period projection ({@link dev.billwright.alert.InsightCalculator}).
 */
@NullMarked
package dev.billwright.alert;

import org.jspecify.annotations.NullMarked;

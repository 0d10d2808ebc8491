/**
 * Test support for alerts: an in-memory {@link dev.billwright.alert.AlertSink}.
 */
package dev.billwright.testkit.alert;

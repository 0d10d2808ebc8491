package dev.billwright.alert;

import java.time.Instant;

/**
 * A fired alert.
 *
 * @param rule the rule that fired, not null
 * @param at the observation time at which it fired, not null
 * @param observation the observation that crossed the threshold, not null
 * @param message a human-readable description naming the value and the threshold, not null
 */
public record Alert(AlertRule rule, Instant at, Observation observation, String message) {}

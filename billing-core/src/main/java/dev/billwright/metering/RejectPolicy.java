package dev.billwright.metering;

/** What an event reader does with a line it cannot read as an event. Never silent skipping. */
public enum RejectPolicy {
  /** Throw at the first bad line (the message names file, line and field). The default. */
  FAIL_FAST,
  /** Hand the bad line to a {@link RejectedEventSink}, count it, and go on. */
  QUARANTINE
}

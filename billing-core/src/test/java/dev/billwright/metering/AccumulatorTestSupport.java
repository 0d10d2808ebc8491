package dev.billwright.metering;

import dev.billwright.time.BillingPeriod;
import java.time.Instant;
import java.time.ZoneOffset;

final class AccumulatorTestSupport {
  static final BillingPeriod OCTOBER_UTC = BillingPeriod.of(Instant.parse("2026-10-01T00:00:00Z"),
      Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC);

  private AccumulatorTestSupport() {}
}

package dev.billwright.spring;

import dev.billwright.billing.BillRunRequest;
import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanJson;
import dev.billwright.json.Json;
import dev.billwright.rating.PeriodUsage;
import dev.billwright.rating.UsageSource;
import dev.billwright.subscription.Subscription;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The test plan (plans/api.json), one subscription on it, and its usage. */
final class Fixtures {
  /** Requests used in October. */
  static final BigDecimal REQUESTS = new BigDecimal("180000");
  static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
  static final Instant NOVEMBER = Instant.parse("2026-11-01T00:00:00Z");

  private Fixtures() {}

  static Plan plan() {
    try (InputStream in = Fixtures.class.getResourceAsStream("/plans/api.json")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return PlanJson.read(Json.parse(text, "api.json"), "api.json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Subscription subscription() {
    return Subscription.builder().id("sub_1").customerId("cus_1").planCode("api").planVersion(1).start(START).build();
  }

  static UsageSource usage() {
    return (s, window) -> PeriodUsage.ofQuantities(Map.of("requests", REQUESTS));
  }

  /** Bills the subscription up to 1 November (the catalog must hold the plan). */
  static BillRunRequest request() {
    return BillRunRequest.of(List.of(subscription()), usage(), NOVEMBER);
  }
}

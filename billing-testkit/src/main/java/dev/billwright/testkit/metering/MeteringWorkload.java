package dev.billwright.testkit.metering;

import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanJson;
import dev.billwright.json.Json;
import dev.billwright.memory.InMemoryPlanCatalog;
import dev.billwright.metering.Aggregation;
import dev.billwright.metering.Meter;
import dev.billwright.metering.UsageEvent;
import dev.billwright.rating.SubscriptionUsageAggregator;
import dev.billwright.subscription.Subscription;
import dev.billwright.time.TimeBucket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A metering workload for durable-metering tests: one plan whose usage charges use every kind of
 * accumulator (count, sum prorated, max bucketed hourly, latest, weighted_sum, avg, min, a sum
 * grouped by region, unique_count), a few subscriptions (two on one customer, so some events are
 * ambiguous; one whose January window is invoiced, so some events are late), and a seeded event
 * generator that also yields duplicates, conflicting copies, unusable values, unclaimed and
 * unmetered events: every report a run keeps.
 */
public final class MeteringWorkload {
  /** Windows start before this instant (the bill run's as-of). */
  public static final Instant UNTIL = Instant.parse("2026-04-01T00:00:00Z");
  private static final Instant FROM = Instant.parse("2025-12-20T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-04-10T00:00:00Z");
  private static final List<String> CUSTOMERS = List.of("cus_0", "cus_1", "cus_2", "cus_3", "cus_amb", "cus_none");

  private MeteringWorkload() {}

  /**
   * The plan, code {@code metered} version 1, monthly, calendar-aligned in UTC.
   *
   * @return the plan, never null
   */
  public static Plan plan() {
    StringBuilder charges = new StringBuilder();
    for (String code : List.of("api_calls", "seats", "peak", "level", "storage", "latency_avg", "latency_min",
        "region_units", "users")) {
      if (charges.length() > 0) {
        charges.append(',');
      }
      charges.append("{\"code\":\"").append(code).append("\",\"kind\":\"usage\",\"meter\":\"").append(code)
          .append("\",\"timing\":\"in_arrears\",").append(code.equals("seats") ? "\"prorated\":true," : "")
          .append("\"price\":{\"model\":\"per_unit\",\"unit_price\":\"0.01\"}}");
    }
    String json = "{\"code\":\"metered\",\"version\":1,\"status\":\"active\",\"currency\":\"USD\","
        + "\"billing\":{\"cadence\":\"P1M\",\"alignment\":\"calendar\",\"time_zone\":\"UTC\",\"proration\":\"days\"},"
        + "\"charges\":[" + charges + "]}";
    return PlanJson.read(Json.parse(json, "metering workload plan"), "metering workload plan");
  }

  /**
   * The meters the plan's charges name, keyed by code.
   *
   * @return the meters, never null
   */
  public static Map<String, Meter> meters() {
    Map<String, Meter> m = new LinkedHashMap<>();
    m.put("api_calls", Meter.of("api_calls", "api.call", Aggregation.COUNT, null));
    m.put("seats", Meter.of("seats", "seat.changed", Aggregation.SUM, "seats"));
    m.put("peak", Meter.of("peak", "storage.changed", Aggregation.MAX, "gb")
        .withBucket(TimeBucket.parse("meters[peak].bucket", "PT1H")));
    m.put("level", Meter.of("level", "storage.changed", Aggregation.LATEST, "gb"));
    m.put("storage", Meter.of("storage", "storage.changed", Aggregation.WEIGHTED_SUM, "gb"));
    m.put("latency_avg", Meter.of("latency_avg", "request", Aggregation.AVG, "ms"));
    m.put("latency_min", Meter.of("latency_min", "request", Aggregation.MIN, "ms"));
    m.put("region_units", Meter.of("region_units", "request", Aggregation.SUM, "units")
        .withGroupBy(List.of("region")));
    m.put("users", Meter.of("users", "login", Aggregation.UNIQUE_COUNT, "user"));
    return Map.copyOf(m);
  }

  /**
   * The subscriptions: one per customer {@code cus_0} to {@code cus_3} and two for
   * {@code cus_amb}, all on the plan from 1 January 2026 ({@code cus_none} has none).
   *
   * @return the subscriptions, never null
   */
  public static List<Subscription> subscriptions() {
    List<Subscription> subs = new ArrayList<>();
    for (String c : List.of("cus_0", "cus_1", "cus_2", "cus_3")) {
      subs.add(sub("sub_" + c.substring(4), c));
    }
    subs.add(sub("sub_amb_a", "cus_amb"));
    subs.add(sub("sub_amb_b", "cus_amb"));
    return subs;
  }

  private static Subscription sub(String id, String customer) {
    return Subscription.builder().id(id).customerId(customer).planCode("metered").planVersion(1)
        .start(Instant.parse("2026-01-01T00:00:00Z")).build();
  }

  /**
   * A fresh aggregator (with its own in-memory dedup store) for the workload; sub_1's January
   * windows are invoiced, so its January events are late.
   *
   * @return the aggregator, never null
   */
  public static SubscriptionUsageAggregator aggregator() {
    Instant january = Instant.parse("2026-01-01T00:00:00Z");
    return SubscriptionUsageAggregator.of(subscriptions(), InMemoryPlanCatalog.of(List.of(plan())), meters(), UNTIL)
        .withInvoiced(w -> w.subscriptionId().equals("sub_1") && w.period().start().equals(january));
  }

  /**
   * Generates events deterministically from a seed: mostly valid events of the meters' types, and
   * about 5 % exact duplicates of an earlier event, 2 % conflicting copies (an earlier id with
   * other content), 2 % unusable values, some of an unknown type, some for a customer without
   * subscription or outside the subscriptions' time.
   *
   * @param seed the seed
   * @param n the number of events, at least 0
   * @return the events in order, never null
   */
  public static List<UsageEvent> events(long seed, int n) {
    Random r = new Random(seed);
    List<UsageEvent> out = new ArrayList<>(n);
    long span = TO.getEpochSecond() - FROM.getEpochSecond();
    for (int i = 0; i < n; i++) {
      int roll = r.nextInt(100);
      if (roll < 5 && !out.isEmpty()) {
        out.add(out.get(r.nextInt(out.size())));
        continue;
      }
      Instant at = FROM.plusSeconds((long) (r.nextDouble() * span)).plusMillis(r.nextInt(1000));
      String customer = CUSTOMERS.get(r.nextInt(CUSTOMERS.size()));
      String id = "e" + i;
      if (roll < 7 && !out.isEmpty()) {
        UsageEvent earlier = out.get(r.nextInt(out.size()));
        id = earlier.id();
        customer = earlier.customer();
      }
      Map<String, String> props = new LinkedHashMap<>();
      String type;
      switch (r.nextInt(6)) {
        case 0 -> type = "api.call";
        case 1 -> {
          type = "seat.changed";
          props.put("seats", Integer.toString(r.nextInt(9) - 3));
        }
        case 2 -> {
          type = "storage.changed";
          props.put("gb", decimal(r));
        }
        case 3 -> {
          type = "request";
          props.put("ms", decimal(r));
          props.put("units", Integer.toString(r.nextInt(50)));
          props.put("region", r.nextBoolean() ? "eu" : "us");
        }
        case 4 -> {
          type = "login";
          props.put("user", "u" + r.nextInt(25));
        }
        default -> type = "page.view";
      }
      if (roll >= 7 && roll < 9 && !props.isEmpty()) {
        props.replaceAll((k, v) -> k.equals("region") || k.equals("user") ? v : "not-a-number");
      }
      out.add(UsageEvent.of(id, customer, null, type, at, props));
    }
    return out;
  }

  private static String decimal(Random r) {
    return r.nextInt(100_000) + "." + String.format("%03d", r.nextInt(1000));
  }
}

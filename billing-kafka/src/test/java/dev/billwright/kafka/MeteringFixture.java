package dev.billwright.kafka;

import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanJson;
import dev.billwright.json.Json;
import dev.billwright.metering.Aggregation;
import dev.billwright.metering.Meter;
import dev.billwright.metering.UsageEvent;
import dev.billwright.metering.UsageEventJson;
import dev.billwright.rating.SubscriptionUsageAggregator;
import dev.billwright.subscription.Subscription;
import dev.billwright.memory.InMemoryPlanCatalog;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Subscriptions, meters and a stream of records for the Kafka tests: calls counted per region, bytes
 * summed, the largest latency, distinct users; calendar months in UTC; October already invoiced.
 * The records hold exact duplicates, conflicting copies, invalid bytes, events no subscription
 * claims, ambiguous events, events no meter takes and late (October) events, shuffled.
 */
final class MeteringFixture {
  static final Instant OCT = Instant.parse("2026-10-01T00:00:00Z");
  static final Instant NOV = Instant.parse("2026-11-01T00:00:00Z");
  static final Instant DEC = Instant.parse("2026-12-01T00:00:00Z");

  static final Map<String, Meter> METERS = Map.of(
      "calls", Meter.of("calls", "api.call", Aggregation.COUNT, null, Map.of(), List.of("region")),
      "bytes", Meter.of("bytes", "api.call", Aggregation.SUM, "bytes"),
      "latency", Meter.of("latency", "api.call", Aggregation.MAX, "ms"),
      "users", Meter.of("users", "login", Aggregation.UNIQUE_COUNT, "user"));

  static final String BILLING = "{\"cadence\":\"P1M\",\"alignment\":\"calendar\",\"time_zone\":\"UTC\"}";

  static Plan plan(String code, String charges) {
    return PlanJson.read(Json.parse("""
        {"code":"%s","version":1,"status":"active","currency":"USD","billing":%s,"charges":[%s]}
        """.formatted(code, BILLING, charges), code), code);
  }

  static final List<Plan> PLANS = List.of(
      plan("std", """
          {"code":"calls","kind":"usage","meter":"calls","timing":"in_arrears","price":{"model":"per_unit","unit_price":"0.01"}},
          {"code":"bytes","kind":"usage","meter":"bytes","timing":"in_arrears","price":{"model":"per_unit","unit_price":"0.001"}}
          """),
      plan("pro", """
          {"code":"calls","kind":"usage","meter":"calls","timing":"in_arrears","price":{"model":"per_unit","unit_price":"0.005"}},
          {"code":"latency","kind":"usage","meter":"latency","timing":"in_arrears","price":{"model":"per_unit","unit_price":"0.10"}},
          {"code":"users","kind":"usage","meter":"users","timing":"in_arrears","price":{"model":"per_unit","unit_price":"1.00"}}
          """));

  static final InMemoryPlanCatalog CATALOG = InMemoryPlanCatalog.of(PLANS);

  static final int CUSTOMERS = 24;

  static List<Subscription> subscriptions() {
    List<Subscription> out = new ArrayList<>();
    for (int i = 0; i < CUSTOMERS; i++) {
      out.add(Subscription.builder().id("sub_" + i).customerId("cus_" + i).planCode(i % 3 == 0 ? "pro" : "std")
          .planVersion(1).start(OCT).build());
    }
    // a second subscription of the same plan: cus_1's events without a subscription field are ambiguous
    out.add(Subscription.builder().id("sub_1b").customerId("cus_1").planCode("std").planVersion(1).start(OCT).build());
    return out;
  }

  /** The aggregator of the tests: until December, October invoiced. */
  static SubscriptionUsageAggregator aggregator() {
    return SubscriptionUsageAggregator.of(subscriptions(), CATALOG, METERS, DEC)
        .withInvoiced(w -> !w.period().end().isAfter(NOV));
  }

  /** One record as produced: key and value bytes. */
  record Rec(byte[] key, byte[] value) {
    static Rec of(UsageEvent e) {
      return new Rec(e.id().getBytes(StandardCharsets.UTF_8),
          UsageEventJson.toLine(e).getBytes(StandardCharsets.UTF_8));
    }

    /** The event, or null for a record the topology rejects as invalid. */
    UsageEvent eventOrNull() {
      try {
        UsageEvent e = UsageEventJson.parse(MeteringSerdes.utf8(value, "value"), "fixture");
        return e.id().equals(new String(key, StandardCharsets.UTF_8)) ? e : null;
      } catch (RuntimeException x) {
        return null;
      }
    }
  }

  /** The records: {@code n} events plus duplicates, conflicts and invalid records, shuffled. */
  static List<Rec> records(int n, long seed) {
    Random r = new Random(seed);
    List<UsageEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // mostly November; 4% October (late); a few after `until` (unclaimed)
      int pick = r.nextInt(100);
      Instant start = pick < 4 ? OCT : NOV;
      Instant at = start.plusSeconds(r.nextInt(30 * 86_400)).plusMillis(r.nextInt(1000));
      if (pick == 99) {
        at = DEC.plusSeconds(r.nextInt(86_400));
      }
      int c = r.nextInt(CUSTOMERS + 2); // cus_24 and cus_25 have no subscription: unclaimed
      String customer = "cus_" + c;
      String sub = c % 7 == 2 ? "sub_" + c : null;
      int kind = r.nextInt(20);
      UsageEvent e;
      if (kind == 0) {
        e = UsageEvent.of("ev-" + i, customer, sub, "login", at, Map.of("user", "u" + r.nextInt(40)));
      } else if (kind == 1) {
        e = UsageEvent.of("ev-" + i, customer, sub, "page.view", at, Map.of()); // no meter takes it
      } else {
        e = UsageEvent.of("ev-" + i, customer, sub, "api.call", at, Map.of("region",
            List.of("ap-south-1", "eu-west-1", "us-east-1").get(r.nextInt(3)), "bytes",
            r.nextInt(50) == 0 ? "not-a-number" : Integer.toString(r.nextInt(100_000)) + "." + r.nextInt(100),
            "ms", Integer.toString(r.nextInt(2000))));
      }
      events.add(e);
    }
    List<Rec> out = new ArrayList<>();
    for (UsageEvent e : events) {
      out.add(Rec.of(e));
    }
    for (int i = 0; i < n / 20; i++) {
      out.add(Rec.of(events.get(r.nextInt(events.size())))); // exact duplicates
    }
    for (int i = 0; i < n / 200; i++) {
      UsageEvent e = events.get(r.nextInt(events.size()));
      out.add(Rec.of(e.withTimestamp(e.timestamp().plusSeconds(1)))); // conflicting copies (or first copies)
    }
    out.add(new Rec("bad-1".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, (byte) 0x28}));
    out.add(new Rec("bad-2".getBytes(StandardCharsets.UTF_8), "{\"id\":\"bad-2\"".getBytes(StandardCharsets.UTF_8)));
    out.add(new Rec("other-key".getBytes(StandardCharsets.UTF_8),
        UsageEventJson.toLine(events.get(0).withId("ev-keyed-wrong")).getBytes(StandardCharsets.UTF_8)));
    Collections.shuffle(out, r);
    return out;
  }

  static Set<String> ids(List<Rec> records) {
    Set<String> out = new java.util.HashSet<>();
    records.forEach(x -> out.add(new String(x.key(), StandardCharsets.UTF_8)));
    return out;
  }

  private MeteringFixture() {}
}

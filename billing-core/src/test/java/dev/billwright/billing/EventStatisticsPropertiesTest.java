package dev.billwright.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.billwright.billing.BillingFixtures.MapCatalog;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.metering.UsageEvent;
import dev.billwright.pricing.EventStatistics;
import dev.billwright.rating.SubscriptionUsage;
import dev.billwright.rating.SubscriptionUsageAggregator;
import dev.billwright.rating.UsageKey;
import dev.billwright.rating.UsageSource;
import dev.billwright.subscription.Subscription;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The event statistics a usage line's explanation starts with: for any events (retried copies,
 * events of invoiced months, of other customers, of other types, before the subscription), the
 * statistics per window add up with the other outcomes to the events read, and each figure
 * equals what an independent count of the events gives.
 */
class EventStatisticsPropertiesTest {
  static final Instant YEAR = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant JULY = Instant.parse("2026-07-01T00:00:00Z");
  static final Instant NEXT_YEAR = Instant.parse("2027-01-01T00:00:00Z");

  static long sum(SubscriptionUsage u, java.util.function.ToLongFunction<EventStatistics> f) {
    return u.statistics().values().stream().flatMap(g -> g.values().stream()).mapToLong(f).sum();
  }

  @Test
  void countedPlusExcludedAddUpToWhatWasRead() {
    MapCatalog catalog = new MapCatalog(UsageBindingPropertiesTest.plan("monthly", "P1M", "calendar",
        UsageBindingPropertiesTest.CALLS));
    Instant start = Instant.parse("2026-02-10T00:00:00Z");
    Subscription sub = Subscription.builder().id("sub_1").customerId("cus_1").planCode("monthly").planVersion(1)
        .start(start).end(NEXT_YEAR).build();
    qt().withExamples(120).forAll(longs().all()).checkAssert(seed -> {
      SplittableRandom r = new SplittableRandom(seed);
      List<UsageEvent> events = new ArrayList<>();
      int n = r.nextInt(120);
      for (int i = 0; i < n; i++) {
        if (!events.isEmpty() && r.nextInt(6) == 0) {
          events.add(events.get(r.nextInt(events.size()))); // a retried copy
          continue;
        }
        String customer = r.nextInt(7) == 0 ? "cus_2" : "cus_1";
        String type = r.nextInt(9) == 0 ? "other" : "call";
        events.add(UsageEvent.of("evt_" + i, customer, null, type,
            UsageBindingPropertiesTest.randomInstant(r, YEAR, NEXT_YEAR), Map.of()));
      }
      java.util.function.Supplier<SubscriptionUsageAggregator> aggregator = () -> SubscriptionUsageAggregator.of(
          List.of(sub), catalog, UsageBindingPropertiesTest.METERS, NEXT_YEAR)
          .withInvoiced(w -> !w.period().end().isAfter(JULY)); // each with a fresh dedup store
      SubscriptionUsage u = aggregator.get().aggregate(events);

      // the oracle: which events the subscription's charge would count, and in which month
      Set<String> seen = new HashSet<>();
      long counted = 0;
      long late = 0;
      long dupsOfBindable = 0;
      Map<Instant, Instant[]> firstLast = new HashMap<>();
      for (UsageEvent e : events) {
        boolean bindable = e.customer().equals("cus_1") && e.eventType().equals("call")
            && !e.timestamp().isBefore(start);
        if (!seen.add(e.id())) {
          dupsOfBindable += bindable ? 1 : 0;
          continue;
        }
        if (!bindable) {
          continue;
        }
        if (e.timestamp().isBefore(JULY)) {
          late++;
          continue;
        }
        counted++;
        Instant month = e.timestamp().atZone(java.time.ZoneOffset.UTC).withDayOfMonth(1).toLocalDate()
            .atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        firstLast.merge(month, new Instant[] {e.timestamp(), e.timestamp()}, (a, b) -> new Instant[] {
            a[0].isBefore(b[0]) ? a[0] : b[0], a[1].isAfter(b[1]) ? a[1] : b[1]});
      }
      assertThat(sum(u, EventStatistics::eventsCounted)).isEqualTo(counted).isEqualTo(u.eventsBilled());
      assertThat(sum(u, EventStatistics::lateExcluded)).isEqualTo(late).isEqualTo(u.lateEvents().size());
      assertThat(sum(u, EventStatistics::duplicatesExcluded)).isEqualTo(dupsOfBindable)
          .isLessThanOrEqualTo(u.duplicatesDropped());
      // counted + duplicates excluded + late excluded + everything not attributed to a line = read
      long unattributed = (u.duplicatesDropped() - dupsOfBindable) + u.unclaimed().events()
          + u.unclaimed().ambiguous().size() + u.eventsWithoutMeter() + u.conflicts().size() + u.eventsUnusable();
      assertThat(sum(u, EventStatistics::eventsCounted) + sum(u, EventStatistics::duplicatesExcluded)
          + sum(u, EventStatistics::lateExcluded) + unattributed).isEqualTo(u.eventsRead()).isEqualTo(events.size());
      // first and last event per window, and counted = the window's quantity (a count meter)
      for (Map.Entry<UsageKey, Map<Map<String, String>, EventStatistics>> e : u.statistics().entrySet()) {
        EventStatistics st = e.getValue().get(Map.of());
        assertThat(st.meterCode()).isEqualTo("calls");
        assertThat(st.aggregation()).isEqualTo("count");
        if (st.eventsCounted() > 0) {
          Instant[] fl = firstLast.get(e.getKey().period().start());
          assertThat(st.firstEventAt()).contains(fl[0]);
          assertThat(st.lastEventAt()).contains(fl[1]);
          assertThat(u.groups(e.getKey()).get(Map.of())).isEqualByComparingTo(BigDecimal.valueOf(st.eventsCounted()));
        }
      }
      // partial runs merged give the same statistics
      assertThat(aggregator.get().aggregateParallel(events, 3).statistics()).isEqualTo(u.statistics());
    });
  }

  /** The statistics reach the invoice line's explanation, before the price's lines. */
  @Test
  void theLineExplanationStartsAtTheEvents() {
    MapCatalog catalog = new MapCatalog(UsageBindingPropertiesTest.plan("monthly", "P1M", "calendar",
        UsageBindingPropertiesTest.CALLS));
    Subscription sub = Subscription.builder().id("sub_1").customerId("cus_1").planCode("monthly").planVersion(1)
        .start(YEAR).build();
    Instant feb = Instant.parse("2026-02-01T00:00:00Z");
    UsageEvent a = UsageEvent.of("a", "cus_1", null, "call", Instant.parse("2026-01-03T10:00:00Z"), Map.of());
    UsageEvent b = UsageEvent.of("b", "cus_1", null, "call", Instant.parse("2026-01-20T08:30:00Z"), Map.of());
    UsageEvent c = UsageEvent.of("c", "cus_1", null, "call", Instant.parse("2026-01-09T00:00:00Z"), Map.of());
    SubscriptionUsage u = SubscriptionUsageAggregator.of(List.of(sub), catalog, UsageBindingPropertiesTest.METERS,
        feb).aggregate(List.of(a, b, a, c, b, a));
    UsageBindingTest.Billed billed = UsageBindingTest.bill(catalog, List.of(sub), UsageSource.of(u), feb);
    InvoiceLine line = billed.usageLines("sub_1").get(0);
    JsonNode ex = line.explanation();
    assertThat(ex.fieldNames().next()).isEqualTo("metering");
    JsonNode m = ex.get("metering");
    assertThat(m.get("meter").asText()).isEqualTo("calls");
    assertThat(m.get("aggregation").asText()).isEqualTo("count");
    assertThat(m.get("events_counted").asLong()).isEqualTo(3);
    assertThat(m.get("duplicates_excluded").asLong()).isEqualTo(3);
    assertThat(m.get("late_excluded").asLong()).isZero();
    assertThat(m.get("first_event_at").asText()).isEqualTo("2026-01-03T10:00:00Z");
    assertThat(m.get("last_event_at").asText()).isEqualTo("2026-01-20T08:30:00Z");
    assertThat(ex.get("model").asText()).isEqualTo("per_unit");
    assertThat(line.quantity()).isEqualByComparingTo("3");
  }
}

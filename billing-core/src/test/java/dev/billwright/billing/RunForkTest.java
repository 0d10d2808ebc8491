package dev.billwright.billing;

import static dev.billwright.billing.UsageBindingTest.METERS;
import static dev.billwright.billing.UsageBindingTest.PER_CALL;
import static dev.billwright.billing.UsageBindingTest.all;
import static dev.billwright.billing.UsageBindingTest.events;
import static dev.billwright.billing.UsageBindingTest.plan;
import static dev.billwright.billing.UsageBindingTest.sub;
import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.billing.BillingFixtures.MapCatalog;
import dev.billwright.metering.Accumulator;
import dev.billwright.metering.UsageEvent;
import dev.billwright.rating.SubscriptionUsageAggregator;
import dev.billwright.rating.UsageKey;
import dev.billwright.subscription.Subscription;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link SubscriptionUsageAggregator.Run#fork()} and {@link SubscriptionUsageAggregator.Run#partials()}:
 * a stream processor takes each event in a fork of one run and merges the fork's partials
 * elsewhere; the merged partials equal one run's quantities over all events.
 */
class RunForkTest {
  static final String MONTHLY = "{\"cadence\":\"P1M\",\"alignment\":\"calendar\",\"time_zone\":\"UTC\"}";
  static final MapCatalog CATALOG = new MapCatalog(plan("monthly", MONTHLY, PER_CALL));

  @Test
  void partialsOfOneForkPerEventMergeToTheOneRunQuantities() {
    List<Subscription> subs = List.of(sub("s1", "c1", "monthly", "2026-10-01T00:00:00Z").build(),
        sub("s2", "c2", "monthly", "2026-10-01T00:00:00Z").build());
    List<UsageEvent> events = all(events("a", "c1", null, "2026-10-03T00:00:00Z", 7),
        events("b", "c2", null, "2026-10-20T00:00:00Z", 5), events("c", "c1", "s1", "2026-11-02T00:00:00Z", 3),
        events("a", "c1", null, "2026-10-03T00:00:00Z", 2)); // two duplicates of a0, a1
    SubscriptionUsageAggregator agg = SubscriptionUsageAggregator.of(subs, CATALOG, METERS,
        Instant.parse("2026-12-01T00:00:00Z"));
    SubscriptionUsageAggregator.Run template = agg.start();
    Map<UsageKey, Map<Map<String, String>, Accumulator>> merged = new HashMap<>();
    for (UsageEvent e : events) {
      SubscriptionUsageAggregator.Run one = template.fork();
      one.accept(e);
      one.partials().forEach((k, groups) -> groups.forEach((g, acc) -> merged.computeIfAbsent(k, x -> new HashMap<>())
          .merge(g, acc, (x, y) -> {
            x.merge(y);
            return x;
          })));
    }
    Map<UsageKey, Map<Map<String, String>, BigDecimal>> quantities = new HashMap<>();
    merged.forEach((k, groups) -> groups.forEach((g, acc) -> quantities.computeIfAbsent(k, x -> new HashMap<>())
        .put(g, acc.result())));
    // the forks shared the aggregator's dedup store: the two re-sent ids count once
    assertThat(quantities).isEqualTo(SubscriptionUsageAggregator.of(subs, CATALOG, METERS,
        Instant.parse("2026-12-01T00:00:00Z")).aggregate(events).quantities());
    assertThat(quantities.values().stream().flatMap(m -> m.values().stream()).reduce(BigDecimal.ZERO,
        BigDecimal::add)).isEqualByComparingTo("15");
    // a fork starts empty and the template took nothing
    assertThat(template.fork().partials()).isEmpty();
    assertThat(template.result().eventsRead()).isZero();
  }
}

package dev.billwright.metering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/**
 * A million events from an iterator (never held in memory) with every tenth one re-sent: the
 * quantities match closed-form sums. Not timed; it shows the streaming path at scale.
 */
class MillionEventsTest {
  private static final BillingPeriod OCTOBER = BillingPeriod.of(Instant.parse("2026-10-01T00:00:00Z"),
      Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void aMillionEventsWithResends() {
    int distinct = 1_000_000;
    Iterator<UsageEvent> events = new Iterator<>() {
      private int i;

      @Override
      public boolean hasNext() {
        return i < distinct + distinct / 10;
      }

      @Override
      public UsageEvent next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        // after the first million, re-send events 0, 10, 20, ...
        int n = i < distinct ? i : (i - distinct) * 10;
        i++;
        return UsageEvent.of("e" + n, "cus_" + (n % 4), null, "api.call",
            OCTOBER.start().plusSeconds(n % 2_600_000), Map.of("units", Integer.toString(n % 100), "tier",
                n % 2 == 0 ? "even" : "odd"));
      }
    };
    Meter calls = Meter.of("calls", "api.call", Aggregation.COUNT, null, Map.of(), List.of("tier"));
    Meter units = Meter.of("units", "api.call", Aggregation.SUM, "units");
    AggregationResult r = UsageAggregator.DEFAULT.aggregate(events,
        AggregationContext.of(List.of(calls, units), PeriodResolver.fixed(OCTOBER))
            .withDedup(new InMemoryDeduplicationStore(distinct)));
    assertThat(r.eventsRead()).isEqualTo(1_100_000);
    assertThat(r.duplicatesDropped()).isEqualTo(100_000);
    assertThat(r.eventsMatched()).isEqualTo(distinct);
    // customer c gets n ≡ c (mod 4): 250 000 events; n % 100 over them cycles through the 25
    // values ≡ c (mod 4) below 100, each 10 000 times
    for (int c = 0; c < 4; c++) {
      long sumOfResidues = 0;
      for (int v = c; v < 100; v += 4) {
        sumOfResidues += v;
      }
      assertThat(r.quantity("cus_" + c, "units", OCTOBER, Map.of()))
          .contains(new AggregatedQuantity(BigDecimal.valueOf(sumOfResidues * 10_000), 250_000));
      String tier = c % 2 == 0 ? "even" : "odd";
      assertThat(r.quantity("cus_" + c, "calls", OCTOBER, Map.of("tier", tier)))
          .contains(new AggregatedQuantity(BigDecimal.valueOf(250_000), 250_000));
    }
    assertThat(r.quantities()).hasSize(8);
  }
}

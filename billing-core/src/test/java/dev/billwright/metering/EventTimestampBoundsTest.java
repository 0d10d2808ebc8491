package dev.billwright.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.io.IOException;
import java.io.StringReader;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 8: one far-future timestamp aborted the whole aggregation. Timestamps are bounded
 * to four-digit UTC years (RFC 3339 section 5.6); outside them an event is rejected on its own
 * line, and a resolver that cannot place an event makes that event unusable, not the run fail.
 */
class EventTimestampBoundsTest {
  private static final String FAR_FUTURE = "+999999999-12-31T23:59:59Z";
  private static final Meter CALLS = Meter.of("calls", "api.call", Aggregation.COUNT, null);

  private static String line(String id, String ts) {
    return "{\"id\":\"" + id + "\",\"customer\":\"cus_1\",\"event_type\":\"api.call\",\"timestamp\":\"" + ts + "\"}";
  }

  private static AggregationContext kolkata() {
    return AggregationContext.of(List.of(CALLS), PeriodResolver.calendarMonths(ZoneId.of("Asia/Kolkata")));
  }

  @Test
  void aFarFutureNdjsonLineIsRejectedAndTheOthersAggregated() throws IOException {
    String file = line("e1", "2026-10-03T10:15:30Z") + "\n" + line("e2", FAR_FUTURE) + "\n"
        + line("e3", "-999999999-01-01T00:00:00Z") + "\n" + line("e4", "2026-10-04T10:15:30Z") + "\n";
    List<RejectedLine> rejected = new ArrayList<>();
    AggregationResult r;
    try (NdjsonEventReader events = NdjsonEventReader.of(new StringReader(file), "events.ndjson",
        RejectPolicy.QUARANTINE, rejected::add)) {
      r = UsageAggregator.DEFAULT.aggregate(events, kolkata());
    }
    assertThat(r.eventsMatched()).isEqualTo(2);
    assertThat(r.quantities().values()).singleElement()
        .satisfies(q -> assertThat(q.quantity()).isEqualByComparingTo("2"));
    assertThat(rejected).extracting(RejectedLine::line).containsExactly(2L, 3L);
    assertThat(rejected.get(0).error().getMessage())
        .startsWith("events.ndjson line 2: ").contains("$.timestamp", FAR_FUTURE, "9999-12-31T23:59:59.999999999Z");
  }

  @Test
  void aFarFutureCsvRecordIsRejectedAndTheOthersAggregated() throws IOException {
    String file = "id,customer,event_type,timestamp\ne1,cus_1,api.call,2026-10-03T10:15:30Z\n"
        + "e2,cus_1,api.call," + FAR_FUTURE + "\ne3,cus_1,api.call,2026-10-04T10:15:30Z\n";
    List<RejectedLine> rejected = new ArrayList<>();
    AggregationResult r;
    try (CsvEventReader events = CsvEventReader.of(new StringReader(file), "events.csv", RejectPolicy.QUARANTINE,
        rejected::add)) {
      r = UsageAggregator.DEFAULT.aggregate(events, kolkata());
    }
    assertThat(r.eventsMatched()).isEqualTo(2);
    assertThat(rejected).singleElement().satisfies(l -> {
      assertThat(l.line()).isEqualTo(3);
      assertThat(l.error().getMessage()).startsWith("events.csv line 3: ").contains("timestamp", "+999999999");
    });
  }

  @Test
  void theBoundsAreInclusiveAndEveryZoneCanPlaceThem() {
    UsageEvent first = UsageEvent.of("min", "c", null, "api.call", UsageEvent.MIN_TIMESTAMP, Map.of());
    UsageEvent last = UsageEvent.of("max", "c", null, "api.call", UsageEvent.MAX_TIMESTAMP, Map.of());
    assertThat(UsageEvent.MIN_TIMESTAMP).isEqualTo(Instant.parse("0000-01-01T00:00:00Z"));
    assertThat(UsageEvent.MAX_TIMESTAMP).isEqualTo(Instant.parse("9999-12-31T23:59:59.999999999Z"));
    for (String zone : new String[] {"Pacific/Kiritimati", "Etc/GMT+12", "+18:00", "-18:00"}) {
      AggregationResult r = UsageAggregator.DEFAULT.aggregate(List.of(first, last),
          AggregationContext.of(List.of(CALLS), PeriodResolver.calendarMonths(ZoneId.of(zone))));
      assertThat(r.eventsMatched()).as(zone).isEqualTo(2);
      assertThat(r.unusable()).as(zone).isEmpty();
    }
    for (Instant outside : new Instant[] {UsageEvent.MIN_TIMESTAMP.minusNanos(1), UsageEvent.MAX_TIMESTAMP.plusNanos(1),
        Instant.MAX, Instant.MIN}) {
      assertThatThrownBy(() -> first.withTimestamp(outside))
          .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_EVENT))
          .hasMessageContaining("timestamp").hasMessageContaining(outside.toString());
    }
  }

  @Test
  void aResolverThatCannotPlaceAnEventMakesOnlyThatEventUnusable() {
    UsageEvent good = UsageEvent.of("e1", "c", null, "api.call", Instant.parse("2026-10-03T10:15:30Z"), Map.of());
    UsageEvent bad = good.withId("e2").withTimestamp(Instant.parse("2026-10-04T10:15:30Z"));
    PeriodResolver months = PeriodResolver.calendarMonths(ZoneId.of("UTC"));
    PeriodResolver overflowing = event -> {
      if (event.id().equals("e2")) {
        throw new DateTimeException("Invalid value for Year");
      }
      return months.periodOf(event);
    };
    AggregationResult r = UsageAggregator.DEFAULT.aggregate(List.of(good, bad),
        AggregationContext.of(List.of(CALLS), overflowing));
    assertThat(r.eventsMatched()).isEqualTo(1);
    assertThat(r.unusable()).singleElement().satisfies(u -> {
      assertThat(u.event()).isEqualTo(bad);
      assertThat(u.meter()).isEmpty();
      assertThat(u.reason()).contains("e2", "2026-10-04T10:15:30Z", "Invalid value for Year");
    });
  }

  @Test
  void anEventCarriesAtMostAThousandProperties() {
    Map<String, String> thousand = new java.util.HashMap<>();
    for (int i = 0; i < UsageEvent.MAX_PROPERTIES; i++) {
      thousand.put("p" + i, "v");
    }
    UsageEvent e = UsageEvent.of("e1", "c", null, "t", Instant.parse("2026-10-03T10:15:30Z"), thousand);
    assertThat(e.properties()).hasSize(1000);
    thousand.put("one_more", "v");
    assertThatThrownBy(() -> e.withProperties(thousand))
        .isInstanceOfSatisfying(BillingException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_EVENT))
        .hasMessageContaining("properties").hasMessageContaining("1001").hasMessageContaining("at most 1000");
  }
}

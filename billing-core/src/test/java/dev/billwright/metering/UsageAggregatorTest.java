package dev.billwright.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UsageAggregatorTest {
  private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
  private static final BillingPeriod OCTOBER = BillingPeriod.ofDates(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 1), KOLKATA);
  private static final BillingPeriod SEPTEMBER = BillingPeriod.ofDates(LocalDate.of(2026, 9, 1), LocalDate.of(2026, 10, 1), KOLKATA);
  /** The meter of plan-format.md ("Meter"). */
  private static final Meter OTP = Meter.of("otp_sent", "otp.sent", Aggregation.COUNT, null,
      Map.of("status", Set.of("delivered")), List.of("country", "channel"));
  private static final Meter UNITS = Meter.of("otp_units", "otp.sent", Aggregation.SUM, "units");

  private static UsageEvent otp(String id, String customer, String time, String country, String channel, String status,
      String units) {
    return UsageEvent.of(id, customer, null, "otp.sent", Instant.parse(time),
        Map.of("country", country, "channel", channel, "status", status, "units", units));
  }

  private static AggregationContext context() {
    return AggregationContext.of(List.of(OTP, UNITS), PeriodResolver.calendarMonths(KOLKATA));
  }

  @Test
  void groupsByCustomerMeterPeriodAndDimensions() {
    List<UsageEvent> events = List.of(
        otp("e1", "cus_1", "2026-10-03T10:15:30Z", "IN", "sms", "delivered", "1"),
        otp("e2", "cus_1", "2026-10-04T10:15:30Z", "IN", "sms", "delivered", "2"),
        otp("e3", "cus_1", "2026-10-05T10:15:30Z", "IN", "whatsapp", "delivered", "3"),
        otp("e4", "cus_1", "2026-10-06T10:15:30Z", "US", "sms", "failed", "4"),
        // 2026-09-30T19:00Z is 00:30 on 1 October in Kolkata: October, in the customer's zone
        otp("e5", "cus_1", "2026-09-30T19:00:00Z", "IN", "sms", "delivered", "5"),
        // 2026-09-30T18:00Z is 23:30 on 30 September in Kolkata
        otp("e6", "cus_2", "2026-09-30T18:00:00Z", "IN", "sms", "delivered", "6"),
        UsageEvent.of("e7", "cus_1", null, "other.type", Instant.parse("2026-10-03T10:15:30Z"), Map.of()));
    AggregationResult r = UsageAggregator.DEFAULT.aggregate(events, context());
    assertThat(r.quantity("cus_1", "otp_sent", OCTOBER, Map.of("country", "IN", "channel", "sms")))
        .contains(new AggregatedQuantity(new BigDecimal("3"), 3));
    assertThat(r.quantity("cus_1", "otp_sent", OCTOBER, Map.of("country", "IN", "channel", "whatsapp")))
        .contains(new AggregatedQuantity(BigDecimal.ONE, 1));
    assertThat(r.quantity("cus_1", "otp_sent", OCTOBER, Map.of("country", "US", "channel", "sms")))
        .as("filtered out: failed").isEmpty();
    assertThat(r.quantity("cus_1", "otp_units", OCTOBER, Map.of()))
        .contains(new AggregatedQuantity(new BigDecimal("15"), 5));
    assertThat(r.quantity("cus_2", "otp_units", SEPTEMBER, Map.of()))
        .contains(new AggregatedQuantity(new BigDecimal("6"), 1));
    assertThat(r.quantities()).hasSize(5);
    assertThat(r.eventsRead()).isEqualTo(7);
    assertThat(r.eventsMatched()).isEqualTo(6);
    assertThat(r.eventsWithoutMeter()).isEqualTo(1);
  }

  @Test
  void duplicatesCountOnceAcrossBatchesAndConflictsAreReported() {
    AggregationContext context = context();
    UsageEvent e1 = otp("e1", "cus_1", "2026-10-03T10:15:30Z", "IN", "sms", "delivered", "1");
    UsageEvent e1Conflict = otp("e1", "cus_1", "2026-10-03T10:15:30Z", "IN", "sms", "delivered", "100");
    AggregationResult first = UsageAggregator.DEFAULT.aggregate(List.of(e1, e1), context);
    assertThat(first.duplicatesDropped()).isEqualTo(1);
    assertThat(first.quantity("cus_1", "otp_units", OCTOBER, Map.of()))
        .contains(new AggregatedQuantity(BigDecimal.ONE, 1));
    AggregationResult later = UsageAggregator.DEFAULT.aggregate(List.of(e1, e1Conflict), context);
    assertThat(later.duplicatesDropped()).isEqualTo(1);
    assertThat(later.conflicts()).containsExactly(new ConflictingDuplicate("", e1Conflict));
    assertThat(later.quantities()).isEmpty();
  }

  @Test
  void customerScopeLetsTwoCustomersShareAnId() {
    UsageEvent a = otp("e1", "cus_1", "2026-10-03T10:15:30Z", "IN", "sms", "delivered", "1");
    UsageEvent b = otp("e1", "cus_2", "2026-10-03T10:15:30Z", "IN", "sms", "delivered", "1");
    assertThat(UsageAggregator.DEFAULT.aggregate(List.of(a, b), context()).conflicts()).hasSize(1);
    AggregationResult perCustomer = new UsageAggregator(DedupScope.CUSTOMER).aggregate(List.of(a, b), context());
    assertThat(perCustomer.conflicts()).isEmpty();
    assertThat(perCustomer.eventsMatched()).isEqualTo(2);
  }

  @Test
  void eventsForAnInvoicedPeriodAreRoutedLate() {
    UsageEvent september = otp("e1", "cus_1", "2026-09-10T10:00:00Z", "IN", "sms", "delivered", "1");
    UsageEvent october = otp("e2", "cus_1", "2026-10-10T10:00:00Z", "IN", "sms", "failed", "2");
    AggregationResult r = UsageAggregator.DEFAULT.aggregate(List.of(september, october),
        context().withInvoiced((customer, period) -> period.equals(SEPTEMBER)));
    assertThat(r.lateEvents()).containsExactly(new LateEvent(september, SEPTEMBER, List.of("otp_sent", "otp_units")));
    assertThat(r.quantities().keySet()).extracting(QuantityKey::period).containsOnly(OCTOBER);
    assertThat(r.eventsMatched()).isEqualTo(1);
  }

  @Test
  void unusableEventsAreReportedNotDropped() {
    UsageEvent noUnits = UsageEvent.of("e1", "cus_1", null, "otp.sent", Instant.parse("2026-10-03T10:00:00Z"),
        Map.of("status", "delivered", "country", "IN"));
    UsageEvent outside = otp("e2", "cus_1", "2026-12-03T10:00:00Z", "IN", "sms", "delivered", "1");
    AggregationContext ctx = new AggregationContext(List.of(OTP, UNITS), PeriodResolver.fixed(OCTOBER),
        new InMemoryDeduplicationStore(), InvoicedPeriods.NONE, CarryIn.NONE);
    AggregationResult r = UsageAggregator.DEFAULT.aggregate(List.of(noUnits, outside), ctx);
    assertThat(r.unusable()).hasSize(2);
    assertThat(r.unusable().get(0).meter()).contains("otp_units");
    assertThat(r.unusable().get(0).reason()).contains("e1").contains("properties.units");
    assertThat(r.unusable().get(1).meter()).isEmpty();
    assertThat(r.unusable().get(1).reason()).contains("e2").contains("no billing period");
    // the count meter could still use e1
    assertThat(r.quantity("cus_1", "otp_sent", OCTOBER, Map.of("country", "IN")))
        .contains(new AggregatedQuantity(BigDecimal.ONE, 1));
    assertThat(r.eventsMatched()).isEqualTo(1);
  }

  @Test
  void weightedSumUsesTheCarryIn() {
    Meter storage = Meter.of("storage", "storage.changed", Aggregation.WEIGHTED_SUM, "gb");
    BillingPeriod day = BillingPeriod.of(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-10-02T00:00:00Z"),
        ZoneId.of("UTC"));
    UsageEvent grow = UsageEvent.of("s1", "cus_1", null, "storage.changed", Instant.parse("2026-10-01T12:00:00Z"),
        Map.of("gb", "10"));
    AggregationResult r = UsageAggregator.DEFAULT.aggregate(List.of(grow),
        AggregationContext.of(List.of(storage), PeriodResolver.fixed(day)).withCarryIn((c, m, p, g) -> new BigDecimal("5")));
    // 5 GB × 86 400 s + 10 GB × 43 200 s = 432 000 + 432 000
    assertThat(r.quantity("cus_1", "storage", day, Map.of())).contains(new AggregatedQuantity(new BigDecimal("864000"), 1));
  }

  @Test
  void expectedKeysAppearWithoutEvents() {
    Meter storage = Meter.of("storage", "storage.changed", Aggregation.WEIGHTED_SUM, "gb");
    BillingPeriod day = BillingPeriod.of(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-10-02T00:00:00Z"),
        ZoneId.of("UTC"));
    AggregationContext ctx = AggregationContext.of(List.of(storage, UNITS), PeriodResolver.fixed(day))
        .withCarryIn((c, m, p, g) -> new BigDecimal("5"));
    AggregationResult r = UsageAggregator.DEFAULT.start(ctx)
        .expect(new QuantityKey("cus_1", "storage", day, Map.of()))
        .expect(new QuantityKey("cus_1", "otp_units", day, Map.of()))
        .result();
    // 5 GB held all day: 5 × 86 400 GB-seconds, from no events
    assertThat(r.quantity("cus_1", "storage", day, Map.of())).contains(new AggregatedQuantity(new BigDecimal("432000"), 0));
    assertThat(r.quantity("cus_1", "otp_units", day, Map.of())).contains(new AggregatedQuantity(BigDecimal.ZERO, 0));
    assertThatThrownBy(() -> UsageAggregator.DEFAULT.start(ctx).expect(new QuantityKey("cus_1", "nope", day, Map.of())))
        .isInstanceOf(BillingException.class).hasMessageContaining("nope");
  }

  @Test
  void runsFeedIncrementallyAndMerge() {
    AggregationContext ctx = context();
    AggregationRun a = UsageAggregator.DEFAULT.start(ctx)
        .accept(otp("e1", "cus_1", "2026-10-03T10:15:30Z", "IN", "sms", "delivered", "1"));
    AggregationRun b = UsageAggregator.DEFAULT.start(ctx)
        .accept(otp("e2", "cus_1", "2026-10-04T10:15:30Z", "IN", "sms", "delivered", "2"));
    AggregationResult r = a.merge(b).result();
    assertThat(r.quantity("cus_1", "otp_units", OCTOBER, Map.of())).contains(new AggregatedQuantity(new BigDecimal("3"), 2));
    assertThat(b.result().quantity("cus_1", "otp_units", OCTOBER, Map.of()))
        .as("merge leaves the other run unchanged").contains(new AggregatedQuantity(new BigDecimal("2"), 1));
  }

  @Test
  void parallelMatchesSequentialOnAWorkedBatch() {
    List<UsageEvent> events = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      events.add(otp("e" + (i % 1_500), "cus_" + (i % 7), "2026-10-0" + (1 + i % 9) + "T10:15:30Z",
          i % 2 == 0 ? "IN" : "US", "sms", "delivered", Integer.toString(i % 1_500)));
    }
    AggregationResult sequential = UsageAggregator.DEFAULT.aggregate(events, context());
    for (int parts : new int[] {1, 2, 3, 8}) {
      assertThat(UsageAggregator.DEFAULT.aggregateParallel(events, context(), parts)).isEqualTo(sequential);
    }
    assertThat(sequential.duplicatesDropped() + sequential.conflicts().size()).isEqualTo(500);
    assertThatThrownBy(() -> UsageAggregator.DEFAULT.aggregateParallel(events, context(), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void contextRejectsRepeatedMeterCodes() {
    assertThatThrownBy(() -> AggregationContext.of(List.of(OTP, OTP), e -> Optional.of(OCTOBER)))
        .isInstanceOf(BillingException.class).hasMessageContaining("otp_sent");
  }
}

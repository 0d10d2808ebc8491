package dev.billwright.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeBucketTest {
  private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  @Test
  void parsesDurationsOfOneKindAndRejectsTheRest() {
    assertThat(TimeBucket.parse("bucket", "PT1H")).hasToString("PT1H");
    assertThat(TimeBucket.parse("bucket", "p1d")).hasToString("P1D");
    for (String bad : new String[] {"", "PT0S", "-PT1H", "PT0.5S", "P1Y", "P1M2D", "hourly", "P1DT1H", "P999999999D", "P13M", "PT9000H"}) {
      assertThatThrownBy(() -> TimeBucket.parse("bucket", bad)).as(bad).hasMessageContaining("bucket");
    }
  }

  @Test
  void dayBucketsAreAlignedToThePeriodStartInItsZone() {
    BillingPeriod march = BillingPeriod.ofDates(java.time.LocalDate.of(2026, 3, 1), java.time.LocalDate.of(2026, 4, 1),
        KOLKATA);
    TimeBucket day = TimeBucket.parse("bucket", "P1D");
    // 2026-03-02 20:00 UTC is 2026-03-03 01:30 in Kolkata: the bucket of 3 March, which starts at 2 March 18:30 UTC
    assertThat(day.bucketStart(march, Instant.parse("2026-03-02T20:00:00Z")))
        .isEqualTo(Instant.parse("2026-03-02T18:30:00Z"));
    assertThat(day.split(march)).hasSize(31);
  }

  @Test
  void dayBucketsFollowLocalMidnightsAcrossDst() {
    BillingPeriod march = BillingPeriod.ofDates(java.time.LocalDate.of(2026, 3, 28), java.time.LocalDate.of(2026, 3, 31),
        PARIS);
    List<BillingPeriod> days = TimeBucket.parse("bucket", "P1D").split(march);
    assertThat(days).hasSize(3);
    assertThat(days.get(1).duration().toHours()).isEqualTo(23);
    assertThat(days.get(2).zonedStart()).isEqualTo(ZonedDateTime.of(2026, 3, 30, 0, 0, 0, 0, PARIS));
  }

  @Test
  void lastBucketIsCutAtThePeriodEnd() {
    BillingPeriod p = BillingPeriod.of(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-01T02:30:00Z"),
        ZoneId.of("UTC"));
    List<BillingPeriod> hours = TimeBucket.parse("bucket", "PT1H").split(p);
    assertThat(hours).hasSize(3);
    assertThat(hours.get(2).end()).isEqualTo(p.end());
    assertThatThrownBy(() -> TimeBucket.parse("bucket", "PT1H").bucketStart(p, p.end()))
        .hasMessageContaining("inside period");
  }

  @Test
  void divides() {
    TimeBucket hour = TimeBucket.parse("b", "PT1H");
    TimeBucket day = TimeBucket.parse("b", "P1D");
    assertThat(hour.divides(day)).isTrue();
    assertThat(TimeBucket.parse("b", "PT7H").divides(day)).isFalse();
    assertThat(day.divides(TimeBucket.parse("b", "P1W"))).isTrue();
    assertThat(day.divides(TimeBucket.parse("b", "P1M"))).isTrue();
    assertThat(TimeBucket.parse("b", "P2D").divides(TimeBucket.parse("b", "P1M"))).isFalse();
    assertThat(day.divides(hour)).isFalse();
  }
}

package dev.billwright.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class BillingPeriodTest {
  private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
  private static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");

  private static BillingPeriod p(long fromHours, long toHours) {
    return BillingPeriod.of(T0.plusSeconds(fromHours * 3600), T0.plusSeconds(toHours * 3600), ZoneOffset.UTC);
  }

  @Test
  void containsIsHalfOpen() {
    BillingPeriod p = p(0, 10);
    assertThat(p.contains(T0)).isTrue();
    assertThat(p.contains(T0.plusSeconds(10 * 3600 - 1))).isTrue();
    assertThat(p.contains(T0.plusSeconds(10 * 3600))).isFalse();
    assertThat(p.contains(T0.minusNanos(1))).isFalse();
  }

  @Test
  void abutsOverlapsEnclosesIntersection() {
    assertThat(p(0, 10).abuts(p(10, 20))).isTrue();
    assertThat(p(10, 20).abuts(p(0, 10))).isTrue();
    assertThat(p(0, 10).overlaps(p(10, 20))).isFalse();
    assertThat(p(0, 10).abuts(p(11, 20))).isFalse();
    assertThat(p(0, 10).overlaps(p(9, 20))).isTrue();
    assertThat(p(0, 10).intersection(p(5, 20))).isEqualTo(p(5, 10));
    assertThat(p(0, 10).encloses(p(2, 10))).isTrue();
    assertThat(p(0, 10).encloses(p(2, 11))).isFalse();
    assertThatThrownBy(() -> p(0, 10).intersection(p(10, 20)))
        .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PERIOD));
  }

  @Test
  void relationsAgreeWithAnInstantOracle() {
    // Oracle: compare with brute force over whole hours (the periods have hour bounds).
    qt().forAll(integers().between(0, 30), integers().between(1, 30), integers().between(0, 30),
        integers().between(1, 30)).checkAssert((s1, l1, s2, l2) -> {
          BillingPeriod a = p(s1, s1 + l1);
          BillingPeriod b = p(s2, s2 + l2);
          boolean shared = false;
          boolean allOfB = true;
          for (int h = 0; h <= 61; h++) {
            Instant t = T0.plusSeconds(h * 3600L);
            shared |= a.contains(t) && b.contains(t);
            allOfB &= !b.contains(t) || a.contains(t);
          }
          assertThat(a.overlaps(b)).isEqualTo(shared);
          assertThat(b.overlaps(a)).isEqualTo(shared);
          assertThat(a.encloses(b)).isEqualTo(allOfB);
          assertThat(a.abuts(b)).isEqualTo(s1 + l1 == s2 || s2 + l2 == s1);
          if (shared) {
            BillingPeriod i = a.intersection(b);
            assertThat(a.encloses(i) && b.encloses(i)).isTrue();
            assertThat(i.start()).isEqualTo(T0.plusSeconds(Math.max(s1, s2) * 3600L));
            assertThat(i.end()).isEqualTo(T0.plusSeconds(Math.min(s1 + l1, s2 + l2) * 3600L));
          }
        });
  }

  @Test
  void parseRoundTripsWithZones() {
    BillingPeriod utc = BillingPeriod.parse("2026-10-01T00:00Z/2026-11-01T00:00Z");
    assertThat(utc.start()).isEqualTo(T0);
    assertThat(utc.toString()).isEqualTo("2026-10-01T00:00Z/2026-11-01T00:00Z");
    BillingPeriod ist = BillingPeriod.ofDates(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 1), KOLKATA);
    assertThat(ist.toString())
        .isEqualTo("2026-10-01T00:00+05:30[Asia/Kolkata]/2026-11-01T00:00+05:30[Asia/Kolkata]");
    assertThat(ist.start()).isEqualTo(Instant.parse("2026-09-30T18:30:00Z"));
    List<ZoneId> zones = List.of(ZoneOffset.UTC, KOLKATA, ZoneId.of("Europe/London"),
        ZoneId.of("America/New_York"), ZoneOffset.ofHours(-3));
    qt().forAll(longs().between(-2_000_000_000L, 4_000_000_000L), longs().between(1, 400_000_000L),
        integers().between(0, zones.size() - 1), integers().between(0, 999_999_999))
        .checkAssert((start, length, z, nanos) -> {
          Instant s = Instant.ofEpochSecond(start, nanos);
          BillingPeriod period = BillingPeriod.of(s, s.plusSeconds(length), zones.get(z));
          assertThat(BillingPeriod.parse(period.toString())).isEqualTo(period);
        });
  }

  @Test
  void rejectsBadPeriods() {
    assertThatThrownBy(() -> BillingPeriod.of(T0, T0, ZoneOffset.UTC))
        .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PERIOD));
    assertThatThrownBy(() -> BillingPeriod.of(T0, null, ZoneOffset.UTC))
        .isInstanceOfSatisfying(BillingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.REQUIRED_FIELD_MISSING));
    assertThatThrownBy(() -> BillingPeriod.of(T0.atZone(KOLKATA), T0.plusSeconds(1).atZone(ZoneOffset.UTC)))
        .isInstanceOf(BillingException.class).hasMessageContaining("zone");
    for (String bad : new String[] {"2026-10-01T00:00Z", "a/b", "2026-10-01T00:00Z/2026-09-01T00:00Z",
        "2026-10-01T00:00Z/2026-11-01T00:00Z/2026-12-01T00:00Z",
        "2026-10-01T00:00Z/2026-11-01T00:00+05:30[Asia/Kolkata]"}) {
      assertThatThrownBy(() -> BillingPeriod.parse(bad)).as(bad)
          .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PERIOD));
    }
  }

  @Test
  void valueSemanticsAndOrdering() {
    BillingPeriod a = p(0, 10);
    assertThat(a).isEqualTo(p(0, 10)).hasSameHashCodeAs(p(0, 10));
    assertThat(a).isNotEqualTo(BillingPeriod.of(a.start(), a.end(), KOLKATA));
    assertThat(a.compareTo(p(0, 11))).isNegative();
    assertThat(p(1, 2).compareTo(a)).isPositive();
    assertThat(a.withStart(T0.plusSeconds(3600))).isEqualTo(p(1, 10));
    assertThat(a.withEnd(T0.plusSeconds(3600))).isEqualTo(p(0, 1));
    assertThat(a.zonedStart()).isEqualTo(ZonedDateTime.of(2026, 10, 1, 0, 0, 0, 0, ZoneOffset.UTC));
  }
}

package dev.billwright.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.time.Period;
import org.junit.jupiter.api.Test;

class BillingCadenceTest {
  @Test
  void constantsAndRoundTrip() {
    assertThat(BillingCadence.DAILY).hasToString("P1D");
    assertThat(BillingCadence.WEEKLY).hasToString("P1W");
    assertThat(BillingCadence.MONTHLY).hasToString("P1M");
    assertThat(BillingCadence.QUARTERLY).hasToString("P3M");
    assertThat(BillingCadence.HALF_YEARLY).hasToString("P6M");
    assertThat(BillingCadence.YEARLY).hasToString("P1Y");
    for (String s : new String[] {"P1D", "P1W", "P1M", "P3M", "P6M", "P1Y", "P2W", "P14D", "P1000Y"}) {
      assertThat(BillingCadence.parse(s)).hasToString(s);
      assertThat(BillingCadence.parse(s)).isEqualTo(BillingCadence.parse(s));
    }
    assertThat(BillingCadence.parse("P3M")).isEqualTo(BillingCadence.QUARTERLY);
    assertThat(BillingCadence.parse("P3M").hashCode()).isEqualTo(BillingCadence.QUARTERLY.hashCode());
    assertThat(BillingCadence.parse("P7D")).isNotEqualTo(BillingCadence.WEEKLY);
  }

  @Test
  void periods() {
    assertThat(BillingCadence.WEEKLY.toPeriod()).isEqualTo(Period.ofDays(7));
    assertThat(BillingCadence.YEARLY.toPeriod()).isEqualTo(Period.ofYears(1));
    assertThat(BillingCadence.of(Period.ofMonths(6))).isEqualTo(BillingCadence.HALF_YEARLY);
    assertThat(BillingCadence.of(Period.ofDays(14))).hasToString("P14D");
    assertThat(BillingCadence.MONTHLY.isMonthBased()).isTrue();
    assertThat(BillingCadence.WEEKLY.isMonthBased()).isFalse();
    assertThat(BillingCadence.of(BillingCadence.Unit.WEEKS, 2).count()).isEqualTo(2);
  }

  @Test
  void rejectsInvalid() {
    for (String s : new String[] {"P0M", "P1M1D", "p1m", "P1001D", "PT1H", "P-1M", "1M", "", "P1Y2M",
        "P9999999999M"}) {
      assertThatThrownBy(() -> BillingCadence.parse(s)).as(s).isInstanceOfSatisfying(BillingException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CADENCE));
    }
    assertThatThrownBy(() -> BillingCadence.of(Period.of(0, 1, 1))).isInstanceOf(BillingException.class);
    assertThatThrownBy(() -> BillingCadence.of(Period.ZERO)).isInstanceOf(BillingException.class);
    assertThatThrownBy(() -> BillingCadence.of(Period.ofMonths(-1))).isInstanceOf(BillingException.class);
    assertThatThrownBy(() -> BillingCadence.of(null, 1)).isInstanceOfSatisfying(BillingException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.REQUIRED_FIELD_MISSING));
  }

  @Test
  void alignmentJsonNames() {
    for (BillingAlignment a : BillingAlignment.values()) {
      assertThat(BillingAlignment.fromJsonName(a.jsonName())).isEqualTo(a);
    }
    assertThat(BillingAlignment.fromJsonName("Calendar")).isEqualTo(BillingAlignment.CALENDAR);
    assertThatThrownBy(() -> BillingAlignment.fromJsonName("monthly")).isInstanceOfSatisfying(
        BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE));
  }
}

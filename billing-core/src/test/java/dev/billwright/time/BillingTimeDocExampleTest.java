package dev.billwright.time;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example of docs/billing-time.md, kept compiling and true. */
class BillingTimeDocExampleTest {
  @Test
  void example() {
    // --- begin docs/billing-time.md example
    ZoneId ist = ZoneId.of("Asia/Kolkata");

    // Calendar months in the customer's zone; a subscription that starts on 10 October.
    BillingSchedule monthly = BillingSchedule.calendar(BillingCadence.parse("P1M"), ist);
    Instant start = ZonedDateTime.of(2026, 10, 10, 0, 0, 0, 0, ist).toInstant();
    ScheduledPeriod first = monthly.firstPeriod(start);        // [10 Oct, 1 Nov), partial
    ProrationFraction f = ProrationCalculator.DEFAULT.fraction(first, ProrationBasis.DAYS); // 22/31
    Money fee = f.applyTo(Money.of("INR", "999.00"), RoundingPolicy.DEFAULT);                // INR 708.97

    // Anniversary billing from 31 January: 28 Feb, 31 Mar, 30 Apr, ...
    BillingSchedule anniversary = BillingSchedule.anniversary(BillingCadence.MONTHLY,
        ZonedDateTime.of(LocalDateTime.of(2026, 1, 31, 0, 0), ist));
    BillingPeriod second = anniversary.periodAt(1);            // [28 Feb, 31 Mar)

    // The scheduler was down: bill every period that ended since the last invoice.
    Instant lastBilledEnd = ZonedDateTime.of(2026, 8, 1, 0, 0, 0, 0, ist).toInstant();
    List<BillingPeriod> due = monthly.catchUp(lastBilledEnd, Instant.parse("2026-11-20T05:00:00Z"));
    // due: August, September, October (November is still in progress)
    // --- end
    assertThat(f).isEqualTo(ProrationFraction.of(22, 31));
    assertThat(fee).isEqualTo(Money.of("INR", "708.97"));
    assertThat(second.zonedStart().getDayOfMonth()).isEqualTo(28);
    assertThat(second.zonedEnd().getDayOfMonth()).isEqualTo(31);
    assertThat(due).hasSize(3);
    assertThat(first.isPartial()).isTrue();
  }
}

package dev.billwright.examples.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.billwright.metering.UsageEvent;
import dev.billwright.tax.gst.Gstin;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GeneratorsTest {
  static final Dataset OTP = Dataset.bundled("otp-india");
  static final Dataset LAMBDA = Dataset.bundled("aws-lambda");

  @Test
  void producesExactlyTheCountInsideTheMonthOrLate() {
    BillingPeriod month = OTP.period();
    qt().withExamples(30).forAll(integers().between(0, 5000), longs().all()).checkAssert((count, seed) -> {
      OtpEventGenerator g = new OtpEventGenerator(OTP, count, seed);
      long n = 0;
      Set<String> ids = new HashSet<>();
      while (g.hasNext()) {
        UsageEvent e = g.next();
        n++;
        ids.add(e.id());
        assertThat(e.timestamp()).isBefore(month.end());
        assertThat(e.timestamp()).isAfter(month.start().minusSeconds(32L * 86_400));
        assertThat(OTP.customer(e.customer())).isPresent();
      }
      assertThat(n).isEqualTo((long) count);
      assertThat(ids.size()).isLessThanOrEqualTo(count);
    });
  }

  @Test
  void sameSeedSameEvents() {
    List<String> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    new OtpEventGenerator(OTP, 3000, 7).forEachRemaining(e -> a.add(e.id() + e.timestamp() + e.properties()));
    new OtpEventGenerator(OTP, 3000, 7).forEachRemaining(e -> b.add(e.id() + e.timestamp() + e.properties()));
    assertThat(a).isEqualTo(b);
  }

  @Test
  void allocationIsExactAndProportional() {
    qt().forAll(longs().between(0, 10_000_000L), integers().between(1, 50)).checkAssert((count, slots) -> {
      List<Long> weights = new ArrayList<>();
      for (int i = 0; i < slots; i++) {
        weights.add((long) (i % 7 + 1));
      }
      long[] out = OtpEventGenerator.allocate(count, weights);
      long sum = weights.stream().mapToLong(Long::longValue).sum();
      long total = 0;
      for (int i = 0; i < out.length; i++) {
        total += out[i];
        // within one of the exact share count × w / sum
        BigDecimal exact = BigDecimal.valueOf(count).multiply(BigDecimal.valueOf(weights.get(i)))
            .divide(BigDecimal.valueOf(sum), 6, java.math.RoundingMode.HALF_UP);
        assertThat(BigDecimal.valueOf(out[i]).subtract(exact).abs()).isLessThan(BigDecimal.ONE);
      }
      assertThat(total).isEqualTo(count);
    });
  }

  /** AWS Lambda pricing page, Example 1: 3M requests of 1 s at 512 MB = 1.5M GB-s. */
  @Test
  void lambdaEventsSumToTheExample() {
    LambdaEventGenerator g = new LambdaEventGenerator(LAMBDA, 3_000_000L);
    BigDecimal requests = BigDecimal.ZERO;
    BigDecimal gbSeconds = BigDecimal.ZERO;
    while (g.hasNext()) {
      UsageEvent e = g.next();
      requests = requests.add(new BigDecimal(e.property("requests")));
      gbSeconds = gbSeconds.add(new BigDecimal(e.property("gb_seconds")));
    }
    assertThat(requests).isEqualByComparingTo("3000000");
    assertThat(gbSeconds).isEqualByComparingTo("1500000");
    assertThat(g.total()).isEqualTo(31L * 24 * 60);
  }

  @Test
  void bundledGstinsAreValidAndSynthetic() {
    assertThat(OTP.supplier().orElseThrow().gstin().orElseThrow()).matches(Gstin::isValid);
    for (Customer c : OTP.customers()) {
      c.party().gstin().ifPresent(g -> {
        assertThat(Gstin.isValid(g)).as(g).isTrue();
        assertThat(g.substring(2, 4)).isEqualTo("ZZ");
        assertThat(g.substring(0, 2)).isEqualTo(c.party().stateCode().orElseThrow());
      });
    }
    BigDecimal shares = OTP.customers().stream().map(c -> c.traffic().orElseThrow().share())
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(shares).isEqualByComparingTo("1");
  }
}

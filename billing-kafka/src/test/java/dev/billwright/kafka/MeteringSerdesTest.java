package dev.billwright.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.billwright.error.BillingException;
import dev.billwright.metering.UsageEvent;
import dev.billwright.metering.UsageEventJson;
import dev.billwright.rating.SubscriptionUsage;
import dev.billwright.rating.SubscriptionUsageAggregator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The binary event and partial forms: exact round trips, both event forms read, bad bytes rejected. */
class MeteringSerdesTest {
  static UsageEvent randomEvent(long seed) {
    Random r = new Random(seed);
    String[] alphabet = {"a", "Z", "9", "-", "é", "€", "𝄞", " ", "_"};
    java.util.function.IntFunction<String> text = n -> {
      StringBuilder b = new StringBuilder("x");
      for (int i = 0; i < n; i++) {
        b.append(alphabet[r.nextInt(alphabet.length)]);
      }
      return b.toString();
    };
    Map<String, String> props = new LinkedHashMap<>();
    int n = r.nextInt(6);
    for (int i = 0; i < n; i++) {
      props.put(text.apply(r.nextInt(8)), r.nextBoolean() ? text.apply(r.nextInt(20)) : (r.nextInt(3) == 0 ? ""
          : Long.toString(r.nextLong())));
    }
    long sec = UsageEvent.MIN_TIMESTAMP.getEpochSecond()
        + (long) (r.nextDouble() * (UsageEvent.MAX_TIMESTAMP.getEpochSecond() - UsageEvent.MIN_TIMESTAMP.getEpochSecond()));
    return UsageEvent.of(text.apply(r.nextInt(30)), text.apply(r.nextInt(10)), r.nextBoolean() ? null
        : text.apply(r.nextInt(10)), text.apply(r.nextInt(10)), Instant.ofEpochSecond(sec, r.nextInt(1_000_000_000)), props);
  }

  @Test
  void anEventRoundTripsThroughTheBinaryFormExactly() {
    qt().forAll(longs().all()).checkAssert(seed -> {
      UsageEvent e = randomEvent(seed);
      byte[] b = MeteringSerdes.writeEvent(e);
      assertThat(b[0]).isEqualTo(MeteringSerdes.EVENT_FORMAT_BINARY);
      UsageEvent back = MeteringSerdes.readEvent(b, "test");
      assertThat(back).isEqualTo(e);
      assertThat(back.fingerprint()).isEqualTo(e.fingerprint());
      // the JSON form of the same event reads to the same event
      assertThat(MeteringSerdes.readEvent(UsageEventJson.toLine(e).getBytes(StandardCharsets.UTF_8), "test"))
          .isEqualTo(e);
    });
  }

  @Test
  void everyTruncationOrExtensionOfABinaryEventIsRejected() {
    qt().forAll(longs().all(), integers().between(1, 1_000)).checkAssert((seed, cut) -> {
      byte[] b = MeteringSerdes.writeEvent(randomEvent(seed));
      int len = cut % b.length; // 0 .. length-1 bytes: a truncated record
      byte[] truncated = Arrays.copyOf(b, len);
      if (len > 0) {
        assertThatThrownBy(() -> MeteringSerdes.readEvent(truncated, "test")).isInstanceOf(BillingException.class);
      }
      byte[] longer = Arrays.copyOf(b, b.length + 1);
      assertThatThrownBy(() -> MeteringSerdes.readEvent(longer, "test")).isInstanceOf(BillingException.class)
          .hasMessageContaining("after the end");
    });
  }

  @Test
  void invalidUtf8AndBlankFieldsInABinaryEventAreRejected() {
    byte[] badUtf8 = {2, 2, (byte) 0xC3, 0x28};
    assertThatThrownBy(() -> MeteringSerdes.readEvent(badUtf8, "test")).isInstanceOf(BillingException.class)
        .hasMessageContaining("id is not valid UTF-8");
    UsageEvent e = UsageEvent.of("id-1", "cus", null, "t", Instant.EPOCH, Map.of());
    byte[] b = MeteringSerdes.writeEvent(e);
    byte[] blankCustomer = b.clone();
    blankCustomer[1 + 1 + 4 + 1] = ' '; // id-1 is 4 bytes; customer "cus" starts after its length byte
    blankCustomer[1 + 1 + 4 + 2] = ' ';
    blankCustomer[1 + 1 + 4 + 3] = ' ';
    assertThatThrownBy(() -> MeteringSerdes.readEvent(blankCustomer, "test")).isInstanceOf(BillingException.class)
        .hasMessageContaining("customer");
  }

  @Test
  void partialsOfEveryMeterKindRoundTripExactly() {
    List<MeteringFixture.Rec> records = MeteringFixture.records(3_000, 5);
    List<UsageEvent> valid = records.stream().map(MeteringFixture.Rec::eventOrNull)
        .filter(java.util.Objects::nonNull).toList();
    SubscriptionUsageAggregator.Run run = MeteringFixture.aggregator().start();
    valid.forEach(run::accept);
    SubscriptionUsage u = run.result();
    Map<String, AggregatePartial> partials = MeteringProcessor.deltas(run.partials(), u.statistics());
    assertThat(partials).hasSizeGreaterThan(20);
    partials.forEach((k, p) -> {
      byte[] b = MeteringSerdes.writePartial(p);
      assertThat(b[0]).isEqualTo(MeteringSerdes.PARTIAL_FORMAT);
      AggregatePartial back = MeteringSerdes.readPartial(b, k);
      assertThat(back.statistics()).isEqualTo(p.statistics());
      assertThat(back.accumulator().map(a -> a.result())).isEqualTo(p.accumulator().map(a -> a.result()));
      assertThat(back.accumulator().map(a -> a.eventCount())).isEqualTo(p.accumulator().map(a -> a.eventCount()));
      assertThat(back.accumulator().flatMap(a -> a.buckets())).isEqualTo(p.accumulator().flatMap(a -> a.buckets()));
      // and it writes back to the same bytes
      assertThat(MeteringSerdes.writePartial(back)).isEqualTo(b);
      byte[] truncated = Arrays.copyOf(b, b.length - 1);
      assertThatThrownBy(() -> MeteringSerdes.readPartial(truncated, k)).isInstanceOf(BillingException.class);
    });
    byte[] oldFormat = {1, '{', '}'};
    assertThatThrownBy(() -> MeteringSerdes.readPartial(oldFormat, "old")).isInstanceOf(BillingException.class)
        .hasMessageContaining("format");
  }
}

package dev.billwright.testkit.generators;

import dev.billwright.metering.Aggregation;
import dev.billwright.metering.Meter;
import dev.billwright.metering.UsageEvent;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * QuickTheories generators of usage events and meters that exercise metering: few customers,
 * event types and property values, so groups, filters and distinct values collide often.
 *
 * <p>Generated events have event type {@link #API_CALL} or {@link #STORAGE}, customer from
 * {@link #CUSTOMERS}, and properties {@code country} (IN, US, DE), {@code channel} (sms, email),
 * {@code status} (delivered, failed), {@code user} (u0 to u9) and {@code units} (a decimal of at
 * most 1,000,000 in magnitude, negative too, with 0 to 3 decimals). Timestamps lie in the given window, to the millisecond; half of them
 * on a grid of 16 instants, so that timestamps often tie.
 */
public final class UsageEventGenerators {
  /** The event type {@code api.call}. */
  public static final String API_CALL = "api.call";
  /** The event type {@code storage.changed}. */
  public static final String STORAGE = "storage.changed";
  /** The customer keys used. */
  public static final List<String> CUSTOMERS = List.of("cus_a", "cus_b", "cus_c");

  private UsageEventGenerators() {}

  /**
   * Events with a given id whose other fields are random, with timestamps in a window.
   *
   * @param id the id, not blank
   * @param window the timestamps' window, half-open, not null
   * @return the generator, never null
   */
  public static Gen<UsageEvent> event(String id, BillingPeriod window) {
    long millis = window.duration().toMillis();
    Gen<Instant> anyMillisecond = SourceDSL.longs().between(0, Math.max(0, millis - 1))
        .map(ms -> window.start().plusMillis(ms));
    // a coarse grid of 16 instants, so that events often share a timestamp (ties matter for latest)
    Gen<Instant> onGrid = SourceDSL.integers().between(0, 15).map(i -> window.start().plusMillis(millis / 16 * i));
    Gen<Instant> timestamps = Generate.oneOf(anyMillisecond, onGrid);
    Gen<BigDecimal> units = SourceDSL.longs().between(-1_000_000, 1_000_000)
        .zip(SourceDSL.integers().between(0, 3), (unscaled, scale) -> BigDecimal.valueOf(unscaled, scale));
    Gen<Map<String, String>> properties = Generate.pick(List.of("IN", "US", "DE"))
        .zip(Generate.pick(List.of("sms", "email")), Generate.pick(List.of("delivered", "failed")),
            SourceDSL.integers().between(0, 9).zip(units, (u, v) -> new Object[] {"u" + u, v}),
            (country, channel, status, userAndUnits) -> {
              Map<String, String> p = new LinkedHashMap<>();
              p.put("country", country);
              p.put("channel", channel);
              p.put("status", status);
              p.put("user", (String) userAndUnits[0]);
              p.put("units", ((BigDecimal) userAndUnits[1]).toPlainString());
              return p;
            });
    return Generate.pick(CUSTOMERS).zip(Generate.pick(List.of(API_CALL, STORAGE)), timestamps, properties,
        (customer, type, ts, props) -> UsageEvent.of(id, customer, null, type, ts, props));
  }

  /**
   * Lists of events with distinct ids ({@code evt-0}, {@code evt-1}, …) in a window.
   *
   * @param minSize the smallest size, at least 0
   * @param maxSize the largest size, at least minSize
   * @param window the timestamps' window, not null
   * @return the generator, never null
   */
  public static Gen<List<UsageEvent>> distinctEvents(int minSize, int maxSize, BillingPeriod window) {
    return SourceDSL.integers().between(minSize, maxSize).flatMap(n -> in -> {
      List<UsageEvent> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(event("evt-" + i, window).generate(in));
      }
      return out;
    });
  }

  /**
   * A random permutation of a list (deterministic in the generated seed).
   *
   * @param <T> the element type
   * @param list the list, not null
   * @return a generator of shuffled copies, never null
   */
  public static <T> Gen<List<T>> shuffled(List<T> list) {
    return SourceDSL.longs().all().map(seed -> {
      List<T> copy = new ArrayList<>(list);
      Collections.shuffle(copy, new Random(seed));
      return copy;
    });
  }

  /**
   * Meters over the generated events: any aggregation (value property {@code units}, or
   * {@code user} for unique_count), sometimes a filter on {@code status}, sometimes a group-by
   * on {@code country} and/or {@code channel}.
   *
   * @param code the meter code, not blank
   * @return the generator, never null
   */
  public static Gen<Meter> meters(String code) {
    return Generate.enumValues(Aggregation.class)
        .zip(Generate.pick(List.of(API_CALL, STORAGE)), SourceDSL.integers().between(0, 2),
            SourceDSL.integers().between(0, 3), (aggregation, type, filter, group) -> {
              String value = aggregation == Aggregation.COUNT ? null
                  : aggregation == Aggregation.UNIQUE_COUNT ? "user" : "units";
              Map<String, Set<String>> filters = filter == 0 ? Map.of()
                  : filter == 1 ? Map.of("status", Set.of("delivered")) : Map.of("country", Set.of("IN", "US"));
              List<String> groupBy = group == 0 ? List.of() : group == 1 ? List.of("country")
                  : group == 2 ? List.of("channel") : List.of("country", "channel");
              return Meter.of(code, type, aggregation, value, filters, groupBy);
            });
  }
}

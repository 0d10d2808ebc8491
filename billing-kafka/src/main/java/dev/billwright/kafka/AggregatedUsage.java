package dev.billwright.kafka;

import dev.billwright.rating.UsageKey;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A reader's view of the aggregated-usage topic: it keeps the latest partial per (aggregate key,
 * partition) record key, as compaction does, and merges the partitions' partials per aggregate
 * key. Records may arrive in any order across partitions and more than once: a later value of
 * the same record key replaces the earlier one.
 *
 * <p>Not thread-safe.
 */
public final class AggregatedUsage {
  private final Map<String, byte[]> latest = new TreeMap<>();

  private AggregatedUsage() {}

  /**
   * An empty view.
   *
   * @return a new view, never null
   */
  public static AggregatedUsage of() {
    return new AggregatedUsage();
  }

  /**
   * Takes one record of the aggregated topic.
   *
   * @param key the record key, {@code AGGREGATE_KEY@PARTITION}, not null
   * @param value the partial ({@link MeteringSerdes#partials()}), or null for a tombstone
   * @throws IllegalArgumentException if the key has no {@code @PARTITION} suffix
   */
  public void accept(String key, byte[] value) {
    if (key.lastIndexOf('@') < 0) {
      throw new IllegalArgumentException("aggregated record key must be KEY@PARTITION, got " + key);
    }
    if (value == null) {
      latest.remove(key);
    } else {
      latest.put(key, value);
    }
  }

  /**
   * Merges the latest partial of every partition per aggregate key.
   *
   * @return aggregate key → merged partial, never null
   */
  public Map<Map.Entry<UsageKey, Map<String, String>>, AggregatePartial> partials() {
    Map<String, AggregatePartial> merged = new TreeMap<>();
    latest.forEach((k, v) -> merged.merge(k.substring(0, k.lastIndexOf('@')), MeteringSerdes.readPartial(v, k),
        AggregatePartial::merge));
    Map<Map.Entry<UsageKey, Map<String, String>>, AggregatePartial> out = new LinkedHashMap<>();
    merged.forEach((k, v) -> out.put(MeteringSerdes.decodeKey(k), v));
    return out;
  }

  /**
   * The quantities: key → group → quantity, for the keys whose partials counted an event.
   *
   * @return a new map, never null
   */
  public Map<UsageKey, Map<Map<String, String>, BigDecimal>> quantities() {
    Map<UsageKey, Map<Map<String, String>, BigDecimal>> q = new LinkedHashMap<>();
    partials().forEach((k, p) -> p.accumulator().ifPresent(a ->
        q.computeIfAbsent(k.getKey(), x -> new LinkedHashMap<>()).put(k.getValue(), a.result())));
    return q;
  }
}

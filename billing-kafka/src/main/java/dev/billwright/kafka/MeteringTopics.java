package dev.billwright.kafka;

import java.util.Objects;

/**
 * The topics of the metering topology.
 *
 * @param events the usage events read (key: event id; value: the event's NDJSON form), not blank
 * @param rejected where events that fail validation go, and conflicting copies of an id, with the
 *     original key and value bytes and the reason in header {@value MeteringTopology#REASON_HEADER},
 *     not blank
 * @param late where events of already-invoiced windows go ({@link MeteringSerdes#lateEvents()}),
 *     not blank
 * @param aggregated where each input partition's partial per aggregate key goes (key: the
 *     aggregate key and the partition, {@code KEY@PARTITION}; value: {@link MeteringSerdes#partials()});
 *     a compacted topic whose latest values, merged per aggregate key, are the aggregates; not blank
 */
public record MeteringTopics(String events, String rejected, String late, String aggregated) {
  /**
   * Checks the names.
   *
   * @param events see the record component
   * @param rejected see the record component
   * @param late see the record component
   * @param aggregated see the record component
   * @throws IllegalArgumentException if a name is blank or two are equal
   */
  public MeteringTopics {
    for (String[] t : new String[][] {{"events", events}, {"rejected", rejected}, {"late", late},
        {"aggregated", aggregated}}) {
      if (t[1] == null || t[1].isBlank()) {
        throw new IllegalArgumentException("topics." + t[0] + " must be a topic name, got " + t[1]);
      }
    }
    if (java.util.Set.of(events, rejected, late, aggregated).size() != 4) {
      throw new IllegalArgumentException("the four topics must differ, got " + events + ", " + rejected + ", " + late
          + ", " + aggregated);
    }
  }

  /**
   * The topics {@code PREFIX.usage-events}, {@code PREFIX.rejected}, {@code PREFIX.late-events} and
   * {@code PREFIX.aggregated-usage}.
   *
   * @param prefix the prefix, not blank
   * @return the topics, never null
   */
  public static MeteringTopics withPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return new MeteringTopics(prefix + ".usage-events", prefix + ".rejected", prefix + ".late-events",
        prefix + ".aggregated-usage");
  }
}

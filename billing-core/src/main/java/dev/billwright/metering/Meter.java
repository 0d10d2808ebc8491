package dev.billwright.metering;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.time.TimeBucket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A meter (a billable metric): which events count and how they aggregate into a quantity.
 *
 * <p>An event matches when its event type equals {@link #eventType()} and, for every filter
 * property, the event carries that property with one of the listed values (exact string
 * comparison; a missing property does not match). Matching events are grouped by the values of
 * the {@link #groupBy()} properties (one aggregate per combination, e.g. per country × channel);
 * a group-by property the event does not carry is left out of that event's group key. Field
 * names and meanings follow plan-format.md ("Meter"); filters and group-by as in Lago's charge
 * filters and OpenMeter's group-by.
 *
 * <p>Immutable and thread-safe.
 */
public final class Meter {
  /** The meter code. */
  private final String code;
  /** The event type counted. */
  private final String eventType;
  /** The aggregation. */
  private final Aggregation aggregation;
  /** The value property, or null for count. */
  private final String valueProperty;
  /** Filters: property → accepted values, unmodifiable, insertion order. */
  private final Map<String, Set<String>> filters;
  /** Group-by properties, unmodifiable. */
  private final List<String> groupBy;

  /** The time bucket the aggregation runs per (plan format 1.1), or null. */
  private final TimeBucket bucket;
  /** How a weighted_sum integral is normalized (plan format 1.1), or null. */
  private final WeightedSumNormalization normalize;

  private Meter(String code, String eventType, Aggregation aggregation, String valueProperty,
      Map<String, Set<String>> filters, List<String> groupBy, TimeBucket bucket, WeightedSumNormalization normalize) {
    this.code = code;
    this.eventType = eventType;
    this.aggregation = aggregation;
    this.valueProperty = valueProperty;
    this.filters = filters;
    this.groupBy = groupBy;
    this.bucket = bucket;
    this.normalize = normalize;
  }

  /**
   * Obtains a meter.
   *
   * @param code the meter code, not blank
   * @param eventType the event type it counts, not blank
   * @param aggregation the aggregation, not null
   * @param valueProperty the property aggregated, required (not blank) for every aggregation but
   *     count; may be null for count (and is ignored by count if given)
   * @param filters property → accepted values, not null (may be empty); each set non-empty with
   *     non-null values; copied
   * @param groupBy the group-by properties, not null (may be empty), no blanks or repeats; copied
   * @return the meter, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DEFINITION} naming the field when a
   *     value is missing or invalid
   */
  public static Meter of(String code, String eventType, Aggregation aggregation, @Nullable String valueProperty,
      Map<String, ? extends Set<String>> filters, List<String> groupBy) {
    String where = "meter " + code;
    requireText(where, "code", code);
    requireText(where, "event_type", eventType);
    if (aggregation == null) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, where + ": aggregation", null,
          "one of count, sum, min, max, avg, latest, unique_count, weighted_sum");
    }
    if (aggregation.needsValueProperty()) {
      requireText(where, "value_property", valueProperty);
    } else if (valueProperty != null && valueProperty.isBlank()) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, where + ": value_property", valueProperty,
          "null or a property name");
    }
    if (filters == null) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, where + ": filters", null, "an object (may be empty)");
    }
    Map<String, Set<String>> f = new LinkedHashMap<>();
    for (Map.Entry<String, ? extends Set<String>> e : filters.entrySet()) {
      requireText(where, "filters key", e.getKey());
      if (e.getValue() == null || e.getValue().isEmpty()
          || e.getValue().stream().anyMatch(Objects::isNull)) {
        throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, where + ": filters." + e.getKey(), e.getValue(),
            "a non-empty list of values");
      }
      f.put(e.getKey(), Collections.unmodifiableSet(new LinkedHashSet<>(e.getValue())));
    }
    if (groupBy == null) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, where + ": group_by", null, "a list (may be empty)");
    }
    Set<String> seen = new HashSet<>();
    for (String g : groupBy) {
      requireText(where, "group_by", g);
      if (!seen.add(g)) {
        throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, where + ": group_by", groupBy,
            "distinct property names ('" + g + "' repeats)");
      }
    }
    return new Meter(code, eventType, aggregation, valueProperty, Collections.unmodifiableMap(f),
        List.copyOf(groupBy), null, null);
  }

  /**
   * Obtains a meter without filters or group-by.
   *
   * @param code the meter code, not blank
   * @param eventType the event type, not blank
   * @param aggregation the aggregation, not null
   * @param valueProperty the value property, required except for count
   * @return the meter, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DEFINITION} as for {@link #of(String,
   *     String, Aggregation, String, Map, List)}
   */
  public static Meter of(String code, String eventType, Aggregation aggregation, String valueProperty) {
    return of(code, eventType, aggregation, valueProperty, Map.of(), List.of());
  }

  private static void requireText(String where, String field, String value) {
    if (value == null || value.isBlank()) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, where + ": " + field, value, "a non-blank string");
    }
  }

  /**
   * Returns the meter code.
   *
   * @return the code, never blank
   */
  public String code() {
    return code;
  }

  /**
   * Returns the event type counted.
   *
   * @return the event type, never blank
   */
  public String eventType() {
    return eventType;
  }

  /**
   * Returns the aggregation.
   *
   * @return the aggregation, never null
   */
  public Aggregation aggregation() {
    return aggregation;
  }

  /**
   * Returns the value property.
   *
   * @return the property name; empty only for count
   */
  public Optional<String> valueProperty() {
    return Optional.ofNullable(valueProperty);
  }

  /**
   * Returns the filters.
   *
   * @return property → accepted values, unmodifiable, never null
   */
  public Map<String, Set<String>> filters() {
    return filters;
  }

  /**
   * Returns the group-by properties.
   *
   * @return the property names in order, unmodifiable, never null
   */
  public List<String> groupBy() {
    return groupBy;
  }

  /**
   * Returns a copy with other filters.
   *
   * @param newFilters property → accepted values, not null
   * @return the meter, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DEFINITION} if the filters are invalid
   */
  public Meter withFilters(Map<String, ? extends Set<String>> newFilters) {
    return of(code, eventType, aggregation, valueProperty, newFilters, groupBy).with(bucket, normalize);
  }

  /**
   * Returns a copy with other group-by properties.
   *
   * @param newGroupBy the property names, not null
   * @return the meter, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DEFINITION} if they are invalid
   */
  public Meter withGroupBy(List<String> newGroupBy) {
    return of(code, eventType, aggregation, valueProperty, filters, newGroupBy).with(bucket, normalize);
  }

  /**
   * Returns a copy whose aggregation runs per time bucket (plan format 1.1, {@code bucket}): the
   * events of a period are aggregated per bucket (aligned to the period start in its zone, see
   * {@link TimeBucket}) and the period's quantity is the sum of the bucket values: with
   * {@code max} and {@code PT1H}, the sum of the hourly maxima, as OpenMeter's windowed meters
   * and Flexprice's bucketed max ({@code bucket_size}) compute it.
   *
   * @param newBucket the bucket size, or null for none
   * @return the meter, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DEFINITION} for a weighted_sum meter
   *     (its integral needs the level at each bucket's start, which a bucket does not carry)
   */
  public Meter withBucket(@Nullable TimeBucket newBucket) {
    return with(newBucket, normalize);
  }

  /**
   * Returns a copy that normalizes its weighted_sum integral (plan format 1.1, {@code normalize};
   * see {@link WeightedSumNormalization}).
   *
   * @param newNormalize the normalization, or null for none (value-seconds)
   * @return the meter, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DEFINITION} if the meter's
   *     aggregation is not weighted_sum
   */
  public Meter withNormalize(@Nullable WeightedSumNormalization newNormalize) {
    return with(bucket, newNormalize);
  }

  private Meter with(TimeBucket newBucket, WeightedSumNormalization newNormalize) {
    String where = "meter " + code;
    if (newBucket != null && aggregation == Aggregation.WEIGHTED_SUM) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, where + ": bucket", newBucket.toString(),
          "no bucket on a weighted_sum meter: its time integral already spans the period (use normalize)");
    }
    if (newNormalize != null && aggregation != Aggregation.WEIGHTED_SUM) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, where + ": normalize",
          newNormalize.perPeriod() ? "period" : "divide_by " + newNormalize.divideBy().toPlainString(),
          "no normalize on a " + JsonNames.of(aggregation) + " meter: only weighted_sum has a time integral");
    }
    return new Meter(code, eventType, aggregation, valueProperty, filters, groupBy, newBucket, newNormalize);
  }

  /**
   * The time bucket the aggregation runs per.
   *
   * @return the bucket size, empty when the period is aggregated as a whole
   */
  public Optional<TimeBucket> bucket() {
    return Optional.ofNullable(bucket);
  }

  /**
   * How a weighted_sum meter normalizes its integral.
   *
   * @return the normalization, empty for value-seconds
   */
  public Optional<WeightedSumNormalization> normalize() {
    return Optional.ofNullable(normalize);
  }

  /** The lower-case JSON name of an aggregation, for messages. */
  private static final class JsonNames {
    static String of(Aggregation a) {
      return a.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Returns whether an event counts for this meter: same event type and every filter satisfied.
   *
   * @param event the event, not null
   * @return true if it matches
   */
  public boolean matches(UsageEvent event) {
    if (!eventType.equals(event.eventType())) {
      return false;
    }
    for (Map.Entry<String, Set<String>> f : filters.entrySet()) {
      String v = event.property(f.getKey());
      if (v == null || !f.getValue().contains(v)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the group an event falls into: group-by property → the event's value, in group-by
   * order, leaving out the properties the event does not carry.
   *
   * @param event the event, not null
   * @return the unmodifiable group key, empty when the meter has no group-by
   */
  public Map<String, String> groupKey(UsageEvent event) {
    if (groupBy.isEmpty()) {
      return Map.of();
    }
    Map<String, String> key = new LinkedHashMap<>();
    for (String g : groupBy) {
      String v = event.property(g);
      if (v != null) {
        key.put(g, v);
      }
    }
    return Collections.unmodifiableMap(key);
  }

  @Override
  public boolean equals(Object obj) {
    if (this == obj) {
      return true;
    }
    if (!(obj instanceof Meter)) {
      return false;
    }
    Meter o = (Meter) obj;
    return code.equals(o.code) && eventType.equals(o.eventType) && aggregation == o.aggregation
        && Objects.equals(valueProperty, o.valueProperty) && filters.equals(o.filters) && groupBy.equals(o.groupBy)
        && Objects.equals(bucket, o.bucket) && Objects.equals(normalize, o.normalize);
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, eventType, aggregation, valueProperty, filters, groupBy, bucket, normalize);
  }

  @Override
  public String toString() {
    return "Meter{code=" + code + ", event_type=" + eventType + ", aggregation=" + aggregation
        + (valueProperty == null ? "" : ", value_property=" + valueProperty)
        + (filters.isEmpty() ? "" : ", filters=" + filters)
        + (groupBy.isEmpty() ? "" : ", group_by=" + new ArrayList<>(groupBy))
        + (bucket == null ? "" : ", bucket=" + bucket) + (normalize == null ? "" : ", normalize=" + normalize) + "}";
  }
}

package dev.billwright.metering;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * A cache of one meter's group keys ({@link Meter#groupKey}) for one thread: an event whose
 * group-by values were seen before gets the very same key object back, so no map is built per
 * event and map lookups keyed by it succeed on identity. At most {@value #LIMIT} keys are kept;
 * beyond that keys are built as {@link Meter#groupKey} builds them. Values are compared by
 * equality (identity first), so the key returned is always equal to {@code meter.groupKey(event)}.
 *
 * <p>Not thread-safe: one per thread (an aggregation run owns its caches).
 */
public final class GroupKeys {
  private static final int LIMIT = 1 << 12;

  private final Meter meter;
  private final String[] names;
  private final String[] scratch;
  private String[][] values = new String[64][];
  private Map<String, String>[] keys = newArray(64);
  private int size;

  /**
   * Creates an empty cache.
   *
   * @param meter the meter whose keys it holds, not null
   */
  public GroupKeys(Meter meter) {
    this.meter = Objects.requireNonNull(meter, "meter");
    this.names = meter.groupBy().toArray(new String[0]);
    this.scratch = new String[names.length];
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Map<String, String>[] newArray(int n) {
    return new Map[n];
  }

  /**
   * Returns the group an event falls into, equal to {@code meter.groupKey(event)}.
   *
   * @param event the event, not null
   * @return the unmodifiable group key, empty when the meter has no group-by
   */
  public Map<String, String> of(UsageEvent event) {
    if (names.length == 0) {
      return Map.of();
    }
    int h = 1;
    for (int i = 0; i < names.length; i++) {
      String v = event.property(names[i]);
      scratch[i] = v;
      h = 31 * h + (v == null ? 0 : v.hashCode());
    }
    int mask = values.length - 1;
    int i = (h ^ (h >>> 16)) & mask;
    while (true) {
      String[] vs = values[i];
      if (vs == null) {
        break;
      }
      if (same(vs)) {
        return keys[i];
      }
      i = (i + 1) & mask;
    }
    Map<String, String> key = meter.groupKey(event);
    if (size < LIMIT) {
      values[i] = scratch.clone();
      keys[i] = key;
      if (++size * 2 > values.length) {
        grow();
      }
    }
    return key;
  }

  private boolean same(String[] vs) {
    for (int k = 0; k < vs.length; k++) {
      String a = vs[k];
      String b = scratch[k];
      if (a != b && (a == null || !a.equals(b))) {
        return false;
      }
    }
    return true;
  }

  private void grow() {
    String[][] oldValues = values;
    Map<String, String>[] oldKeys = keys;
    values = new String[oldValues.length * 2][];
    keys = newArray(oldValues.length * 2);
    int mask = values.length - 1;
    for (int j = 0; j < oldValues.length; j++) {
      if (oldValues[j] != null) {
        int h = 1;
        for (String v : oldValues[j]) {
          h = 31 * h + (v == null ? 0 : v.hashCode());
        }
        int i = (h ^ (h >>> 16)) & mask;
        while (values[i] != null) {
          i = (i + 1) & mask;
        }
        values[i] = oldValues[j];
        keys[i] = oldKeys[j];
      }
    }
  }

  @Override
  public String toString() {
    return "GroupKeys{meter=" + meter.code() + ", keys=" + size + ", group_by=" + Arrays.toString(names) + "}";
  }
}

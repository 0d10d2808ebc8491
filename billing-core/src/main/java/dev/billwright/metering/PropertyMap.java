package dev.billwright.metering;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The properties of a {@link UsageEvent}: an immutable map held in one array of names and
 * values sorted by name (iteration is in name order), so an event costs one small array and no
 * entry objects. Lookups compare by identity first (names read from a file are interned), then
 * by equality; a binary search above {@value #LINEAR} entries. Equal to any {@link Map} with the
 * same entries, with the {@link Map#hashCode()} of the contract.
 */
final class PropertyMap extends AbstractMap<String, String> {
  /** Up to this many entries a lookup scans; beyond, it searches. */
  private static final int LINEAR = 8;

  static final PropertyMap EMPTY = new PropertyMap(new String[0]);

  /** name, value, name, value... sorted by name, names distinct. */
  private final String[] kv;
  /** The properties as the fingerprint encodes them, made when first asked for (maps are shared between events). */
  private volatile byte[] encoding;

  private PropertyMap(String[] kv) {
    this.kv = kv;
  }

  /**
   * Copies a map (names and values not null, checked by the caller).
   *
   * @param m the map
   * @return the property map
   */
  static PropertyMap copyOf(Map<String, String> m) {
    if (m instanceof PropertyMap p) {
      return p;
    }
    if (m.isEmpty()) {
      return EMPTY;
    }
    String[] kv = new String[2 * m.size()];
    int i = 0;
    for (Map.Entry<String, String> e : m.entrySet()) {
      kv[i++] = e.getKey();
      kv[i++] = e.getValue();
    }
    sort(kv, kv.length);
    return new PropertyMap(kv);
  }

  /**
   * Takes the first {@code count} slots of an array of distinct names and values.
   *
   * @param pairs name, value, name, value...; not changed
   * @param count the number of slots used (twice the number of properties)
   * @return the property map
   */
  static PropertyMap of(String[] pairs, int count) {
    if (count == 0) {
      return EMPTY;
    }
    String[] kv = Arrays.copyOf(pairs, count);
    sort(kv, count);
    return new PropertyMap(kv);
  }

  /** Insertion sort of the pairs by name (events carry a handful of properties). */
  private static void sort(String[] kv, int count) {
    if (count > 2 * 32) {
      String[][] pairs = new String[count / 2][];
      for (int i = 0; i < pairs.length; i++) {
        pairs[i] = new String[] {kv[2 * i], kv[2 * i + 1]};
      }
      Arrays.sort(pairs, (a, b) -> a[0].compareTo(b[0]));
      for (int i = 0; i < pairs.length; i++) {
        kv[2 * i] = pairs[i][0];
        kv[2 * i + 1] = pairs[i][1];
      }
      return;
    }
    for (int i = 2; i < count; i += 2) {
      String k = kv[i];
      String v = kv[i + 1];
      int j = i - 2;
      while (j >= 0 && kv[j].compareTo(k) > 0) {
        kv[j + 2] = kv[j];
        kv[j + 3] = kv[j + 1];
        j -= 2;
      }
      kv[j + 2] = k;
      kv[j + 3] = v;
    }
  }

  /** The number of properties. */
  @Override
  public int size() {
    return kv.length / 2;
  }

  /** The name at an index in name order. */
  /**
   * The properties as {@link UsageEvent#fingerprint()} encodes them: the count as a
   * little-endian int, then each name and value by name order, length-prefixed
   * ({@code UsageEvent.Encoder}). Made once per map; the array is not to be changed.
   */
  byte[] encoding() {
    byte[] e = encoding;
    if (e == null) {
      UsageEvent.Encoder enc = new UsageEvent.Encoder();
      int n = size();
      enc.putInt(n);
      for (int i = 0; i < n; i++) {
        enc.string(nameAt(i));
        enc.string(valueAt(i));
      }
      e = enc.toBytes();
      encoding = e;
    }
    return e;
  }

  String nameAt(int i) {
    return kv[2 * i];
  }

  /** The value at an index in name order. */
  String valueAt(int i) {
    return kv[2 * i + 1];
  }

  @Override
  public String get(Object key) {
    int n = kv.length;
    if (n <= 2 * LINEAR) {
      for (int i = 0; i < n; i += 2) {
        if (kv[i] == key) {
          return kv[i + 1];
        }
      }
      for (int i = 0; i < n; i += 2) {
        if (kv[i].equals(key)) {
          return kv[i + 1];
        }
      }
      return null;
    }
    if (!(key instanceof String s)) {
      return null;
    }
    int lo = 0;
    int hi = n / 2 - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = kv[2 * mid].compareTo(s);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return kv[2 * mid + 1];
      }
    }
    return null;
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  @Override
  public Set<Map.Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int i;

          @Override
          public boolean hasNext() {
            return i < kv.length;
          }

          @Override
          public Map.Entry<String, String> next() {
            if (i >= kv.length) {
              throw new NoSuchElementException();
            }
            Map.Entry<String, String> e = new AbstractMap.SimpleImmutableEntry<>(kv[i], kv[i + 1]);
            i += 2;
            return e;
          }
        };
      }

      @Override
      public int size() {
        return kv.length / 2;
      }
    };
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (int i = 0; i < kv.length; i += 2) {
      h += kv[i].hashCode() ^ kv[i + 1].hashCode();
    }
    return h;
  }
}

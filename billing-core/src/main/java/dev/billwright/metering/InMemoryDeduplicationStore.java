package dev.billwright.metering;


/**
 * An in-process {@link DeduplicationStore} that holds tens of millions of ids compactly.
 *
 * <p><b>What it stores, honestly:</b> not the ids but a 64-bit hash of (scope, id) (FarmHash
 * Fingerprint64 of a length-prefixed UTF-8 encoding) plus the 64-bit content fingerprint, in
 * open-addressing tables of primitive {@code long}s (key and fingerprint side by side) split into 64 independently locked segments.
 * That is 16 bytes per slot with at most 75 % of slots used, so between about 21 and 43 bytes per
 * id (about 0.4 to 0.9 GB for 20 million ids), with no object per id.
 *
 * <p><b>Collision probability:</b> two different ids share a hash with probability about
 * n<sup>2</sup>/2<sup>65</sup> for n ids: about 3 × 10<sup>-6</sup> for 10 million ids and
 * 3 × 10<sup>-4</sup> for 100 million. A collision makes a genuinely new event look like a
 * duplicate or a conflict (it is then reported as a conflict or counted as a duplicate, never
 * double-counted). Hosts that need exactness store the ids themselves behind
 * {@link DeduplicationStore} (a unique index). A different content behind the same id goes
 * unnoticed only if the two fingerprints collide (about 2<sup>-64</sup>).
 *
 * <p>Thread-safe. State lives as long as the instance: keep one per dedup window (Metronome
 * deduplicates over 34 days, Lotus over 45; this store never forgets on its own).
 */
public final class InMemoryDeduplicationStore implements DeduplicationStore {
  private static final int SEGMENT_BITS = 6;
  private static final int SEGMENTS = 1 << SEGMENT_BITS;

  private final Segment[] segments = new Segment[SEGMENTS];

  /** Creates an empty store with a small initial capacity; it grows as ids arrive. */
  public InMemoryDeduplicationStore() {
    this(1024);
  }

  /**
   * Creates an empty store sized for an expected number of ids (avoids rehashing while growing).
   *
   * @param expectedIds the expected number of ids, at least 0; the store grows beyond it if needed
   * @throws IllegalArgumentException if expectedIds is negative
   */
  public InMemoryDeduplicationStore(long expectedIds) {
    if (expectedIds < 0) {
      throw new IllegalArgumentException("expectedIds must be >= 0, got " + expectedIds);
    }
    long perSegment = expectedIds / SEGMENTS + 1;
    int capacity = 16;
    while (capacity * 3L / 4 < perSegment && capacity < (1 << 30)) {
      capacity <<= 1;
    }
    for (int i = 0; i < SEGMENTS; i++) {
      segments[i] = new Segment(capacity);
    }
  }

  /** Set once {@link #prefetch} is used: {@link #firstSeen} then looks for the key hash computed ahead. */
  private boolean ahead;

  @Override
  public DedupOutcome firstSeen(String scope, String eventId, long fingerprint) {
    long key = ahead ? AHEAD.get().take(scope, eventId) : 0;
    if (key == 0) {
      key = keyHash(scope, eventId);
    }
    Segment segment = segments[(int) (key >>> (64 - SEGMENT_BITS))];
    synchronized (segment) {
      return segment.putIfAbsent(key, fingerprint);
    }
  }

  /**
   * Returns the number of distinct (scope, id) pairs recorded.
   *
   * @return the count, at least 0
   */
  public long size() {
    long n = 0;
    for (Segment s : segments) {
      synchronized (s) {
        n += s.size;
      }
    }
    return n;
  }

  /**
   * Returns the bytes held by the hash tables (the two {@code long} arrays of every segment).
   *
   * @return the table memory in bytes
   */
  public long tableBytes() {
    long n = 0;
    for (Segment s : segments) {
      synchronized (s) {
        n += 8L * s.slots.length;
      }
    }
    return n;
  }

  /**
   * A hint that {@link #firstSeen} will soon be asked, on this thread and in this order, about
   * each of these events' ids in a scope: computes their key hashes (remembered for the
   * {@code firstSeen} calls that follow) and then reads their slots of the table one after the
   * other, so that the processor waits for the memory of all of them at once instead of for each
   * in turn (a reader hints a batch of events before handing them on, as
   * {@link ParallelNdjsonReader} does). It changes no state: {@code firstSeen} answers the same
   * with or without it, and a hint never followed by {@code firstSeen} costs only its time.
   *
   * @param scope the dedup scope the events will be asked about in, not null
   * @param events the events, not null; the first {@code count} are read, not kept
   * @param count how many, from 0 to {@code events.length}
   */
  public void prefetch(DedupScope scope, UsageEvent[] events, int count) {
    Ahead a = AHEAD.get();
    long[] keys = a.batch(count);
    for (int i = 0; i < count; i++) {
      UsageEvent e = events[i];
      String s = scope.scopeOf(e);
      long key = keyHash(s, e.id());
      keys[i] = key;
      a.put(s, e.id(), key);
    }
    long touched = 0;
    for (int i = 0; i < count; i++) {
      long key = keys[i];
      // read without the lock, only to bring the memory in: any version of the table will do
      long[] t = segments[(int) (key >>> (64 - SEGMENT_BITS))].slots;
      touched += t[2 * (Segment.mix(key) & (t.length / 2 - 1))];
    }
    a.sink += touched;
    if (!ahead) {
      ahead = true;
    }
  }

  /** Per thread: the key hashes {@link #prefetch} computed, in order, for the {@link #firstSeen} calls that follow. */
  private static final ThreadLocal<Ahead> AHEAD = ThreadLocal.withInitial(Ahead::new);

  /**
   * A ring of the last {@link #RING} (scope, id, key hash) hinted on one thread. The key hash is
   * a function of scope and id alone, so the ring serves any store.
   */
  private static final class Ahead {
    private static final int RING = 128;
    private final String[] scopes = new String[RING];
    private final String[] ids = new String[RING];
    private final long[] keys = new long[RING];
    private int put;
    private int take;
    /** The slots touched, summed so that the reads are kept. */
    long sink;
    private long[] batch = new long[16];

    /** A scratch array for at least n key hashes. */
    long[] batch(int n) {
      if (batch.length < n) {
        batch = new long[n];
      }
      return batch;
    }

    void put(String scope, String id, long key) {
      int j = put++ & (RING - 1);
      scopes[j] = scope;
      ids[j] = id;
      keys[j] = key;
    }

    /** The key hash hinted for (scope, id) (the same id object), or 0 if none is left in the ring. */
    long take(String scope, String id) {
      for (int k = 0; k < RING; k++) {
        int j = (take + k) & (RING - 1);
        if (ids[j] == id && scopes[j].equals(scope)) {
          ids[j] = null;
          scopes[j] = null;
          take = take + k + 1;
          return keys[j];
        }
      }
      return 0;
    }
  }

  static long keyHash(String scope, String eventId) {
    // the bytes a Guava Hasher would be given by putInt(length).putBytes(exactUtf8(...)) for each,
    // hashed in one call: lossless bytes, so ids differing only in a lone surrogate are different ids
    UsageEvent.Encoder enc = UsageEvent.ENCODER.get();
    enc.reset();
    enc.string(scope);
    enc.string(eventId);
    long k = enc.farmHash();
    return k == 0 ? 1 : k; // 0 marks an empty slot
  }

  /**
   * One open-addressing table with linear probing; guarded by its own monitor. A slot is two
   * adjacent {@code long}s, the key hash and the fingerprint, so a probe touches one cache line.
   */
  private static final class Segment {
    /** key, fingerprint, key, fingerprint...; key 0 marks an empty slot. */
    long[] slots;
    int size;

    Segment(int capacity) {
      slots = new long[2 * capacity];
    }

    int capacity() {
      return slots.length / 2;
    }

    DedupOutcome putIfAbsent(long key, long fingerprint) {
      long[] t = slots;
      int mask = t.length / 2 - 1;
      int i = mix(key) & mask;
      while (true) {
        long k = t[2 * i];
        if (k == 0) {
          t[2 * i] = key;
          t[2 * i + 1] = fingerprint;
          size++;
          if (size * 4L > (t.length / 2) * 3L) {
            grow();
          }
          return DedupOutcome.NEW;
        }
        if (k == key) {
          return t[2 * i + 1] == fingerprint ? DedupOutcome.DUPLICATE : DedupOutcome.CONFLICT;
        }
        i = (i + 1) & mask;
      }
    }

    private void grow() {
      long[] old = slots;
      long[] t = new long[old.length * 2];
      int mask = t.length / 2 - 1;
      for (int j = 0; j < old.length; j += 2) {
        long k = old[j];
        if (k != 0) {
          int i = mix(k) & mask;
          while (t[2 * i] != 0) {
            i = (i + 1) & mask;
          }
          t[2 * i] = k;
          t[2 * i + 1] = old[j + 1];
        }
      }
      slots = t;
    }

    static int mix(long key) {
      // The top bits chose the segment; take the slot from the low bits, mixed.
      long x = key * 0x9E3779B97F4A7C15L;
      return (int) (x ^ (x >>> 32));
    }
  }
}

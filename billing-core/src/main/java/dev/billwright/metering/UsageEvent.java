package dev.billwright.metering;

import com.google.common.hash.Hashing;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One usage event: something a customer did that a {@link Meter} may count.
 *
 * <p>The {@linkplain #id() id} is the idempotency key: two events with the same id (in the
 * deduplication scope, see {@link DedupScope}) are the same event, counted once. The
 * {@linkplain #fingerprint() fingerprint} hashes everything else (customer, subscription, event
 * type, timestamp, properties) so that a second copy with different content is reported as a
 * conflict instead of being silently merged.
 *
 * <p>Properties are kept as strings, exactly as written ({@code "units": "1.50"}); a JSON number
 * is stored as its plain decimal text. A meter that sums, averages or compares a property parses
 * it with {@link dev.billwright.money.Decimals#parse} when it aggregates; unique_count compares
 * the strings as written ({@code "1"} and {@code "1.0"} are two values). This keeps events cheap
 * to read and lets one property be both a dimension and a value. Field names follow
 * plan-format.md ("Usage event").
 *
 * <p>Immutable and thread-safe; equality is by every field.
 */
public final class UsageEvent {
  /**
   * The earliest timestamp accepted, {@code 0000-01-01T00:00:00Z}: the first instant with a
   * four-digit year (RFC 3339 section 5.6, {@code date-fullyear = 4DIGIT}).
   */
  public static final Instant MIN_TIMESTAMP = Instant.parse("0000-01-01T00:00:00Z");
  /**
   * The latest timestamp accepted, {@code 9999-12-31T23:59:59.999999999Z}: the last instant with a
   * four-digit year (RFC 3339 section 5.6). Within these bounds every period computation in any
   * zone (offsets up to 18 hours) stays inside {@code java.time}'s range.
   */
  public static final Instant MAX_TIMESTAMP = Instant.parse("9999-12-31T23:59:59.999999999Z");
  /**
   * The most properties one event may carry: a bound on the work and memory of one event, in
   * the manner of Jackson's {@code StreamReadConstraints}.
   */
  public static final int MAX_PROPERTIES = 1000;

  /** The idempotency key. */
  private final String id;
  /** The customer key. */
  private final String customer;
  /** The subscription key, or null. */
  private final String subscription;
  /** The event type, matched by {@link Meter#eventType()}. */
  private final String eventType;
  /** When the usage happened. */
  private final Instant timestamp;
  /** The properties, unmodifiable, in name order. */
  private final PropertyMap properties;
  /** The content hash, see {@link #fingerprint()}. */
  private final long fingerprint;

  private UsageEvent(String id, String customer, String subscription, String eventType, Instant timestamp,
      PropertyMap properties) {
    this.id = id;
    this.customer = customer;
    this.subscription = subscription;
    this.eventType = eventType;
    this.timestamp = timestamp;
    this.properties = properties;
    this.fingerprint = computeFingerprint();
  }

  /**
   * Obtains an event.
   *
   * @param id the idempotency key, not blank
   * @param customer the customer key, not blank
   * @param subscription the subscription key, or null (or empty) when the event names none
   * @param eventType the event type, such as {@code otp.sent}, not blank
   * @param timestamp when the usage happened, not null, from {@link #MIN_TIMESTAMP} to
   *     {@link #MAX_TIMESTAMP} inclusive (UTC years 0000 to 9999)
   * @param properties the properties, not null, at most {@link #MAX_PROPERTIES}; keys not blank,
   *     values not null (may be empty strings); copied
   * @return the event, never null
   * @throws BillingException with {@link ErrorCode#INVALID_EVENT} naming the field when a value
   *     is missing or blank, the timestamp is outside the bounds, or there are more than
   *     {@link #MAX_PROPERTIES} properties
   */
  public static UsageEvent of(String id, String customer, @Nullable String subscription, String eventType, Instant timestamp,
      Map<String, String> properties) {
    requireText("id", id, id);
    requireText("customer", customer, id);
    requireText("event_type", eventType, id);
    if (timestamp == null) {
      throw invalid(id, "timestamp", null, "an ISO-8601 instant");
    }
    if (timestamp.isBefore(MIN_TIMESTAMP) || timestamp.isAfter(MAX_TIMESTAMP)) {
      throw invalid(id, "timestamp", timestamp, TIMESTAMP_RANGE);
    }
    if (properties == null) {
      throw invalid(id, "properties", null, "an object of property values");
    }
    if (properties.size() > MAX_PROPERTIES) {
      throw invalid(id, "properties", properties.size() + " properties", "at most " + MAX_PROPERTIES);
    }
    for (Map.Entry<String, String> e : properties.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank()) {
        throw invalid(id, "properties", e.getKey(), "non-blank property names");
      }
      if (e.getValue() == null) {
        throw invalid(id, "properties." + e.getKey(), null, "a string or decimal value");
      }
    }
    String sub = subscription == null || subscription.isEmpty() ? null : subscription;
    return new UsageEvent(id, customer, sub, eventType, timestamp, PropertyMap.copyOf(properties));
  }

  /**
   * An event from values the caller has already checked as {@link #of} checks them (the NDJSON
   * fast path): id, customer and event type not blank, subscription null or not blank, the
   * timestamp within bounds, names distinct and not blank, at most {@link #MAX_PROPERTIES}.
   *
   * @param pairs property name, value, name, value...; copied
   * @param count the slots of {@code pairs} used
   */
  static UsageEvent trusted(String id, String customer, String subscription, String eventType, Instant timestamp,
      String[] pairs, int count) {
    return trusted(id, customer, subscription, eventType, timestamp, PropertyMap.of(pairs, count));
  }

  /**
   * As {@link #trusted(String, String, String, String, Instant, String[], int)} with the
   * properties already a map (immutable, so events may share it).
   */
  static UsageEvent trusted(String id, String customer, String subscription, String eventType, Instant timestamp,
      PropertyMap properties) {
    for (int i = 0, n = properties.size(); i < n; i++) {
      if (properties.nameAt(i).isBlank()) {
        throw invalid(id, "properties", properties.nameAt(i), "non-blank property names");
      }
    }
    return new UsageEvent(id, customer, subscription, eventType, timestamp, properties);
  }

  /** What a timestamp must be, for messages. */
  static final String TIMESTAMP_RANGE = "an instant from " + MIN_TIMESTAMP + " to " + MAX_TIMESTAMP
      + " (a four-digit year, RFC 3339)";

  private static void requireText(String field, String value, String id) {
    if (value == null || value.isBlank()) {
      throw invalid(id, field, value, "a non-blank string");
    }
  }

  private static BillingException invalid(String id, String field, Object value, String expected) {
    return BillingException.invalid(ErrorCode.INVALID_EVENT, "event " + id + ": " + field, value, expected);
  }

  /**
   * Returns the idempotency key.
   *
   * @return the id, never blank
   */
  public String id() {
    return id;
  }

  /**
   * Returns the customer key.
   *
   * @return the customer, never blank
   */
  public String customer() {
    return customer;
  }

  /**
   * Returns the subscription key, if the event names one.
   *
   * @return the subscription, empty when none
   */
  public Optional<String> subscription() {
    return Optional.ofNullable(subscription);
  }

  /**
   * Returns the event type.
   *
   * @return the event type, never blank
   */
  public String eventType() {
    return eventType;
  }

  /**
   * Returns when the usage happened.
   *
   * @return the instant, never null
   */
  public Instant timestamp() {
    return timestamp;
  }

  /**
   * Returns the properties.
   *
   * @return the unmodifiable properties, never null
   */
  public Map<String, String> properties() {
    return properties;
  }

  /**
   * Returns one property.
   *
   * @param name the property name
   * @return the value as written, or null when the event does not carry it
   */
  public @Nullable String property(String name) {
    return properties.get(name);
  }

  /**
   * Returns a 64-bit hash of the event's content: customer, subscription, event type, timestamp
   * (to the nanosecond) and properties (sorted by name, values as written), but not the id.
   * Stable across JVMs and releases (FarmHash Fingerprint64 of a length-prefixed UTF-8 encoding),
   * so a host may persist it. The encoding is lossless: a string that is not well-formed UTF-16
   * (a lone surrogate, which JSON can write as {@code "\\ud800"}) is encoded as generalized
   * UTF-8 (WTF-8: the surrogate's own three bytes, which valid UTF-8 never contains), never
   * replaced by {@code ?}; well-formed strings keep their UTF-8 bytes, so fingerprints persisted
   * before are unchanged. Two copies of an id with different content differ in fingerprint
   * except with probability about 2<sup>-64</sup>.
   *
   * @return the fingerprint
   */
  public long fingerprint() {
    return fingerprint;
  }

  /**
   * FarmHash Fingerprint64 of the length-prefixed encoding: for each of customer, subscription
   * ("" when absent), a presence byte, event type: a little-endian int length and the UTF-8 bytes;
   * then the epoch second (long) and nano (int); the property count (int); each property name and
   * value, by sorted name, length-prefixed. Built in one array (FarmHash Fingerprint64 does not
   * stream), byte for byte what Guava's {@code Hasher} puts would give.
   */
  private long computeFingerprint() {
    Encoder enc = ENCODER.get();
    enc.reset();
    enc.string(customer);
    enc.string(subscription == null ? "" : subscription);
    enc.put((byte) (subscription != null ? 1 : 0));
    enc.string(eventType);
    enc.putLong(timestamp.getEpochSecond());
    enc.putInt(timestamp.getNano());
    enc.putBytes(properties.encoding()); // the count, then each name and value
    return enc.farmHash();
  }

  /** Per thread: the buffer a fingerprint or dedup key is encoded into before it is hashed. */
  static final ThreadLocal<Encoder> ENCODER = ThreadLocal.withInitial(Encoder::new);

  /**
   * Builds the length-prefixed little-endian encoding hashed by {@link #fingerprint()} and the
   * dedup key, without a buffer per event: a string is written as its length in chars and its
   * {@linkplain #exactUtf8 generalized UTF-8} bytes (ASCII copied directly).
   */
  static final class Encoder {
    private byte[] buf = new byte[256];
    private int size;

    void reset() {
      size = 0;
    }

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }

    void put(byte x) {
      ensure(1);
      buf[size++] = x;
    }

    void putInt(int v) {
      ensure(4);
      buf[size++] = (byte) v;
      buf[size++] = (byte) (v >>> 8);
      buf[size++] = (byte) (v >>> 16);
      buf[size++] = (byte) (v >>> 24);
    }

    void putLong(long v) {
      putInt((int) v);
      putInt((int) (v >>> 32));
    }

    void putBytes(byte[] bytes) {
      ensure(bytes.length);
      System.arraycopy(bytes, 0, buf, size, bytes.length);
      size += bytes.length;
    }

    /** A copy of the bytes encoded so far. */
    byte[] toBytes() {
      return Arrays.copyOf(buf, size);
    }

    void string(String s) {
      int len = s.length();
      putInt(len);
      ensure(len);
      int start = size;
      for (int i = 0; i < len; i++) {
        char c = s.charAt(i);
        if (c >= 0x80) {
          size = start;
          byte[] utf8 = exactUtf8(s);
          ensure(utf8.length);
          System.arraycopy(utf8, 0, buf, size, utf8.length);
          size += utf8.length;
          return;
        }
        buf[size++] = (byte) c;
      }
    }

    long farmHash() {
      return Hashing.farmHashFingerprint64().hashBytes(buf, 0, size).asLong();
    }
  }

  /**
   * The string's bytes in generalized UTF-8 (WTF-8): its UTF-8 bytes when it is well-formed
   * UTF-16; otherwise each lone surrogate is written as the three bytes UTF-8 would give its
   * code point (ED A0..BF xx), which valid UTF-8 never contains. Lossless, and the same bytes as
   * {@code getBytes(UTF_8)} for every well-formed string. {@code getBytes} replaces a lone
   * surrogate with {@code '?'}, so only a result containing {@code '?'} takes the slower exact
   * encoding.
   */
  static byte[] exactUtf8(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    for (byte b : utf8) {
      if (b == '?') {
        return generalizedUtf8(s);
      }
    }
    return utf8;
  }

  private static byte[] generalizedUtf8(String s) {
    byte[] out = new byte[3 * s.length()];
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out[n++] = (byte) c;
      } else if (c < 0x800) {
        out[n++] = (byte) (0xC0 | (c >> 6));
        out[n++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out[n++] = (byte) (0xF0 | (cp >> 18));
        out[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        out[n++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        // any other BMP char, a lone surrogate included
        out[n++] = (byte) (0xE0 | (c >> 12));
        out[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[n++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * Returns a copy with another id (everything else equal).
   *
   * @param newId the id, not blank
   * @return the event, never null
   * @throws BillingException with {@link ErrorCode#INVALID_EVENT} if the id is blank
   */
  public UsageEvent withId(String newId) {
    return of(newId, customer, subscription, eventType, timestamp, properties);
  }

  /**
   * Returns a copy with another timestamp.
   *
   * @param newTimestamp the timestamp, not null
   * @return the event, never null
   * @throws BillingException with {@link ErrorCode#INVALID_EVENT} if the timestamp is null
   */
  public UsageEvent withTimestamp(Instant newTimestamp) {
    return of(id, customer, subscription, eventType, newTimestamp, properties);
  }

  /**
   * Returns a copy with other properties.
   *
   * @param newProperties the properties, not null
   * @return the event, never null
   * @throws BillingException with {@link ErrorCode#INVALID_EVENT} as for {@link #of}
   */
  public UsageEvent withProperties(Map<String, String> newProperties) {
    return of(id, customer, subscription, eventType, timestamp, newProperties);
  }

  @Override
  public boolean equals(Object obj) {
    if (this == obj) {
      return true;
    }
    if (!(obj instanceof UsageEvent)) {
      return false;
    }
    UsageEvent o = (UsageEvent) obj;
    return id.equals(o.id) && customer.equals(o.customer) && Objects.equals(subscription, o.subscription)
        && eventType.equals(o.eventType) && timestamp.equals(o.timestamp) && properties.equals(o.properties);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, customer, subscription, eventType, timestamp, properties);
  }

  @Override
  public String toString() {
    return "UsageEvent{id=" + id + ", customer=" + customer + (subscription == null ? "" : ", subscription=" + subscription)
        + ", event_type=" + eventType + ", timestamp=" + timestamp + ", properties=" + new TreeMap<>(properties) + "}";
  }
}

package dev.billwright.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.metering.AccumulatorJson;
import dev.billwright.metering.LateEvent;
import dev.billwright.metering.UsageEvent;
import dev.billwright.metering.UsageEventJson;
import dev.billwright.pricing.EventStatistics;
import dev.billwright.rating.UsageKey;
import dev.billwright.time.BillingPeriod;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The wire and store forms of the Kafka metering topology, each versioned.
 *
 * <ul>
 *   <li><b>Usage events</b> ({@link #events()}, {@link #writeEvent}, {@link #readEvent}): the
 *       record key is the event id (UTF-8); the value is one event either in the <em>binary
 *       event form</em>, the byte {@value #EVENT_FORMAT_BINARY} followed by id, customer,
 *       subscription (empty: none), event type (each a string), the epoch second (zigzag varint),
 *       the nanosecond (varint, 0 to 999,999,999), the property count (varint, at most
 *       {@link UsageEvent#MAX_PROPERTIES}) and each property's name and value (strings); or in
 *       Billwright's NDJSON form ({@link UsageEventJson}, UTF-8, without the newline), which
 *       starts with an opening brace. A string is a varint byte length and strict UTF-8; a varint is
 *       unsigned LEB128. A producer may set the header {@value #EVENT_FORMAT_HEADER} to {@code 1}
 *       (JSON) or {@code 2} (binary); any other value is rejected.</li>
 *   <li><b>Accumulator partials</b> ({@link #partials()}): the format byte {@value #PARTIAL_FORMAT},
 *       a flags byte (1: accumulator present, 2: statistics present), the accumulator state
 *       (billing-core's own versioned form {@link AccumulatorJson}, {@link AccumulatorJson#FORMAT},
 *       as tagged binary values: 0 null, 1 false, 2 true, 3 integer as zigzag varint, 4 string,
 *       5 array of a varint count of values, 6 object of a varint count of (name string, value);
 *       exact decimals stay strings), then the statistics: meter and aggregation strings, counted,
 *       duplicates and late varints, first and last event instants (a presence byte, then the
 *       zigzag epoch second and the varint nanosecond).</li>
 *   <li><b>Aggregate keys</b> ({@link #encodeKey}): the UTF-8 JSON array {@code [subscription,
 *       charge, period, {group}]}, group names sorted, so equal keys have equal bytes.</li>
 *   <li><b>Late events</b> ({@link #lateEvents()}): a format byte {@value #LATE_FORMAT} followed
 *       by UTF-8 JSON {@code {"event": {...}, "period": "...", "meters": [...]}} (rare records).</li>
 * </ul>
 */
public final class MeteringSerdes {
  /** The record header a producer may set to the usage-event format, {@code "1"} (JSON) or {@code "2"} (binary). */
  public static final String EVENT_FORMAT_HEADER = "billwright.event-format";
  /** The format byte of an accumulator partial (2: binary; 1, JSON, was never released). */
  public static final byte PARTIAL_FORMAT = 2;
  /** The first byte of an event record value in the binary event form (a JSON event starts with '{'). */
  public static final byte EVENT_FORMAT_BINARY = 2;
  /** The format byte of a late event record. */
  public static final byte LATE_FORMAT = 1;

  private MeteringSerdes() {}

  /**
   * Decodes strict UTF-8 (malformed input is an error, not a replacement character).
   *
   * @param bytes the bytes, not null
   * @param field what the bytes are, for the message
   * @return the text, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if the bytes are not UTF-8
   */
  static String utf8(byte[] bytes, String field) {
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new BillingException(ErrorCode.INVALID_DOCUMENT, field + ": not valid UTF-8", e);
    }
  }

  /**
   * The usage-event serde: it writes the binary event form ({@link #writeEvent}) and reads either
   * form ({@link #readEvent}). Deserializing invalid bytes throws (the topology itself reads raw bytes and rejects bad ones to the rejected topic).
   *
   * @return the serde, never null
   */
  public static Serde<UsageEvent> events() {
    Serializer<UsageEvent> ser = (topic, e) -> e == null ? null : writeEvent(e);
    Deserializer<UsageEvent> de = (topic, b) -> b == null ? null : readEvent(b, topic);
    return Serdes.serdeFrom(ser, de);
  }

  /**
   * The accumulator-partial serde.
   *
   * @return the serde, never null
   */
  public static Serde<AggregatePartial> partials() {
    Serializer<AggregatePartial> ser = (topic, p) -> p == null ? null : writePartial(p);
    Deserializer<AggregatePartial> de = (topic, b) -> b == null ? null : readPartial(b, topic);
    return Serdes.serdeFrom(ser, de);
  }

  /**
   * The late-event serde.
   *
   * @return the serde, never null
   */
  public static Serde<LateEvent> lateEvents() {
    Serializer<LateEvent> ser = (topic, l) -> l == null ? null : writeLate(l);
    Deserializer<LateEvent> de = (topic, b) -> b == null ? null : readLate(b, topic);
    return Serdes.serdeFrom(ser, de);
  }

  static byte[] writePartial(AggregatePartial p) {
    BinaryCodec.Writer w = WRITER.get().reset();
    w.put(PARTIAL_FORMAT);
    w.put((p.accumulator().isPresent() ? 1 : 0) | (p.statistics().isPresent() ? 2 : 0));
    p.accumulator().ifPresent(a -> writeTree(w, AccumulatorJson.write(a)));
    p.statistics().ifPresent(s -> {
      w.string(s.meterCode()).string(s.aggregation());
      w.varint(s.eventsCounted()).varint(s.duplicatesExcluded()).varint(s.lateExcluded());
      writeInstant(w, s.firstEventAt());
      writeInstant(w, s.lastEventAt());
    });
    return w.toArray();
  }

  static AggregatePartial readPartial(byte[] b, String source) {
    if (b.length == 0 || b[0] != PARTIAL_FORMAT) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "accumulator partial.format", b.length == 0 ? null : b[0],
          "format " + PARTIAL_FORMAT + " (written by a Billwright version with another format)");
    }
    try {
      BinaryCodec.Reader r = new BinaryCodec.Reader(b, 1, "accumulator partial in " + source);
      int flags = r.u8();
      if ((flags & ~3) != 0) {
        throw new IllegalArgumentException("accumulator partial in " + source + ": unknown flags " + flags);
      }
      Optional<dev.billwright.metering.Accumulator> acc = (flags & 1) != 0
          ? Optional.of(AccumulatorJson.read(readTree(r, 0), source)) : Optional.empty();
      Optional<EventStatistics> st = Optional.empty();
      if ((flags & 2) != 0) {
        String meter = r.string("meter");
        String aggregation = r.string("aggregation");
        long counted = r.varint();
        long duplicates = r.varint();
        long late = r.varint();
        Optional<Instant> first = readInstant(r);
        Optional<Instant> last = readInstant(r);
        st = Optional.of(new EventStatistics(meter, aggregation, counted, duplicates, late, first, last));
      }
      r.end();
      return new AggregatePartial(acc, st);
    } catch (IllegalArgumentException e) {
      throw new BillingException(ErrorCode.INVALID_DOCUMENT, e.getMessage(), e);
    }
  }

  private static void writeInstant(BinaryCodec.Writer w, Optional<Instant> t) {
    if (t.isEmpty()) {
      w.put(0);
    } else {
      w.put(1).zigzag(t.get().getEpochSecond()).varint(t.get().getNano());
    }
  }

  private static Optional<Instant> readInstant(BinaryCodec.Reader r) {
    int present = r.u8();
    if (present == 0) {
      return Optional.empty();
    }
    if (present != 1) {
      throw new IllegalArgumentException("an instant's presence byte must be 0 or 1, got " + present);
    }
    long sec = r.zigzag();
    long nano = r.varint();
    if (nano < 0 || nano > 999_999_999L) {
      throw new IllegalArgumentException("nanos must be 0 to 999999999, got " + nano);
    }
    return Optional.of(Instant.ofEpochSecond(sec, nano));
  }

  private static final int TREE_NULL = 0;
  private static final int TREE_FALSE = 1;
  private static final int TREE_TRUE = 2;
  private static final int TREE_LONG = 3;
  private static final int TREE_STRING = 4;
  private static final int TREE_ARRAY = 5;
  private static final int TREE_OBJECT = 6;
  /** Nesting bound of a tree (a bucketed accumulator nests one level, its meter a few more). */
  private static final int MAX_TREE_DEPTH = 32;

  /** billing-core's accumulator form, a JSON tree, as tagged binary values (no JSON text). */
  private static void writeTree(BinaryCodec.Writer w, JsonNode n) {
    if (n.isNull()) {
      w.put(TREE_NULL);
    } else if (n.isBoolean()) {
      w.put(n.booleanValue() ? TREE_TRUE : TREE_FALSE);
    } else if (n.isIntegralNumber() && n.canConvertToLong()) {
      w.put(TREE_LONG).zigzag(n.longValue());
    } else if (n.isTextual()) {
      w.put(TREE_STRING).string(n.textValue());
    } else if (n.isArray()) {
      w.put(TREE_ARRAY).varint(n.size());
      n.forEach(x -> writeTree(w, x));
    } else if (n.isObject()) {
      w.put(TREE_OBJECT).varint(n.size());
      n.properties().forEach(f -> {
        w.string(f.getKey());
        writeTree(w, f.getValue());
      });
    } else {
      // billing-core writes exact decimals as strings; any other number would not round-trip exactly
      throw new IllegalArgumentException("accumulator state holds a " + n.getNodeType() + " value " + n
          + ": only integers, strings, booleans, arrays and objects have a binary form");
    }
  }

  private static JsonNode readTree(BinaryCodec.Reader r, int depth) {
    if (depth > MAX_TREE_DEPTH) {
      throw new IllegalArgumentException("accumulator state nested deeper than " + MAX_TREE_DEPTH);
    }
    int tag = r.u8();
    switch (tag) {
      case TREE_NULL:
        return com.fasterxml.jackson.databind.node.NullNode.getInstance();
      case TREE_FALSE:
        return com.fasterxml.jackson.databind.node.BooleanNode.FALSE;
      case TREE_TRUE:
        return com.fasterxml.jackson.databind.node.BooleanNode.TRUE;
      case TREE_LONG: {
        long v = r.zigzag();
        // as Jackson reads JSON text: an int node when the value fits
        return v == (int) v ? com.fasterxml.jackson.databind.node.IntNode.valueOf((int) v)
            : com.fasterxml.jackson.databind.node.LongNode.valueOf(v);
      }
      case TREE_STRING:
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(r.string("string"));
      case TREE_ARRAY: {
        int n = r.length(Integer.MAX_VALUE, "array");
        ArrayNode a = Json.mapper().createArrayNode();
        for (int i = 0; i < n; i++) {
          a.add(readTree(r, depth + 1));
        }
        return a;
      }
      case TREE_OBJECT: {
        int n = r.length(Integer.MAX_VALUE, "object");
        ObjectNode o = Json.object();
        for (int i = 0; i < n; i++) {
          String name = r.string("field name");
          if (o.has(name)) {
            throw new IllegalArgumentException("accumulator state repeats field " + name);
          }
          o.set(name, readTree(r, depth + 1));
        }
        return o;
      }
      default:
        throw new IllegalArgumentException("unknown value tag " + tag + " in accumulator state");
    }
  }

  /** Per thread: the buffer a record is written into (records are copied out of it). */
  private static final ThreadLocal<BinaryCodec.Writer> WRITER = ThreadLocal.withInitial(BinaryCodec.Writer::new);

  /**
   * Writes an event in the binary event form ({@value #EVENT_FORMAT_BINARY}).
   *
   * @param e the event, not null
   * @return the record value, never null
   */
  public static byte[] writeEvent(UsageEvent e) {
    BinaryCodec.Writer w = WRITER.get().reset();
    w.put(EVENT_FORMAT_BINARY);
    w.string(e.id()).string(e.customer()).string(e.subscription().orElse("")).string(e.eventType());
    w.zigzag(e.timestamp().getEpochSecond()).varint(e.timestamp().getNano());
    Map<String, String> props = e.properties();
    w.varint(props.size());
    props.forEach((k, v) -> w.string(k).string(v));
    return w.toArray();
  }

  /**
   * Reads a record value as an event: the binary form if it starts with the byte
   * {@value #EVENT_FORMAT_BINARY}, otherwise Billwright's NDJSON form (strict UTF-8). Both are
   * checked as {@link UsageEvent#of} and {@link UsageEventJson#parse} check.
   *
   * @param value the record value, not null
   * @param source where it came from, for messages
   * @return the event, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} or {@link ErrorCode#INVALID_EVENT}
   *     if the bytes are not an event
   */
  public static UsageEvent readEvent(byte[] value, String source) {
    if (value.length > 0 && value[0] == EVENT_FORMAT_BINARY) {
      return readBinaryEvent(value, source);
    }
    return UsageEventJson.parse(utf8(value, "value"), source);
  }

  private static UsageEvent readBinaryEvent(byte[] value, String source) {
    try {
      BinaryCodec.Reader r = new BinaryCodec.Reader(value, 1, "binary event");
      String id = r.string("id");
      String customer = r.string("customer");
      String subscription = r.string("subscription");
      String type = r.string("event_type");
      long sec = r.zigzag();
      long nano = r.varint();
      if (nano < 0 || nano > 999_999_999L) {
        throw new IllegalArgumentException("binary event " + id + ": nanos must be 0 to 999999999, got " + nano);
      }
      if (sec < UsageEvent.MIN_TIMESTAMP.getEpochSecond() || sec > UsageEvent.MAX_TIMESTAMP.getEpochSecond()) {
        throw new IllegalArgumentException("binary event " + id + ": timestamp second " + sec + " is outside "
            + UsageEvent.MIN_TIMESTAMP + " to " + UsageEvent.MAX_TIMESTAMP);
      }
      int n = r.length(UsageEvent.MAX_PROPERTIES, "properties");
      Map<String, String> props = n == 0 ? Map.of() : new java.util.HashMap<>(n * 2);
      for (int i = 0; i < n; i++) {
        String k = r.string("property name");
        if (props.put(k, r.string("property " + k)) != null) {
          throw new IllegalArgumentException("binary event " + id + ": property " + k + " is repeated");
        }
      }
      r.end();
      return UsageEvent.of(id, customer, subscription, type, Instant.ofEpochSecond(sec, nano), props);
    } catch (IllegalArgumentException e) {
      throw new BillingException(ErrorCode.INVALID_DOCUMENT, source + ": " + e.getMessage(), e);
    }
  }

  static byte[] writeLate(LateEvent l) {
    ObjectNode o = Json.object();
    o.set("event", UsageEventJson.write(l.event()));
    o.put("period", l.period().toString());
    ArrayNode m = o.putArray("meters");
    l.meterCodes().forEach(m::add);
    return framed(LATE_FORMAT, compact(o));
  }

  static LateEvent readLate(byte[] b, String source) {
    JsonNode n = unframe(b, LATE_FORMAT, "late event", source);
    UsageEvent e = UsageEventJson.read(JsonObjectReader.root(n.get("event"), source));
    List<String> meters = new ArrayList<>();
    n.get("meters").forEach(x -> meters.add(x.asText()));
    return new LateEvent(e, BillingPeriod.parse(n.get("period").asText()), meters);
  }

  /**
   * Encodes an aggregate key.
   *
   * @param key the subscription, charge and period, not null
   * @param group the group (property name → value), not null
   * @return the key's canonical text, never null
   */
  public static String encodeKey(UsageKey key, Map<String, String> group) {
    ArrayNode a = Json.mapper().createArrayNode();
    a.add(key.subscriptionId());
    a.add(key.chargeCode());
    a.add(key.period().toString());
    ObjectNode g = a.addObject();
    new TreeMap<>(group).forEach(g::put);
    return compact(a);
  }

  /**
   * Decodes an aggregate key written by {@link #encodeKey}.
   *
   * @param text the key text, not null
   * @return the usage key and its group, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if the text is not such a key
   */
  public static Map.Entry<UsageKey, Map<String, String>> decodeKey(String text) {
    JsonNode a = Json.parse(text, "aggregate key");
    if (!a.isArray() || a.size() != 4 || !a.get(3).isObject()) {
      throw new BillingException(ErrorCode.INVALID_DOCUMENT, "aggregate key: expected [subscription, charge, "
          + "period, {group}], got " + text);
    }
    Map<String, String> group = new LinkedHashMap<>();
    a.get(3).properties().forEach(f -> group.put(f.getKey(), f.getValue().asText()));
    return Map.entry(new UsageKey(a.get(0).asText(), a.get(1).asText(), BillingPeriod.parse(a.get(2).asText())),
        group);
  }

  private static final com.fasterxml.jackson.databind.ObjectWriter COMPACT = Json.mapper().writer()
      .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

  /**
   * Writes JSON on one line, without indentation.
   *
   * @param node the node, not null
   * @return the text, never null
   */
  static String compact(JsonNode node) {
    try {
      return COMPACT.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  private static byte[] framed(byte format, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[body.length + 1];
    out[0] = format;
    System.arraycopy(body, 0, out, 1, body.length);
    return out;
  }

  private static JsonNode unframe(byte[] b, byte format, String what, String source) {
    if (b.length == 0 || b[0] != format) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, what + ".format", b.length == 0 ? null : b[0],
          "format " + format + " (written by a Billwright version with another format)");
    }
    return Json.parse(new String(b, 1, b.length - 1, StandardCharsets.UTF_8), source);
  }
}

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
 *   <li><b>Usage events</b> ({@link #events()}): the record value is one event in Billwright's
 *       NDJSON form ({@link UsageEventJson}, UTF-8, without the newline), the record key the
 *       event id (UTF-8). The event schema is the library's; a producer may set the header
 *       {@value #EVENT_FORMAT_HEADER} to {@code 1}, any other value is rejected.</li>
 *   <li><b>Accumulator partials</b> ({@link #partials()}): a format byte {@value #PARTIAL_FORMAT}
 *       followed by UTF-8 JSON {@code {"accumulator": <AccumulatorJson>, "statistics": {...}}};
 *       the accumulator state is billing-core's own versioned form ({@link AccumulatorJson#FORMAT}),
 *       exact decimals as strings.</li>
 *   <li><b>Aggregate keys</b> ({@link #encodeKey}): the UTF-8 JSON array {@code [subscription,
 *       charge, period, {group}]}, group names sorted, so equal keys have equal bytes.</li>
 *   <li><b>Late events</b> ({@link #lateEvents()}): a format byte {@value #LATE_FORMAT} followed
 *       by UTF-8 JSON {@code {"event": {...}, "period": "...", "meters": [...]}}.</li>
 * </ul>
 */
public final class MeteringSerdes {
  /** The record header a producer may set to the usage-event format, {@code "1"}. */
  public static final String EVENT_FORMAT_HEADER = "billwright.event-format";
  /** The format byte of an accumulator partial. */
  public static final byte PARTIAL_FORMAT = 1;
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
   * The usage-event serde: NDJSON line bytes ↔ {@link UsageEvent}. Deserializing invalid bytes
   * throws (the topology itself reads raw bytes and rejects bad ones to the rejected topic).
   *
   * @return the serde, never null
   */
  public static Serde<UsageEvent> events() {
    Serializer<UsageEvent> ser = (topic, e) -> e == null ? null : UsageEventJson.toLine(e).getBytes(StandardCharsets.UTF_8);
    Deserializer<UsageEvent> de = (topic, b) -> b == null ? null : UsageEventJson.parse(utf8(b, "event"), topic);
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
    ObjectNode o = Json.object();
    p.accumulator().ifPresent(a -> o.set("accumulator", AccumulatorJson.write(a)));
    p.statistics().ifPresent(s -> {
      ObjectNode st = o.putObject("statistics");
      st.put("meter", s.meterCode());
      st.put("aggregation", s.aggregation());
      st.put("counted", s.eventsCounted());
      st.put("duplicates", s.duplicatesExcluded());
      st.put("late", s.lateExcluded());
      s.firstEventAt().ifPresent(t -> st.put("first", t.toString()));
      s.lastEventAt().ifPresent(t -> st.put("last", t.toString()));
    });
    return framed(PARTIAL_FORMAT, compact(o));
  }

  static AggregatePartial readPartial(byte[] b, String source) {
    JsonNode n = unframe(b, PARTIAL_FORMAT, "accumulator partial", source);
    Optional<dev.billwright.metering.Accumulator> acc = n.has("accumulator")
        ? Optional.of(AccumulatorJson.read(n.get("accumulator"), source)) : Optional.empty();
    Optional<EventStatistics> st = Optional.empty();
    if (n.has("statistics")) {
      JsonNode s = n.get("statistics");
      st = Optional.of(new EventStatistics(s.get("meter").asText(), s.get("aggregation").asText(),
          s.get("counted").asLong(), s.get("duplicates").asLong(), s.get("late").asLong(),
          s.has("first") ? Optional.of(Instant.parse(s.get("first").asText())) : Optional.empty(),
          s.has("last") ? Optional.of(Instant.parse(s.get("last").asText())) : Optional.empty()));
    }
    return new AggregatePartial(acc, st);
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

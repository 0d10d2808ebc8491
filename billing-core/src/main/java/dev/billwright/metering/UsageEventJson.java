package dev.billwright.metering;

import java.util.List;
import java.nio.file.Path;
import java.io.InputStream;
import dev.billwright.json.JsonDocuments;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.money.Decimals;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes {@link UsageEvent}s as JSON, with the field names of plan-format.md
 * ("Usage event"): {@code id}, {@code customer}, {@code subscription} (optional, may be null),
 * {@code event_type}, {@code timestamp} (ISO-8601 with an offset, such as
 * {@code 2026-10-03T10:15:30.123Z} or {@code 2026-10-03T15:45:30+05:30}, within
 * {@link UsageEvent#MIN_TIMESTAMP} and {@link UsageEvent#MAX_TIMESTAMP}) and {@code properties}
 * (optional object; values are strings or JSON numbers, a number being kept as its exact plain
 * decimal text). Unknown fields are an error naming the JSON path.
 */
public final class UsageEventJson {
  private UsageEventJson() {}

  /**
   * Reads an event from a JSON object.
   *
   * @param reader the reader positioned on the event object, not null
   * @return the event, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} naming the JSON path when a
   *     field is missing, of the wrong type or unknown, a number is out of
   *     {@link Decimals#checkBounds bounds} or the timestamp is outside the
   *     {@linkplain UsageEvent#MIN_TIMESTAMP bounds}, or {@link ErrorCode#INVALID_EVENT} when a
   *     value is blank or there are more than {@link UsageEvent#MAX_PROPERTIES} properties
   */
  public static UsageEvent read(JsonObjectReader reader) {
    String id = reader.text("id");
    String customer = reader.text("customer");
    String subscription = reader.optionalText("subscription").orElse(null);
    String eventType = reader.text("event_type");
    String ts = reader.text("timestamp");
    Instant timestamp;
    try {
      timestamp = OffsetDateTime.parse(ts).toInstant();
    } catch (DateTimeParseException e) {
      throw JsonObjectReader.error(reader.pathOf("timestamp"), ts,
          "an ISO-8601 date-time with offset, such as 2026-10-03T10:15:30.123Z");
    }
    if (timestamp.isBefore(UsageEvent.MIN_TIMESTAMP) || timestamp.isAfter(UsageEvent.MAX_TIMESTAMP)) {
      throw JsonObjectReader.error(reader.pathOf("timestamp"), ts, UsageEvent.TIMESTAMP_RANGE);
    }
    Map<String, String> properties = reader.map("properties", UsageEventJson::propertyValue);
    reader.end();
    return UsageEvent.of(id, customer, subscription, eventType, timestamp, properties);
  }

  private static String propertyValue(JsonNode node, String path) {
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isNumber()) {
      return plainText(JsonObjectReader.decimalOf(node, path), path);
    }
    throw JsonObjectReader.error(path, node, "a string or a number");
  }

  /**
   * The exact plain text of a number within {@link Decimals#checkBounds} bounds. Those bounds let
   * a zero keep any scale (trailing zeros are not precision), but {@code 0e-999999999} would print
   * a billion zeros: a zero written with more than {@link Decimals#MAX_SCALE} decimal places is
   * rejected like a value with too many decimals. Every other value's text is at most its written
   * digits plus {@link Decimals#MAX_INTEGER_DIGITS} long.
   */
  private static String plainText(BigDecimal value, String path) {
    if (value.signum() == 0 && value.scale() > Decimals.MAX_SCALE) {
      BillingException inner = BillingException.invalid(ErrorCode.DECIMAL_OUT_OF_BOUNDS, path, value,
          "at most " + Decimals.MAX_SCALE + " decimal places");
      throw new BillingException(ErrorCode.INVALID_DOCUMENT, "at " + inner.getMessage(), inner);
    }
    return value.toPlainString();
  }

  /**
   * Parses one line of NDJSON (one JSON object) into an event.
   *
   * @param line the JSON text, not null
   * @param source where the line comes from, for messages (such as {@code events.ndjson line 12})
   * @return the event, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if the text is not a JSON
   *     object of an event (message names the source and the field), or
   *     {@link ErrorCode#INVALID_EVENT} when a value is blank
   */
  public static UsageEvent parse(String line, String source) {
    UsageEvent fast = parseFast(line);
    if (fast != null) {
      return fast;
    }
    return read(JsonObjectReader.root(Json.parseRecord(line, source), source));
  }

  /**
   * Parses one NDJSON line for a reader, which names the file and line itself: as
   * {@link #parse}, with paths written {@code $.field} and syntax errors as {@code JSON at line 1,
   * column C}.
   */
  static UsageEvent parseLine(String line) {
    UsageEvent fast = parseFast(line);
    if (fast != null) {
      return fast;
    }
    return read(JsonObjectReader.root(Json.parseRecord(line, "JSON"), ""));
  }

  /**
   * The common case without building a tree: a flat object whose fields are the known ones with
   * the expected types. Anything else (unknown or repeated fields, wrong types, malformed text,
   * blank values) returns null so that {@link #read} produces its precise error, or accepts the
   * line, on the tree path. Both paths give equal events for the lines this one accepts.
   */
  private static UsageEvent parseFast(String line) {
    String id = null;
    String customer = null;
    String subscription = null;
    String eventType = null;
    String timestamp = null;
    Map<String, String> properties = null;
    int seen = 0;
    try (JsonParser p = Json.mapper().getFactory().createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        int bit;
        switch (name) {
          case "id" -> { bit = 1; id = v == JsonToken.VALUE_STRING ? p.getText() : null; }
          case "customer" -> { bit = 2; customer = v == JsonToken.VALUE_STRING ? p.getText() : null; }
          case "event_type" -> { bit = 4; eventType = v == JsonToken.VALUE_STRING ? p.getText() : null; }
          case "timestamp" -> { bit = 8; timestamp = v == JsonToken.VALUE_STRING ? p.getText() : null; }
          case "subscription" -> {
            bit = 16;
            if (v == JsonToken.VALUE_STRING) {
              subscription = p.getText();
            } else if (v != JsonToken.VALUE_NULL) {
              return null;
            }
          }
          case "properties" -> {
            bit = 32;
            if (v == JsonToken.VALUE_NULL) {
              break;
            }
            if (v != JsonToken.START_OBJECT) {
              return null;
            }
            properties = new java.util.LinkedHashMap<>();
            JsonToken pt;
            while ((pt = p.nextToken()) == JsonToken.FIELD_NAME) {
              String key = p.currentName();
              JsonToken pv = p.nextToken();
              String value;
              if (pv == JsonToken.VALUE_STRING) {
                value = p.getText();
              } else if (pv == JsonToken.VALUE_NUMBER_INT || pv == JsonToken.VALUE_NUMBER_FLOAT) {
                // the bounds check comes before toPlainString, which for 1e999999999 would build
                // a billion digits; out of bounds goes to the tree path, which names the error
                value = plainText(Decimals.checkBounds(p.getDecimalValue(), key), key);
              } else {
                return null;
              }
              if (properties.put(key, value) != null) {
                return null;
              }
            }
            if (pt != JsonToken.END_OBJECT) {
              return null;
            }
          }
          default -> {
            return null;
          }
        }
        if ((seen & bit) != 0) {
          return null;
        }
        seen |= bit;
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        return null;
      }
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
    if (id == null || customer == null || eventType == null || timestamp == null
        || id.isBlank() || customer.isBlank() || eventType.isBlank() || (subscription != null && subscription.isBlank())) {
      return null;
    }
    Instant instant;
    try {
      instant = OffsetDateTime.parse(timestamp).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
    try {
      return UsageEvent.of(id, customer, subscription, eventType, instant, properties == null ? Map.of() : properties);
    } catch (BillingException e) {
      return null;
    }
  }

  /**
   * Writes an event as a JSON object; {@link #read} reads it back equal. Properties are written
   * as strings in name order; {@code subscription} is written as null when absent; the timestamp
   * in UTC ({@link Instant#toString()}).
   *
   * @param event the event, not null
   * @return a new object node, never null
   */
  public static ObjectNode write(UsageEvent event) {
    ObjectNode node = Json.object();
    node.put("id", event.id());
    node.put("customer", event.customer());
    if (event.subscription().isPresent()) {
      node.put("subscription", event.subscription().get());
    } else {
      node.putNull("subscription");
    }
    node.put("event_type", event.eventType());
    node.put("timestamp", event.timestamp().toString());
    ObjectNode props = node.putObject("properties");
    new TreeMap<>(event.properties()).forEach(props::put);
    return node;
  }

  /**
   * Writes an event as one compact line of NDJSON (no trailing newline).
   *
   * @param event the event, not null
   * @return the JSON text on one line, never null
   */
  public static String toLine(UsageEvent event) {
    return write(event).toString();
  }

  // One reader shape for every document (see JsonDocuments): read(source) for a document of one
  // usage event, readAll(source) for {"events": [ … ]}.

  /**
   * Reads a document of one usage event from a file: JSON, or YAML when the name ends in
   * {@code .yaml} or {@code .yml}.
   *
   * @param file the file, not null
   * @return the usage event, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} naming the file and JSON path
   *     when the file is unreadable, malformed or has an unknown field, or the codes of
   *     {@link #read(JsonObjectReader)}
   */
  public static UsageEvent read(Path file) {
    return read(JsonDocuments.parse(file), file.toString());
  }

  /**
   * Reads a document of one usage event from a UTF-8 stream (not closed), as {@link #read(Path)}.
   *
   * @param in the stream, not null
   * @param source the document's name for messages; a name ending in {@code .yaml} or
   *     {@code .yml} reads YAML
   * @return the usage event, never null
   * @throws BillingException as {@link #read(Path)}
   */
  public static UsageEvent read(InputStream in, String source) {
    return read(JsonDocuments.parse(in, source), source);
  }

  /**
   * Reads a document of one usage event from text, as {@link #read(Path)}.
   *
   * @param text the JSON (or YAML) text, not null
   * @param source the document's name for messages; a name ending in {@code .yaml} or
   *     {@code .yml} reads YAML
   * @return the usage event, never null
   * @throws BillingException as {@link #read(Path)}
   */
  public static UsageEvent read(String text, String source) {
    return read(JsonDocuments.parse(text, source), source);
  }

  /**
   * Reads a document of one usage event already parsed to a tree; a field the usage event does not have is
   * rejected.
   *
   * @param node the usage event object, not null
   * @param source the document's name for messages, such as a file name; may be empty
   * @return the usage event, never null
   * @throws BillingException as {@link #read(Path)}
   */
  public static UsageEvent read(JsonNode node, String source) {
    return JsonDocuments.one(node, source, UsageEventJson::read);
  }

  /**
   * Reads a document of many: {@code {"events": [ usage event, … ]}} or a bare JSON array of them,
   * from a file (JSON, or YAML by its name).
   *
   * @param file the file, not null
   * @return the values in document order, unmodifiable, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} naming the file and JSON path
   *     when the file is unreadable or malformed, {@code events} is missing, another field is
   *     present, or an element is invalid (the codes of {@link #read(JsonObjectReader)})
   */
  public static List<UsageEvent> readAll(Path file) {
    return readAll(JsonDocuments.parse(file), file.toString());
  }

  /**
   * Reads a document of many from a UTF-8 stream (not closed), as {@link #readAll(Path)}.
   *
   * @param in the stream, not null
   * @param source the document's name for messages; a name ending in {@code .yaml} or
   *     {@code .yml} reads YAML
   * @return the values in document order, unmodifiable, never null
   * @throws BillingException as {@link #readAll(Path)}
   */
  public static List<UsageEvent> readAll(InputStream in, String source) {
    return readAll(JsonDocuments.parse(in, source), source);
  }

  /**
   * Reads a document of many from text, as {@link #readAll(Path)}.
   *
   * @param text the JSON (or YAML) text, not null
   * @param source the document's name for messages; a name ending in {@code .yaml} or
   *     {@code .yml} reads YAML
   * @return the values in document order, unmodifiable, never null
   * @throws BillingException as {@link #readAll(Path)}
   */
  public static List<UsageEvent> readAll(String text, String source) {
    return readAll(JsonDocuments.parse(text, source), source);
  }

  /**
   * Reads a document of many already parsed to a tree, as {@link #readAll(Path)}.
   *
   * @param node the root: an object with {@code events} or an array, not null
   * @param source the document's name for messages; may be empty
   * @return the values in document order, unmodifiable, never null
   * @throws BillingException as {@link #readAll(Path)}
   */
  public static List<UsageEvent> readAll(JsonNode node, String source) {
    return JsonDocuments.many(node, source, "events", UsageEventJson::read);
  }
}

package dev.billwright.metering;

import java.util.List;
import java.nio.file.Path;
import java.io.InputStream;
import dev.billwright.json.JsonDocuments;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import com.fasterxml.jackson.databind.JsonNode;
import dev.billwright.json.Json;
import dev.billwright.time.TimeBucket;
import java.math.BigDecimal;
import dev.billwright.json.JsonObjectReader;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes {@link Meter}s as JSON with the fields of plan-format.md ("Meter"):
 * {@code code}, {@code event_type}, {@code aggregation} (count, sum, min, max, avg, latest,
 * unique_count, weighted_sum), {@code value_property} (null for count), {@code filters}
 * (property → array of accepted string values, optional) and {@code group_by} (array of property
 * names, optional). Unknown fields are an error naming the JSON path.
 */
public final class MeterJson {
  private MeterJson() {}

  /**
   * Reads a meter from a JSON object.
   *
   * @param reader the reader positioned on the meter object, not null
   * @return the meter, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} naming the JSON path when a
   *     field is missing, malformed or unknown, or {@link ErrorCode#INVALID_DEFINITION} when the
   *     meter is invalid (such as a sum without a value property)
   */
  public static Meter read(JsonObjectReader reader) {
    String code = reader.text("code");
    String eventType = reader.text("event_type");
    Aggregation aggregation = reader.enumValue("aggregation", Aggregation.class);
    String valueProperty = reader.optionalText("value_property").orElse(null);
    Map<String, Set<String>> filters = new LinkedHashMap<>(reader.map("filters", (node, path) -> {
      if (!node.isArray()) {
        throw JsonObjectReader.error(path, node, "an array of accepted values");
      }
      Set<String> values = new LinkedHashSet<>();
      for (int i = 0; i < node.size(); i++) {
        if (!node.get(i).isTextual()) {
          throw JsonObjectReader.error(path + "[" + i + "]", node.get(i), "a string");
        }
        values.add(node.get(i).textValue());
      }
      return values;
    }));
    var groupBy = reader.texts("group_by");
    TimeBucket bucket = reader.optionalText("bucket").map(t -> at(reader, () -> TimeBucket.parse("bucket", t)))
        .orElse(null);
    WeightedSumNormalization normalize = null;
    if (reader.has("normalize")) {
      JsonNode n = reader.node().get("normalize");
      reader.markRead("normalize");
      if (n.isTextual() && n.textValue().equals("period")) {
        normalize = WeightedSumNormalization.PERIOD;
      } else if (n.isObject()) {
        JsonObjectReader nr = JsonObjectReader.at(n, reader.pathOf("normalize"));
        BigDecimal divisor = nr.decimal("divide_by");
        nr.end();
        normalize = at(nr, () -> WeightedSumNormalization.divideBy(divisor));
      } else {
        throw JsonObjectReader.error(reader.pathOf("normalize"), n, "\"period\" or {\"divide_by\": \"...\"}");
      }
    }
    reader.end();
    try {
      return Meter.of(code, eventType, aggregation, valueProperty, filters, groupBy).withBucket(bucket)
          .withNormalize(normalize);
    } catch (BillingException e) {
      throw new BillingException(e.code(), "at " + reader.path() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a meter as a JSON object; {@link #read} reads it back equal.
   *
   * @param meter the meter, not null
   * @return a new object node, never null
   */
  public static ObjectNode write(Meter meter) {
    ObjectNode node = Json.object();
    node.put("code", meter.code());
    node.put("event_type", meter.eventType());
    node.put("aggregation", JsonObjectReader.jsonName(meter.aggregation()));
    if (meter.valueProperty().isPresent()) {
      node.put("value_property", meter.valueProperty().get());
    } else {
      node.putNull("value_property");
    }
    ObjectNode filters = node.putObject("filters");
    meter.filters().forEach((k, values) -> {
      ArrayNode a = filters.putArray(k);
      values.forEach(a::add);
    });
    ArrayNode groupBy = node.putArray("group_by");
    meter.groupBy().forEach(groupBy::add);
    meter.bucket().ifPresent(b -> node.put("bucket", b.toString()));
    meter.normalize().ifPresent(n -> {
      if (n.perPeriod()) {
        node.put("normalize", "period");
      } else {
        node.putObject("normalize").put("divide_by", n.divideBy().toPlainString());
      }
    });
    return node;
  }

  private static <T> T at(JsonObjectReader r, java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (BillingException e) {
      if (e.code() == ErrorCode.INVALID_DOCUMENT) {
        throw e;
      }
      throw new BillingException(e.code(), "at " + r.path() + ": " + e.getMessage(), e);
    }
  }

  // One reader shape for every document (see JsonDocuments): read(source) for a document of one
  // meter, readAll(source) for {"meters": [ … ]}.

  /**
   * Reads a document of one meter from a file: JSON, or YAML when the name ends in
   * {@code .yaml} or {@code .yml}.
   *
   * @param file the file, not null
   * @return the meter, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} naming the file and JSON path
   *     when the file is unreadable, malformed or has an unknown field, or the codes of
   *     {@link #read(JsonObjectReader)}
   */
  public static Meter read(Path file) {
    return read(JsonDocuments.parse(file), file.toString());
  }

  /**
   * Reads a document of one meter from a UTF-8 stream (not closed), as {@link #read(Path)}.
   *
   * @param in the stream, not null
   * @param source the document's name for messages; a name ending in {@code .yaml} or
   *     {@code .yml} reads YAML
   * @return the meter, never null
   * @throws BillingException as {@link #read(Path)}
   */
  public static Meter read(InputStream in, String source) {
    return read(JsonDocuments.parse(in, source), source);
  }

  /**
   * Reads a document of one meter from text, as {@link #read(Path)}.
   *
   * @param text the JSON (or YAML) text, not null
   * @param source the document's name for messages; a name ending in {@code .yaml} or
   *     {@code .yml} reads YAML
   * @return the meter, never null
   * @throws BillingException as {@link #read(Path)}
   */
  public static Meter read(String text, String source) {
    return read(JsonDocuments.parse(text, source), source);
  }

  /**
   * Reads a document of one meter already parsed to a tree; a field the meter does not have is
   * rejected.
   *
   * @param node the meter object, not null
   * @param source the document's name for messages, such as a file name; may be empty
   * @return the meter, never null
   * @throws BillingException as {@link #read(Path)}
   */
  public static Meter read(JsonNode node, String source) {
    return JsonDocuments.one(node, source, MeterJson::read);
  }

  /**
   * Reads a document of many: {@code {"meters": [ meter, … ]}} or a bare JSON array of them,
   * from a file (JSON, or YAML by its name).
   *
   * @param file the file, not null
   * @return the values in document order, unmodifiable, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} naming the file and JSON path
   *     when the file is unreadable or malformed, {@code meters} is missing, another field is
   *     present, or an element is invalid (the codes of {@link #read(JsonObjectReader)})
   */
  public static List<Meter> readAll(Path file) {
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
  public static List<Meter> readAll(InputStream in, String source) {
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
  public static List<Meter> readAll(String text, String source) {
    return readAll(JsonDocuments.parse(text, source), source);
  }

  /**
   * Reads a document of many already parsed to a tree, as {@link #readAll(Path)}.
   *
   * @param node the root: an object with {@code meters} or an array, not null
   * @param source the document's name for messages; may be empty
   * @return the values in document order, unmodifiable, never null
   * @throws BillingException as {@link #readAll(Path)}
   */
  public static List<Meter> readAll(JsonNode node, String source) {
    return JsonDocuments.many(node, source, "meters", MeterJson::read);
  }
}

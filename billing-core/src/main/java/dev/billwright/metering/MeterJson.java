package dev.billwright.metering;

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
}

package dev.billwright.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Decimals;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads one JSON object field by field, tracking its JSON path, so that every error names the
 * path, the field, the value and what was expected, and so that unknown fields are rejected.
 *
 * <p>Use: {@code JsonObjectReader r = JsonObjectReader.root(node, "plan.json");} then read each
 * field with the typed getters, and finish with {@link #end()}, which throws if the object has
 * a field that was never read. Paths look like {@code $.charges[2].price.tiers[1].up_to}.
 *
 * <p>Decimals are accepted as JSON strings (the documented form, {@code "0.20"}) or as JSON
 * numbers read exactly; both are checked with {@link Decimals#checkBounds}. Not thread-safe:
 * one reader per parse.
 */
public final class JsonObjectReader {
  private final JsonNode node;
  private final String path;
  private final Set<String> read = new LinkedHashSet<>();

  private JsonObjectReader(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw error(path, node, "a JSON object");
    }
    this.node = node;
    this.path = path;
  }

  /**
   * Starts reading a document's root object.
   *
   * @param node the root node, not null
   * @param source the document name for messages (a file name), may be empty
   * @return the reader, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if the node is not an object
   */
  public static JsonObjectReader root(JsonNode node, String source) {
    return new JsonObjectReader(node, source == null || source.isEmpty() ? "$" : source + ": $");
  }

  /**
   * Reads an object nested at a given path (used when a caller has already navigated).
   *
   * @param node the object node, not null
   * @param path the path of the node, such as {@code $.charges[0]}
   * @return the reader, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if the node is not an object
   */
  public static JsonObjectReader at(JsonNode node, String path) {
    return new JsonObjectReader(node, path);
  }

  /**
   * Returns the JSON path of this object.
   *
   * @return the path, never null
   */
  public String path() {
    return path;
  }

  /**
   * Returns the path of a field of this object.
   *
   * @param field the field name
   * @return the path, such as {@code $.charges[0].code}
   */
  public String pathOf(String field) {
    return path + "." + field;
  }

  /**
   * Returns the underlying node (for callers that need raw access; the fields they read must
   * still be marked with {@link #markRead}).
   *
   * @return the object node, never null
   */
  public JsonNode node() {
    return node;
  }

  /**
   * Returns whether a field is present and not JSON null.
   *
   * @param field the field name
   * @return true if present with a non-null value
   */
  public boolean has(String field) {
    JsonNode value = node.get(field);
    return value != null && !value.isNull();
  }

  /**
   * Marks fields as read without reading them, so {@link #end()} accepts them.
   *
   * @param fields the field names
   * @return this reader
   */
  public JsonObjectReader markRead(String... fields) {
    Collections.addAll(read, fields);
    return this;
  }

  /**
   * Reads a required string field.
   *
   * @param field the field name
   * @return the text, never null (may be empty only if the document says so)
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if missing, null or not a
   *     string
   */
  public String text(String field) {
    return optionalText(field).orElseThrow(() -> missing(field, "a string"));
  }

  /**
   * Reads an optional string field (absent or null gives empty).
   *
   * @param field the field name
   * @return the text if present
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if present but not a string
   */
  public Optional<String> optionalText(String field) {
    JsonNode value = value(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw error(pathOf(field), value, "a string");
    }
    return Optional.of(value.textValue());
  }

  /**
   * Reads a required decimal field (a string such as {@code "0.20"} or an exact number).
   *
   * @param field the field name
   * @return the decimal, exactly as written, within {@link Decimals} bounds
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if missing, malformed or
   *     out of bounds
   */
  public BigDecimal decimal(String field) {
    return optionalDecimal(field).orElseThrow(() -> missing(field, "a decimal string such as \"12.50\""));
  }

  /**
   * Reads an optional decimal field (absent or null gives empty).
   *
   * @param field the field name
   * @return the decimal if present
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if present but malformed
   *     or out of bounds
   */
  public Optional<BigDecimal> optionalDecimal(String field) {
    JsonNode value = value(field);
    if (value == null) {
      return Optional.empty();
    }
    return Optional.of(decimalOf(value, pathOf(field)));
  }

  /**
   * Reads a required integer field (a JSON integer, or a string of digits).
   *
   * @param field the field name
   * @return the value
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if missing or not an
   *     integer in the int range
   */
  public int integer(String field) {
    return optionalInteger(field).orElseThrow(() -> missing(field, "an integer"));
  }

  /**
   * Reads an optional integer field.
   *
   * @param field the field name
   * @return the value if present
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if present but not an int
   */
  public Optional<Integer> optionalInteger(String field) {
    JsonNode value = value(field);
    if (value == null) {
      return Optional.empty();
    }
    if (value.isInt()) {
      return Optional.of(value.intValue());
    }
    if (value.isTextual() && value.textValue().matches("-?\\d{1,9}")) {
      return Optional.of(Integer.parseInt(value.textValue()));
    }
    throw error(pathOf(field), value, "an integer");
  }

  /**
   * Reads an optional whole-number field in the {@code long} range: a JSON integer or a plain decimal
   * string with no fractional part ({@code "1000000"}; no exponent, as {@link #optionalDecimal}).
   *
   * @param field the field name
   * @return the value if present
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if present but malformed,
   *     fractional ({@code "1.5"}) or outside the {@code long} range, naming the field
   */
  public Optional<Long> optionalLong(String field) {
    Optional<BigDecimal> d = optionalDecimal(field);
    if (d.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(d.get().longValueExact());
    } catch (ArithmeticException e) {
      throw error(pathOf(field), value(field), "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
    }
  }

  /**
   * Reads an optional boolean field.
   *
   * @param field the field name
   * @param defaultValue the value when absent or null
   * @return the value
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if present but not boolean
   */
  public boolean bool(String field, boolean defaultValue) {
    JsonNode value = value(field);
    if (value == null) {
      return defaultValue;
    }
    if (!value.isBoolean()) {
      throw error(pathOf(field), value, "true or false");
    }
    return value.booleanValue();
  }

  /**
   * Reads a required enumeration field written in snake_case ({@code in_arrears} for
   * {@code IN_ARREARS}).
   *
   * @param <E> the enum type
   * @param field the field name
   * @param type the enum class
   * @return the constant, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} listing the accepted values
   */
  public <E extends Enum<E>> E enumValue(String field, Class<E> type) {
    return optionalEnum(field, type).orElseThrow(() -> missing(field, "one of " + names(type)));
  }

  /**
   * Reads an optional enumeration field written in snake_case.
   *
   * @param <E> the enum type
   * @param field the field name
   * @param type the enum class
   * @return the constant if present
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} listing the accepted values
   */
  public <E extends Enum<E>> Optional<E> optionalEnum(String field, Class<E> type) {
    JsonNode value = value(field);
    if (value == null) {
      return Optional.empty();
    }
    if (value.isTextual()) {
      for (E constant : type.getEnumConstants()) {
        if (jsonName(constant).equals(value.textValue())) {
          return Optional.of(constant);
        }
      }
    }
    throw error(pathOf(field), value, "one of " + names(type));
  }

  /**
   * Reads a required nested object.
   *
   * @param field the field name
   * @return a reader for the nested object, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if missing or not an object
   */
  public JsonObjectReader object(String field) {
    return optionalObject(field).orElseThrow(() -> missing(field, "an object"));
  }

  /**
   * Reads an optional nested object.
   *
   * @param field the field name
   * @return a reader for the nested object if present
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if present but not an object
   */
  public Optional<JsonObjectReader> optionalObject(String field) {
    JsonNode value = value(field);
    return value == null ? Optional.empty() : Optional.of(new JsonObjectReader(value, pathOf(field)));
  }

  /**
   * Reads an optional array, mapping each element with its path ({@code field[i]}); absent or
   * null gives an empty list.
   *
   * @param <T> the element type
   * @param field the field name
   * @param element maps (element node, element path) to a value
   * @return the values in order, unmodifiable, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if present but not an array
   */
  public <T> List<T> array(String field, ElementReader<T> element) {
    JsonNode value = value(field);
    if (value == null) {
      return List.of();
    }
    if (!value.isArray()) {
      throw error(pathOf(field), value, "an array");
    }
    List<T> out = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) {
      out.add(element.read(value.get(i), pathOf(field) + "[" + i + "]"));
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Reads an optional array of objects, each through its own {@link JsonObjectReader}.
   *
   * @param <T> the element type
   * @param field the field name
   * @param element maps a reader of each element to a value; it should call {@link #end()}
   * @return the values in order, unmodifiable, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if present but not an
   *     array of objects
   */
  public <T> List<T> objects(String field, Function<JsonObjectReader, T> element) {
    return array(field, (n, p) -> element.apply(new JsonObjectReader(n, p)));
  }

  /**
   * Reads an optional array of strings.
   *
   * @param field the field name
   * @return the strings in order, unmodifiable, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if not an array of strings
   */
  public List<String> texts(String field) {
    return array(field, (n, p) -> {
      if (!n.isTextual()) {
        throw error(p, n, "a string");
      }
      return n.textValue();
    });
  }

  /**
   * Reads an optional object whose field names are keys (such as {@code prices: {"USD": …}} or
   * {@code filters: {"status": ["delivered"]}}), keeping document order.
   *
   * @param <T> the value type
   * @param field the field name
   * @param value maps (value node, value path) to a value
   * @return the entries in document order, unmodifiable, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if present but not an object
   */
  public <T> Map<String, T> map(String field, ElementReader<T> value) {
    JsonNode object = value(field);
    if (object == null) {
      return Map.of();
    }
    if (!object.isObject()) {
      throw error(pathOf(field), object, "an object");
    }
    Map<String, T> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      out.put(e.getKey(), value.read(e.getValue(), pathOf(field) + "." + e.getKey()));
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Finishes reading: throws if the object has a field that no getter read.
   *
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} naming the unknown field
   *     and the fields that are accepted
   */
  public void end() {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!read.contains(name)) {
        throw new BillingException(ErrorCode.INVALID_DOCUMENT,
            "at " + pathOf(name) + ": unknown field '" + name + "'; accepted fields here are " + read);
      }
    }
  }

  /**
   * Converts a node to a bounded exact decimal.
   *
   * @param value the node: a string of a plain decimal or a JSON number, not null
   * @param path the node's path for messages
   * @return the decimal
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if not a decimal or out of
   *     bounds
   */
  public static BigDecimal decimalOf(JsonNode value, String path) {
    try {
      if (value.isTextual()) {
        return Decimals.parse(value.textValue(), path);
      }
      if (value.isNumber()) {
        return Decimals.checkBounds(value.decimalValue(), path);
      }
    } catch (BillingException e) {
      throw new BillingException(ErrorCode.INVALID_DOCUMENT, "at " + e.getMessage(), e);
    }
    throw error(path, value, "a decimal string such as \"12.50\"");
  }

  /**
   * The standard document error: {@code at PATH: got VALUE, expected EXPECTED}.
   *
   * @param path the JSON path
   * @param value the offending node, may be null
   * @param expected what was expected
   * @return the exception
   */
  public static BillingException error(String path, @Nullable Object value, String expected) {
    String shown = value == null ? "nothing" : abbreviate(value.toString());
    return new BillingException(ErrorCode.INVALID_DOCUMENT, "at " + path + ": got " + shown + ", expected " + expected);
  }

  /**
   * Returns the snake_case JSON name of an enum constant ({@code IN_ARREARS} → {@code in_arrears}).
   *
   * @param constant the constant, not null
   * @return the name
   */
  public static String jsonName(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  private static String names(Class<? extends Enum<?>> type) {
    List<String> names = new ArrayList<>();
    for (Enum<?> c : type.getEnumConstants()) {
      names.add(jsonName(c));
    }
    return names.toString();
  }

  private JsonNode value(String field) {
    read.add(field);
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value;
  }

  private BillingException missing(String field, String expected) {
    return new BillingException(ErrorCode.INVALID_DOCUMENT,
        "at " + pathOf(field) + ": missing required field '" + field + "', expected " + expected);
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

  /**
   * Reads one element of an array or one value of a map, given its node and path.
   *
   * @param <T> the value type
   */
  @FunctionalInterface
  public interface ElementReader<T> {
    /**
     * Reads a value.
     *
     * @param node the node, not null
     * @param path the node's JSON path
     * @return the value
     */
    T read(JsonNode node, String path);
  }
}

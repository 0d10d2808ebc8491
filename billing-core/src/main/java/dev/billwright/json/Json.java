package dev.billwright.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The Jackson mappers Billwright reads and writes its documents with (plans, prices, meters,
 * events, invoices, conformance cases).
 *
 * <p>Floating-point JSON numbers are read as exact {@link java.math.BigDecimal}s, never as
 * {@code double}, so a decimal written as a number loses nothing; the documented form is still a
 * JSON string ({@code "0.20"}). Output is pretty-printed with a fixed field order, so the same
 * value always gives the same bytes.
 */
public final class Json {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  private Json() {}

  /**
   * Returns the shared JSON mapper. Do not reconfigure it.
   *
   * @return the mapper, never null
   */
  public static ObjectMapper mapper() {
    return JSON;
  }

  /**
   * Returns the shared YAML mapper (same tree model as JSON). Do not reconfigure it.
   *
   * @return the mapper, never null
   */
  public static ObjectMapper yamlMapper() {
    return YAML;
  }

  /**
   * Returns a new empty JSON object node.
   *
   * @return the node, never null
   */
  public static ObjectNode object() {
    return NODES.objectNode();
  }

  /**
   * Parses JSON text into a tree.
   *
   * @param text the JSON text, not null
   * @param source a name for the document in error messages, such as a file name
   * @return the tree, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if the text is not JSON,
   *     naming the source, line and column, or holds a number Jackson cannot represent (an
   *     exponent beyond the int range)
   */
  public static JsonNode parse(String text, String source) {
    return read(JSON, text, source);
  }

  /**
   * Parses YAML text into the same tree model as JSON.
   *
   * @param text the YAML text, not null
   * @param source a name for the document in error messages
   * @return the tree, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if the text is not YAML
   */
  public static JsonNode parseYaml(String text, String source) {
    return read(YAML, text, source);
  }

  /**
   * Reads a file as JSON or, when its name ends in {@code .yaml} or {@code .yml}, as YAML.
   *
   * @param file the file, not null
   * @return the tree, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if unreadable or malformed
   */
  public static JsonNode readFile(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new BillingException(ErrorCode.INVALID_DOCUMENT, "cannot read " + file + ": " + e.getMessage(), e);
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
    return read(yaml ? YAML : JSON, text, file.toString());
  }

  /**
   * Writes a tree as pretty-printed JSON with a trailing newline.
   *
   * @param node the tree, not null
   * @return the JSON text, never null
   */
  public static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode read(ObjectMapper mapper, String text, String source) {
    try {
      JsonNode node = mapper.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new BillingException(ErrorCode.INVALID_DOCUMENT, source + ": the document is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new BillingException(ErrorCode.INVALID_DOCUMENT,
          source + where + ": malformed document: " + e.getOriginalMessage(), e);
    } catch (NumberFormatException e) {
      // Jackson throws it bare for a number it cannot represent, such as 1e2147483648
      throw new BillingException(ErrorCode.INVALID_DOCUMENT,
          source + ": malformed document: a number out of range: " + e.getMessage(), e);
    }
  }
}

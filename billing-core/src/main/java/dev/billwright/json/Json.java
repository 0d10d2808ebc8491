package dev.billwright.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The Jackson mappers Billwright reads and writes its documents with (plans, prices, meters,
 * events, invoices, conformance cases).
 *
 * <p>Floating-point JSON numbers are read as exact {@link java.math.BigDecimal}s, never as
 * {@code double}, so a decimal written as a number loses nothing; the documented form is still a
 * JSON string ({@code "0.20"}). Output is pretty-printed with a fixed field order, so the same
 * value always gives the same bytes.
 *
 * <p>Every reader ({@link #parse}, {@link #parseYaml}, {@link #readFile}) skips one leading
 * byte order mark (U+FEFF), as the event readers do, and every syntax error names the JSON path
 * where it happened ({@code $.charges[0].price.unit_price}) besides the line and column. Numbers
 * are limited to 1000 characters (Jackson's {@code StreamReadConstraints} default) and nesting
 * to 1000 levels. YAML anchors and aliases are resolved, with at most
 * {@value YamlTreeReader#MAX_ALIAS_NODES} nodes copied through aliases per document (so a
 * "billion laughs" document is rejected, not expanded); an alias to no earlier anchor, an alias
 * used as a key, {@code .inf} and {@code .nan}, and a second YAML document are rejected.
 */
public final class Json {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** U+FEFF, which some editors write at the start of a UTF-8 file; skipped by every reader. */
  private static final String BYTE_ORDER_MARK = "\uFEFF";

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  private static final ObjectMapper YAML = YAMLMapper.builder(new YamlTreeReader.AnchoredFactory())
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
   * Returns a JSON object node whose fields are written when the node is first used: the writer
   * runs once, on the first call that reads, writes, compares, hashes, copies or serialises the
   * node (any call that touches its fields), into a fresh object node, and the node then holds
   * exactly the fields the writer put, in the writer's order. A node that is never read costs the
   * node and the writer only, which is what invoice lines use for their explanations: the same
   * fields and bytes as a node written at once, built only when something reads them.
   *
   * <p>The writer runs at most once, even when the node is shared between threads (the first
   * use writes it under a lock; later uses see the whole written map). It must be a pure function
   * of values that do not change, must not touch the node returned here (it is given a node of
   * its own to write into) and must not throw: an exception from it propagates out of the call
   * that first used the node, and the next use runs it again.
   *
   * @param writer puts the node's fields into the object node it is given, not null
   * @return the node, never null
   * @throws NullPointerException if {@code writer} is null
   */
  public static ObjectNode deferredObject(java.util.function.Consumer<? super ObjectNode> writer) {
    return new ObjectNode(NODES, new DeferredChildren(NODES, writer));
  }

  /**
   * Parses JSON text into a tree.
   *
   * @param text the JSON text, not null
   * @param source a name for the document in error messages, such as a file name
   * @return the tree, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if the text is not JSON,
   *     naming the source, line, column and JSON path, or holds a number Jackson cannot
   *     represent (an exponent beyond the int range)
   */
  public static JsonNode parse(String text, String source) {
    return read(JSON, text, source, true);
  }

  /**
   * Parses one JSON record of a larger file (an NDJSON line) into a tree, exactly as given: unlike
   * {@link #parse}, a leading U+FEFF is not skipped, since inside a file it is text, not a byte
   * order mark (RFC 8259 s.8.1: a byte order mark may only start a whole document).
   *
   * @param text the JSON text of the record, not null
   * @param source a name for the record in error messages
   * @return the tree, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} as for {@link #parse}
   */
  public static JsonNode parseRecord(String text, String source) {
    return read(JSON, text, source, false);
  }

  /**
   * Parses YAML text into the same tree model as JSON.
   *
   * @param text the YAML text, not null
   * @param source a name for the document in error messages
   * @return the tree, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if the text is not YAML,
   *     uses an alias that is undefined, used as a key or expands past the bound, holds a
   *     non-finite number, or has more than one document, naming the source and JSON path
   */
  public static JsonNode parseYaml(String text, String source) {
    return read(YAML, text, source, true);
  }

  /**
   * Reads a file as JSON or, when its name ends in {@code .yaml} or {@code .yml}, as YAML.
   *
   * @param file the file, not null
   * @return the tree, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if unreadable, not UTF-8 or
   *     malformed, as for {@link #parse} and {@link #parseYaml}
   */
  public static JsonNode readFile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new BillingException(ErrorCode.INVALID_DOCUMENT,
          file + ": $: got bytes that are not UTF-8, expected UTF-8 text", e);
    } catch (IOException e) {
      throw new BillingException(ErrorCode.INVALID_DOCUMENT, "cannot read " + file + ": " + e.getMessage(), e);
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
    return read(yaml ? YAML : JSON, text, file.toString(), true);
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

  private static JsonNode read(ObjectMapper mapper, String text, String source, boolean skipByteOrderMark) {
    String body = skipByteOrderMark && text.startsWith(BYTE_ORDER_MARK) ? text.substring(1) : text;
    JsonParser parser = null;
    try {
      parser = mapper.createParser(body);
      JsonNode node = parser instanceof YamlTreeReader.AnchoredParser
          ? new YamlTreeReader((YamlTreeReader.AnchoredParser) parser, source).readDocument()
          : mapper.readTree(parser);
      if (node == null || node.isMissingNode()) {
        throw new BillingException(ErrorCode.INVALID_DOCUMENT, source + ": $: the document is empty, expected one JSON or YAML value");
      }
      return node;
    } catch (JsonProcessingException e) {
      JsonLocation location = e.getLocation() != null ? e.getLocation()
          : parser == null ? null : parser.currentLocation();
      String where = location == null || location.getLineNr() < 0 ? ""
          : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
      String path = parser == null ? "$" : pathOf(parser.getParsingContext());
      throw new BillingException(ErrorCode.INVALID_DOCUMENT,
          source + where + ": malformed document at " + path + ": " + e.getOriginalMessage(), e);
    } catch (NumberFormatException e) {
      // Jackson throws it bare for a number it cannot represent, such as 1e2147483648
      String path = parser == null ? "$" : pathOf(parser.getParsingContext());
      throw new BillingException(ErrorCode.INVALID_DOCUMENT,
          source + ": malformed document at " + path + ": a number out of range: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new BillingException(ErrorCode.INVALID_DOCUMENT, source + ": cannot read: " + e.getMessage(), e);
    } finally {
      if (parser != null) {
        try {
          parser.close();
        } catch (IOException e) {
          // closing a parser over a string releases buffers only; nothing can be lost
        }
      }
    }
  }

  /**
   * Returns the JSON path ({@code $.charges[0].price}) of a parser position.
   *
   * @param context the parsing context, may be null
   * @return the path, never null; {@code $} at the root; a name over 64 characters, and a
   *     path over 200, is cut and marked with an ellipsis
   */
  static String pathOf(@Nullable JsonStreamContext context) {
    StringBuilder out = new StringBuilder();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        out.insert(0, "[" + Math.max(c.getCurrentIndex(), 0) + "]");
      } else if (c.getCurrentName() != null) {
        String name = c.getCurrentName();
        // a hostile document's key may be as long as the document: keep error messages bounded
        out.insert(0, "." + (name.length() > 64 ? name.substring(0, 64) + "…" : name));
      }
    }
    out.insert(0, "$");
    // nesting may run a thousand levels deep: keep error messages bounded
    return out.length() > 200 ? out.substring(0, 200) + "…" : out.toString();
  }
}

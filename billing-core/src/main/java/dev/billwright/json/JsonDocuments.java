package dev.billwright.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * The one reader shape every document codec offers ({@code PlanJson}, {@code MeterJson},
 * {@code SubscriptionJson}, {@code UsageEventJson}, {@code InvoiceJson}, {@code CreditNoteJson},
 * {@code LedgerEntryJson}): {@code XJson.read(source)} for a document of one value and
 * {@code XJson.readAll(source)} for a document of many, where the source is a {@link Path}, an
 * {@link InputStream} with a name, a {@link String} of text with a name, or a {@link JsonNode}
 * already parsed with a name.
 *
 * <p>A document of many is an object with one field, named for what it holds, whose value is an
 * array of those values ({@code {"plans": [plan, …]}}, {@code {"meters": […]}}), or a bare JSON
 * array of them; any other field beside it is rejected with its JSON path. Text and streams are
 * read as YAML when the name ends in {@code .yaml} or {@code .yml}, otherwise as JSON, with the
 * rules of {@link Json} (a leading byte order mark skipped, exact decimals, bounded aliases).
 * This class holds the shared plumbing; call the codecs' methods.
 */
public final class JsonDocuments {
  private JsonDocuments() {}

  /**
   * Parses a file (JSON, or YAML by its {@code .yaml}/{@code .yml} name).
   *
   * @param file the file, not null
   * @return the tree, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} as {@link Json#readFile}
   */
  public static JsonNode parse(Path file) {
    return Json.readFile(Objects.requireNonNull(file, "file"));
  }

  /**
   * Parses text (JSON, or YAML when the name ends in {@code .yaml}/{@code .yml}).
   *
   * @param text the document text, not null
   * @param source the document's name for messages and format, such as {@code plans.json}; not null
   * @return the tree, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} as {@link Json#parse}
   */
  public static JsonNode parse(String text, String source) {
    Objects.requireNonNull(text, "text");
    return isYaml(source) ? Json.parseYaml(text, source) : Json.parse(text, source);
  }

  /**
   * Reads a stream to its end as UTF-8 and parses it as {@link #parse(String, String)}. The
   * stream is not closed.
   *
   * @param in the stream, not null
   * @param source the document's name for messages and format, not null
   * @return the tree, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if the stream cannot be
   *     read, is not UTF-8, or is malformed
   */
  public static JsonNode parse(InputStream in, String source) {
    Objects.requireNonNull(in, "in");
    byte[] bytes;
    try {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new BillingException(ErrorCode.INVALID_DOCUMENT, "cannot read " + source + ": " + e.getMessage(), e);
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new BillingException(ErrorCode.INVALID_DOCUMENT,
          source + ": $: got bytes that are not UTF-8, expected UTF-8 text", e);
    }
    return parse(text, source);
  }

  /**
   * Reads a document of one value: the root object, through {@code reader}, then rejects any
   * field the reader left unread.
   *
   * @param <T> the value's type
   * @param node the root node, not null
   * @param source the document's name for messages, may be empty
   * @param reader the codec's object reader, not null
   * @return the value, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if the root is not an object
   *     or has an unknown field, or what {@code reader} throws
   */
  public static <T> T one(JsonNode node, String source, Function<JsonObjectReader, T> reader) {
    JsonObjectReader r = JsonObjectReader.root(node, source);
    T value = reader.apply(r);
    r.end();
    return value;
  }

  /**
   * Reads a document of many values: {@code {"<field>": [ … ]}} or a bare array.
   *
   * @param <T> the value's type
   * @param node the root node, not null
   * @param source the document's name for messages, may be empty
   * @param field the field holding the array, such as {@code plans}
   * @param reader the codec's object reader, not null
   * @return the values in document order, never null, unmodifiable
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if the root is neither such an
   *     object nor an array, an element is not an object, there is another field, or what
   *     {@code reader} throws (each naming the element's JSON path)
   */
  public static <T> List<T> many(JsonNode node, String source, String field, Function<JsonObjectReader, T> reader) {
    String root = source == null || source.isEmpty() ? "$" : source + ": $";
    Function<JsonObjectReader, T> element = r -> {
      T value = reader.apply(r);
      r.end();
      return value;
    };
    if (node != null && node.isArray()) {
      List<T> out = new ArrayList<>(node.size());
      for (int i = 0; i < node.size(); i++) {
        out.add(element.apply(JsonObjectReader.at(node.get(i), root + "[" + i + "]")));
      }
      return List.copyOf(out);
    }
    if (node == null || !node.isObject()) {
      throw JsonObjectReader.error(root, node, "{\"" + field + "\": [ … ]} or a JSON array");
    }
    JsonObjectReader r = JsonObjectReader.root(node, source);
    if (!r.has(field)) {
      throw JsonObjectReader.error(r.pathOf(field), null, "an array of the document's values");
    }
    List<T> out = r.objects(field, element);
    r.end();
    return List.copyOf(out);
  }

  private static boolean isYaml(String source) {
    String name = source == null ? "" : source.toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }
}

package dev.billwright.json;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.io.CharArrayReader;
import java.io.IOException;
import java.io.Reader;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * Builds the tree of one YAML document from Jackson's YAML token stream, resolving anchors and
 * aliases, which Jackson's own tree reader returns as the anchor's name (so {@code tax_code: *sac}
 * would read as {@code "sac"}).
 *
 * <p>An alias stands for a copy of the node its anchor names, which must be complete before the
 * alias (so a node cannot contain itself). Expansion is bounded, as SnakeYAML's
 * {@code LoaderOptions.maxAliasesForCollections} bounds it: at most {@link #MAX_ALIAS_NODES}
 * nodes may be copied through aliases in one document. Scalars are typed exactly as Jackson's
 * tree reader types them (ints, longs, big integers, exact decimals, booleans, nulls, strings).
 */
final class YamlTreeReader {
  /** The most nodes one document may copy through aliases; a billion-laughs document exceeds it. */
  static final int MAX_ALIAS_NODES = 10_000;
  /** The deepest nesting of mappings and sequences, as Jackson's default for JSON. */
  static final int MAX_DEPTH = 1000;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final AnchoredParser parser;
  private final String source;
  private final Map<String, JsonNode> anchors = new HashMap<>();
  private final Map<String, Integer> sizes = new HashMap<>();
  private long copied;
  private int depth;
  /** The node count of the tree the last call of {@link #value} returned. */
  private int lastSize;

  YamlTreeReader(AnchoredParser parser, String source) {
    this.parser = parser;
    this.source = source;
  }

  /** Reads the document: its tree, or the missing node for an empty document. */
  JsonNode readDocument() throws IOException {
    JsonToken first = parser.nextToken();
    if (first == null) {
      return MissingNode.getInstance();
    }
    JsonNode root = value(first);
    if (parser.nextToken() != null) {
      throw error("a second YAML document (or content after the first); a file holds one document");
    }
    return root;
  }

  private JsonNode value(JsonToken token) throws IOException {
    Object id = parser.getObjectId();
    String anchor = id != null ? id.toString() : parser.scalarAnchor;
    JsonNode node;
    lastSize = 1;
    switch (token) {
      case START_OBJECT -> node = object();
      case START_ARRAY -> node = array();
      case VALUE_STRING -> {
        if (parser.isCurrentAlias()) {
          return alias(parser.getText());
        }
        node = NODES.textNode(parser.getText());
      }
      case VALUE_NUMBER_INT -> node = switch (parser.getNumberType()) {
        case INT -> NODES.numberNode(parser.getIntValue());
        case LONG -> NODES.numberNode(parser.getLongValue());
        default -> NODES.numberNode(parser.getBigIntegerValue());
      };
      case VALUE_NUMBER_FLOAT -> node = decimal();
      case VALUE_TRUE -> node = NODES.booleanNode(true);
      case VALUE_FALSE -> node = NODES.booleanNode(false);
      case VALUE_NULL -> node = NODES.nullNode();
      default -> throw error("got a YAML " + token + " value, expected a string, number, boolean, null, "
          + "mapping or sequence");
    }
    if (anchor != null) {
      anchors.put(anchor, node);
      sizes.put(anchor, lastSize);
    }
    return node;
  }

  private ObjectNode object() throws IOException {
    enter();
    ObjectNode node = NODES.objectNode();
    int size = 1;
    for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
      if (t != JsonToken.FIELD_NAME) {
        throw error("got a YAML " + t + ", expected a key");
      }
      String name = parser.currentName();
      if (parser.isCurrentAlias()) {
        throw error("got the alias *" + name + " as a key, expected a plain key");
      }
      if (node.has(name)) {
        throw error("got the key '" + name + "' twice, expected each key once");
      }
      node.set(name, value(parser.nextToken()));
      size += lastSize;
    }
    depth--;
    lastSize = size;
    return node;
  }

  private ArrayNode array() throws IOException {
    enter();
    ArrayNode node = NODES.arrayNode();
    int size = 1;
    for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
      node.add(value(t));
      size += lastSize;
    }
    depth--;
    lastSize = size;
    return node;
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw error("got more than " + MAX_DEPTH + " levels of nesting, expected at most " + MAX_DEPTH);
    }
  }

  private JsonNode decimal() throws IOException {
    try {
      return NODES.numberNode(parser.getDecimalValue());
    } catch (NumberFormatException | com.fasterxml.jackson.core.JsonParseException e) {
      throw error("got " + abbreviate(parser.getText())
          + ", expected a finite decimal (.inf and .nan have no place in a billing document)");
    }
  }

  private JsonNode alias(String name) {
    JsonNode target = anchors.get(name);
    if (target == null) {
      throw error("got the alias *" + abbreviate(name) + ", expected an alias of an anchor (&" + abbreviate(name)
          + ") defined, and complete, earlier in the document");
    }
    int size = sizes.get(name);
    copied += size;
    if (copied > MAX_ALIAS_NODES) {
      throw error("got the alias *" + abbreviate(name) + " past the bound, expected aliases to copy at most "
          + MAX_ALIAS_NODES + " nodes per document");
    }
    lastSize = size;
    return target.deepCopy();
  }

  private BillingException error(String message) {
    var at = parser.currentLocation();
    String where = at == null || at.getLineNr() < 0 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    return new BillingException(ErrorCode.INVALID_DOCUMENT,
        "at " + source + ": " + Json.pathOf(parser.getParsingContext()) + where + ": " + message);
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

  /**
   * The YAML factory of {@link Json#yamlMapper()}: Jackson's, except that its parsers keep the
   * anchor of a scalar value, which Jackson's parser drops (it keeps those of mappings and
   * sequences only).
   */
  static final class AnchoredFactory extends YAMLFactory {
    private static final long serialVersionUID = 1L;

    @Override
    protected YAMLParser _createParser(Reader r, IOContext ctxt) throws IOException {
      return new AnchoredParser(ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, r);
    }

    @Override
    protected YAMLParser _createParser(char[] data, int offset, int len, IOContext ctxt, boolean recyclable)
        throws IOException {
      return _createParser(new CharArrayReader(data, offset, len), ctxt);
    }
  }

  /** A YAML parser that records the anchor of the scalar value it is on. */
  static final class AnchoredParser extends YAMLParser {
    /** The anchor of the current scalar value, or null. */
    String scalarAnchor;

    AnchoredParser(IOContext ctxt, int parserFeatures, int formatFeatures, LoaderOptions options,
        ObjectCodec codec, Reader reader) {
      super(ctxt, parserFeatures, formatFeatures, options, codec, reader);
    }

    @Override
    public JsonToken nextToken() throws IOException {
      scalarAnchor = null;
      return super.nextToken();
    }

    @Override
    protected JsonToken _decodeScalar(ScalarEvent scalar) throws IOException {
      scalarAnchor = scalar.getAnchor();
      return super._decodeScalar(scalar);
    }
  }
}

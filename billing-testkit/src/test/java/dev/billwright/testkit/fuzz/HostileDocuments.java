package dev.billwright.testkit.fuzz;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.billwright.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quicktheories.core.Gen;

/**
 * Generates hostile definition documents from valid seeds: one to three tree mutations (a value
 * replaced by a hostile one or by another part of the document, a field removed or added, an
 * element repeated), written as JSON or YAML, then sometimes a text mutation (a byte order mark,
 * anchors and aliases, a billion-laughs prelude, a truncation, an inserted character). Inputs are
 * bounded: at most {@link #MAX_CHARS} characters.
 */
final class HostileDocuments {
  /** The largest input generated; longer ones are cut (which is one more hostile input). */
  static final int MAX_CHARS = 64 * 1024;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build();
  private static final Pattern SCALAR_LINE = Pattern.compile("(?m)^(\\s*(?:- )?[A-Za-z_]+: )([^\\s&*\\[{|>][^\\n]*)$");
  private static final Pattern BLOCK_LINE = Pattern.compile("(?m)^(\\s*(?:- )?[A-Za-z_]+:)$");

  private static final List<String> STRINGS = List.of("", " ", "0", "-0", "-1", "0.00", "100", "100.01",
      "1e999999999", "1E-999999999", "1" + "0".repeat(1200), "0." + "0".repeat(80) + "1", "NaN", "Infinity",
      "\u0000", "\uD800", "\uDC00x", "\u202Eevil", "\u0131", "\u017F", "\uD835\uDFD9", "\uFEFF", "e\u0301",
      "XXX", "XAU", "XDR", "usd", "unnecessary", "half_even", "P0D", "P-1M", "P1000000Y", "PT1S",
      "+999999999-12-31T23:59:59Z", "2026-02-30T00:00:00Z", "2026-10-01T00:00:00+05:30", "Mars/Olympus",
      "*alias", "&anchor", "<<", "~", "null", "true", "yes", "0x1F", ".inf", "${jndi:x}", "../../etc/passwd",
      "a".repeat(5000));

  private HostileDocuments() {}

  /** One generated input: its text and whether it is read as YAML. */
  record Input(String text, boolean yaml) {
    @Override
    public String toString() {
      String shown = text.length() <= 2000 ? text : text.substring(0, 2000) + "... (" + text.length() + " chars)";
      StringBuilder out = new StringBuilder(yaml ? "YAML:\n" : "JSON:\n");
      shown.chars().forEach(c -> out.append(c == '\n' || (c >= 0x20 && c < 0x7F) ? String.valueOf((char) c)
          : String.format("\\u%04X", c)));
      return out.toString();
    }
  }

  /**
   * Mutated documents from seeds.
   *
   * @param seeds valid documents, not empty
   * @param yamlToo whether some inputs are written as YAML
   * @return the generator
   */
  static Gen<Input> from(List<JsonNode> seeds, boolean yamlToo) {
    Gen<Integer> seed = integers().between(0, seeds.size() - 1);
    Gen<Integer> mutations = integers().between(0, 3);
    Gen<Integer> any = integers().between(0, Integer.MAX_VALUE - 1);
    Gen<Boolean> coin = booleans().all();
    Gen<String> noise = strings().allPossible().ofLengthBetween(0, 12);
    return in -> {
      JsonNode doc = seeds.get(seed.generate(in)).deepCopy();
      int n = mutations.generate(in);
      for (int i = 0; i < n; i++) {
        doc = mutate(doc, any.generate(in), any.generate(in), any.generate(in), noise.generate(in));
      }
      boolean yaml = yamlToo && coin.generate(in);
      String text = write(doc, yaml);
      int textMutation = any.generate(in) % 12;
      int at = any.generate(in);
      switch (textMutation) {
        case 0 -> text = "\uFEFF" + text;
        case 1 -> text = text.substring(0, at % (text.length() + 1));
        case 2 -> {
          int p = at % (text.length() + 1);
          text = text.substring(0, p) + noise.generate(in) + text.substring(p);
        }
        case 3, 4 -> text = yaml ? aliases(text, at, false) : text;
        case 5 -> text = yaml ? aliases(text, at, true) : text;
        case 6 -> text = yaml ? laughs(at % 12) + text : text;
        case 7 -> text = yaml ? text.replaceFirst("(?m)^(\\s*[A-Za-z_]+: ).*$", "$1*nowhere") : text;
        default -> { }
      }
      if (text.length() > MAX_CHARS) {
        text = text.substring(0, MAX_CHARS);
      }
      return new Input(text, yaml);
    };
  }

  private static String write(JsonNode doc, boolean yaml) {
    try {
      return yaml ? YAML.writeValueAsString(doc) : Json.write(doc);
    } catch (JsonProcessingException | RuntimeException e) {
      // a lone surrogate cannot be written as YAML; JSON text is YAML too
      return Json.write(doc);
    }
  }

  /** Applies one mutation at a node chosen by {@code where}. */
  static JsonNode mutate(JsonNode doc, int where, int what, int pick, String noise) {
    List<JsonNode> containers = new ArrayList<>();
    collect(doc, containers);
    JsonNode parent = containers.get(where % containers.size());
    if (parent.isEmpty() && parent.isObject()) {
      ((ObjectNode) parent).set("unknown_" + what % 7, hostile(what, pick, noise, doc));
      return doc;
    }
    if (parent.isArray()) {
      ArrayNode array = (ArrayNode) parent;
      if (array.isEmpty()) {
        array.add(hostile(what, pick, noise, doc));
        return doc;
      }
      int index = pick % array.size();
      switch (what % 5) {
        case 0 -> array.remove(index);
        case 1 -> array.add(array.get(index).deepCopy());
        default -> array.set(index, hostile(what / 5, pick, noise, doc));
      }
      return doc;
    }
    ObjectNode object = (ObjectNode) parent;
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    String name = names.get(pick % names.size());
    switch (what % 6) {
      case 0 -> object.remove(name);
      case 1 -> object.set(noise.isEmpty() ? "colour" : noise, hostile(what / 6, pick, noise, doc));
      default -> object.set(name, hostile(what / 6, pick, noise, doc));
    }
    return doc;
  }

  private static void collect(JsonNode node, List<JsonNode> out) {
    if (node.isContainerNode()) {
      out.add(node);
      for (Iterator<JsonNode> it = node.elements(); it.hasNext();) {
        collect(it.next(), out);
      }
    }
  }

  private static JsonNode hostile(int what, int pick, String noise, JsonNode doc) {
    switch (what % 16) {
      case 0, 1, 2, 3:
        return NODES.textNode(STRINGS.get(pick % STRINGS.size()));
      case 4:
        return NODES.textNode(noise);
      case 5:
        return NODES.numberNode(List.of(0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE).get(pick % 5));
      case 6:
        return NODES.numberNode(Long.MAX_VALUE);
      case 7:
        return NODES.numberNode(BigInteger.TEN.pow(200 + pick % 900));
      case 8:
        return NODES.numberNode(new BigDecimal(List.of("1e999999999", "1e-999999999", "0.1", "-0.00", "1e40",
            "100", "0").get(pick % 7)));
      case 9:
        return NODES.booleanNode(pick % 2 == 0);
      case 10:
        return NODES.nullNode();
      case 11: {
        JsonNode nested = NODES.textNode("deep");
        for (int i = 0; i < 1 + pick % 80; i++) {
          nested = pick % 2 == 0 ? NODES.arrayNode().add(nested) : NODES.objectNode().set("x", nested);
        }
        return nested;
      }
      case 12:
        return NODES.arrayNode();
      case 13:
        return NODES.objectNode();
      default: {
        // another part of the same document: the right shape in the wrong place
        List<JsonNode> all = new ArrayList<>();
        collectAll(doc, all);
        return all.get(pick % all.size()).deepCopy();
      }
    }
  }

  private static void collectAll(JsonNode node, List<JsonNode> out) {
    out.add(node);
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        collectAll(e.getValue(), out);
      }
    }
    for (JsonNode element : node.isArray() ? node : NODES.arrayNode()) {
      collectAll(element, out);
    }
  }

  /** Puts an anchor on one value (a scalar, or a block collection) and an alias of it on a later scalar. */
  static String aliases(String yaml, int at, boolean collection) {
    Matcher anchorAt = (collection ? BLOCK_LINE : SCALAR_LINE).matcher(yaml);
    List<int[]> anchors = new ArrayList<>();
    while (anchorAt.find()) {
      anchors.add(new int[] {anchorAt.end(1), anchorAt.end()});
    }
    if (anchors.isEmpty()) {
      return yaml;
    }
    int[] anchor = anchors.get(at % anchors.size());
    String anchored = yaml.substring(0, anchor[0]) + (collection ? " &x" : "&x ") + yaml.substring(anchor[0]);
    Matcher aliasAt = SCALAR_LINE.matcher(anchored);
    List<int[]> targets = new ArrayList<>();
    while (aliasAt.find()) {
      if (aliasAt.start(2) > anchor[1] + 3) {
        targets.add(new int[] {aliasAt.start(2), aliasAt.end(2)});
      }
    }
    if (targets.isEmpty()) {
      return anchored;
    }
    int[] target = targets.get((at / 7) % targets.size());
    return anchored.substring(0, target[0]) + "*x" + anchored.substring(target[1]);
  }

  /** A prelude of {@code levels} anchors, each ten aliases of the previous (10^levels leaves). */
  static String laughs(int levels) {
    StringBuilder out = new StringBuilder("lol0: &lol0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i <= levels; i++) {
      out.append("lol").append(i).append(": &lol").append(i).append(" [");
      for (int k = 0; k < 10; k++) {
        out.append(k == 0 ? "" : ", ").append("*lol").append(i - 1);
      }
      out.append("]\n");
    }
    return out.toString();
  }
}

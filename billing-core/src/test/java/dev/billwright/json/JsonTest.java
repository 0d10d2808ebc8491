package dev.billwright.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTest {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  @Test
  void aScalarAliasIsTheAnchoredValueNotTheAnchorName() {
    JsonNode node = Json.parseYaml("first: &sac \"SAC:998319\"\nsecond: *sac\n", "a.yaml");
    assertThat(node.get("second").textValue()).isEqualTo("SAC:998319");
    assertThat(node.get("first").textValue()).isEqualTo("SAC:998319");
  }

  @Test
  void aCollectionAliasIsACopyOfTheAnchoredCollection() {
    JsonNode node = Json.parseYaml("a: &p {model: per_unit, unit_price: \"12.00\"}\nb: *p\n"
        + "c: &l [1, 2]\nd: *l\n", "a.yaml");
    assertThat(node.get("b")).isEqualTo(node.get("a"));
    assertThat(node.get("b").get("unit_price").textValue()).isEqualTo("12.00");
    assertThat(node.get("d")).isEqualTo(node.get("c"));
    assertThat(node.get("d").get(1).intValue()).isEqualTo(2);
  }

  @Test
  void anAliasOfNoEarlierAnchorIsRejectedNamingThePath() {
    assertThatThrownBy(() -> Json.parseYaml("charges:\n  - meter: *m\n", "p.yaml"))
        .isInstanceOf(BillingException.class)
        .satisfies(e -> assertThat(((BillingException) e).code()).isEqualTo(ErrorCode.INVALID_DOCUMENT))
        .hasMessageContaining("p.yaml").hasMessageContaining("$.charges[0].meter").hasMessageContaining("*m");
    // a collection cannot contain an alias of itself
    assertThatThrownBy(() -> Json.parseYaml("a: &a [1, *a]\n", "p.yaml"))
        .isInstanceOf(BillingException.class).hasMessageContaining("$.a[1]").hasMessageContaining("*a");
  }

  @Test
  void aliasExpansionWithinTheBoundIsComplete() {
    // three levels of ten: 10^3 leaves, 1 + 10 + 100 + 1000 nodes under the last anchor
    String yaml = laughs(3);
    JsonNode node = Json.parseYaml(yaml, "lol.yaml");
    assertThat(leaves(node.get("c"))).isEqualTo(1000);
  }

  @Test
  void aBillionLaughsDocumentIsRejectedNotExpanded() {
    // nine levels of ten would be 10^9 leaves; the bound stops the copy at 10 000 nodes
    assertThatThrownBy(() -> Json.parseYaml(laughs(9), "lol.yaml"))
        .isInstanceOf(BillingException.class)
        .satisfies(e -> assertThat(((BillingException) e).code()).isEqualTo(ErrorCode.INVALID_DOCUMENT))
        .hasMessageContaining("lol.yaml").hasMessageContaining("$.")
        .hasMessageContaining(String.valueOf(YamlTreeReader.MAX_ALIAS_NODES));
  }

  @Test
  void anAliasUsedAsAKeyOrASecondDocumentIsRejected() {
    assertThatThrownBy(() -> Json.parseYaml("a: &k x\n*k : 1\n", "k.yaml"))
        .isInstanceOf(BillingException.class).hasMessageContaining("k.yaml");
    assertThatThrownBy(() -> Json.parseYaml("a: 1\n---\na: 2\n", "two.yaml"))
        .isInstanceOf(BillingException.class).hasMessageContaining("two.yaml").hasMessageContaining("second");
  }

  @Test
  void yamlScalarsAreTypedAsJacksonTypesThem() throws IOException {
    String yaml = "i: 7\nl: 12345678901\nb: 123456789012345678901234567890\nd: 12.50\nt: true\nn: null\n"
        + "s: \"12.50\"\nh: 0x1F\n";
    JsonNode ours = Json.parseYaml(yaml, "t.yaml");
    JsonNode jackson = com.fasterxml.jackson.dataformat.yaml.YAMLMapper.builder()
        .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
        .build().readTree(yaml);
    assertThat(ours).isEqualTo(jackson);
    assertThat(ours.get("i").isInt()).isTrue();
    assertThat(ours.get("l").isLong()).isTrue();
    assertThat(ours.get("b").bigIntegerValue()).isEqualTo(new BigInteger("123456789012345678901234567890"));
    assertThat(ours.get("d").decimalValue()).isEqualTo(new BigDecimal("12.50"));
    assertThat(ours.get("h").intValue()).isEqualTo(31);
  }

  @Test
  void nonFiniteYamlNumbersAreRejectedNamingThePath() {
    for (String value : new String[] {".inf", "-.inf", ".nan", ".NaN"}) {
      assertThatThrownBy(() -> Json.parseYaml("price:\n  unit_price: " + value + "\n", "p.yaml"))
          .isInstanceOf(BillingException.class)
          .hasMessageContaining("$.price.unit_price").hasMessageContaining(value);
    }
  }

  @Test
  void aNumberOverTheLengthLimitIsRejectedNamingThePath() {
    String json = "{\"charges\": [{\"price\": {\"unit_price\": 1" + "0".repeat(1000) + "}}]}";
    assertThatThrownBy(() -> Json.parse(json, "p.json"))
        .isInstanceOf(BillingException.class)
        .satisfies(e -> assertThat(((BillingException) e).code()).isEqualTo(ErrorCode.INVALID_DOCUMENT))
        .hasMessageContaining("p.json").hasMessageContaining("$.charges[0].price.unit_price")
        .hasMessageContaining("1001");
  }

  @Test
  void syntaxErrorsNameThePathBesidesTheLine() {
    assertThatThrownBy(() -> Json.parse("{\"a\": [1, {\"b\": tru}]}", "x.json"))
        .isInstanceOf(BillingException.class).hasMessageContaining("$.a[1].b").hasMessageContaining("line 1");
  }

  @Test
  void deepNestingIsRejectedNotOverflowingTheStack() {
    String yaml = "a: " + "[".repeat(5000) + "]".repeat(5000) + "\n";
    assertThatThrownBy(() -> Json.parseYaml(yaml, "deep.yaml")).isInstanceOf(BillingException.class)
        .hasMessageContaining("deep.yaml");
    String json = "{\"a\": " + "[".repeat(5000) + "]".repeat(5000) + "}";
    assertThatThrownBy(() -> Json.parse(json, "deep.json")).isInstanceOf(BillingException.class)
        .hasMessageContaining("deep.json");
  }

  @Test
  void aLeadingByteOrderMarkIsSkippedByEveryReader(@TempDir Path dir) throws IOException {
    assertThat(Json.parse("\uFEFF{\"a\": 1}", "a.json").get("a").intValue()).isEqualTo(1);
    assertThat(Json.parseYaml("\uFEFFa: 1\n", "a.yaml").get("a").intValue()).isEqualTo(1);
    Path json = dir.resolve("plan.json");
    Files.write(json, concat(BOM, "{\"a\": 1}".getBytes(StandardCharsets.UTF_8)));
    assertThat(Json.readFile(json).get("a").intValue()).isEqualTo(1);
    Path yaml = dir.resolve("plan.yaml");
    Files.write(yaml, concat(BOM, "a: 1\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(Json.readFile(yaml).get("a").intValue()).isEqualTo(1);
    // only one: a second mark is content, and not JSON
    assertThatThrownBy(() -> Json.parse("\uFEFF\uFEFF{}", "b.json")).isInstanceOf(BillingException.class);
  }

  @Test
  void aFileThatIsNotUtf8IsRejectedNamingTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("latin1.json");
    Files.write(file, new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xE9, '"', '}'});
    assertThatThrownBy(() -> Json.readFile(file)).isInstanceOf(BillingException.class)
        .hasMessageContaining("latin1.json").hasMessageContaining("UTF-8");
  }

  /** a: ten x; each next anchor: ten aliases of the previous one. */
  static String laughs(int levels) {
    StringBuilder out = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < levels; i++) {
      char name = (char) ('a' + i);
      char previous = (char) ('a' + i - 1);
      out.append(name).append(": &").append(name).append(" [");
      for (int k = 0; k < 10; k++) {
        out.append(k == 0 ? "" : ", ").append('*').append(previous);
      }
      out.append("]\n");
    }
    return out.toString();
  }

  private static int leaves(JsonNode node) {
    if (!node.isContainerNode()) {
      return 1;
    }
    int n = 0;
    for (JsonNode child : node) {
      n += leaves(child);
    }
    return n;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

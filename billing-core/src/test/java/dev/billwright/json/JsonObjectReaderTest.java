package dev.billwright.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import org.junit.jupiter.api.Test;

class JsonObjectReaderTest {
  private static JsonObjectReader reader(String json) {
    return JsonObjectReader.root(Json.parse(json, "t.json"), "t.json");
  }

  /** A fractional or out-of-range count was read with longValueExact and escaped as ArithmeticException. */
  @Test
  void aWholeNumberFieldRejectsFractionsAndOverflowNamingTheField() {
    assertThat(reader("{\"count\": \"1000000\"}").optionalLong("count")).contains(1_000_000L);
    assertThat(reader("{\"count\": 42}").optionalLong("count")).contains(42L);
    assertThat(reader("{}").optionalLong("count")).isEmpty();
    for (String bad : new String[] {"\"1.5\"", "\"99999999999999999999\"", "0.1"}) {
      assertThatThrownBy(() -> reader("{\"count\": " + bad + "}").optionalLong("count"))
          .isInstanceOf(BillingException.class)
          .satisfies(e -> assertThat(((BillingException) e).code()).isEqualTo(ErrorCode.INVALID_DOCUMENT))
          .hasMessageContaining("count").hasMessageContaining("whole number");
    }
  }
}

package dev.billwright.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PriceJsonTest {
  private static Price read(String json) {
    return PriceJson.read(JsonObjectReader.root(Json.parse(json, "test"), "price.json"));
  }

  @Test
  void readsEveryFieldOfAGraduatedPrice() {
    Price p = read("{\"model\":\"graduated\",\"bill_first_tier_at_zero\":false,\"tiers\":["
        + "{\"up_to\":\"5\",\"unit_price\":\"7.00\"},{\"up_to\":null,\"unit_price\":\"6.50\",\"flat_fee\":\"1\"}]}");
    assertThat(p).isEqualTo(new GraduatedPrice(List.of(Tier.of(new BigDecimal("5"), new BigDecimal("7")),
        new Tier(null, new BigDecimal("6.5"), BigDecimal.ONE)), false));
  }

  @Test
  void unknownFieldsAreRejectedWithTheirPath() {
    assertThatThrownBy(() -> read("{\"model\":\"volume\",\"tiers\":[{\"up_to\":null,\"unit_prise\":\"1\"}]}"))
        .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DOCUMENT))
        .hasMessageContaining("$.tiers[0].unit_prise");
    assertThatThrownBy(() -> read("{\"model\":\"tiered\"}")).hasMessageContaining("$.model");
  }

  @Test
  void validationErrorsCarryTheJsonPath() {
    assertThatThrownBy(() -> read("{\"model\":\"graduated\",\"tiers\":[{\"up_to\":\"5\"},{\"up_to\":\"4\"},{\"up_to\":null}]}"))
        .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TIERS))
        .hasMessageContaining("price.json: $").hasMessageContaining("tiers[1].up_to");
  }

  @Test
  void matrixCellPriceMayBeAUnitPriceString() {
    Price p = read("{\"model\":\"matrix\",\"dimensions\":[\"country\",\"channel\"],\"cells\":["
        + "{\"when\":{\"country\":\"IN\",\"channel\":\"sms\"},\"price\":\"0.20\"}],\"default\":\"0.5\"}");
    assertThat(p).isEqualTo(new MatrixPrice(List.of("country", "channel"),
        List.of(new MatrixCell(Map.of("country", "IN", "channel", "sms"), PerUnitPrice.of(new BigDecimal("0.2")))),
        PerUnitPrice.of(new BigDecimal("0.5"))));
    assertThat(read(Json.write(PriceJson.write(p)))).isEqualTo(p);
  }

  @Test
  void explanationJsonIsSnakeCaseWithDecimalStrings() {
    Price p = read("{\"model\":\"graduated\",\"tiers\":[{\"up_to\":\"5\",\"unit_price\":\"7\"},{\"up_to\":null,\"unit_price\":\"6.5\"}]}");
    RatedAmount r = PriceCalculator.DEFAULT.calculate(p, new BigDecimal("6"), Currency.getInstance("USD"));
    String json = Json.write(ExplanationJson.write(r.explanation()));
    assertThat(Json.parse(json, "t")).isEqualTo(Json.parse("{\"model\":\"graduated\",\"quantity\":\"6\",\"amount\":\"41.50\","
        + "\"steps\":[{\"tier\":0,\"from\":\"0\",\"to\":\"5\",\"units\":\"5\",\"unit_price\":\"7\",\"flat_fee\":\"0\",\"subtotal\":\"35.00\"},"
        + "{\"tier\":1,\"from\":\"5\",\"to\":null,\"units\":\"1\",\"unit_price\":\"6.5\",\"flat_fee\":\"0\",\"subtotal\":\"6.50\"}]}", "e"));
  }
}

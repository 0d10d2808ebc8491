package dev.billwright.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

/** Graduated and volume tiers priced per block (plan format 1.1; Kill Bill tiered blocks). */
class BlockTierTest {
  private static final Currency USD = Currency.getInstance("USD");

  private static BigDecimal d(String s) {
    return new BigDecimal(s);
  }

  private static BigDecimal amount(Price p, String q) {
    return PriceCalculator.DEFAULT.calculate(p, d(q), USD).amount().amount();
  }

  /** Kill Bill TestContiguousIntervalConsumableInArrear.testComputeBilledUsageWith_ALL_TIERS: 5325 units give 10 + 5. */
  @Test
  void graduatedBlocksRoundEachTiersUnitsUpToWholeBlocks() {
    GraduatedPrice p = GraduatedPrice.of(List.of(Tier.ofBlocks(d("1000"), d("100"), d("1")),
        Tier.ofBlocks(null, d("1000"), d("1"))));
    RatedAmount r = PriceCalculator.DEFAULT.calculate(p, d("5325"), USD);
    assertThat(r.amount().amount()).isEqualByComparingTo("15");
    TierExplanation e = (TierExplanation) r.explanation();
    assertThat(e.steps()).extracting(TierExplanation.Step::blocks).containsExactly(d("10"), d("5"));
    assertThat(e.steps().get(1).units()).isEqualByComparingTo("4325");
    assertThat(ExplanationJson.write(e).get("steps").get(1).get("blocks").asText()).isEqualTo("5");
    assertThat(amount(p, "0")).isEqualByComparingTo("0");
    assertThat(amount(p, "1")).isEqualByComparingTo("1");
    assertThat(amount(p, "1001")).isEqualByComparingTo("11");
  }

  /** Kill Bill testComputeBilledUsageWith_TOP_TIER: every unit priced in blocks of the tier holding the total. */
  @Test
  void volumeBlocksPriceTheWholeQuantityInTheTiersBlocks() {
    VolumePrice p = VolumePrice.of(List.of(Tier.ofBlocks(d("1000"), d("100"), d("1")),
        Tier.ofBlocks(d("101000"), d("1000"), d("1")), Tier.ofBlocks(null, d("1000"), d("0.5"))));
    assertThat(amount(p, "1000")).isEqualByComparingTo("10");
    assertThat(amount(p, "101000")).isEqualByComparingTo("101");
    assertThat(amount(p, "101001")).isEqualByComparingTo("51");
    assertThat(amount(p, "300000")).isEqualByComparingTo("150");
  }

  @Test
  void blocksWithAFlatFee() {
    GraduatedPrice p = GraduatedPrice.of(List.of(new Tier(d("10"), null, d("5"), d("4"), d("2")),
        Tier.of(null, d("1"))));
    // 10 units: ceil(10/4) = 3 blocks × 2 + 5 = 11; then 2 units × 1
    assertThat(amount(p, "12")).isEqualByComparingTo("13");
  }

  @Test
  void invalidBlockTiersAreRejectedNamingTheField() {
    assertThatThrownBy(() -> new Tier(null, null, null, d("10"), null))
        .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TIERS))
        .hasMessageContaining("block_price");
    assertThatThrownBy(() -> Tier.ofBlocks(null, d("-1"), d("1"))).hasMessageContaining("block_size");
    assertThatThrownBy(() -> Tier.ofBlocks(null, d("0"), d("1"))).hasMessageContaining("block_size");
    assertThatThrownBy(() -> new Tier(null, d("1"), null, d("10"), d("1"))).hasMessageContaining("unit_price");
    assertThatThrownBy(() -> StairstepPrice.of(List.of(Tier.ofBlocks(null, d("10"), d("1")))))
        .hasMessageContaining("tiers[0].block_size");
  }

  @Test
  void jsonRoundTripsAndRejectsUnitPriceBesideBlocks() {
    String json = "{\"model\": \"graduated\", \"tiers\": [{\"up_to\": \"1000\", \"block_size\": \"100\","
        + " \"block_price\": \"1.5\"}, {\"up_to\": null, \"unit_price\": \"0.01\"}]}";
    Price p = PriceJson.read(JsonObjectReader.at(Json.parse(json, "test"), "price"));
    assertThat(PriceJson.read(JsonObjectReader.at(PriceJson.write(p), "price"))).isEqualTo(p);
    assertThat(((GraduatedPrice) p).tiers().get(0).perBlock()).isTrue();
    String both = "{\"model\": \"volume\", \"tiers\": [{\"up_to\": null, \"unit_price\": \"1\", \"block_size\": \"100\","
        + " \"block_price\": \"1.5\"}]}";
    assertThatThrownBy(() -> PriceJson.read(JsonObjectReader.at(Json.parse(both, "test"), "price")))
        .hasMessageContaining("price.tiers[0].unit_price");
    String negative = "{\"model\": \"volume\", \"tiers\": [{\"up_to\": null, \"block_size\": \"-5\", \"block_price\": \"1\"}]}";
    assertThatThrownBy(() -> PriceJson.read(JsonObjectReader.at(Json.parse(negative, "test"), "price")))
        .hasMessageContaining("price.tiers[0]").hasMessageContaining("block_size");
  }

  /** Invariant: a block of one unit at the unit price bills exactly what the unit tier bills. */
  @Test
  void blockSizeOneAtTheUnitPriceEqualsUnitPricing() {
    qt().withExamples(300).forAll(SourceDSL.integers().between(1, 4), SourceDSL.integers().between(0, 5_000),
        SourceDSL.integers().between(0, 999), SourceDSL.booleans().all())
        .checkAssert((n, q, seed, volume) -> {
          List<Tier> units = new ArrayList<>();
          List<Tier> blocks = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            BigDecimal upTo = i == n - 1 ? null : BigDecimal.valueOf(100L * (i + 1) + seed % 50);
            BigDecimal price = BigDecimal.valueOf((seed + 7L * i) % 100, 2);
            BigDecimal fee = BigDecimal.valueOf((seed * (i + 1)) % 5);
            units.add(new Tier(upTo, price, fee));
            blocks.add(new Tier(upTo, null, fee, BigDecimal.ONE, price));
          }
          Price a = volume ? VolumePrice.of(units) : GraduatedPrice.of(units);
          Price b = volume ? VolumePrice.of(blocks) : GraduatedPrice.of(blocks);
          assertThat(amount(b, String.valueOf(q))).isEqualByComparingTo(amount(a, String.valueOf(q)));
        });
  }

  /** Invariant: block pricing never bills less than unit pricing at block_price / block_size per unit. */
  @Test
  void blocksNeverBillLessThanTheProRataUnitPrice() {
    qt().withExamples(300).forAll(SourceDSL.integers().between(1, 50), SourceDSL.integers().between(0, 10_000),
        SourceDSL.integers().between(0, 500))
        .checkAssert((size, q, cents) -> {
          BigDecimal blockPrice = BigDecimal.valueOf(cents, 2);
          Price blocks = GraduatedPrice.of(List.of(Tier.ofBlocks(null, BigDecimal.valueOf(size), blockPrice)));
          BigDecimal proRata = BigDecimal.valueOf(q).multiply(blockPrice)
              .divide(BigDecimal.valueOf(size), java.math.MathContext.DECIMAL128);
          BigDecimal billed = amount(blocks, String.valueOf(q));
          assertThat(billed).isGreaterThanOrEqualTo(proRata);
          assertThat(billed.subtract(proRata)).isLessThan(blockPrice.max(BigDecimal.ZERO).add(BigDecimal.ONE.movePointLeft(20)));
        });
  }
}

package dev.billwright.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.time.BillingPeriod;
import dev.billwright.time.TimeBucket;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

/** The plan format 1.1 usage terms of a charge: price_per, included, commitment. */
class ChargeUsageTermsTest {
  private static final Currency USD = Currency.getInstance("USD");
  private static final BillingPeriod MARCH = BillingPeriod.of(Instant.parse("2026-03-01T00:00:00Z"),
      Instant.parse("2026-03-04T00:00:00Z"), ZoneOffset.UTC);
  private static final TimeBucket HOUR = TimeBucket.parse("bucket", "PT1H");
  private static final TimeBucket DAY = TimeBucket.parse("bucket", "P1D");
  /** Flexprice's bucketed MAX example slabs: 0-5 free, 5-10 at 2, above at 3. */
  private static final GraduatedPrice SLABS = GraduatedPrice.of(List.of(Tier.of(new BigDecimal("5"), BigDecimal.ZERO),
      Tier.of(new BigDecimal("10"), new BigDecimal("2")), Tier.of(null, new BigDecimal("3"))));

  private static BigDecimal d(String s) {
    return new BigDecimal(s);
  }

  private static UsageBuckets buckets(TimeBucket size, String... startQuantity) {
    Map<Instant, BigDecimal> m = new LinkedHashMap<>();
    for (int i = 0; i < startQuantity.length; i += 2) {
      m.put(Instant.parse(startQuantity[i]), d(startQuantity[i + 1]));
    }
    return new UsageBuckets(MARCH, size, m);
  }

  private static ChargeAmount price(ChargePrice cp, UsageBuckets b) {
    return ChargePricing.DEFAULT.price(cp, PricingInput.ofQuantity(b.total()), b, USD);
  }

  @Test
  void pricePerPeriodPricesTheSumOfBuckets() {
    UsageBuckets b = buckets(HOUR, "2026-03-01T07:00:00Z", "8", "2026-03-01T08:00:00Z", "10");
    ChargePrice perPeriod = ChargePrice.of(SLABS);
    assertThat(price(perPeriod, b).amount().amount()).isEqualByComparingTo("34");
  }

  @Test
  void pricePerBucketPricesEachBucketOnItsOwn() {
    UsageBuckets b = buckets(HOUR, "2026-03-01T07:00:00Z", "8", "2026-03-01T08:00:00Z", "10");
    ChargePrice perBucket = new ChargePrice(SLABS, null, null, PricePer.BUCKET, null, null);
    ChargeAmount a = price(perBucket, b);
    // 8: 5 free + 3 × 2 = 6; 10: 5 free + 5 × 2 = 10
    assertThat(a.amount().amount()).isEqualByComparingTo("16");
    BucketExplanation e = (BucketExplanation) a.rated().explanation();
    assertThat(e.buckets()).hasSize(2);
    assertThat(ExplanationJson.write(e).get("buckets").get(1).get("start").asText()).isEqualTo("2026-03-01T08:00:00Z");
  }

  @Test
  void includedPerPeriodAndPerResetWindow() {
    ChargePrice perUnit = new ChargePrice(PerUnitPrice.of(d("1")), null, null, PricePer.PERIOD,
        new Included(d("10"), null), null);
    assertThat(ChargePricing.DEFAULT.price(perUnit, PricingInput.ofQuantity(d("25")), USD).amount().amount())
        .isEqualByComparingTo("15");
    assertThat(ChargePricing.DEFAULT.price(perUnit, PricingInput.ofQuantity(d("4")), USD).amount().amount())
        .isEqualByComparingTo("0");
    ChargePrice daily = new ChargePrice(PerUnitPrice.of(d("1")), null, null, PricePer.PERIOD,
        new Included(d("10"), DAY), null);
    // day 1: 4 + 9 = 13 -> 3 paid; day 2: 7 -> 0 paid; day 3: 12 -> 2 paid
    UsageBuckets hourly = buckets(HOUR, "2026-03-01T01:00:00Z", "4", "2026-03-01T20:00:00Z", "9",
        "2026-03-02T05:00:00Z", "7", "2026-03-03T23:00:00Z", "12");
    ChargeAmount a = price(daily, hourly);
    assertThat(a.amount().amount()).isEqualByComparingTo("5");
    assertThat(a.includedUsed()).isEqualByComparingTo("27");
  }

  @Test
  void includedIsTakenBeforeTheTransform() {
    ChargePrice cp = new ChargePrice(PerUnitPrice.of(d("1")), new QuantityTransform(d("1000"), QuantityRounding.UP),
        null, PricePer.PERIOD, new Included(d("1000"), null), null);
    // 2500 - 1000 free = 1500 -> ceil(1.5) = 2
    assertThat(ChargePricing.DEFAULT.price(cp, PricingInput.ofQuantity(d("2500")), USD).amount().amount())
        .isEqualByComparingTo("2");
  }

  @Test
  void commitmentOverageAndTrueUp() {
    ChargePrice cp = new ChargePrice(PerUnitPrice.of(d("0.10")), null, null, PricePer.PERIOD, null,
        new Commitment(d("5.00"), d("1.5"), true));
    // 80 units = 8.00: 5.00 + 3.00 × 1.5 = 9.50
    ChargeAmount over = ChargePricing.DEFAULT.price(cp, PricingInput.ofQuantity(d("80")), USD);
    assertThat(over.amount().amount()).isEqualByComparingTo("9.50");
    assertThat(over.overageUplift().amount()).isEqualByComparingTo("1.50");
    assertThat(over.trueUp().amount()).isEqualByComparingTo("0");
    // 30 units = 3.00, true-up 2.00
    ChargeAmount under = ChargePricing.DEFAULT.price(cp, PricingInput.ofQuantity(d("30")), USD);
    assertThat(under.amount().amount()).isEqualByComparingTo("3.00");
    assertThat(under.trueUp().amount()).isEqualByComparingTo("2.00");
    ChargePrice noTrueUp = new ChargePrice(PerUnitPrice.of(d("0.10")), null, null, PricePer.PERIOD, null,
        new Commitment(d("5.00"), d("1.5"), false));
    assertThat(ChargePricing.DEFAULT.price(noTrueUp, PricingInput.ofQuantity(d("30")), USD).total().amount())
        .isEqualByComparingTo("3.00");
  }

  @Test
  void termsAreRejectedWhereTheyDoNotApply() {
    assertThatThrownBy(() -> new ChargePrice(PerUnitPrice.of(d("1")), null, new SpendBounds(d("1"), null),
        PricePer.PERIOD, null, new Commitment(d("5"), null, true)))
        .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DEFINITION))
        .hasMessageContaining("commitment");
    assertThatThrownBy(() -> new ChargePrice(new DynamicPrice(null), null, null, PricePer.BUCKET, null, null))
        .hasMessageContaining("price_per");
    assertThatThrownBy(() -> new Commitment(d("-1"), null, true)).hasMessageContaining("commitment.amount");
    assertThatThrownBy(() -> new Commitment(d("1"), d("0"), true)).hasMessageContaining("overage_factor");
    assertThatThrownBy(() -> new Included(d("-3"), null)).hasMessageContaining("included.quantity");
    ChargePrice perBucket = new ChargePrice(SLABS, null, null, PricePer.BUCKET, null, null);
    assertThatThrownBy(() -> ChargePricing.DEFAULT.price(perBucket, PricingInput.ofQuantity(d("3")), USD))
        .hasMessageContaining("bucket");
    ChargePrice weekly = new ChargePrice(SLABS, null, null, PricePer.PERIOD,
        new Included(d("1"), TimeBucket.parse("reset", "PT7H")), null);
    assertThat(price(weekly, buckets(HOUR, "2026-03-01T00:00:00Z", "1")).includedUsed()).isEqualByComparingTo("1");
    ChargePrice bad = new ChargePrice(SLABS, null, null, PricePer.PERIOD,
        new Included(d("1"), TimeBucket.parse("reset", "PT1H")), null);
    assertThatThrownBy(() -> price(bad, buckets(DAY, "2026-03-01T00:00:00Z", "1")))
        .hasMessageContaining("included.reset");
  }

  @Test
  void jsonReadsTheTermsAndRejectsUnknownFields() {
    String json = "{\"price\": {\"model\": \"per_unit\", \"unit_price\": \"1\"}, \"price_per\": \"bucket\","
        + " \"included\": {\"quantity\": \"10\", \"reset\": \"P1D\"},"
        + " \"commitment\": {\"amount\": \"5.00\", \"overage_factor\": \"1.5\", \"true_up\": true}}";
    JsonObjectReader r = JsonObjectReader.at(Json.parse(json, "test"), "charges[0]");
    ChargePrice cp = PriceJson.readChargePrice(r);
    r.end();
    assertThat(cp.pricePer()).isEqualTo(PricePer.BUCKET);
    assertThat(cp.included().reset()).hasToString("P1D");
    assertThat(cp.commitment().trueUp()).isTrue();
    var out = Json.object();
    PriceJson.writeChargePrice(cp, out);
    assertThat(PriceJson.readChargePrice(JsonObjectReader.at(out, "x"))).isEqualTo(cp);
    assertThatThrownBy(() -> PriceJson.readChargePrice(JsonObjectReader.at(Json.parse(
        "{\"price\": {\"model\": \"flat\", \"amount\": \"1\"}, \"included\": {\"quantity\": \"1\", \"every\": \"P1D\"}}", "test"),
        "charges[0]"))).hasMessageContaining("charges[0].included.every");
    assertThatThrownBy(() -> PriceJson.readChargePrice(JsonObjectReader.at(Json.parse(
        "{\"price\": {\"model\": \"flat\", \"amount\": \"1\"}, \"included\": {\"quantity\": \"1\", \"reset\": \"daily\"}}", "test"),
        "charges[0]"))).hasMessageContaining("charges[0].included").hasMessageContaining("reset");
    assertThatThrownBy(() -> PriceJson.readChargePrice(JsonObjectReader.at(Json.parse(
        "{\"price\": {\"model\": \"flat\", \"amount\": \"1\"}, \"price_per\": \"hour\"}", "test"), "charges[0]")))
        .hasMessageContaining("charges[0].price_per");
    ChargePrice main = PriceJson.readChargePrice(JsonObjectReader.at(Json.parse(json, "test"), "charges[0]"));
    assertThatThrownBy(() -> PriceJson.readChargePrice(JsonObjectReader.at(Json.parse(
        "{\"price\": {\"model\": \"per_unit\", \"unit_price\": \"1\"}}", "test"), "charges[0].prices.EUR"), main))
        .hasMessageContaining("charges[0].prices.EUR.commitment");
  }

  /** Invariant: free units never make an amount negative and never raise it. */
  @Test
  void includedNeverMakesAnAmountNegativeNorLarger() {
    qt().withExamples(400).forAll(SourceDSL.integers().between(0, 2_000), SourceDSL.integers().between(0, 2_000),
        SourceDSL.integers().between(0, 300))
        .checkAssert((q, free, cents) -> {
          GraduatedPrice p = GraduatedPrice.of(List.of(new Tier(new BigDecimal("100"), BigDecimal.valueOf(cents, 2),
              new BigDecimal("1")), Tier.of(null, BigDecimal.valueOf(cents, 3))));
          ChargePrice plain = ChargePrice.of(p);
          ChargePrice withFree = new ChargePrice(p, null, null, PricePer.PERIOD,
              new Included(BigDecimal.valueOf(free), null), null);
          BigDecimal a = ChargePricing.DEFAULT.price(plain, PricingInput.ofQuantity(BigDecimal.valueOf(q)), USD)
              .amount().amount();
          BigDecimal b = ChargePricing.DEFAULT.price(withFree, PricingInput.ofQuantity(BigDecimal.valueOf(q)), USD)
              .amount().amount();
          assertThat(b.signum()).isGreaterThanOrEqualTo(0);
          assertThat(b).isLessThanOrEqualTo(a);
        });
  }

  /** Invariant: a commitment's line plus true-up is never below the commitment (with true_up) nor the usage. */
  @Test
  void commitmentBillsAtLeastTheCommitmentAndTheUsage() {
    qt().withExamples(400).forAll(SourceDSL.integers().between(0, 5_000), SourceDSL.integers().between(0, 500),
        SourceDSL.integers().between(100, 300))
        .checkAssert((q, commit, factor) -> {
          BigDecimal f = BigDecimal.valueOf(factor, 2);
          ChargePrice cp = new ChargePrice(PerUnitPrice.of(new BigDecimal("0.1")), null, null, PricePer.PERIOD, null,
              new Commitment(BigDecimal.valueOf(commit), f, true));
          ChargeAmount a = ChargePricing.DEFAULT.price(cp, PricingInput.ofQuantity(BigDecimal.valueOf(q)), USD);
          assertThat(a.total().amount()).isGreaterThanOrEqualTo(BigDecimal.valueOf(commit));
          assertThat(a.total().amount()).isGreaterThanOrEqualTo(a.rated().amount().amount());
        });
  }
}

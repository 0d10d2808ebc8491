package dev.billwright.tax.gst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.tax.TaxParty;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** State codes (e-invoice masters, gst.md §2), rate table (GST 2.0, gst.md §4) and place-of-supply rules. */
class GstRulesTest {

  @Test
  void utgstCodesAreExactlyTheUtsWithoutLegislature() {
    Set<String> utgst = Stream.of(GstState.values()).filter(GstState::usesUtgst).map(GstState::code)
        .collect(Collectors.toSet());
    assertThat(utgst).containsExactlyInAnyOrder("04", "25", "26", "31", "35", "38", "97");
    assertThat(GstState.of("7")).isEqualTo(GstState.DELHI);
    assertThat(GstState.DELHI.usesUtgst()).isFalse();
    assertThat(GstState.of("34").usesUtgst()).isFalse();
    assertThat(GstState.of("01").usesUtgst()).isFalse();
    assertThat(GstState.of("96").isForeign()).isTrue();
    assertThat(GstState.of("29").toString()).isEqualTo("29 Karnataka");
  }

  @Test
  void legacyCodesOnlyForOldDocuments() {
    assertThatThrownBy(() -> GstState.of("25")).hasMessageContaining("use 26");
    assertThatThrownBy(() -> GstState.of("28")).hasMessageContaining("use 37");
    assertThat(GstState.ofLegacy("28").isLegacy()).isTrue();
    assertThatThrownBy(() -> GstState.of("39")).isInstanceOf(BillingException.class);
    assertThatThrownBy(() -> GstState.of("00")).isInstanceOf(BillingException.class);
  }

  @Test
  void rateLookupIsDatedAndLongestPrefixWins() {
    GstRateTable table = GstRateTable.standard();
    assertThat(table.lookup("SAC:998319", LocalDate.of(2025, 1, 1)).ratePercent()).isEqualByComparingTo("18");
    assertThat(table.lookup("998412", LocalDate.of(2026, 1, 1)).ratePercent()).isEqualByComparingTo("18");
    // GST 2.0 (22 Sep 2025): air conditioners 28 % → 18 %; aerated waters 28 % + 12 % cess → 40 %, no cess
    assertThat(table.lookup("HSN:8415", GstRateTable.GST_2_0.minusDays(1)).ratePercent()).isEqualByComparingTo("28");
    assertThat(table.lookup("HSN:8415", GstRateTable.GST_2_0).ratePercent()).isEqualByComparingTo("18");
    GstRate before = table.lookup("HSN:22021010", LocalDate.of(2025, 9, 21));
    assertThat(before.cessPercent()).isEqualByComparingTo("12");
    GstRate after = table.lookup("HSN:22021010", LocalDate.of(2025, 9, 22));
    assertThat(after.ratePercent()).isEqualByComparingTo("40");
    assertThat(after.cessPercent()).isZero();
    GstRateTable custom = table.with(GstRate.of("998431", "5", GstRateTable.GST_START, "own entry"),
        GstRate.of("", "18", GstRateTable.GST_START, "catch-all default"));
    assertThat(custom.lookup("SAC:998431", LocalDate.of(2026, 1, 1)).ratePercent()).isEqualByComparingTo("5");
    assertThat(custom.lookup("SAC:998319", LocalDate.of(2026, 1, 1)).codePrefix()).isEqualTo("9983");
    assertThat(custom.lookup("", LocalDate.of(2026, 1, 1)).codePrefix()).isEmpty();
    assertThatThrownBy(() -> table.lookup("SAC:998319", LocalDate.of(2017, 6, 30)))
        .satisfies(e -> assertThat(((BillingException) e).code()).isEqualTo(ErrorCode.TAX_NOT_DETERMINED));
    assertThatThrownBy(() -> table.with(GstRate.of("9983", "12", GstRateTable.GST_2_0, "overlap")))
        .hasMessageContaining("overlap");
    assertThatThrownBy(() -> table.lookup("VAT:12", LocalDate.of(2026, 1, 1))).hasMessageContaining("SAC:digits");
  }

  @Test
  void telecomRuleUsesAddressOnRecordEvenForB2b() {
    TaxParty registered = TaxParty.of("Buyer", "IN").withTaxId("27AAPFU0939F1ZV").withRegionCode("24");
    assertThat(PlaceOfSupplyRule.telecom().placeOfSupply(GstState.KARNATAKA, registered, SupplyType.B2B).state())
        .isEqualTo(GstState.GUJARAT);
    TaxParty noRecord = TaxParty.of("Walk-in", "IN");
    PlaceOfSupply pos = PlaceOfSupplyRule.telecom().placeOfSupply(GstState.KARNATAKA, noRecord, SupplyType.B2C);
    assertThat(pos.state()).isEqualTo(GstState.KARNATAKA);
    assertThat(pos.basis()).contains("s.12(11)(d)");
    TaxParty overridden = registered.withAttribute(GstAttributes.PLACE_OF_SUPPLY, "33");
    assertThat(PlaceOfSupplyRule.services().placeOfSupply(GstState.KARNATAKA, overridden, SupplyType.B2B).state())
        .isEqualTo(GstState.TAMIL_NADU);
  }

  @Test
  void supplyTypeDerivation() {
    TaxParty supplier = TaxParty.of("S", "IN").withTaxId("29AABCT1332L1ZA");
    TaxParty lut = supplier.withAttribute(GstAttributes.LUT, "true");
    assertThat(GstTaxCalculator.supplyType(supplier, TaxParty.of("C", "IN"))).isEqualTo(SupplyType.B2C);
    assertThat(GstTaxCalculator.supplyType(supplier, TaxParty.of("C", "IN").withTaxId("27AAPFU0939F1ZV")))
        .isEqualTo(SupplyType.B2B);
    assertThat(GstTaxCalculator.supplyType(lut, TaxParty.of("C", "DE"))).isEqualTo(SupplyType.EXPWOP);
    assertThat(GstTaxCalculator.supplyType(supplier, TaxParty.of("C", "IN").withAttribute(GstAttributes.SEZ, "true")))
        .isEqualTo(SupplyType.SEZWP);
    assertThat(GstTaxCalculator.supplyType(supplier, TaxParty.of("C", "IN")
        .withAttribute(GstAttributes.SUPPLY_TYPE, "sezwop"))).isEqualTo(SupplyType.SEZWOP);
    assertThatThrownBy(() -> GstTaxCalculator.supplyType(supplier, TaxParty.of("C", "IN")
        .withAttribute(GstAttributes.SUPPLY_TYPE, "b2x"))).hasMessageContaining(GstAttributes.SUPPLY_TYPE);
    assertThatThrownBy(() -> GstTaxCalculator.supplyType(supplier, TaxParty.of("C", "IN")
        .withAttribute(GstAttributes.SEZ, "yes"))).hasMessageContaining("true or false");
    assertThat(List.of(SupplyType.values())).filteredOn(SupplyType::isZeroRated).hasSize(4);
  }
}

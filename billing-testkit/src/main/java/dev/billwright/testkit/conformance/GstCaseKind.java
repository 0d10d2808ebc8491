package dev.billwright.testkit.conformance;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.money.Money;
import dev.billwright.tax.TaxParty;
import dev.billwright.tax.TaxResult;
import dev.billwright.tax.gst.GstState;
import dev.billwright.tax.gst.GstSupply;
import dev.billwright.tax.gst.GstTaxCalculator;
import dev.billwright.tax.gst.Gstin;
import dev.billwright.tax.gst.PlaceOfSupply;
import dev.billwright.tax.gst.PlaceOfSupplyRule;
import dev.billwright.tax.gst.SupplyType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs conformance cases of {@code kind: gst} (docs/conformance.md): GST on one supply.
 *
 * <pre>{@code
 * { "supplier": { "gstin": "29AABCT1332L1ZA" },
 *   "recipient": { "gstin": "27AAPFU0939F1ZV" | null, "state": "27" | null },
 *   "place_of_supply": "27",              // optional: else IGST Act s.12(2)/s.13(2)
 *   "supply_type": "B2B",                 // optional: B2B|B2C|SEZWP|SEZWOP|EXPWP|EXPWOP, else derived
 *   "reverse_charge": false,              // optional, default false
 *   "lines": [ { "taxable_value": "10000.00", "rate": "18" } ],
 *   "expected": { "cgst": "0", "sgst": "0", "utgst": "0", "igst": "1800.00", "total": "11800.00" } }
 * }</pre>
 *
 * <p>The supplier's GSTIN is validated strictly; its state is the supplier location. Without a
 * supply type, a recipient with state 96 is an export with payment (EXPWP), one with a GSTIN
 * B2B, else B2C. Amounts come from {@link GstTaxCalculator#DEFAULT} (HALF_UP to paise, per line
 * and head). {@code expected.total} is the taxable value plus the tax the supplier collects
 * (reverse-charge tax excluded); every expected field is optional and compares as a decimal.
 */
public final class GstCaseKind implements CaseKind {

  /** Creates the case kind (stateless). */
  public GstCaseKind() {}

  /**
   * Returns {@code gst}.
   *
   * @return the kind, never null
   */
  @Override
  public String kind() {
    return "gst";
  }

  /**
   * Runs one GST case.
   *
   * @param testCase the case, positioned on its root object, not null
   * @return the mismatches, empty when the case passes, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} for a malformed case, or as
   *     the GST module rejects its input
   */
  @Override
  public List<Mismatch> run(JsonObjectReader testCase) {
    Currency inr = Money.currency("INR");
    JsonObjectReader supplierNode = testCase.object("supplier");
    Gstin supplier = Gstin.parse(supplierNode.text("gstin"));
    supplierNode.end();
    JsonObjectReader recipientNode = testCase.object("recipient");
    Optional<String> recipientGstin = recipientNode.optionalText("gstin");
    Optional<String> recipientState = recipientNode.optionalText("state");
    recipientNode.end();
    Optional<String> posCode = testCase.optionalText("place_of_supply");
    SupplyType type = testCase.optionalText("supply_type").map(t -> supplyType(testCase, t)).orElseGet(() ->
        recipientState.filter("96"::equals).isPresent() ? SupplyType.EXPWP
            : recipientGstin.isPresent() ? SupplyType.B2B : SupplyType.B2C);
    boolean reverseCharge = testCase.bool("reverse_charge", false);
    List<GstSupply.Line> lines = new ArrayList<>();
    List<JsonObjectReader> lineNodes = testCase.objects("lines", r -> r);
    for (int i = 0; i < lineNodes.size(); i++) {
      JsonObjectReader r = lineNodes.get(i);
      lines.add(new GstSupply.Line(String.valueOf(i + 1), Money.of(inr, r.decimal("taxable_value")),
          r.decimal("rate"), r.optionalDecimal("cess_rate").orElse(BigDecimal.ZERO)));
      r.end();
    }
    PlaceOfSupply pos;
    if (posCode.isPresent()) {
      pos = new PlaceOfSupply(GstState.of(posCode.get()), "place_of_supply given by the case");
    } else {
      boolean abroad = type.isExport() || recipientState.filter("96"::equals).isPresent();
      TaxParty customer = TaxParty.of("recipient", abroad ? "US" : "IN");
      if (!abroad) {
        customer = recipientGstin.map(customer::withTaxId).orElse(customer);
        customer = recipientState.map(customer::withRegionCode).orElse(customer);
      }
      pos = PlaceOfSupplyRule.services().placeOfSupply(supplier.state(), customer, type);
    }
    TaxResult result = GstTaxCalculator.DEFAULT.calculate(
        new GstSupply(supplier.state(), pos, type, reverseCharge, inr, lines));
    Money taxable = Money.zero(inr);
    for (GstSupply.Line line : lines) {
      taxable = taxable.plus(line.taxableValue());
    }
    JsonObjectReader expected = testCase.object("expected");
    List<Mismatch> mismatches = new ArrayList<>();
    compare(expected, "cgst", result.totalOf(GstTaxCalculator.CGST), mismatches);
    compare(expected, "sgst", result.totalOf(GstTaxCalculator.SGST), mismatches);
    compare(expected, "utgst", result.totalOf(GstTaxCalculator.UTGST), mismatches);
    compare(expected, "igst", result.totalOf(GstTaxCalculator.IGST), mismatches);
    compare(expected, "cess", result.totalOf(GstTaxCalculator.CESS), mismatches);
    compare(expected, "total", taxable.plus(result.collectibleTax()), mismatches);
    expected.end();
    return mismatches;
  }

  private static SupplyType supplyType(JsonObjectReader testCase, String text) {
    try {
      return SupplyType.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw JsonObjectReader.error(testCase.pathOf("supply_type"), text, "one of B2B, B2C, SEZWP, SEZWOP, EXPWP, EXPWOP");
    }
  }

  private static void compare(JsonObjectReader expected, String field, Money actual, List<Mismatch> out) {
    Optional<BigDecimal> value = expected.optionalDecimal(field);
    if (value.isPresent() && value.get().compareTo(actual.amount()) != 0) {
      out.add(new Mismatch(field, value.get().toPlainString(), actual.amount().toPlainString()));
    }
  }
}

package dev.billwright.testkit.conformance;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.money.Money;
import dev.billwright.tax.DocumentType;
import dev.billwright.tax.TaxParty;
import dev.billwright.tax.TaxRequest;
import dev.billwright.tax.TaxableLine;
import dev.billwright.tax.gst.GstAttributes;
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
import java.time.LocalDate;
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
 * <p>{@code gstin_mode}: {@code strict} (default: pattern and check character) or {@code sandbox}
 * (format only, {@link Gstin.Mode#SANDBOX}, for test identifiers such as the e-invoice
 * sandbox's). {@code document}: {@code {"type": "INV"}} (default), or {@code {"type": "CRN"|"DBN",
 * "date": "…", "original": {"date": "…", "lines": [{"taxable_value", "rate"}]}}} for a credit or
 * debit note: line {@code i} of {@code lines} adjusts line {@code i} of the original, taxed at
 * the original's heads and rates (CGST Act s.34) through {@link GstTaxCalculator#calculate(
 * TaxRequest)}; a note line's own {@code rate} (today's) is not used.
 *
 * <p>The supplier's GSTIN is validated in that mode; its state is the supplier location. Without a
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
    Gstin.Mode mode = testCase.optionalText("gstin_mode").map(m -> ScenarioCaseKind.gstinMode(testCase, m))
        .orElse(Gstin.Mode.STRICT);
    JsonObjectReader supplierNode = testCase.object("supplier");
    Gstin supplier = Gstin.parse(supplierNode.text("gstin"), mode);
    supplierNode.end();
    JsonObjectReader recipientNode = testCase.object("recipient");
    Optional<String> recipientGstin = recipientNode.optionalText("gstin");
    if (mode == Gstin.Mode.SANDBOX) {
      recipientGstin.ifPresent(g -> Gstin.parse(g, mode));
    }
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
    Optional<Note> note = testCase.optionalObject("document").flatMap(d -> note(d, inr));
    TaxResult result;
    if (note.isEmpty()) {
      result = GstTaxCalculator.DEFAULT.calculate(new GstSupply(supplier.state(), pos, type, reverseCharge, inr, lines));
    } else {
      result = noteTax(note.get(), supplier, recipientGstin, pos, type, reverseCharge, inr, lines, mode, testCase);
    }
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

  /** A credit or debit note and the lines of the invoice it adjusts. */
  private record Note(DocumentType type, LocalDate date, List<GstSupply.Line> original) {}

  /** {@code document}: empty for {@code {"type": "INV"}}, else the note and its original. */
  private static Optional<Note> note(JsonObjectReader d, Currency inr) {
    String type = d.text("type");
    if (type.equals("INV")) {
      d.end();
      return Optional.empty();
    }
    DocumentType documentType = switch (type) {
      case "CRN" -> DocumentType.CREDIT_NOTE;
      case "DBN" -> DocumentType.DEBIT_NOTE;
      default -> throw JsonObjectReader.error(d.pathOf("type"), type, "INV, CRN or DBN");
    };
    LocalDate noteDate = d.optionalText("date").map(t -> date(d, "date", t)).orElse(null);
    JsonObjectReader o = d.object("original");
    LocalDate originalDate = o.optionalText("date").map(t -> date(o, "date", t)).orElse(LocalDate.of(2026, 4, 1));
    List<GstSupply.Line> original = new ArrayList<>();
    List<JsonObjectReader> nodes = o.objects("lines", r -> r);
    for (int i = 0; i < nodes.size(); i++) {
      JsonObjectReader r = nodes.get(i);
      original.add(new GstSupply.Line(String.valueOf(i + 1), Money.of(inr, r.decimal("taxable_value")),
          r.decimal("rate"), r.optionalDecimal("cess_rate").orElse(BigDecimal.ZERO)));
      r.end();
    }
    o.end();
    d.end();
    if (original.isEmpty()) {
      throw JsonObjectReader.error(o.pathOf("lines"), "[]", "the original invoice's lines");
    }
    return Optional.of(new Note(documentType, noteDate == null ? originalDate : noteDate, original));
  }

  /**
   * The tax of a credit or debit note through the tax SPI ({@link GstTaxCalculator#calculate(
   * TaxRequest)}): the original invoice is taxed first, then line {@code i} of the case adjusts
   * line {@code i} of the original at the original's heads and rates (CGST Act s.34). The rate
   * written on a note's line (today's rate) is not used.
   */
  private static TaxResult noteTax(Note note, Gstin supplier, Optional<String> recipientGstin, PlaceOfSupply pos,
      SupplyType type, boolean reverseCharge, Currency inr, List<GstSupply.Line> lines, Gstin.Mode mode,
      JsonObjectReader testCase) {
    if (lines.size() > note.original().size()) {
      throw JsonObjectReader.error(testCase.pathOf("lines"), lines.size() + " lines",
          "at most as many lines as the original invoice (" + note.original().size() + ")");
    }
    TaxResult original = GstTaxCalculator.DEFAULT.calculate(
        new GstSupply(supplier.state(), pos, type, reverseCharge, inr, note.original()));
    TaxParty supplierParty = TaxParty.of("supplier", "IN").withTaxId(supplier.value());
    TaxParty customer = TaxParty.of("recipient", type.isExport() ? "US" : "IN");
    if (!type.isExport() && recipientGstin.isPresent()) {
      customer = customer.withTaxId(recipientGstin.get());
    }
    customer = customer.withAttribute(GstAttributes.SUPPLY_TYPE, type.name())
        .withAttribute(GstAttributes.PLACE_OF_SUPPLY, pos.state().code())
        .withAttribute(GstAttributes.REVERSE_CHARGE, String.valueOf(reverseCharge));
    List<TaxableLine> noteLines = new ArrayList<>();
    for (GstSupply.Line line : lines) {
      noteLines.add(TaxableLine.of(line.lineId(), "", line.taxableValue()));
    }
    return GstTaxCalculator.DEFAULT.withGstinMode(mode).calculate(new TaxRequest(note.type(), note.date(), inr,
        supplierParty, customer, noteLines, Optional.of(original)));
  }

  private static LocalDate date(JsonObjectReader r, String field, String text) {
    try {
      return text.length() > 10 ? java.time.OffsetDateTime.parse(text).toLocalDate() : LocalDate.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw JsonObjectReader.error(r.pathOf(field), text, "an ISO-8601 date such as 2026-04-01");
    }
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

package dev.billwright.tax.gst;

import com.fasterxml.jackson.databind.JsonNode;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an e-invoice JSON (FORM GST INV-01, schema version 1.1, Notification 60/2020-Central
 * Tax) against the schema's rules before it is sent to the IRP, reporting every violation with
 * the JSON path of the field.
 *
 * <p>Rules implemented (NIC schema as summarised in gst.md §7, NIC error codes in brackets):
 * required sections and fields; {@code Version} "1.1"; enumerations of {@code TaxSch},
 * {@code SupTyp}, {@code RegRev}, {@code IgstOnIntra}, {@code Typ}, {@code IsServc}; document
 * number {@code ^[a-zA-Z1-9][a-zA-Z0-9/-]{0,15}$}; dates {@code dd/mm/yyyy}; GSTIN pattern
 * {@code ^[0-9]{2}[0-9A-Z]{13}$} or {@code URP} for the buyer; name, address and place lengths;
 * PIN 100000–999999; state codes; seller GSTIN state equal to {@code Stcd} (2258); seller and
 * buyer GSTINs differ (2211); {@code URP} only for exports (2212); export POS 96; 1–1000 items;
 * unique {@code SlNo}; HSN 4/6/8 digits; quantities and unit prices at most 3 decimals, amounts
 * at most 2 and not negative; allowed GST rates; {@code AssAmt = TotAmt − Discount} (2193);
 * {@code TotItemVal} = AssAmt + taxes + cess + other charges (2194; for reverse charge and
 * EXPWP it may also exclude the taxes, NIC validation note); intra-state no IGST (2172),
 * inter-state no CGST/SGST (2174), CGST = SGST (2227); for INV the tax equals
 * {@code AssAmt × GstRt} within the tolerance (2234/2235; not checked for CRN/DBN, nor for a zero
 * IGST under SEZWOP/EXPWOP); header sums (2182–2188); {@code RndOffAmt} in −99.99..99.99;
 * {@code TotInvVal} = Σ TotItemVal − Discount + OthChrg + RndOffAmt (2189); {@code ValDtls.TotInvValFc}
 * (if present) at most the minor-unit decimals of {@code ExpDtls.ForCur}, and at least 2 (3 for
 * KWD and BHD, {@link #foreignScale});
 * {@code ExpDtls.ForCur} 3 upper-case letters, {@code ExpDtls.CntCode} 2 upper-case letters and
 * only for EXPWP/EXPWOP; no {@code "} or
 * {@code \} in strings.
 *
 * <p>The tolerance for the arithmetic cross-checks is not published by NIC; {@link #STRICT}
 * uses 0 (what {@link EInvoiceMapper} produces), {@link #IRP} ₹1.00 (secondary sources, gst.md
 * §5.2). Stateless and thread-safe.
 */
public final class EInvoiceValidator {

  /** Zero tolerance: every equation must hold exactly. */
  public static final EInvoiceValidator STRICT = new EInvoiceValidator(BigDecimal.ZERO);
  /** ₹1.00 tolerance on the arithmetic cross-checks, as reported for the IRP. */
  public static final EInvoiceValidator IRP = new EInvoiceValidator(BigDecimal.ONE);

  /** GST rates accepted by the e-invoice masters (gst.md §4.1–4.2, 40 % from 22 Sep 2025). */
  private static final Set<BigDecimal> RATES = Set.of("0", "0.1", "0.25", "1", "1.5", "3", "5", "6", "7.5", "12",
      "18", "28", "40").stream().map(s -> new BigDecimal(s).stripTrailingZeros()).collect(
          java.util.stream.Collectors.toUnmodifiableSet());
  private static final Pattern DOC_NO = Pattern.compile("^[a-zA-Z1-9][a-zA-Z0-9/-]{0,15}$");
  private static final Pattern GSTIN = Pattern.compile("^[0-9]{2}[0-9A-Z]{13}$");
  private static final Pattern STATE = Pattern.compile("^(?!0+$)[0-9]{1,2}$");
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu")
      .withResolverStyle(ResolverStyle.STRICT);
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  private static final dev.billwright.money.RoundingPolicy PAISE = dev.billwright.money.RoundingPolicy.DEFAULT;
  private static final java.util.Currency INR = dev.billwright.money.Money.currency("INR");

  private final BigDecimal tolerance;

  /**
   * Creates a validator.
   *
   * @param tolerance the largest accepted difference in the arithmetic cross-checks, in rupees,
   *     not negative
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the tolerance is negative or null
   */
  public EInvoiceValidator(BigDecimal tolerance) {
    if (tolerance == null || tolerance.signum() < 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "tolerance", tolerance, "zero or more rupees");
    }
    this.tolerance = tolerance;
  }

  /**
   * Returns every violation of the schema's rules.
   *
   * @param einvoice the e-invoice JSON, not null
   * @return messages of the form {@code "ItemList[0].AssAmt: expected …, got …"}, empty when valid,
   *     never null
   */
  public List<String> violations(JsonNode einvoice) {
    Check c = new Check();
    if (!einvoice.isObject()) {
      c.fail("$", "a JSON object", einvoice);
      return c.errors;
    }
    c.text(einvoice, "Version", "", true, 1, 6);
    if (einvoice.has("Version") && !"1.1".equals(einvoice.get("Version").asText())) {
      c.fail("Version", "\"1.1\"", einvoice.get("Version"));
    }
    JsonNode tran = c.section(einvoice, "TranDtls");
    JsonNode doc = c.section(einvoice, "DocDtls");
    JsonNode seller = c.section(einvoice, "SellerDtls");
    JsonNode buyer = c.section(einvoice, "BuyerDtls");
    JsonNode val = c.section(einvoice, "ValDtls");
    JsonNode items = einvoice.get("ItemList");
    String supTyp = "";
    String docTyp = "";
    if (tran != null) {
      c.oneOf(tran, "TranDtls.", "TaxSch", true, "GST");
      supTyp = c.oneOf(tran, "TranDtls.", "SupTyp", true, "B2B", "SEZWP", "SEZWOP", "EXPWP", "EXPWOP", "DEXP");
      c.oneOf(tran, "TranDtls.", "RegRev", false, "Y", "N");
      c.oneOf(tran, "TranDtls.", "IgstOnIntra", false, "Y", "N");
    }
    if (doc != null) {
      docTyp = c.oneOf(doc, "DocDtls.", "Typ", true, "INV", "CRN", "DBN");
      c.pattern(doc, "DocDtls.", "No", true, DOC_NO);
      c.date(doc, "DocDtls.", "Dt", true);
    }
    String sellerGstin = "";
    String sellerState = "";
    if (seller != null) {
      sellerGstin = c.pattern(seller, "SellerDtls.", "Gstin", true, GSTIN);
      c.party(seller, "SellerDtls.", 50);
      sellerState = c.pattern(seller, "SellerDtls.", "Stcd", true, STATE);
      if (!sellerGstin.isEmpty() && !sellerState.isEmpty() && !sellerGstin.startsWith(twoDigits(sellerState))) {
        c.fail("SellerDtls.Stcd", "the state code of the seller GSTIN " + sellerGstin.substring(0, 2) + " (2258)",
            sellerState);
      }
    }
    String pos = "";
    if (buyer != null) {
      String gstin = c.text(buyer, "Gstin", "BuyerDtls.", true, 3, 15);
      if (!gstin.isEmpty() && !gstin.equals("URP") && !GSTIN.matcher(gstin).matches()) {
        c.fail("BuyerDtls.Gstin", "a GSTIN ^[0-9]{2}[0-9A-Z]{13}$ or URP", gstin);
      }
      if (gstin.equals("URP") && !supTyp.startsWith("EXP")) {
        c.fail("BuyerDtls.Gstin", "a GSTIN: URP is only for exports (2212)", gstin);
      }
      if (!gstin.isEmpty() && gstin.equals(sellerGstin)) {
        c.fail("BuyerDtls.Gstin", "a GSTIN different from the seller's (2211)", gstin);
      }
      pos = c.pattern(buyer, "BuyerDtls.", "Pos", true, STATE);
      c.party(buyer, "BuyerDtls.", 100);
      c.pattern(buyer, "BuyerDtls.", "Stcd", true, STATE);
      if (supTyp.startsWith("EXP") && !pos.isEmpty() && !twoDigits(pos).equals("96")) {
        c.fail("BuyerDtls.Pos", "96 for an export", pos);
      }
      if (supTyp.startsWith("SEZ") && twoDigits(pos).equals("96")) {
        c.fail("BuyerDtls.Pos", "an Indian state for an SEZ supply (2242)", pos);
      }
    }
    boolean igstOnIntra = tran != null && "Y".equals(tran.path("IgstOnIntra").asText());
    boolean reverseCharge = tran != null && "Y".equals(tran.path("RegRev").asText());
    boolean intra = (supTyp.equals("B2B") || supTyp.equals("DEXP")) && !igstOnIntra && !pos.isEmpty()
        && twoDigits(pos).equals(twoDigits(sellerState));
    Sums sums = new Sums();
    if (items == null || !items.isArray() || items.isEmpty() || items.size() > 1000) {
      c.fail("ItemList", "an array of 1 to 1000 items", items);
    } else {
      Set<String> serials = new HashSet<>();
      for (int i = 0; i < items.size(); i++) {
        item(c, items.get(i), "ItemList[" + i + "].", intra, supTyp, reverseCharge, docTyp, serials, sums);
      }
    }
    if (val != null) {
      values(c, val, sums);
      if (val.has("TotInvValFc")) {
        c.number(val, "ValDtls.", "TotInvValFc", false, foreignScale(einvoice.get("ExpDtls")));
      }
    }
    JsonNode exp = einvoice.get("ExpDtls");
    if (exp != null && !exp.isNull()) {
      if (!exp.isObject()) {
        c.fail("ExpDtls", "an object", exp);
      } else {
        if (exp.hasNonNull("ForCur") && !exp.get("ForCur").asText().matches("[A-Z]{3}")) {
          c.fail("ExpDtls.ForCur", "an ISO 4217 currency code, 3 upper-case letters", exp.get("ForCur"));
        }
        if (exp.hasNonNull("CntCode")) {
          if (!exp.get("CntCode").asText().matches("[A-Z]{2}")) {
            c.fail("ExpDtls.CntCode", "an ISO 3166-1 alpha-2 country code", exp.get("CntCode"));
          }
          if (!supTyp.startsWith("EXP")) {
            c.fail("ExpDtls.CntCode", "blank for a supply type other than EXPWP and EXPWOP", exp.get("CntCode"));
          }
        }
      }
    }
    return c.errors;
  }

  /**
   * The decimals {@code TotInvValFc} may have: the minor units of the currency in
   * {@code ExpDtls.ForCur} (3 for KWD, BHD, OMR; 0 for JPY), at least 2; 2 without a valid
   * {@code ForCur}. The field is a decimal number in the schema and holds an amount in the
   * foreign currency, not in rupees, so the two-decimal rule of the INR amounts is not applied to
   * it: a 3-decimal currency's total is written exactly, to the fils, never rounded to 2.
   */
  static int foreignScale(JsonNode exp) {
    if (exp == null || !exp.isObject() || !exp.hasNonNull("ForCur") || !exp.get("ForCur").asText().matches("[A-Z]{3}")) {
      return 2;
    }
    try {
      return Math.max(2, java.util.Currency.getInstance(exp.get("ForCur").asText()).getDefaultFractionDigits());
    } catch (IllegalArgumentException e) {
      return 2; // an unknown code: ForCur itself is reported
    }
  }

  /**
   * Validates and throws on the first violations.
   *
   * @param einvoice the e-invoice JSON, not null
   * @throws BillingException with {@link ErrorCode#INVALID_TAX_DOCUMENT} listing every violation
   */
  public void validate(JsonNode einvoice) {
    List<String> errors = violations(einvoice);
    if (!errors.isEmpty()) {
      throw new BillingException(ErrorCode.INVALID_TAX_DOCUMENT, "e-invoice INV-01 1.1 is invalid: "
          + String.join("; ", errors));
    }
  }

  private void item(Check c, JsonNode item, String at, boolean intra, String supTyp, boolean reverseCharge,
      String docTyp, Set<String> serials, Sums sums) {
    String slNo = c.pattern(item, at, "SlNo", true, Pattern.compile("^[0-9]{1,6}$"));
    if (!slNo.isEmpty() && !serials.add(slNo)) {
      c.fail(at + "SlNo", "a unique serial number", slNo);
    }
    if (item.has("PrdDesc")) {
      c.text(item, "PrdDesc", at, false, 3, 300);
    }
    c.oneOf(item, at, "IsServc", true, "Y", "N");
    c.pattern(item, at, "HsnCd", true, Pattern.compile("^([0-9]{4}|[0-9]{6}|[0-9]{8})$"));
    if (item.has("Unit")) {
      c.pattern(item, at, "Unit", false, Pattern.compile("^[A-Z]{3,8}$"));
    }
    c.number(item, at, "Qty", false, 3);
    c.number(item, at, "UnitPrice", true, 3);
    BigDecimal totAmt = c.number(item, at, "TotAmt", true, 2);
    BigDecimal discount = c.number(item, at, "Discount", false, 2);
    BigDecimal assAmt = c.number(item, at, "AssAmt", true, 2);
    BigDecimal rate = c.number(item, at, "GstRt", true, 3);
    if (item.has("GstRt") && !RATES.contains(rate.stripTrailingZeros())) {
      c.fail(at + "GstRt", "one of the e-invoice GST rates " + RATES, rate);
    }
    BigDecimal igst = c.number(item, at, "IgstAmt", false, 2);
    BigDecimal cgst = c.number(item, at, "CgstAmt", false, 2);
    BigDecimal sgst = c.number(item, at, "SgstAmt", false, 2);
    BigDecimal ces = c.number(item, at, "CesAmt", false, 2);
    BigDecimal cesNa = c.number(item, at, "CesNonAdvlAmt", false, 2);
    BigDecimal stCes = c.number(item, at, "StateCesAmt", false, 2);
    BigDecimal stCesNa = c.number(item, at, "StateCesNonAdvlAmt", false, 2);
    BigDecimal oth = c.number(item, at, "OthChrg", false, 2);
    BigDecimal total = c.number(item, at, "TotItemVal", true, 2);
    near(c, at + "AssAmt", totAmt.subtract(discount), assAmt, "TotAmt − Discount (2193)");
    BigDecimal taxes = igst.add(cgst).add(sgst).add(ces).add(cesNa).add(stCes).add(stCesNa);
    boolean taxMayBeExcluded = reverseCharge || supTyp.equals("EXPWP");
    if (!(taxMayBeExcluded && within(assAmt.add(oth), total))) {
      near(c, at + "TotItemVal", assAmt.add(taxes).add(oth), total, "AssAmt + IgstAmt + CgstAmt + SgstAmt + CesAmt"
          + " + CesNonAdvlAmt + StateCesAmt + StateCesNonAdvlAmt + OthChrg (2194)");
    }
    if (intra && igst.signum() != 0) {
      c.fail(at + "IgstAmt", "0 for an intra-state supply (2172)", igst);
    }
    if (!intra && (cgst.signum() != 0 || sgst.signum() != 0)) {
      c.fail(at + "CgstAmt", "0 CGST and SGST for an inter-state supply (2174)", cgst + "/" + sgst);
    }
    if (cgst.compareTo(sgst) != 0) {
      c.fail(at + "SgstAmt", "equal to CgstAmt " + cgst + " (2227)", sgst);
    }
    boolean zeroUnderLut = supTyp.endsWith("WOP") && igst.signum() == 0;
    if ("INV".equals(docTyp) && !zeroUnderLut) {
      if (intra) {
        BigDecimal expected = PAISE.round(assAmt.multiply(rate).divide(BigDecimal.valueOf(200)), INR);
        near(c, at + "CgstAmt", expected, cgst, "AssAmt × GstRt / 2 (2234)");
      } else {
        BigDecimal expected = PAISE.round(assAmt.multiply(rate).divide(HUNDRED), INR);
        near(c, at + "IgstAmt", expected, igst, "AssAmt × GstRt (2235)");
      }
    }
    sums.ass = sums.ass.add(assAmt);
    sums.igst = sums.igst.add(igst);
    sums.cgst = sums.cgst.add(cgst);
    sums.sgst = sums.sgst.add(sgst);
    sums.ces = sums.ces.add(ces).add(cesNa);
    sums.stCes = sums.stCes.add(stCes).add(stCesNa);
    sums.total = sums.total.add(total);
  }

  private void values(Check c, JsonNode val, Sums sums) {
    String at = "ValDtls.";
    near(c, at + "AssVal", sums.ass, c.number(val, at, "AssVal", true, 2), "Σ AssAmt (2182)");
    near(c, at + "CgstVal", sums.cgst, c.number(val, at, "CgstVal", false, 2), "Σ CgstAmt (2184)");
    near(c, at + "SgstVal", sums.sgst, c.number(val, at, "SgstVal", false, 2), "Σ SgstAmt (2183)");
    near(c, at + "IgstVal", sums.igst, c.number(val, at, "IgstVal", false, 2), "Σ IgstAmt (2185)");
    near(c, at + "CesVal", sums.ces, c.number(val, at, "CesVal", false, 2), "Σ (CesAmt + CesNonAdvlAmt) (2186)");
    near(c, at + "StCesVal", sums.stCes, c.number(val, at, "StCesVal", false, 2),
        "Σ (StateCesAmt + StateCesNonAdvlAmt) (2187)");
    BigDecimal discount = c.number(val, at, "Discount", false, 2);
    BigDecimal oth = c.number(val, at, "OthChrg", false, 2);
    BigDecimal roundOff = val.has("RndOffAmt") ? val.get("RndOffAmt").decimalValue() : BigDecimal.ZERO;
    if (roundOff.abs().compareTo(new BigDecimal("99.99")) > 0 || roundOff.stripTrailingZeros().scale() > 2) {
      c.fail(at + "RndOffAmt", "-99.99 to 99.99 with at most 2 decimals", roundOff);
    }
    near(c, at + "TotInvVal", sums.total.subtract(discount).add(oth).add(roundOff),
        c.number(val, at, "TotInvVal", true, 2), "Σ TotItemVal − Discount + OthChrg + RndOffAmt (2189)");
  }

  private boolean within(BigDecimal expected, BigDecimal actual) {
    return expected.subtract(actual).abs().compareTo(tolerance) <= 0;
  }

  private void near(Check c, String field, BigDecimal expected, BigDecimal actual, String rule) {
    if (expected.subtract(actual).abs().compareTo(tolerance) > 0) {
      c.fail(field, expected.toPlainString() + " = " + rule, actual.toPlainString());
    }
  }

  private static String twoDigits(String code) {
    return code.length() == 1 ? "0" + code : code;
  }

  private static final class Sums {
    BigDecimal ass = BigDecimal.ZERO;
    BigDecimal igst = BigDecimal.ZERO;
    BigDecimal cgst = BigDecimal.ZERO;
    BigDecimal sgst = BigDecimal.ZERO;
    BigDecimal ces = BigDecimal.ZERO;
    BigDecimal stCes = BigDecimal.ZERO;
    BigDecimal total = BigDecimal.ZERO;
  }

  /** Collects violations while walking the JSON. */
  private static final class Check {
    final List<String> errors = new ArrayList<>();

    void fail(String field, String expected, Object actual) {
      errors.add(field + ": expected " + expected + ", got " + actual);
    }

    JsonNode section(JsonNode root, String name) {
      JsonNode node = root.get(name);
      if (node == null || !node.isObject()) {
        fail(name, "an object (required section)", node);
        return null;
      }
      return node;
    }

    String text(JsonNode node, String name, String at, boolean required, int min, int max) {
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        if (required) {
          fail(at + name, "a required string", null);
        }
        return "";
      }
      if (!value.isTextual()) {
        fail(at + name, "a string", value);
        return "";
      }
      String s = value.textValue();
      if (s.length() < min || s.length() > max) {
        fail(at + name, min + " to " + max + " characters", s);
      }
      if (s.contains("\"") || s.contains("\\")) {
        fail(at + name, "no \" or \\ characters", s);
      }
      return s;
    }

    String oneOf(JsonNode node, String at, String name, boolean required, String... allowed) {
      String s = text(node, name, at, required, 1, 10);
      if (!s.isEmpty() && !List.of(allowed).contains(s)) {
        fail(at + name, "one of " + List.of(allowed), s);
      }
      return s;
    }

    String pattern(JsonNode node, String at, String name, boolean required, Pattern p) {
      String s = text(node, name, at, required, 0, 1000);
      if (!s.isEmpty() && !p.matcher(s).matches()) {
        fail(at + name, "to match " + p.pattern(), s);
        return "";
      }
      return s;
    }

    void date(JsonNode node, String at, String name, boolean required) {
      String s = text(node, name, at, required, 10, 10);
      if (!s.isEmpty()) {
        try {
          LocalDate.parse(s, DATE);
        } catch (DateTimeParseException e) {
          fail(at + name, "a date dd/mm/yyyy", s);
        }
      }
    }

    void party(JsonNode node, String at, int maxLoc) {
      text(node, "LglNm", at, true, 3, 100);
      text(node, "Addr1", at, true, 1, 100);
      if (node.has("Addr2") && !node.get("Addr2").isNull()) {
        text(node, "Addr2", at, false, 3, 100);
      }
      text(node, "Loc", at, true, 3, maxLoc);
      JsonNode pin = node.get("Pin");
      if (pin != null && !pin.isNull()) {
        if (!pin.isIntegralNumber() || pin.asLong() < 100000 || pin.asLong() > 999999) {
          fail(at + "Pin", "a number 100000 to 999999", pin);
        }
      } else if (at.startsWith("Seller")) {
        fail(at + "Pin", "a required number 100000 to 999999", null);
      }
    }

    BigDecimal number(JsonNode node, String at, String name, boolean required, int maxScale) {
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        if (required) {
          fail(at + name, "a required number", null);
        }
        return BigDecimal.ZERO;
      }
      if (!value.isNumber()) {
        fail(at + name, "a number", value);
        return BigDecimal.ZERO;
      }
      BigDecimal d = value.decimalValue();
      if (d.signum() < 0 || d.stripTrailingZeros().scale() > maxScale) {
        fail(at + name, "a number ≥ 0 with at most " + maxScale + " decimals", d.toPlainString());
      }
      return d;
    }
  }
}

package dev.billwright.tax.gst;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.tax.DocumentType;
import dev.billwright.tax.TaxCalculator;
import dev.billwright.tax.TaxDecision;
import dev.billwright.tax.TaxLine;
import dev.billwright.tax.TaxPlace;
import dev.billwright.tax.TaxParty;
import dev.billwright.tax.TaxRequest;
import dev.billwright.tax.TaxResult;
import dev.billwright.tax.TaxableLine;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Indian GST through the tax SPI: picks CGST + SGST, CGST + UTGST or IGST and computes each head
 * per line.
 *
 * <p>Rules, with sources:
 * <ul>
 *   <li>Heads: supplier state equal to the place of supply is intra-state (IGST Act s.8): CGST
 *       plus SGST, or UTGST in a UT without legislature (UTGST Act s.7, {@link GstState#usesUtgst()});
 *       otherwise inter-state (s.7): IGST. Exports and SEZ supplies are always IGST (s.7(5)(a),(b)),
 *       charged for SEZWP/EXPWP and at rate 0 under LUT for SEZWOP/EXPWOP (s.16(3)).</li>
 *   <li>Amounts: per line and per head, {@code round(taxable × headRate / 100)} with the rounding
 *       policy (default HALF_UP to paise). CGST and SGST each use half the GST rate and are
 *       computed separately, never by splitting a combined figure, so they are always equal (the
 *       IRP rejects unequal amounts, error 2227); CGST + SGST may differ from IGST by ₹0.01.</li>
 *   <li>Totals are sums of line amounts ({@link TaxResult}). Optionally the grand total
 *       (taxable values plus collectible tax) is rounded to the rupee HALF_UP (CGST Act s.170
 *       style) and the difference reported as the round-off.</li>
 *   <li>Reverse charge (CGST Act s.9(3), IGST Act s.5(3)): tax lines are shown with
 *       {@code collectible = false} and the invoice notes it (CGST Rule 46(p)).</li>
 *   <li>Credit and debit notes reuse the heads and rates of the original invoice's lines with the
 *       same id (CGST Act s.34); rates are not looked up again.</li>
 *   <li>Supply type and reverse charge come from the customer's {@link GstAttributes}, or are
 *       derived: customer outside India → export, {@link GstAttributes#SEZ} → SEZ, with a tax id →
 *       B2B, else B2C; zero-rated supplies are "without payment" when the supplier has
 *       {@link GstAttributes#LUT} {@code true}.</li>
 * </ul>
 * The supplier needs a GSTIN ({@link TaxParty#taxId()}); its state is the region code if given,
 * else the GSTIN's first two digits. Customer GSTINs are validated with the configured
 * {@link Gstin.Mode}. Stateless and thread-safe.
 */
public final class GstTaxCalculator implements TaxCalculator {

  /** Standard rate table, s.12(2)/s.13(2) place of supply, HALF_UP to paise, no rupee rounding, strict GSTINs. */
  public static final GstTaxCalculator DEFAULT = new GstTaxCalculator(GstRateTable.standard(),
      PlaceOfSupplyRule.services(), RoundingPolicy.DEFAULT, false, Gstin.Mode.STRICT);

  /** Head names used in tax lines. */
  public static final String CGST = "CGST";
  /** State GST head. */
  public static final String SGST = "SGST";
  /** Union territory GST head. */
  public static final String UTGST = "UTGST";
  /** Integrated GST head. */
  public static final String IGST = "IGST";
  /** Compensation cess head. */
  public static final String CESS = "CESS";

  private static final RoundingPolicy RUPEE = RoundingPolicy.ofScale(0, RoundingMode.HALF_UP);

  private final GstRateTable rates;
  private final PlaceOfSupplyRule placeOfSupplyRule;
  private final RoundingPolicy rounding;
  private final boolean roundTotalToRupee;
  private final Gstin.Mode gstinMode;

  /**
   * Creates a calculator.
   *
   * @param rates the rate table, not null
   * @param placeOfSupplyRule the place-of-supply rule, not null
   * @param rounding the rounding of each line's head amount, not null (default HALF_UP to paise)
   * @param roundTotalToRupee whether to round the grand total to the rupee with a round-off
   * @param gstinMode how strictly to validate GSTINs, not null
   * @throws NullPointerException if an argument is null
   */
  public GstTaxCalculator(GstRateTable rates, PlaceOfSupplyRule placeOfSupplyRule, RoundingPolicy rounding,
      boolean roundTotalToRupee, Gstin.Mode gstinMode) {
    this.rates = java.util.Objects.requireNonNull(rates, "rates");
    this.placeOfSupplyRule = java.util.Objects.requireNonNull(placeOfSupplyRule, "placeOfSupplyRule");
    this.rounding = java.util.Objects.requireNonNull(rounding, "rounding");
    this.roundTotalToRupee = roundTotalToRupee;
    this.gstinMode = java.util.Objects.requireNonNull(gstinMode, "gstinMode");
  }

  /**
   * Returns a copy that rounds the grand total to the rupee (or not).
   *
   * @param enabled whether to round
   * @return the copy, never null
   */
  public GstTaxCalculator withRoundTotalToRupee(boolean enabled) {
    return new GstTaxCalculator(rates, placeOfSupplyRule, rounding, enabled, gstinMode);
  }

  /**
   * Returns a copy with another rate table.
   *
   * @param table the table, not null
   * @return the copy, never null
   */
  public GstTaxCalculator withRates(GstRateTable table) {
    return new GstTaxCalculator(table, placeOfSupplyRule, rounding, roundTotalToRupee, gstinMode);
  }

  /**
   * Returns a copy with another place-of-supply rule.
   *
   * @param rule the rule, not null
   * @return the copy, never null
   */
  public GstTaxCalculator withPlaceOfSupplyRule(PlaceOfSupplyRule rule) {
    return new GstTaxCalculator(rates, rule, rounding, roundTotalToRupee, gstinMode);
  }

  /**
   * Returns a copy with another GSTIN validation mode ({@link Gstin.Mode#SANDBOX} for NIC test data).
   *
   * @param mode the mode, not null
   * @return the copy, never null
   */
  public GstTaxCalculator withGstinMode(Gstin.Mode mode) {
    return new GstTaxCalculator(rates, placeOfSupplyRule, rounding, roundTotalToRupee, mode);
  }

  /**
   * Returns a tax calculator for a bill run whose invoices may be in a foreign currency (an
   * export billed in USD): {@link GstForeignCurrencyTax}. An INR request is calculated by this
   * calculator as it is; a foreign-currency invoice is calculated in INR at the rate for its
   * date of supply (CGST Rule 34) and its tax stated back in the invoice currency.
   *
   * @param rates the host's exchange rates, not null
   * @return the calculator, never null
   */
  public GstForeignCurrencyTax withExchangeRates(dev.billwright.money.ExchangeRateProvider rates) {
    return new GstForeignCurrencyTax(this, rates);
  }

  /**
   * Calculates GST on a document.
   *
   * @param request the request, not null
   * @return the tax lines (one per line and head), totals and notes, never null
   * @throws BillingException with {@link ErrorCode#TAX_NOT_DETERMINED} if the supplier has no
   *     GSTIN, a line has no rate, or a note's line is not in the original; {@link
   *     ErrorCode#INVALID_TAX_ID} for a malformed GSTIN; {@link ErrorCode#CREDIT_EXCEEDS_REMAINING}
   *     if a credit note line exceeds the original line's taxable value; or as {@link GstSupply}
   *     rejects the supply
   */
  @Override
  public TaxResult calculate(TaxRequest request) {
    GstState supplierState = supplierState(request.supplier());
    TaxParty customer = request.customer();
    if ("IN".equals(customer.countryCode()) && customer.taxId().isPresent()) {
      Gstin.parse(customer.taxId().get(), gstinMode);
    }
    SupplyType type = supplyType(request.supplier(), customer);
    boolean reverseCharge = bool(customer, GstAttributes.REVERSE_CHARGE);
    PlaceOfSupply pos = placeOfSupplyRule.placeOfSupply(supplierState, customer, type);
    if (request.documentType() != DocumentType.INVOICE) {
      return note(request, supplierState, pos, type, reverseCharge);
    }
    List<GstSupply.Line> lines = new ArrayList<>();
    for (TaxableLine line : request.lines()) {
      GstRate rate = rates.lookup(line.taxCode(), request.documentDate());
      lines.add(new GstSupply.Line(line.lineId(), line.taxableAmount(), rate.ratePercent(), rate.cessPercent()));
    }
    return calculate(new GstSupply(supplierState, pos, type, reverseCharge, request.currency(), lines));
  }

  /**
   * Calculates GST on a supply whose facts are decided.
   *
   * @param supply the supply, not null
   * @return the tax lines, totals and notes, never null
   */
  public TaxResult calculate(GstSupply supply) {
    List<TaxLine> out = new ArrayList<>();
    boolean collectible = !supply.reverseCharge();
    boolean intra = supply.isIntraState();
    String stateHead = supply.placeOfSupply().state().usesUtgst() ? UTGST : SGST;
    for (GstSupply.Line line : supply.lines()) {
      Money taxable = line.taxableValue();
      if (intra) {
        BigDecimal half = half(line.ratePercent());
        // CGST and SGST/UTGST are the same half rate of the same value: one amount, twice
        Money halfTax = percentOf(taxable, half);
        out.add(new TaxLine(line.lineId(), CGST, half, taxable, halfTax, collectible));
        out.add(new TaxLine(line.lineId(), stateHead, half, taxable, halfTax, collectible));
      } else if (supply.supplyType().isWithoutPayment()) {
        out.add(new TaxLine(line.lineId(), IGST, BigDecimal.ZERO, taxable, Money.zero(supply.currency()), collectible));
      } else {
        out.add(new TaxLine(line.lineId(), IGST, line.ratePercent(), taxable, percentOf(taxable, line.ratePercent()),
            collectible));
      }
      if (line.cessPercent().signum() > 0 && !supply.supplyType().isWithoutPayment()) {
        out.add(new TaxLine(line.lineId(), CESS, line.cessPercent(), taxable, percentOf(taxable, line.cessPercent()),
            collectible));
      }
    }
    Money taxableTotal = Money.zero(supply.currency());
    for (GstSupply.Line line : supply.lines()) {
      taxableTotal = taxableTotal.plus(line.taxableValue());
    }
    return result(supply, out, taxableTotal);
  }

  private TaxResult result(GstSupply supply, List<TaxLine> out, Money taxableTotal) {
    PlaceOfSupply pos = supply.placeOfSupply();
    Optional<TaxPlace> place = Optional.of(new TaxPlace(pos.state().code(), pos.state().stateName(), pos.basis()));
    Optional<String> type = Optional.of(supply.supplyType().name());
    TaxResult unrounded = TaxResult.of(supply.currency(), out,
        new TaxDecision(place, type, supply.reverseCharge(), notes(supply), Optional.empty()));
    if (!roundTotalToRupee) {
      return unrounded;
    }
    Money grand = taxableTotal.plus(unrounded.collectibleTax());
    Money roundOff = RUPEE.round(grand).minus(grand);
    return TaxResult.of(supply.currency(), out,
        new TaxDecision(place, type, supply.reverseCharge(), unrounded.notes(), Optional.of(roundOff)));
  }

  private TaxResult note(TaxRequest request, GstState supplierState, PlaceOfSupply pos, SupplyType type,
      boolean reverseCharge) {
    TaxResult original = request.original().orElseThrow();
    List<TaxLine> out = new ArrayList<>();
    Money taxableTotal = Money.zero(request.currency());
    for (TaxableLine line : request.lines()) {
      List<TaxLine> heads = original.linesOf(line.lineId());
      if (heads.isEmpty()) {
        throw BillingException.invalid(ErrorCode.TAX_NOT_DETERMINED, "lines[" + line.lineId() + "].line_id",
            line.lineId(), "the id of a line of the original invoice (CGST Act s.34: a note adjusts its tax)");
      }
      Money originalTaxable = heads.get(0).taxableAmount();
      if (request.documentType() == DocumentType.CREDIT_NOTE && line.taxableAmount().compareTo(originalTaxable) > 0) {
        throw BillingException.invalid(ErrorCode.CREDIT_EXCEEDS_REMAINING, "lines[" + line.lineId() + "].taxable_amount",
            line.taxableAmount(), "at most the original taxable value " + originalTaxable);
      }
      for (TaxLine head : heads) {
        Money tax = line.taxableAmount().equals(head.taxableAmount())
            ? head.taxAmount()
            : percentOf(line.taxableAmount(), head.ratePercent());
        out.add(new TaxLine(line.lineId(), head.head(), head.ratePercent(), line.taxableAmount(), tax,
            head.collectible()));
      }
      taxableTotal = taxableTotal.plus(line.taxableAmount());
    }
    GstSupply supply = new GstSupply(supplierState, pos, type, reverseCharge, request.currency(),
        request.lines().stream().map(l -> new GstSupply.Line(l.lineId(), l.taxableAmount(), BigDecimal.ZERO,
            BigDecimal.ZERO)).toList());
    return result(supply, out, taxableTotal);
  }

  /**
   * The tax lines of a foreign-currency invoice taken back to INR as that invoice computed them
   * (CGST Rule 34): each line's value {@code round(value × rate)} HALF_UP to paise, and each head's
   * tax its rate of that INR value, through this calculator's rounding (as
   * {@link #calculate(GstSupply)} computed it). Used for the notes of such an invoice.
   */
  TaxResult inInr(TaxResult foreign, dev.billwright.money.ExchangeRate rate) {
    List<TaxLine> out = new ArrayList<>();
    for (TaxLine t : foreign.lines()) {
      Money taxable = GstInvoice.toInr(t.taxableAmount(), rate);
      out.add(new TaxLine(t.lineId(), t.head(), t.ratePercent(), taxable, percentOf(taxable, t.ratePercent()),
          t.collectible()));
    }
    TaxDecision d = foreign.decision();
    return TaxResult.of(rate.to(), out,
        new TaxDecision(d.placeOfSupply(), d.supplyType(), d.reverseCharge(), d.notes(), Optional.empty()));
  }

  /** Half of each GST rate seen (a table has a few dozen; kept up to {@value #MAX_HALVES}). */
  private static final java.util.concurrent.ConcurrentMap<BigDecimal, BigDecimal> HALVES =
      new java.util.concurrent.ConcurrentHashMap<>();
  private static final int MAX_HALVES = 1_024;

  /** {@code rate / 2}, exact, with the scale the exact division gives (9 for 18, 2.5 for 5). */
  private static BigDecimal half(BigDecimal ratePercent) {
    BigDecimal half = HALVES.get(ratePercent); // BigDecimal equality: 18 and 18.0 are kept apart
    if (half == null) {
      half = ratePercent.divide(BigDecimal.valueOf(2));
      if (HALVES.size() < MAX_HALVES) {
        HALVES.putIfAbsent(ratePercent, half);
      }
    }
    return half;
  }

  /**
   * {@code round(amount × percent / 100)} through the rounding policy, from the exact product
   * (exact: a decimal times a decimal, moved two places), a negative amount rounded as its
   * negation and negated back (the same rounding of a credit as of the charge).
   */
  private Money percentOf(Money amount, BigDecimal percent) {
    BigDecimal exact = amount.amount().abs().multiply(percent).movePointLeft(2);
    Money tax = Money.of(amount.currency(), rounding.round(exact, amount.currency()));
    return amount.isNegative() ? tax.negated() : tax;
  }

  private GstState supplierState(TaxParty supplier) {
    if (!"IN".equals(supplier.countryCode())) {
      throw BillingException.invalid(ErrorCode.TAX_NOT_DETERMINED, "supplier.country_code", supplier.countryCode(),
          "IN (this calculator taxes supplies by Indian GST registrations)");
    }
    Gstin gstin = Gstin.parse(supplier.taxId().orElseThrow(() -> BillingException.invalid(
        ErrorCode.TAX_NOT_DETERMINED, "supplier.tax_id", null, "the supplier's GSTIN")), gstinMode);
    return supplier.regionCode().map(GstState::of).orElse(gstin.state());
  }

  /**
   * Returns the supply type from the customer's attributes or derived from the parties.
   *
   * @param supplier the supplier, not null
   * @param customer the customer, not null
   * @return the supply type, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if an attribute is malformed
   */
  public static SupplyType supplyType(TaxParty supplier, TaxParty customer) {
    Optional<String> explicit = customer.attribute(GstAttributes.SUPPLY_TYPE);
    if (explicit.isPresent()) {
      try {
        return SupplyType.valueOf(explicit.get().trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "customer.attributes." + GstAttributes.SUPPLY_TYPE,
            explicit.get(), "one of b2b, b2c, sezwp, sezwop, expwp, expwop");
      }
    }
    boolean lut = bool(supplier, GstAttributes.LUT);
    if (!"IN".equals(customer.countryCode())) {
      return lut ? SupplyType.EXPWOP : SupplyType.EXPWP;
    }
    if (bool(customer, GstAttributes.SEZ)) {
      return lut ? SupplyType.SEZWOP : SupplyType.SEZWP;
    }
    return customer.taxId().isPresent() ? SupplyType.B2B : SupplyType.B2C;
  }

  private static boolean bool(TaxParty party, String key) {
    Optional<String> value = party.attribute(key);
    if (value.isEmpty()) {
      return false;
    }
    if (!value.get().equals("true") && !value.get().equals("false")) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "attributes." + key, value.get(), "true or false");
    }
    return Boolean.parseBoolean(value.get());
  }

  private static List<String> notes(GstSupply supply) {
    List<String> notes = new ArrayList<>();
    PlaceOfSupply pos = supply.placeOfSupply();
    notes.add("Place of supply: " + pos.state() + " (" + pos.basis() + ")");
    switch (supply.supplyType()) {
      case EXPWOP -> notes.add("Supply meant for export under LUT without payment of IGST");
      case EXPWP -> notes.add("Supply meant for export with payment of IGST");
      case SEZWOP -> notes.add("Supply meant for SEZ unit or developer for authorised operations under LUT"
          + " without payment of IGST");
      case SEZWP -> notes.add("Supply meant for SEZ unit or developer for authorised operations with payment of IGST");
      default -> { }
    }
    notes.add(supply.reverseCharge() ? "Tax is payable on reverse charge: Yes" : "Tax is payable on reverse charge: No");
    return notes;
  }
}

package dev.billwright.tax.gst;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.tax.TaxDecision;
import dev.billwright.tax.TaxLine;
import dev.billwright.tax.TaxPlace;
import dev.billwright.tax.TaxRequest;
import dev.billwright.tax.TaxResult;
import dev.billwright.tax.TaxableLine;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The data of a GST document: a tax invoice (CGST Rule 46), a bill of supply (Rule 49) or a
 * credit or debit note (CGST Act s.34, Rule 53(1A)). It is the input of {@link EInvoiceMapper}.
 *
 * <p>Checked at construction: the serial number (Rule 46(b): 1 to 16 characters from
 * {@code A-Z a-z 0-9 / -}); a B2B recipient has a GSTIN and {@code URP} is used only for exports
 * and B2C; notes refer to at least one original invoice (Rule 53(1A)(g)) and invoices to none;
 * a bill of supply shows no tax; an intra-state supply has no IGST and an inter-state one no
 * CGST/SGST (IGST Act s.7, s.8); the round-off lies in −99.99..99.99 (e-invoice schema);
 * line serial numbers are unique. Totals are sums of the lines ({@link #taxableTotal()} etc.).
 * Uniqueness of numbers per financial year (1 April to 31 March, Rule 46(b)) spans documents:
 * {@link #checkUniqueNumbers}.
 *
 * <p>How an invoice maps to it: build the {@link TaxRequest} from the invoice lines, calculate
 * its {@link TaxResult} with {@link GstTaxCalculator}, then call {@link #builder}, which copies each
 * line's quantity, unit, discount and taxable value and the tax heads of the result.
 *
 * @param type the document type
 * @param number the serial number (Rule 46(b))
 * @param date the date of issue
 * @param supplier the supplier, with its GSTIN
 * @param recipient the recipient ({@code URP} when unregistered)
 * @param placeOfSupply the place of supply (Rule 46(n)); 96 for exports
 * @param supplyType the supply type
 * @param reverseCharge whether tax is payable on reverse charge (Rule 46(p))
 * @param lines the lines, not empty
 * @param discount the invoice-level discount (e-invoice {@code ValDtls.Discount}), INR
 * @param otherCharges the invoice-level other charges ({@code ValDtls.OthChrg}), INR
 * @param roundOff the round-off of the grand total ({@code RndOffAmt}), INR
 * @param precedingDocuments for notes, the original invoices; empty for invoices
 * @param notes endorsements printed on the document (LUT, reverse charge)
 * @param foreignCurrency for a document billed in another currency, that currency, the rate to
 *     INR and the values as billed ({@link #fromForeignCurrency}); empty for a rupee document.
 *     Every other amount of the document is in INR (CGST Rule 34).
 * @param deliveryAddress the address of delivery, where it differs from the recipient's address
 *     and the place of supply (CGST Rule 46(o); e-invoice {@code ShipDtls}); empty when the goods or
 *     services are delivered to the recipient's address ({@link #withDeliveryAddress})
 */
public record GstInvoice(
    GstDocumentType type,
    String number,
    LocalDate date,
    GstParty supplier,
    GstParty recipient,
    GstState placeOfSupply,
    SupplyType supplyType,
    boolean reverseCharge,
    List<GstInvoiceLine> lines,
    Money discount,
    Money otherCharges,
    Money roundOff,
    List<DocumentReference> precedingDocuments,
    List<String> notes,
    Optional<GstForeignCurrency> foreignCurrency,
    Optional<GstParty> deliveryAddress) {

  private static final BigDecimal MAX_ROUND_OFF = new BigDecimal("99.99");
  private static final java.time.ZoneId IST = java.time.ZoneId.of("Asia/Kolkata");

  /**
   * Validates the document.
   *
   * @param type see the record component
   * @param number see the record component
   * @param date see the record component
   * @param supplier see the record component
   * @param recipient see the record component
   * @param placeOfSupply see the record component
   * @param supplyType see the record component
   * @param reverseCharge see the record component
   * @param lines see the record component
   * @param discount see the record component
   * @param otherCharges see the record component
   * @param roundOff see the record component
   * @param precedingDocuments see the record component
   * @param notes see the record component
   * @param foreignCurrency see the record component
   * @param deliveryAddress see the record component
   * @throws BillingException with {@link ErrorCode#INVALID_TAX_DOCUMENT} naming the field that
   *     breaks a rule (for a foreign-currency document also: one foreign value per line, each
   *     line's INR taxable value equal to its foreign value × rate rounded HALF_UP to paise, a
   *     country code exactly for exports), or {@link ErrorCode#REQUIRED_FIELD_MISSING} if a
   *     component is null
   */
  public GstInvoice {
    if (type == null || date == null || supplier == null || recipient == null || placeOfSupply == null
        || supplyType == null || lines == null || discount == null || otherCharges == null || roundOff == null
        || precedingDocuments == null || notes == null || foreignCurrency == null || deliveryAddress == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "gst_document", number, "all components");
    }
    checkSerialNumber("number", number);
    lines = List.copyOf(lines);
    precedingDocuments = List.copyOf(precedingDocuments);
    notes = List.copyOf(notes);
    if (lines.isEmpty()) {
      throw GstInvoiceLine.invalid("lines", "[]", "at least one line");
    }
    Set<Integer> serials = new HashSet<>();
    for (GstInvoiceLine line : lines) {
      if (!serials.add(line.serialNumber())) {
        throw GstInvoiceLine.invalid("lines.serial_number", line.serialNumber(), "unique serial numbers");
      }
    }
    if (supplier.gstin().equals(GstParty.UNREGISTERED)) {
      throw GstInvoiceLine.invalid("supplier.gstin", supplier.gstin(), "the supplier's GSTIN (Rule 46(a))");
    }
    boolean urp = recipient.gstin().equals(GstParty.UNREGISTERED);
    if (urp && supplyType != SupplyType.B2C && !supplyType.isExport()) {
      throw GstInvoiceLine.invalid("recipient.gstin", recipient.gstin(),
          "the recipient's GSTIN for a " + supplyType + " supply (Rule 46(d))");
    }
    if (supplier.gstin().equals(recipient.gstin())) {
      throw GstInvoiceLine.invalid("recipient.gstin", recipient.gstin(), "different from the supplier's GSTIN");
    }
    if (type.isNote() == precedingDocuments.isEmpty()) {
      throw GstInvoiceLine.invalid("preceding_documents", precedingDocuments,
          type.isNote() ? "the original invoice(s) (CGST Rule 53(1A)(g))" : "none for a " + type);
    }
    boolean intra = !supplyType.isZeroRated() && supplier.state() == placeOfSupply;
    for (GstInvoiceLine line : lines) {
      String at = "lines[" + line.serialNumber() + "].";
      if (type == GstDocumentType.BILL_OF_SUPPLY && !line.total().minus(line.taxableValue())
          .minus(line.otherCharges()).isZero()) {
        throw GstInvoiceLine.invalid(at + "tax", line.total(), "no tax on a bill of supply (CGST Rule 49)");
      }
      if (intra && line.igst().isPositive()) {
        throw GstInvoiceLine.invalid(at + "igst", line.igst(), "0 for an intra-state supply (IGST Act s.8)");
      }
      if (!intra && (line.cgst().isPositive() || line.sgst().isPositive())) {
        throw GstInvoiceLine.invalid(at + "cgst", line.cgst(), "0 for an inter-state supply (IGST Act s.7)");
      }
    }
    if (roundOff.amount().abs().compareTo(MAX_ROUND_OFF) > 0) {
      throw GstInvoiceLine.invalid("round_off", roundOff, "-99.99 to 99.99");
    }
    if (foreignCurrency.isPresent()) {
      checkForeignCurrency(foreignCurrency.get(), lines, supplyType);
    }
  }

  /**
   * Creates a document delivered to the recipient's address (no {@link #deliveryAddress}),
   * otherwise as the canonical constructor.
   *
   * @param type see the record component
   * @param number see the record component
   * @param date see the record component
   * @param supplier see the record component
   * @param recipient see the record component
   * @param placeOfSupply see the record component
   * @param supplyType see the record component
   * @param reverseCharge see the record component
   * @param lines see the record component
   * @param discount see the record component
   * @param otherCharges see the record component
   * @param roundOff see the record component
   * @param precedingDocuments see the record component
   * @param notes see the record component
   * @param foreignCurrency see the record component
   * @throws BillingException as the canonical constructor does
   */
  public GstInvoice(GstDocumentType type, String number, LocalDate date, GstParty supplier, GstParty recipient,
      GstState placeOfSupply, SupplyType supplyType, boolean reverseCharge, List<GstInvoiceLine> lines,
      Money discount, Money otherCharges, Money roundOff, List<DocumentReference> precedingDocuments,
      List<String> notes, Optional<GstForeignCurrency> foreignCurrency) {
    this(type, number, date, supplier, recipient, placeOfSupply, supplyType, reverseCharge, lines, discount,
        otherCharges, roundOff, precedingDocuments, notes, foreignCurrency, Optional.empty());
  }

  /**
   * Creates a rupee document: no foreign currency, otherwise as the canonical constructor.
   *
   * @param type see the record component
   * @param number see the record component
   * @param date see the record component
   * @param supplier see the record component
   * @param recipient see the record component
   * @param placeOfSupply see the record component
   * @param supplyType see the record component
   * @param reverseCharge see the record component
   * @param lines see the record component
   * @param discount see the record component
   * @param otherCharges see the record component
   * @param roundOff see the record component
   * @param precedingDocuments see the record component
   * @param notes see the record component
   * @throws BillingException as the canonical constructor does
   */
  public GstInvoice(GstDocumentType type, String number, LocalDate date, GstParty supplier, GstParty recipient,
      GstState placeOfSupply, SupplyType supplyType, boolean reverseCharge, List<GstInvoiceLine> lines,
      Money discount, Money otherCharges, Money roundOff, List<DocumentReference> precedingDocuments,
      List<String> notes) {
    this(type, number, date, supplier, recipient, placeOfSupply, supplyType, reverseCharge, lines, discount,
        otherCharges, roundOff, precedingDocuments, notes, Optional.empty());
  }

  private static void checkForeignCurrency(GstForeignCurrency fc, List<GstInvoiceLine> lines, SupplyType type) {
    if (fc.lineValues().size() != lines.size()) {
      throw GstInvoiceLine.invalid("foreign_currency.line_values", fc.lineValues().size(),
          lines.size() + " values, one per line");
    }
    if (type.isExport() != fc.countryCode().isPresent()) {
      throw GstInvoiceLine.invalid("foreign_currency.country_code", fc.countryCode().orElse(null),
          type.isExport() ? "the buyer's country for an export (e-invoice ExpDtls.CntCode)"
              : "none for a " + type + " supply (CntCode is for exports only)");
    }
    for (int i = 0; i < lines.size(); i++) {
      Money inr = toInr(fc.lineValues().get(i), fc.rate());
      if (inr.compareTo(lines.get(i).taxableValue()) != 0) {
        throw GstInvoiceLine.invalid("lines[" + lines.get(i).serialNumber() + "].taxable_value",
            lines.get(i).taxableValue(), fc.lineValues().get(i) + " × " + fc.rate().rate().toPlainString()
                + " rounded HALF_UP to paise = " + inr + " (CGST Rule 34)");
      }
    }
  }

  /**
   * Converts a foreign-currency amount to INR: {@code amount × rate}, rounded once, HALF_UP to
   * paise ({@link RoundingPolicy#DEFAULT} for INR).
   *
   * @param amount the amount in {@code rate.from()}, not null
   * @param rate the rate to INR, not null
   * @return the INR amount, never null
   */
  static Money toInr(Money amount, dev.billwright.money.ExchangeRate rate) {
    return RoundingPolicy.DEFAULT.round(rate.applyExact(amount));
  }

  /**
   * Checks a document serial number against CGST Rule 46(b) (and Rule 53(1A)(b) for notes).
   *
   * @param field the field name for the error
   * @param number the number, may be null (rejected)
   * @throws BillingException with {@link ErrorCode#INVALID_TAX_DOCUMENT} if the number is not 1 to
   *     16 characters from {@code A-Z a-z 0-9 / -}
   */
  static void checkSerialNumber(String field, @Nullable String number) {
    if (number == null || !number.matches("[A-Za-z0-9/-]{1,16}")) {
      throw GstInvoiceLine.invalid(field, number,
          "1 to 16 characters from A-Z a-z 0-9 / - (CGST Rule 46(b))");
    }
  }

  /**
   * Returns the financial year of a date: 1 April to 31 March (CGST Act s.2(51) refers to the
   * Income-tax financial year), written such as {@code 2026-27}.
   *
   * @param date the date, not null
   * @return the financial year, never null
   */
  public static String financialYear(LocalDate date) {
    int start = date.getMonthValue() >= 4 ? date.getYear() : date.getYear() - 1;
    return start + "-" + String.format("%02d", (start + 1) % 100);
  }

  /**
   * Checks that no two documents of one supplier share a document type and number in one
   * financial year (Rule 46(b); the IRP rejects duplicates with error 2150).
   *
   * @param documents the documents, not null
   * @throws BillingException with {@link ErrorCode#INVALID_TAX_DOCUMENT} naming the duplicate
   */
  public static void checkUniqueNumbers(List<GstInvoice> documents) {
    Set<String> seen = new HashSet<>();
    for (GstInvoice doc : documents) {
      String key = doc.supplier().gstin() + "|" + doc.type() + "|" + doc.number().toUpperCase(java.util.Locale.ROOT)
          + "|" + financialYear(doc.date());
      if (!seen.add(key)) {
        throw GstInvoiceLine.invalid("number", doc.number(),
            "unique per supplier, document type and financial year " + financialYear(doc.date()));
      }
    }
  }

  /**
   * Builds the document from a calculated request whose place of supply, supply type and reverse
   * charge are those the tax engine decided and the document kept ({@link TaxResult#decision()},
   * as {@code Invoice.taxDecision()} or {@code CreditNote.taxDecision()} hold it), never decided
   * again from the parties, whose data may have changed since; otherwise as
   * {@link #from(GstDocumentType, String, GstParty, GstParty, GstState, SupplyType, boolean,
   * TaxRequest, TaxResult, List)}.
   *
   * @param type the document type, not null
   * @param number the serial number, not null
   * @param supplier the supplier as printed, not null
   * @param recipient the recipient as printed, not null
   * @param request the request the result was calculated for, not null, in INR
   * @param tax the tax lines and the decision kept on the document, not null
   * @param precedingDocuments the original invoices for a note, else empty
   * @return the document, never null
   * @throws BillingException with {@link ErrorCode#INVALID_TAX_DOCUMENT} if the decision has no
   *     place of supply or no supply type, names a state that is not a GST place of supply or a
   *     supply type that is not one of {@link SupplyType}, or as the other {@code from} rejects it
   * @deprecated seven positional arguments; use
   *     {@code GstInvoice.builder(type, number).supplier(s).recipient(r).build(request, tax)}
   *     ({@link #builder}), which this delegates to
   */
  @Deprecated(since = "0.1.0")
  public static GstInvoice from(GstDocumentType type, String number, GstParty supplier, GstParty recipient,
      TaxRequest request, TaxResult tax, List<DocumentReference> precedingDocuments) {
    return builder(type, number).supplier(supplier).recipient(recipient).precedingDocuments(precedingDocuments)
        .build(request, tax);
  }

  private static GstInvoice fromDecision(GstDocumentType type, String number, GstParty supplier, GstParty recipient,
      TaxRequest request, TaxResult tax, List<DocumentReference> precedingDocuments) {
    TaxDecision decision = tax.decision();
    TaxPlace place = decision.placeOfSupply().orElseThrow(() -> GstInvoiceLine.invalid(
        "tax_decision.place_of_supply", null, "the place of supply decided when the tax was applied (CGST Rule 46(n))"));
    String typeName = decision.supplyType().orElseThrow(() -> GstInvoiceLine.invalid("tax_decision.supply_type", null,
        "the supply type decided when the tax was applied"));
    GstState state;
    SupplyType supplyType;
    try {
      state = GstState.ofLegacy(place.code());
      supplyType = SupplyType.valueOf(typeName);
    } catch (IllegalArgumentException | BillingException e) {
      throw GstInvoiceLine.invalid("tax_decision", place.code() + "/" + typeName,
          "a GST state code and one of B2B, B2C, SEZWP, SEZWOP, EXPWP, EXPWOP");
    }
    if (!state.isPlaceOfSupply()) {
      throw GstInvoiceLine.invalid("tax_decision.place_of_supply.code", place.code(), "a GST place of supply");
    }
    return assemble(type, number, supplier, recipient, state, supplyType, decision.reverseCharge(), request, tax,
        precedingDocuments);
  }

  /**
   * Builds the document from a calculated request: one line per {@link TaxableLine}, HSN/SAC from
   * its tax code, gross = taxable + discount, unit price = gross / quantity rounded HALF_UP to 3
   * decimals (e-invoice limit), tax heads from the result (UTGST goes in the SGST slot).
   *
   * @param type the document type, not null
   * @param number the serial number, not null
   * @param supplier the supplier as printed, not null
   * @param recipient the recipient as printed, not null
   * @param placeOfSupply the place of supply, not null
   * @param supplyType the supply type, not null
   * @param reverseCharge whether reverse charge applies
   * @param request the request the result was calculated for, not null, in INR
   * @param tax the result of {@link GstTaxCalculator#calculate(TaxRequest)}, not null
   * @param precedingDocuments the original invoices for a note, else empty
   * @return the document, never null
   * @throws BillingException with {@link ErrorCode#INVALID_TAX_DOCUMENT} if a line has no tax
   *     lines, a tax code is not 4, 6 or 8 digits, a quantity has more than 3 decimals or zero
   *     quantity, or as the constructor rejects the document
   * @deprecated ten positional arguments with a bare boolean; use
   *     {@code GstInvoice.builder(type, number).supplier(s).recipient(r).placeOfSupply(state)
   *     .supplyType(SupplyType.B2B).build(request, tax)} ({@link #builder}), which this delegates to
   */
  @Deprecated(since = "0.1.0")
  public static GstInvoice from(GstDocumentType type, String number, GstParty supplier, GstParty recipient,
      GstState placeOfSupply, SupplyType supplyType, boolean reverseCharge, TaxRequest request, TaxResult tax,
      List<DocumentReference> precedingDocuments) {
    return builder(type, number).supplier(supplier).recipient(recipient).placeOfSupply(placeOfSupply)
        .supplyType(supplyType).reverseCharge(reverseCharge).precedingDocuments(precedingDocuments)
        .build(request, tax);
  }

  private static GstInvoice assemble(GstDocumentType type, String number, GstParty supplier, GstParty recipient,
      GstState placeOfSupply, SupplyType supplyType, boolean reverseCharge, TaxRequest request, TaxResult tax,
      List<DocumentReference> precedingDocuments) {
    Money zero = Money.zero(request.currency());
    RoundingPolicy unitPrice = RoundingPolicy.ofScale(3, RoundingMode.HALF_UP);
    List<GstInvoiceLine> lines = new ArrayList<>();
    int serial = 1;
    for (TaxableLine line : request.lines()) {
      List<TaxLine> heads = tax.linesOf(line.lineId());
      if (heads.isEmpty() && type != GstDocumentType.BILL_OF_SUPPLY) {
        throw GstInvoiceLine.invalid("lines[" + line.lineId() + "]", line.lineId(), "tax lines in the result");
      }
      Function<String, Optional<TaxLine>> head = name -> heads.stream().filter(h -> h.head().equals(name)).findFirst();
      Money igst = head.apply(GstTaxCalculator.IGST).map(TaxLine::taxAmount).orElse(zero);
      Money cgst = head.apply(GstTaxCalculator.CGST).map(TaxLine::taxAmount).orElse(zero);
      Money sgst = head.apply(GstTaxCalculator.SGST).or(() -> head.apply(GstTaxCalculator.UTGST))
          .map(TaxLine::taxAmount).orElse(zero);
      BigDecimal rate = head.apply(GstTaxCalculator.IGST).map(TaxLine::ratePercent)
          .or(() -> head.apply(GstTaxCalculator.CGST).map(h -> h.ratePercent().add(h.ratePercent())))
          .orElse(BigDecimal.ZERO);
      Optional<TaxLine> cess = head.apply(GstTaxCalculator.CESS);
      Money discount = line.discount().orElse(zero);
      Money gross = line.taxableAmount().plus(discount);
      if (line.quantity().signum() <= 0) {
        throw GstInvoiceLine.invalid("lines[" + line.lineId() + "].quantity", line.quantity(), "a positive quantity");
      }
      BigDecimal price = unitPrice.round(gross.amount().divide(line.quantity(), MathContext.DECIMAL128),
          request.currency());
      String hsn = GstRateTable.digits(line.taxCode());
      lines.add(new GstInvoiceLine(serial++, line.description(), hsn, hsn.startsWith("99"), line.quantity(),
          line.unit(), price, gross, discount, line.taxableAmount(), rate, igst, cgst, sgst,
          cess.map(TaxLine::ratePercent).orElse(BigDecimal.ZERO), cess.map(TaxLine::taxAmount).orElse(zero), zero,
          BigDecimal.ZERO, zero, zero, zero));
    }
    return new GstInvoice(type, number, request.documentDate(), supplier, recipient, placeOfSupply, supplyType,
        reverseCharge, lines, zero, zero, tax.roundOff().orElse(zero), precedingDocuments, tax.notes());
  }

  /**
   * Returns the instant at which the rate for a date of time of supply is asked for: the last
   * millisecond of that date in India (IST, UTC+05:30), so a rate published on that date, at
   * any hour, is the one in effect, and no rate of a later date is ever used.
   *
   * @param dateOfSupply the date of time of supply, not null
   * @return the instant, never null
   */
  public static Instant rateInstant(LocalDate dateOfSupply) {
    return dateOfSupply.plusDays(1).atStartOfDay(IST).toInstant().minusMillis(1);
  }

  /**
   * Builds the GST tax invoice of a supply billed in a foreign currency (CGST Rules 2017,
   * Rule 34, as substituted by Notification 17/2017-Central Tax: the value is determined at the
   * applicable rate of exchange for the date of time of supply — for goods the rate notified
   * under s.14 of the Customs Act, for services the rate determined by generally accepted
   * accounting principles; the host's provider supplies it).
   *
   * <p>Steps: the rate from the request's currency to INR is asked for at
   * {@link #rateInstant(LocalDate) rateInstant(request.documentDate())} (the invoice date taken as
   * the date of time of supply); each line's taxable value and discount is converted once,
   * {@code round(value × rate)} HALF_UP to paise; the calculator computes the tax heads on the
   * INR lines, per line and per head, rounded in INR; the document holds the INR values and,
   * in {@link #foreignCurrency()}, the currency, the rate, each line's value as billed and its
   * total: that value plus each collectible INR tax head divided by the same rate, rounded
   * once HALF_UP to the currency's minor unit (the tax is determined in INR; its foreign-currency
   * figure is informative, for {@code TotInvValFc}). The buyer's
   * country ({@code ExpDtls.CntCode}) is the request customer's country code for an export.
   *
   * @param number the serial number, not null
   * @param supplier the supplier as printed, not null
   * @param recipient the recipient as printed, not null
   * @param request the invoice request in the billing currency (not INR), not null
   * @param calculator the GST calculator, not null
   * @param rates the host's exchange rates, not null
   * @return the document, never null
   * @throws BillingException with {@link ErrorCode#EXCHANGE_RATE_MISSING} (field
   *     {@code exchange_rate}) if the provider has no rate for the date — never a 0.00 or
   *     unconverted value; with {@link ErrorCode#INVALID_TAX_DOCUMENT} naming
   *     {@code document_type} for a credit or debit note request (use
   *     {@link #fromForeignCurrencyNote}, at the original invoice's rate) or {@code currency} for
   *     an INR request; or as
   *     {@link GstTaxCalculator#calculate(TaxRequest)} and {@link Builder#build} reject it
   */
  public static GstInvoice fromForeignCurrency(String number, GstParty supplier, GstParty recipient,
      TaxRequest request, GstTaxCalculator calculator, dev.billwright.money.ExchangeRateProvider rates) {
    if (request.documentType() != dev.billwright.tax.DocumentType.INVOICE) {
      throw GstInvoiceLine.invalid("document_type", request.documentType(),
          "an invoice (a foreign-currency credit or debit note is built with fromForeignCurrencyNote, at its"
              + " original invoice's rate)");
    }
    requireForeign(request.currency());
    dev.billwright.money.ExchangeRate rate = rateForSupply(request.currency(), request.documentDate(), rates);
    TaxRequest inrRequest = inInr(request, rate, Optional.empty());
    TaxResult inrTax = calculator.calculate(inrRequest);
    GstInvoice document = builder(GstDocumentType.TAX_INVOICE, number).supplier(supplier).recipient(recipient)
        .build(inrRequest, inrTax);
    return withForeignValues(document, request, inrTax, rate);
  }

  /**
   * Builds the GST credit or debit note (CGST Act s.34; document type CRN or DBN) of a supply
   * billed in a foreign currency, at its original invoice's rate: a note adjusts the value and
   * tax of that supply, which Rule 34 fixed at the rate for its date of time of supply, so the
   * note reuses that rate (never the rate of the note's own date).
   *
   * <p>Steps: each note line's value (in the request's currency) is converted once,
   * {@code round(value × rate)} HALF_UP to paise; the original tax lines of the request
   * ({@link TaxRequest#original()}, in the same currency) are taken back to INR as the invoice
   * computed them, {@code round(value × rate)} and each head's rate of that INR value; the
   * calculator's note rule then applies in INR (a line credited in full takes its original INR
   * tax, a partial line its heads' rates of its INR value). The document holds the INR values and,
   * in {@link #foreignCurrency()}, the note's values and totals in the foreign currency (as for
   * {@link #fromForeignCurrency}); the e-invoice gets {@code ExpDtls.ForCur}, {@code CntCode} for
   * an export and {@code ValDtls.TotInvValFc}.
   *
   * @param type {@link GstDocumentType#CREDIT_NOTE} or {@link GstDocumentType#DEBIT_NOTE}, matching
   *     the request's document type, not null
   * @param number the note's serial number, not null
   * @param supplier the supplier as printed, not null
   * @param recipient the recipient as printed, not null
   * @param request the note request in the billing currency (not INR), with the original
   *     invoice's tax lines in that currency, not null
   * @param calculator the GST calculator, not null
   * @param originalRate the rate the original invoice used, from the request's currency to INR
   *     (its {@link GstForeignCurrency#rate()}, or {@link #rateForSupply} for its date), not null
   * @param precedingDocuments the original invoice(s) (e-invoice {@code RefDtls.PrecDocDtls}), not
   *     null, not empty
   * @return the note, never null
   * @throws BillingException with {@link ErrorCode#INVALID_TAX_DOCUMENT} naming
   *     {@code document_type} if the type is not a note or differs from the request's,
   *     {@code currency} for an INR request, {@code exchange_rate} for a rate not from the
   *     request's currency to INR, {@code preceding_documents} if none is given; or as
   *     {@link GstTaxCalculator#calculate(TaxRequest)} and {@link Builder#build} reject it
   */
  public static GstInvoice fromForeignCurrencyNote(GstDocumentType type, String number, GstParty supplier,
      GstParty recipient, TaxRequest request, GstTaxCalculator calculator,
      dev.billwright.money.ExchangeRate originalRate, List<DocumentReference> precedingDocuments) {
    dev.billwright.tax.DocumentType expected = type == GstDocumentType.CREDIT_NOTE
        ? dev.billwright.tax.DocumentType.CREDIT_NOTE
        : type == GstDocumentType.DEBIT_NOTE ? dev.billwright.tax.DocumentType.DEBIT_NOTE : null;
    if (expected == null || request.documentType() != expected) {
      throw GstInvoiceLine.invalid("document_type", type + "/" + request.documentType(),
          "a credit note (CRN) or debit note (DBN) document for a request of the same type");
    }
    requireForeign(request.currency());
    if (!originalRate.from().equals(request.currency()) || !originalRate.to().equals(Money.currency("INR"))) {
      throw GstInvoiceLine.invalid("exchange_rate", originalRate.from() + "/" + originalRate.to(),
          "the original invoice's rate from " + request.currency().getCurrencyCode() + " to INR");
    }
    if (precedingDocuments == null || precedingDocuments.isEmpty()) {
      throw GstInvoiceLine.invalid("preceding_documents", precedingDocuments,
          "the original invoice a note adjusts (CGST Rule 53(1A))");
    }
    TaxResult original = request.original().orElseThrow();
    TaxRequest inrRequest = inInr(request, originalRate, Optional.of(calculator.inInr(original, originalRate)));
    TaxResult inrTax = calculator.calculate(inrRequest);
    GstInvoice document = builder(type, number).supplier(supplier).recipient(recipient)
        .precedingDocuments(precedingDocuments).build(inrRequest, inrTax);
    return withForeignValues(document, request, inrTax, originalRate);
  }

  /**
   * Returns the rate that CGST Rule 34 applies to a supply billed in a foreign currency: the one in
   * effect at {@link #rateInstant(LocalDate)} of the date of time of supply.
   *
   * @param currency the billing currency, not INR, not null
   * @param dateOfSupply the date of time of supply (the invoice date), not null
   * @param rates the host's rates, not null
   * @return the rate to INR, never null
   * @throws BillingException with {@link ErrorCode#EXCHANGE_RATE_MISSING} (field
   *     {@code exchange_rate}) if the provider has none, never a 0.00 or unconverted value
   */
  public static dev.billwright.money.ExchangeRate rateForSupply(java.util.Currency currency, LocalDate dateOfSupply,
      dev.billwright.money.ExchangeRateProvider rates) {
    Instant at = rateInstant(dateOfSupply);
    return rates.quote(currency, Money.currency("INR"), at).orElseThrow(() ->
        BillingException.invalid(ErrorCode.EXCHANGE_RATE_MISSING, "exchange_rate",
            currency.getCurrencyCode() + "/INR at " + at + " (date of supply " + dateOfSupply + ")",
            "the rate for the date of time of supply (CGST Rule 34)"));
  }

  private static void requireForeign(java.util.Currency currency) {
    if (currency.equals(Money.currency("INR"))) {
      throw GstInvoiceLine.invalid("currency", "INR", "a foreign currency (use GstInvoice.from for INR)");
    }
  }

  /** The request with each line's taxable value and discount converted once to INR. */
  static TaxRequest inInr(TaxRequest request, dev.billwright.money.ExchangeRate rate,
      Optional<TaxResult> inrOriginal) {
    List<TaxableLine> inrLines = new ArrayList<>();
    for (TaxableLine line : request.lines()) {
      inrLines.add(new TaxableLine(line.lineId(), line.taxCode(), line.description(), line.quantity(), line.unit(),
          toInr(line.taxableAmount(), rate), line.discount().map(d -> toInr(d, rate))));
    }
    return new TaxRequest(request.documentType(), request.documentDate(), Money.currency("INR"), request.supplier(),
        request.customer(), inrLines, inrOriginal);
  }

  /**
   * A line's collectible INR tax stated in the billing currency: each head's INR tax divided by
   * the rate, rounded once HALF_UP to the currency's minor unit, summed over the heads
   * (informative: the tax is determined in INR). The same figure {@link GstForeignCurrencyTax}
   * writes on the invoice's own tax lines, so the invoice total equals {@code TotInvValFc}.
   */
  static Money foreignTax(List<TaxLine> inrHeads, java.util.Currency currency, dev.billwright.money.ExchangeRate rate) {
    Money sum = Money.zero(currency);
    for (TaxLine head : inrHeads) {
      if (head.collectible()) {
        sum = sum.plus(fromInr(head.taxAmount(), currency, rate));
      }
    }
    return sum;
  }

  /** An INR amount in the billing currency: {@code amount / rate}, rounded once HALF_UP to its minor unit. */
  static Money fromInr(Money inr, java.util.Currency currency, dev.billwright.money.ExchangeRate rate) {
    return RoundingPolicy.DEFAULT.round(Money.of(currency, inr.amount().divide(rate.rate(), MathContext.DECIMAL128)));
  }

  private static GstInvoice withForeignValues(GstInvoice document, TaxRequest request, TaxResult inrTax,
      dev.billwright.money.ExchangeRate rate) {
    java.util.Currency currency = request.currency();
    List<Money> values = new ArrayList<>();
    List<Money> totals = new ArrayList<>();
    Money total = Money.zero(currency);
    for (TaxableLine line : request.lines()) {
      Money lineTotal = line.taxableAmount().plus(foreignTax(inrTax.linesOf(line.lineId()), currency, rate));
      values.add(line.taxableAmount());
      totals.add(lineTotal);
      total = total.plus(lineTotal);
    }
    Optional<String> country = document.supplyType().isExport()
        ? Optional.of(request.customer().countryCode()) : Optional.empty();
    return document.withForeignCurrency(new GstForeignCurrency(currency, country, rate, values, totals, total));
  }

  /**
   * Returns this document with its foreign-currency values.
   *
   * @param values the foreign-currency values, not null
   * @return a copy, never null
   * @throws BillingException as the canonical constructor does
   */
  public GstInvoice withForeignCurrency(GstForeignCurrency values) {
    return new GstInvoice(type, number, date, supplier, recipient, placeOfSupply, supplyType, reverseCharge, lines,
        discount, otherCharges, roundOff, precedingDocuments, notes, Optional.of(values), deliveryAddress);
  }

  /**
   * Returns this document with an address of delivery other than the recipient's (CGST Rule
   * 46(o)), printed on the document under the recipient.
   *
   * @param address the delivery address (name, address, PIN, state; its GSTIN text is the
   *     consignee's, or {@link GstParty#UNREGISTERED}), not null
   * @return a copy, never null
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if the address is null
   */
  public GstInvoice withDeliveryAddress(GstParty address) {
    if (address == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "delivery_address", number, "an address");
    }
    return new GstInvoice(type, number, date, supplier, recipient, placeOfSupply, supplyType, reverseCharge, lines,
        discount, otherCharges, roundOff, precedingDocuments, notes, foreignCurrency, Optional.of(address));
  }

  /**
   * Returns the sum of the lines' taxable values (e-invoice {@code AssVal}).
   *
   * @return the sum, never null
   */
  public Money taxableTotal() {
    return sum(GstInvoiceLine::taxableValue);
  }

  /**
   * Returns the sum of the lines' IGST ({@code IgstVal}).
   *
   * @return the sum, never null
   */
  public Money igstTotal() {
    return sum(GstInvoiceLine::igst);
  }

  /**
   * Returns the sum of the lines' CGST ({@code CgstVal}).
   *
   * @return the sum, never null
   */
  public Money cgstTotal() {
    return sum(GstInvoiceLine::cgst);
  }

  /**
   * Returns the sum of the lines' SGST/UTGST ({@code SgstVal}).
   *
   * @return the sum, never null
   */
  public Money sgstTotal() {
    return sum(GstInvoiceLine::sgst);
  }

  /**
   * Returns the sum of the lines' cess, ad valorem and specific ({@code CesVal}).
   *
   * @return the sum, never null
   */
  public Money cessTotal() {
    return sum(l -> l.cess().plus(l.cessNonAdvalorem()));
  }

  /**
   * Returns the sum of the lines' state cess, ad valorem and specific ({@code StCesVal}).
   *
   * @return the sum, never null
   */
  public Money stateCessTotal() {
    return sum(l -> l.stateCess().plus(l.stateCessNonAdvalorem()));
  }

  /**
   * Returns the document total: sum of line totals − invoice discount + invoice other charges +
   * round-off ({@code TotInvVal}).
   *
   * @return the total, never null
   */
  public Money totalValue() {
    return sum(GstInvoiceLine::total).minus(discount).plus(otherCharges).plus(roundOff);
  }

  /**
   * Returns the HSN/SAC summary: one row per HSN/SAC code, rate and unit, with summed quantities,
   * taxable values and taxes (as reported in GSTR-1 Table 12 and printed on invoices).
   *
   * @return the rows in first-appearance order, never null
   */
  public List<HsnSummaryRow> hsnSummary() {
    Map<String, HsnSummaryRow> rows = new LinkedHashMap<>();
    for (GstInvoiceLine l : lines) {
      String key = l.hsnCode() + "|" + l.gstRate().stripTrailingZeros().toPlainString() + "|" + l.unit().orElse("");
      HsnSummaryRow row = new HsnSummaryRow(l.hsnCode(), l.unit(), l.gstRate(), l.quantity(), l.taxableValue(),
          l.igst(), l.cgst(), l.sgst(), l.cess().plus(l.cessNonAdvalorem()));
      rows.merge(key, row, HsnSummaryRow::plus);
    }
    return List.copyOf(rows.values());
  }

  private Money sum(Function<GstInvoiceLine, Money> f) {
    Money total = Money.zero(discount.currency());
    for (GstInvoiceLine line : lines) {
      total = total.plus(f.apply(line));
    }
    return total;
  }

  /**
   * Starts a document of a type and serial number. Name the parties, then either the place of
   * supply and supply type (and reverse charge, default false) or nothing, to take all three
   * from the decision the tax engine made and the document kept ({@link TaxResult#decision()}, as
   * {@code Invoice.taxDecision()} holds it, never decided again from party data that may have
   * changed since); add the original invoices for a note; then {@link Builder#build}:
   * <pre>{@code
   * GstInvoice invoice = GstInvoice.builder(GstDocumentType.TAX_INVOICE, "INV/26-27/0001")
   *     .supplier(seller).recipient(buyer)
   *     .placeOfSupply(GstState.KARNATAKA).supplyType(SupplyType.B2B)
   *     .build(request, tax);
   * }</pre>
   *
   * @param type the document type, not null
   * @param number the serial number (Rule 46(b)), not null
   * @return a new builder, never null
   */
  public static Builder builder(GstDocumentType type, String number) {
    return new Builder(type, number);
  }

  /**
   * Builds a {@link GstInvoice} from a calculated tax request, with named parts instead of
   * positional arguments. Not thread-safe; {@link #build} may be called more than once.
   */
  public static final class Builder {
    private final GstDocumentType type;
    private final String number;
    private GstParty supplier;
    private GstParty recipient;
    private GstState placeOfSupply;
    private SupplyType supplyType;
    private Boolean reverseCharge;
    private List<DocumentReference> precedingDocuments = List.of();

    private Builder(GstDocumentType type, String number) {
      this.type = type;
      this.number = number;
    }

    /**
     * Sets the supplier as printed (required).
     *
     * @param party the supplier, not null
     * @return this builder
     */
    public Builder supplier(GstParty party) {
      this.supplier = party;
      return this;
    }

    /**
     * Sets the recipient as printed (required).
     *
     * @param party the recipient, not null
     * @return this builder
     */
    public Builder recipient(GstParty party) {
      this.recipient = party;
      return this;
    }

    /**
     * Sets the place of supply (Rule 46(n)); with {@link #supplyType}, instead of the kept decision.
     *
     * @param state the place of supply, not null
     * @return this builder
     */
    public Builder placeOfSupply(GstState state) {
      this.placeOfSupply = state;
      return this;
    }

    /**
     * Sets the supply type; with {@link #placeOfSupply}, instead of the kept decision.
     *
     * @param type the supply type, not null
     * @return this builder
     */
    public Builder supplyType(SupplyType type) {
      this.supplyType = type;
      return this;
    }

    /**
     * Sets whether tax is payable on reverse charge (Rule 46(p)); default false. Only with an
     * explicit {@link #placeOfSupply} and {@link #supplyType}: otherwise the kept decision says.
     *
     * @param reverse whether reverse charge applies
     * @return this builder
     */
    public Builder reverseCharge(boolean reverse) {
      this.reverseCharge = reverse;
      return this;
    }

    /**
     * Sets the original invoices a credit or debit note refers to (Rule 53(1A)(g)); default none,
     * as for an invoice.
     *
     * @param documents the original invoices, not null
     * @return this builder
     */
    public Builder precedingDocuments(List<DocumentReference> documents) {
      this.precedingDocuments = documents;
      return this;
    }

    /**
     * Builds the document: one line per {@link TaxableLine}, HSN/SAC from its tax code, gross =
     * taxable + discount, unit price = gross / quantity rounded HALF_UP to 3 decimals (e-invoice
     * limit), tax heads from the result (UTGST goes in the SGST slot).
     *
     * @param request the request the result was calculated for, not null, in INR
     * @param tax the result of {@link GstTaxCalculator#calculate(TaxRequest)}, not null
     * @return the document, never null
     * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} naming
     *     {@code supplier}, {@code recipient}, {@code type}, {@code number}, {@code request},
     *     {@code tax} or {@code preceding_documents} when missing; with
     *     {@link ErrorCode#INVALID_TAX_DOCUMENT} when only one of place of supply and supply type
     *     is given, reverse charge is given without them, the kept decision lacks a place of
     *     supply or supply type, a line has no tax lines, a tax code is not 4, 6 or 8 digits, a
     *     quantity has more than 3 decimals or is zero, or as the constructor rejects the document
     */
    public GstInvoice build(TaxRequest request, TaxResult tax) {
      require(type, "type");
      require(number, "number");
      require(supplier, "supplier");
      require(recipient, "recipient");
      require(precedingDocuments, "preceding_documents");
      require(request, "request");
      require(tax, "tax");
      if ((placeOfSupply == null) != (supplyType == null)) {
        throw GstInvoiceLine.invalid(placeOfSupply == null ? "place_of_supply" : "supply_type", null,
            "both place_of_supply and supply_type, or neither (to take them from the tax decision)");
      }
      if (placeOfSupply == null) {
        if (reverseCharge != null) {
          throw GstInvoiceLine.invalid("reverse_charge", reverseCharge,
              "no reverse charge without place_of_supply and supply_type: the tax decision says");
        }
        return fromDecision(type, number, supplier, recipient, request, tax, precedingDocuments);
      }
      return assemble(type, number, supplier, recipient, placeOfSupply, supplyType,
          reverseCharge != null && reverseCharge, request, tax, precedingDocuments);
    }

    private static void require(Object value, String field) {
      if (value == null) {
        throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "field '" + field + "' is required");
      }
    }
  }
}

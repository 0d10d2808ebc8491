package dev.billwright.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.examples.data.Customer;
import dev.billwright.examples.data.Dataset;
import dev.billwright.examples.data.Party;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.CreditNoteJson;
import dev.billwright.invoice.CreditNoteLine;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceJson;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.json.Json;
import dev.billwright.tax.TaxDecision;
import dev.billwright.tax.TaxLine;
import dev.billwright.tax.TaxableLine;
import dev.billwright.tax.TaxParty;
import dev.billwright.tax.TaxPlace;
import dev.billwright.tax.TaxRequest;
import dev.billwright.tax.TaxResult;
import dev.billwright.tax.gst.DocumentReference;
import dev.billwright.tax.gst.EInvoiceMapper;
import dev.billwright.tax.gst.GstAttributes;
import dev.billwright.tax.gst.GstDocumentType;
import dev.billwright.tax.gst.GstInvoice;
import dev.billwright.tax.gst.GstState;
import dev.billwright.tax.gst.GstTaxCalculator;
import dev.billwright.money.Money;
import dev.billwright.tax.gst.PlaceOfSupply;
import dev.billwright.tax.gst.PlaceOfSupplyRule;
import dev.billwright.tax.gst.SupplyType;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code billwright einvoice}: the IRP e-invoice JSON (INV-01 schema 1.1) of a B2B or SEZ
 * invoice written by {@code bill}, through {@link GstInvoice#from} and
 * {@link EInvoiceMapper#toJson} (validated; a B2C invoice has no e-invoice and is refused). An
 * invoice in another currency than INR (an export billed in USD) goes through
 * {@link GstInvoice#fromForeignCurrency} at the data set's published rates
 * ({@code exchange-rates.json}, CGST Rule 34), and its credit notes through
 * {@link GstInvoice#fromForeignCurrencyNote} at the invoice's rate. The
 * place of supply, supply type and reverse charge are the document's
 * {@link Invoice#taxDecision()}, decided when the bill run applied tax; only a document written
 * before documents kept it has them decided from the customers file.
 */
@Command(name = "einvoice", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Print the IRP e-invoice JSON (INV-01 schema 1.1) of an invoice or credit note written by bill.",
    footerHeading = "%nExamples (after ./billwright bill):%n",
    footer = {"  billwright einvoice --invoice target/bill-run/invoices/INV-26-27-000010.json",
        "  billwright einvoice",
        "      --credit-note target/bill-run/credit-notes/CN-26-27-000001.json",
        "      --original target/bill-run/invoices/INV-26-27-000004.json"})
public final class EInvoiceCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Which which;

  /** Which invoice. */
  static final class Which {
    @Option(names = "--invoice", converter = OptionTypes.InputFile.class, paramLabel = "FILE", required = true, description = "An invoice JSON written by bill.")
    Path file;

    @Option(names = "--number", paramLabel = "NUMBER", required = true,
        description = "An invoice number of a bundled run (bill --events N with the same N).")
    String number;

    @Option(names = "--credit-note", converter = OptionTypes.InputFile.class, paramLabel = "FILE", required = true,
        description = "A credit note JSON written by bill (OUT/credit-notes/); needs --original.")
    Path creditNote;
  }

  @Option(names = "--original", converter = OptionTypes.InputFile.class, paramLabel = "FILE",
      description = "With --credit-note: the JSON of the invoice it credits (OUT/invoices/).")
  private Path original;

  @Option(names = "--events", paramLabel = "N", defaultValue = "20000",
      description = "With --number: the events of the bundled run (default: ${DEFAULT-VALUE}).")
  private long events;

  @Option(names = "--customers", converter = OptionTypes.InputFile.class, paramLabel = "FILE",
      description = "The customers JSON holding the supplier and the customer (default: the bundled otp-india).")
  private Path customers;

  /** Creates the command; used by picocli. */
  public EInvoiceCommand() {}

  @Override
  public Integer call() {
    Dataset data = Dataset.load(null, null, customers);
    if (which.creditNote != null) {
      if (original == null) {
        throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "--original", null,
            "the invoice JSON the credit note credits");
      }
      CreditNote note = CreditNoteJson.read(which.creditNote);
      Invoice credited = InvoiceJson.read(original);
      print(toEInvoice(data, note, credited));
      return 0;
    }
    Invoice invoice;
    if (which.file != null) {
      invoice = InvoiceJson.read(which.file);
    } else {
      MonthRun.Options o = new MonthRun.Options();
      o.data = data;
      o.events = events;
      o.writeEvents = false;
      MonthRun.Outcome r = MonthRun.run(o);
      invoice = r.invoices.stream().filter(i -> i.number().orElse("").equals(which.number)).findFirst()
          .orElseThrow(() -> BillingException.invalid(ErrorCode.INVALID_VALUE, "--number", which.number,
              "an invoice number of the run: " + r.invoices.stream().map(i -> i.number().orElse("")).toList()));
    }
    print(toEInvoice(data, invoice));
    return 0;
  }

  private void print(ObjectNode json) {
    PrintWriter out = spec.commandLine().getOut();
    try {
      out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    out.flush();
  }

  /**
   * The e-invoice of a credit note (document type CRN) against an invoice of the run: the
   * credited lines at the original invoice's rates and place of supply, as the note carries them
   * ({@link CreditNote#taxDecision()}; CGST Act s.34), with the original as the preceding document
   * (INV-01 RefDtls.PrecDocDtls).
   */
  static ObjectNode toEInvoice(Dataset data, CreditNote note, Invoice credited) {
    GstInvoice document = gstDocument(data, note, credited);
    requireEInvoiceable(document.supplyType(), data.customer(credited.customerId()).orElseThrow());
    return EInvoiceMapper.toJson(document);
  }

  /**
   * The GST document of a credit note (also what {@code render} prints): the credited lines at the
   * original invoice's rates and place of supply, with the original as the preceding document.
   */
  static GstInvoice gstDocument(Dataset data, CreditNote note, Invoice credited) {
    if (!note.invoiceId().equals(credited.id())) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "--original", credited.id(),
          "the invoice the credit note credits (" + note.invoiceId() + ")");
    }
    Parties p = parties(data, credited);
    String number = note.number().orElseThrow(() -> BillingException.invalid(ErrorCode.INVALID_VALUE,
        "credit_note.number", null, "a numbered credit note"));
    List<TaxableLine> lines = new ArrayList<>();
    List<TaxLine> taxLines = new ArrayList<>();
    for (CreditNoteLine l : note.lines()) {
      InvoiceLine line = credited.line(l.invoiceLineId()).orElseThrow();
      lines.add(new TaxableLine(l.invoiceLineId(), line.taxCode(), line.description(), java.math.BigDecimal.ONE,
          Optional.empty(), l.taxableAmount(), Optional.empty()));
      taxLines.addAll(l.taxLines());
    }
    List<TaxLine> originalTax = new ArrayList<>();
    credited.lines().forEach(l -> originalTax.addAll(l.taxLines()));
    TaxDecision decision = note.taxDecision().or(credited::taxDecision)
        .map(d -> new TaxDecision(d.placeOfSupply(), d.supplyType(), d.reverseCharge(), d.notes(), Optional.empty()))
        .orElseGet(() -> legacyDecision(p));
    TaxRequest request = TaxRequest.creditNote(note.issuedAt().atZone(data.zone()).toLocalDate(), p.supplier(),
        p.recipient(), lines, TaxResult.of(credited.currency(), originalTax, Optional.empty(), List.of()));
    java.time.LocalDate invoiceDate = credited.issuedAt().atZone(data.zone()).toLocalDate();
    List<DocumentReference> preceding = List.of(new DocumentReference(credited.number().orElseThrow(), invoiceDate));
    if (!credited.currency().equals(Money.currency("INR"))) {
      // a note of a foreign-currency invoice: INR values at that invoice's Rule 34 rate
      TaxRequest foreign = TaxRequest.creditNote(request.documentDate(), p.supplier(), p.recipient(), lines,
          TaxResult.of(credited.currency(), originalTax, decision));
      return GstInvoice.fromForeignCurrencyNote(GstDocumentType.CREDIT_NOTE, number, p.supplierParty().toGstParty(),
          p.customer().party().toGstParty(), foreign, GstTaxCalculator.DEFAULT,
          GstInvoice.rateForSupply(credited.currency(), invoiceDate, MonthRun.rates(data)), preceding);
    }
    TaxResult tax = TaxResult.of(note.currency(), taxLines, decision);
    return GstInvoice.builder(GstDocumentType.CREDIT_NOTE, number)
        .supplier(p.supplierParty().toGstParty()).recipient(p.customer().party().toGstParty())
        .precedingDocuments(preceding)
        .build(request, tax);
  }

  private record Parties(Party supplierParty, Customer customer, TaxParty supplier, TaxParty recipient) {}

  private static Parties parties(Dataset data, Invoice invoice) {
    Party supplierParty = data.supplier().orElseThrow(() -> BillingException.invalid(ErrorCode.INVALID_VALUE,
        "customers.json: $.supplier", null, "a GST-registered supplier"));
    Customer customer = data.customer(invoice.customerId()).orElseThrow(() -> BillingException.invalid(
        ErrorCode.INVALID_VALUE, "invoice.customer_id", invoice.customerId(), "a customer of " + data.name()));
    return new Parties(supplierParty, customer, supplierParty.toTaxParty(), customer.party().toTaxParty());
  }

  /**
   * The decision of a document written before documents kept their tax decision: decided now, as
   * the bill run did then, from the parties' current data (the only source such a document has).
   */
  private static TaxDecision legacyDecision(Parties p) {
    Party supplierParty = p.supplierParty();
    SupplyType type = GstTaxCalculator.supplyType(p.supplier(), p.recipient());
    GstState supplierState = GstState.of(supplierParty.stateCode().orElse(supplierParty.gstin().orElseThrow()
        .substring(0, 2)));
    PlaceOfSupply pos = PlaceOfSupplyRule.services().placeOfSupply(supplierState, p.recipient(), type);
    boolean reverseCharge = p.recipient().attribute(GstAttributes.REVERSE_CHARGE).map("true"::equals).orElse(false);
    return new TaxDecision(Optional.of(new TaxPlace(pos.state().code(), pos.state().stateName(), pos.basis())),
        Optional.of(type.name()), reverseCharge, List.of(), Optional.empty());
  }

  private static void requireEInvoiceable(SupplyType type, Customer customer) {
    if (type == SupplyType.B2C) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "document of " + customer.id(), customer.id(),
          "a B2B, SEZ or export supply: a B2C supply has no e-invoice (Rule 48(4) applies to B2B)");
    }
  }

  static ObjectNode toEInvoice(Dataset data, Invoice invoice) {
    GstInvoice document = gstDocument(data, invoice);
    requireEInvoiceable(document.supplyType(), data.customer(invoice.customerId()).orElseThrow());
    return EInvoiceMapper.toJson(document);
  }

  /** The GST tax invoice of an invoice written by {@code bill} (also what {@code render} prints). */
  static GstInvoice gstDocument(Dataset data, Invoice invoice) {
    String number = invoice.number().orElseThrow(() -> BillingException.invalid(ErrorCode.INVALID_VALUE,
        "invoice.number", null, "a finalized invoice with a number"));
    Parties p = parties(data, invoice);
    TaxDecision decision = invoice.taxDecision().orElseGet(() -> legacyDecision(p));
    TaxRequest request = TaxRequest.invoice(invoice.issuedAt().atZone(data.zone()).toLocalDate(), invoice.currency(),
        p.supplier(), p.recipient(), invoice.lines().stream().map(InvoiceLine::toTaxableLine).toList());
    List<TaxLine> taxLines = new ArrayList<>();
    invoice.lines().forEach(l -> taxLines.addAll(l.taxLines()));
    if (!invoice.currency().equals(Money.currency("INR"))) {
      // an export billed in another currency: INR values at the rate for the date of supply
      // (CGST Rule 34), with ExpDtls.ForCur and ValDtls.TotInvValFc
      return GstInvoice.fromForeignCurrency(number, p.supplierParty().toGstParty(), p.customer().party().toGstParty(),
          request, GstTaxCalculator.DEFAULT, MonthRun.rates(data));
    }
    TaxResult tax = TaxResult.of(invoice.currency(), taxLines, decision);
    return GstInvoice.builder(GstDocumentType.TAX_INVOICE, number)
        .supplier(p.supplierParty().toGstParty()).recipient(p.customer().party().toGstParty())
        .build(request, tax);
  }
}

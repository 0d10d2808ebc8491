package dev.billwright.testkit.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.billing.BillRun;
import dev.billwright.billing.BillRunRequest;
import dev.billwright.billing.BillRunResult;
import dev.billwright.billing.InvoiceAssembler;
import dev.billwright.billing.TaxContext;
import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanJson;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.CreditNoteLine;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.json.Json;
import dev.billwright.money.Money;
import dev.billwright.rating.UsageSource;
import dev.billwright.subscription.ChangeTiming;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionChange;
import dev.billwright.tax.TaxLine;
import dev.billwright.tax.TaxParty;
import dev.billwright.tax.TaxRequest;
import dev.billwright.tax.TaxResult;
import dev.billwright.tax.TaxableLine;
import dev.billwright.tax.gst.DocumentReference;
import dev.billwright.tax.gst.EInvoiceMapper;
import dev.billwright.tax.gst.EInvoiceValidator;
import dev.billwright.tax.gst.GstDocumentType;
import dev.billwright.tax.gst.GstInvoice;
import dev.billwright.tax.gst.GstParty;
import dev.billwright.tax.gst.GstState;
import dev.billwright.tax.gst.GstTaxCalculator;
import dev.billwright.memory.InMemoryPlanCatalog;
import dev.billwright.memory.InMemoryInvoiceNumberSequence;
import dev.billwright.memory.InMemoryInvoiceStore;
import dev.billwright.memory.FixedExchangeRates;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An export billed in USD by a bill run, end to end through GST: a Karnataka supplier bills a US
 * customer (export with payment, EXPWP: IGST 18 %, IGST Act s.16) for 3 seats × USD 411.52 =
 * USD 1,234.56 from 1 October 2026. The run's tax calculator is
 * {@code GstTaxCalculator.DEFAULT.withExchangeRates(rates)}: the invoice stays in USD, its IGST
 * is computed in INR at the Rule 34 rate (USD/INR 83.4567, published 1 October 08:00 UTC):
 * 1,234.56 × 83.4567 = 103,032.303552 → INR 103,032.30, IGST 18,545.814 → 18,545.81, stated on
 * the invoice as 18,545.81 / 83.4567 = 222.2207… → USD 222.22, total USD 1,456.78. The GST
 * invoice of that invoice ({@code GstInvoice.fromForeignCurrency}) has the INR values and
 * {@code TotInvValFc} USD 1,456.78, the invoice's own total. A cancellation on 16 October credits
 * 16 of 31 days (1,234.56 × 16 / 31 = 637.1922… → USD 637.19); its GST credit note is at the
 * invoice's rate, not the one published on 10 October: 637.19 × 83.4567 = 53,177.7746… → INR
 * 53,177.77, IGST 9,571.9986 → 9,572.00.
 */
class ForeignCurrencyGstBillingTest {
  static final Currency USD = Money.currency("USD");
  static final Currency INR = Money.currency("INR");
  static final ZoneId IST = ZoneId.of("Asia/Kolkata");
  static final TaxParty SUPPLIER = TaxParty.of("Acme Cloud Pvt Ltd", "IN").withTaxId("29AABCT1332L1ZA");
  static final TaxParty US_CUSTOMER = TaxParty.of("Globex Inc", "US");
  static final GstParty SELLER = new GstParty("29AABCT1332L1ZA", "Acme Cloud Pvt Ltd", "1 MG Road", "Bengaluru",
      Optional.of("560001"), GstState.KARNATAKA);
  static final GstParty BUYER = new GstParty(GstParty.UNREGISTERED, "Globex Inc", "1 Market St", "San Francisco",
      Optional.empty(), GstState.FOREIGN_COUNTRY);

  static final Plan PLAN = PlanJson.read(Json.parse("""
      {"code":"saas_usd","version":1,"status":"active","currency":"USD",
       "billing":{"cadence":"P1M","alignment":"calendar","time_zone":"Asia/Kolkata","proration":"days"},
       "charges":[
        {"code":"seats","name":"Seats","kind":"recurring","timing":"in_advance",
         "price":{"model":"per_unit","unit_price":"411.52"},"tax_code":"SAC:998315"}]}
      """, "usd plan"), "usd plan");

  static Money usd(String s) {
    return Money.of(USD, new BigDecimal(s));
  }

  static Money inr(String s) {
    return Money.of(INR, new BigDecimal(s));
  }

  @Test
  void aForeignCurrencyExportIsBilledAndItsGstInvoiceAndCreditNoteFollowRule34() {
    FixedExchangeRates rates = new FixedExchangeRates("rbi")
        .published(USD, INR, new BigDecimal("83.4567"), Instant.parse("2026-10-01T08:00:00Z"))
        .published(USD, INR, new BigDecimal("90.0000"), Instant.parse("2026-10-10T08:00:00Z"));
    Subscription sub = Subscription.builder().id("sub_exp").customerId("cus_us").planCode("saas_usd").planVersion(1)
        .start(Instant.parse("2026-10-01T00:00:00+05:30")).seats(new BigDecimal("3")).build();
    InMemoryInvoiceStore store = new InMemoryInvoiceStore();
    BillRun run = new BillRun(InMemoryPlanCatalog.of(List.of(PLAN)), store, new InMemoryInvoiceNumberSequence(),
        InvoiceAssembler.DEFAULT);
    TaxContext tax = new TaxContext(SUPPLIER, US_CUSTOMER, GstTaxCalculator.DEFAULT.withExchangeRates(rates));
    BillRunResult opening = run.run(BillRunRequest.of(List.of(sub), UsageSource.NONE,
        Instant.parse("2026-10-01T00:00:00+05:30")).withTax(s -> tax));
    assertThat(opening.failures()).isEmpty();
    Invoice invoice = opening.created().get(0);
    assertThat(invoice.currency()).isEqualTo(USD);
    assertThat(invoice.totals().taxableTotal()).isEqualTo(usd("1234.56"));
    assertThat(invoice.totals().taxOf(GstTaxCalculator.IGST)).isEqualTo(usd("222.22"));
    assertThat(invoice.totals().total()).isEqualTo(usd("1456.78"));
    assertThat(invoice.taxDecision().orElseThrow().supplyType()).contains("EXPWP");

    // the GST tax invoice of the bill run's invoice: INR values, the invoice's total as TotInvValFc
    LocalDate date = invoice.issuedAt().atZone(IST).toLocalDate();
    GstInvoice gst = GstInvoice.fromForeignCurrency(invoice.number().orElseThrow(), SELLER, BUYER,
        TaxRequest.invoice(date, USD, SUPPLIER, US_CUSTOMER,
            invoice.lines().stream().map(InvoiceLine::toTaxableLine).toList()),
        GstTaxCalculator.DEFAULT, rates);
    assertThat(gst.taxableTotal()).isEqualTo(inr("103032.30"));
    assertThat(gst.igstTotal()).isEqualTo(inr("18545.81"));
    assertThat(gst.foreignCurrency().orElseThrow().totalValue()).isEqualTo(invoice.totals().total());
    ObjectNode einvoice = EInvoiceMapper.toJson(gst);
    assertThat(einvoice.at("/ExpDtls/ForCur").asText()).isEqualTo("USD");
    assertThat(einvoice.at("/ValDtls/TotInvValFc").decimalValue()).isEqualTo(new BigDecimal("1456.78"));
    assertThat(EInvoiceValidator.STRICT.violations(einvoice)).isEmpty();

    // a cancellation: the bill run's credit note, then its GST credit note at the invoice's rate
    Subscription cancelled = sub.withChange(SubscriptionChange.cancel("cx", Instant.parse("2026-10-16T00:00:00+05:30"),
        ChangeTiming.IMMEDIATE));
    BillRunResult cancel = run.run(BillRunRequest.of(List.of(cancelled), UsageSource.NONE,
        Instant.parse("2026-10-16T00:00:00+05:30")).withTax(s -> tax));
    assertThat(cancel.failures()).isEmpty();
    CreditNote note = cancel.creditNotes().get(0);
    assertThat(note.currency()).isEqualTo(USD);
    assertThat(note.lines().get(0).taxableAmount()).isEqualTo(usd("637.19"));
    List<TaxableLine> lines = new ArrayList<>();
    for (CreditNoteLine l : note.lines()) {
      InvoiceLine line = invoice.line(l.invoiceLineId()).orElseThrow();
      lines.add(new TaxableLine(l.invoiceLineId(), line.taxCode(), line.description(), BigDecimal.ONE,
          Optional.empty(), l.taxableAmount(), Optional.empty()));
    }
    List<TaxLine> originalTax = new ArrayList<>();
    invoice.lines().forEach(l -> originalTax.addAll(l.taxLines()));
    TaxRequest noteRequest = TaxRequest.creditNote(note.issuedAt().atZone(IST).toLocalDate(), SUPPLIER, US_CUSTOMER,
        lines, TaxResult.of(USD, originalTax, invoice.taxDecision().orElseThrow()));
    GstInvoice crn = GstInvoice.fromForeignCurrencyNote(GstDocumentType.CREDIT_NOTE,
        note.number().orElse("CRN/26-27/001"), SELLER, BUYER, noteRequest, GstTaxCalculator.DEFAULT,
        gst.foreignCurrency().orElseThrow().rate(), List.of(new DocumentReference(invoice.number().orElseThrow(), date)));
    assertThat(crn.taxableTotal()).isEqualTo(inr("53177.77"));
    assertThat(crn.igstTotal()).isEqualTo(inr("9572.00"));
    ObjectNode crnJson = EInvoiceMapper.toJson(crn);
    assertThat(crnJson.at("/DocDtls/Typ").asText()).isEqualTo("CRN");
    assertThat(crnJson.at("/ExpDtls/ForCur").asText()).isEqualTo("USD");
    assertThat(EInvoiceValidator.STRICT.violations(crnJson)).isEmpty();
    // the note's USD total (its tax credited from the invoice's USD tax) and TotInvValFc agree to the cent
    assertThat(crn.foreignCurrency().orElseThrow().totalValue().amount())
        .isCloseTo(note.lines().get(0).taxableAmount().amount().add(note.lines().get(0).taxLines().get(0).taxAmount().amount()),
            org.assertj.core.data.Offset.offset(new BigDecimal("0.01")));
  }
}

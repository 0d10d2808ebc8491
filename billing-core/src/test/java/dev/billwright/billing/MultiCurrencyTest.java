package dev.billwright.billing;

import static dev.billwright.billing.BillingGoldenTest.at;
import static dev.billwright.billing.BillingGoldenTest.document;
import static dev.billwright.billing.BillingGoldenTest.monthly;
import static dev.billwright.billing.BillingFixtures.assertGolden;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.billwright.billing.BillingFixtures.Counter;
import dev.billwright.billing.BillingFixtures.MapCatalog;
import dev.billwright.billing.BillingFixtures.MapStore;
import dev.billwright.billing.BillingGoldenTest.Outcome;
import dev.billwright.invoice.Coupon;
import dev.billwright.invoice.CouponDuration;
import dev.billwright.invoice.CouponRedemption;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceJson;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.LineKind;
import dev.billwright.money.ExchangeRate;
import dev.billwright.money.ExchangeRateDate;
import dev.billwright.money.ExchangeRateProvider;
import dev.billwright.money.Money;
import dev.billwright.rating.UsageSource;
import dev.billwright.subscription.ChangeTiming;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionChange;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions invoiced in another currency than their plan's prices (issue 17): each line is
 * rated in its price currency, then converted at a dated rate and rounded once, in the invoice
 * currency (HALF_UP to its minor digits: JPY 0, EUR/USD/INR 2, KWD/BHD 3). The rates are made
 * up for the tests (orders of magnitude of early-2026 reference rates). Every figure is derived
 * by hand in the comments and asserted; the golden files are the whole documents.
 */
class MultiCurrencyTest {
  static final Currency USD = Currency.getInstance("USD");
  static final Currency JPY = Currency.getInstance("JPY");
  static final Currency KWD = Currency.getInstance("KWD");
  static final Currency EUR = Currency.getInstance("EUR");
  static final Currency INR = Currency.getInstance("INR");
  static final Currency BHD = Currency.getInstance("BHD");

  /** Rates each holding from its publication instant until the next of its pair. */
  static final class DatedRates implements ExchangeRateProvider {
    final Map<String, NavigableMap<Instant, BigDecimal>> rates = new java.util.HashMap<>();

    DatedRates publish(Currency from, Currency to, String rate, String at) {
      rates.computeIfAbsent(from.getCurrencyCode() + to.getCurrencyCode(), k -> new TreeMap<>())
          .put(Instant.parse(at), new BigDecimal(rate));
      return this;
    }

    @Override
    public Optional<BigDecimal> rate(Currency from, Currency to, Instant at) {
      return quote(from, to, at).map(ExchangeRate::rate);
    }

    @Override
    public Optional<ExchangeRate> quote(Currency from, Currency to, Instant at) {
      NavigableMap<Instant, BigDecimal> pair = rates.get(from.getCurrencyCode() + to.getCurrencyCode());
      return Optional.ofNullable(pair == null ? null : pair.floorEntry(at))
          .map(e -> new ExchangeRate(from, to, e.getValue(), "test-reference-rates", e.getKey()));
    }
  }

  static String plan(String code, String currency, String charges) {
    return """
        {"code":"%s","version":1,"status":"active","currency":"%s",
         "billing":{"cadence":"P1M","alignment":"calendar","time_zone":"UTC","proration":"days"},
         "charges":[%s]}
        """.formatted(code, currency, charges);
  }

  static String fee(String code, String model, String extra) {
    return """
        {"code":"%s","name":"%s","kind":"recurring","timing":"in_advance","price":%s%s}
        """.formatted(code, code, model, extra);
  }

  static String usage(String code, String unitPrice) {
    return """
        {"code":"%s","name":"%s","kind":"usage","meter":"%s","timing":"in_arrears","price":{"model":"per_unit","unit_price":"%s"}}
        """.formatted(code, code, code, unitPrice);
  }

  static Subscription sub(String id, String plan, Currency currency, String seats) {
    return Subscription.builder().id(id).customerId("cus_1").planCode(plan).planVersion(1)
        .start(at("2026-01-01T00:00:00Z")).currency(currency).seats(new BigDecimal(seats)).build();
  }

  static Outcome bill(InvoiceAssembler assembler, MapCatalog catalog, List<Subscription> subsPerRun, List<Instant> runs,
      UsageSource usage) {
    return bill(assembler, catalog, subsPerRun, runs, usage, List.of());
  }

  static Outcome bill(InvoiceAssembler assembler, MapCatalog catalog, List<Subscription> subsPerRun, List<Instant> runs,
      UsageSource usage, List<CouponRedemption> coupons) {
    MapStore store = new MapStore();
    BillRun run = new BillRun(catalog, store, new Counter(), assembler);
    List<CreditNote> notes = new ArrayList<>();
    BillRunResult last = null;
    for (int i = 0; i < runs.size(); i++) {
      last = run.run(BillRunRequest.of(List.of(subsPerRun.get(i)), usage, runs.get(i)).withCoupons(x -> coupons));
      assertThat(last.failures()).isEmpty();
      notes.addAll(last.creditNotes());
    }
    List<Invoice> invoices = new ArrayList<>(store.byKey.values());
    invoices.sort(Comparator.comparing(Invoice::issuedAt));
    return new Outcome(invoices, notes, last);
  }

  static Money money(Currency c, String amount) {
    return Money.of(c, new BigDecimal(amount));
  }

  static InvoiceLine line(Invoice inv, String charge, LineKind kind) {
    return inv.lines().stream().filter(l -> l.chargeCode().equals(charge) && l.kind() == kind).findFirst().orElseThrow();
  }

  // ------------------------------------------------------------------ golden invoices

  /**
   * JPY (0 minor digits) from USD prices at USD/JPY 151.37 (published 31 December): 3 seats at
   * USD 12.35 and API calls at USD 0.0137.
   * <ul>
   *   <li>1 January: 3 × 12.35 = USD 37.05 × 151.37 = 5608.2585 → JPY 5608;
   *   <li>1 February: 12345 calls × 0.0137 = USD 169.1265 × 151.37 = 25600.678305 → JPY 25601;
   *       seats 5608; total JPY 31209.
   * </ul>
   */
  @Test
  void jpyInvoiceFromUsdPrices() throws IOException {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(plan("usd_saas", "USD",
        fee("seats", "{\"model\":\"per_unit\",\"unit_price\":\"12.35\"}", "") + "," + usage("api_calls", "0.0137"))));
    DatedRates rates = new DatedRates().publish(USD, JPY, "151.37", "2025-12-31T16:00:00Z");
    Subscription s = sub("sub_jpy", "usd_saas", JPY, "3");
    Outcome o = bill(InvoiceAssembler.DEFAULT.withExchangeRates(rates, ExchangeRateDate.INVOICE_DATE), catalog,
        List.of(s), List.of(at("2026-02-01T00:00:00Z")), monthly("api_calls", Map.of(1, "12345")));
    assertThat(o.invoices()).extracting(i -> i.totals().total())
        .containsExactly(money(JPY, "5608"), money(JPY, "31209"));
    InvoiceLine calls = line(o.invoices().get(1), "api_calls", LineKind.USAGE);
    assertThat(calls.amount()).isEqualTo(money(JPY, "25601"));
    assertThat(calls.conversion()).hasValueSatisfying(c -> {
      assertThat(c.priceAmount()).isEqualTo(money(USD, "169.1265"));
      assertThat(c.rate().rate()).isEqualByComparingTo("151.37");
      assertThat(c.rate().source()).isEqualTo("test-reference-rates");
      assertThat(c.rate().publishedAt()).isEqualTo(at("2025-12-31T16:00:00Z"));
      assertThat(c.rule()).isEqualTo(ExchangeRateDate.INVOICE_DATE);
      assertThat(c.rateFor()).isEqualTo(at("2026-02-01T00:00:00Z"));
    });
    assertGolden("multi-currency-jpy-from-usd.json", document(o));
  }

  /**
   * KWD (3 minor digits) from INR prices at INR/KWD 0.003694: a flat fee of INR 4999 and API
   * calls at INR 0.35.
   * <ul>
   *   <li>1 January: 4999 × 0.003694 = 18.466306 → KWD 18.466;
   *   <li>1 February: 1000 × 0.35 = INR 350 × 0.003694 = 1.2929 → KWD 1.293; fee 18.466; total
   *       KWD 19.759.
   * </ul>
   */
  @Test
  void kwdInvoiceFromInrPrices() throws IOException {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(plan("inr_saas", "INR",
        fee("platform", "{\"model\":\"flat\",\"amount\":\"4999\"}", "") + "," + usage("api_calls", "0.35"))));
    DatedRates rates = new DatedRates().publish(INR, KWD, "0.003694", "2025-12-31T00:00:00Z");
    Outcome o = bill(InvoiceAssembler.DEFAULT.withExchangeRates(rates, ExchangeRateDate.INVOICE_DATE), catalog,
        List.of(sub("sub_kwd", "inr_saas", KWD, "1")), List.of(at("2026-02-01T00:00:00Z")),
        monthly("api_calls", Map.of(1, "1000")));
    assertThat(o.invoices()).extracting(i -> i.totals().total())
        .containsExactly(money(KWD, "18.466"), money(KWD, "19.759"));
    assertThat(line(o.invoices().get(1), "api_calls", LineKind.USAGE).amount()).isEqualTo(money(KWD, "1.293"));
    assertGolden("multi-currency-kwd-from-inr.json", document(o));
  }

  /**
   * EUR from a USD plan whose platform fee has a EUR price (EUR 92.00: not converted) and whose
   * usage is priced in USD only, under the {@code contract} rule: every invoice uses the rate in
   * effect at the subscription's start (USD/EUR 0.9234, 1 January), not the one published on
   * 15 January (0.9500).
   * <ul>
   *   <li>1 January: platform EUR 92.00 (no conversion);
   *   <li>1 February: 5000 × USD 0.021 = 105.00 × 0.9234 = 96.957 → EUR 96.96; platform 92.00;
   *       total EUR 188.96.
   * </ul>
   */
  @Test
  void eurInvoiceFromUsdPricesWithADirectEurPriceAndTheContractRate() throws IOException {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(plan("usd_mixed", "USD",
        fee("platform", "{\"model\":\"flat\",\"amount\":\"100\"}",
            ",\"prices\":{\"EUR\":{\"price\":{\"model\":\"flat\",\"amount\":\"92.00\"}}}")
            + "," + usage("api_calls", "0.021"))));
    DatedRates rates = new DatedRates().publish(USD, EUR, "0.9234", "2026-01-01T00:00:00Z")
        .publish(USD, EUR, "0.9500", "2026-01-15T00:00:00Z");
    Outcome o = bill(InvoiceAssembler.DEFAULT.withExchangeRates(rates, ExchangeRateDate.CONTRACT), catalog,
        List.of(sub("sub_eur", "usd_mixed", EUR, "1")), List.of(at("2026-02-01T00:00:00Z")),
        monthly("api_calls", Map.of(1, "5000")));
    Invoice feb = o.invoices().get(1);
    assertThat(line(feb, "platform", LineKind.RECURRING_FEE).conversion()).isEmpty();
    assertThat(line(feb, "platform", LineKind.RECURRING_FEE).amount()).isEqualTo(money(EUR, "92.00"));
    InvoiceLine calls = line(feb, "api_calls", LineKind.USAGE);
    assertThat(calls.amount()).isEqualTo(money(EUR, "96.96"));
    assertThat(calls.conversion().orElseThrow().rateFor()).isEqualTo(at("2026-01-01T00:00:00Z"));
    assertThat(o.invoices()).extracting(i -> i.totals().total())
        .containsExactly(money(EUR, "92.00"), money(EUR, "188.96"));
    assertGolden("multi-currency-eur-from-usd.json", document(o));
  }

  // ------------------------------------------------------------------ properties

  /**
   * Converting each line, then summing, gives the invoice total exactly: each converted line is
   * {@code round(price-currency exact amount × rate)} in the invoice currency, rounded once, and
   * the total is the sum of those rounded lines (never a conversion of the summed price-currency
   * amounts). Over five invoice currencies with 0, 2 and 3 minor digits.
   */
  @Test
  void eachLineIsConvertedAndRoundedOnceAndTheLinesSumToTheTotal() {
    Currency[] targets = {JPY, EUR, KWD, BHD, INR};
    qt().withExamples(150).forAll(longs().between(0, 5_000_000), integers().between(1, 99_999),
        integers().between(1, 2_000_000), integers().between(0, targets.length - 1))
        .checkAssert((calls, priceMicros, rateTenThousandths, target) -> {
          Currency to = targets[target];
          BigDecimal unitPrice = BigDecimal.valueOf(priceMicros, 6);
          BigDecimal rate = BigDecimal.valueOf(rateTenThousandths, 4);
          MapCatalog catalog = new MapCatalog(BillingFixtures.plan(plan("p", "USD",
              fee("seats", "{\"model\":\"per_unit\",\"unit_price\":\"9.99\"}", "") + ","
                  + usage("api_calls", unitPrice.toPlainString()))));
          DatedRates rates = new DatedRates().publish(USD, to, rate.toPlainString(), "2025-12-01T00:00:00Z");
          Outcome o = bill(InvoiceAssembler.DEFAULT.withExchangeRates(rates, ExchangeRateDate.INVOICE_DATE), catalog,
              List.of(sub("s", "p", to, "7")), List.of(at("2026-02-01T00:00:00Z")),
              monthly("api_calls", Map.of(1, Long.toString(calls))));
          Invoice feb = o.invoices().get(1);
          int digits = to.getDefaultFractionDigits();
          Money expectedCalls = Money.of(to, BigDecimal.valueOf(calls).multiply(unitPrice).multiply(rate)
              .setScale(digits, RoundingMode.HALF_UP));
          Money expectedSeats = Money.of(to, new BigDecimal("69.93").multiply(rate).setScale(digits, RoundingMode.HALF_UP));
          assertThat(line(feb, "api_calls", LineKind.USAGE).amount()).isEqualTo(expectedCalls);
          assertThat(line(feb, "seats", LineKind.RECURRING_FEE).amount()).isEqualTo(expectedSeats);
          Money sum = Money.zero(to);
          for (InvoiceLine l : feb.lines()) {
            assertThat(l.conversion()).isPresent();
            assertThat(l.amount()).isEqualTo(Money.of(to, l.conversion().get().priceAmount().amount().multiply(rate)
                .setScale(digits, RoundingMode.HALF_UP)));
            sum = sum.plus(l.amount());
          }
          assertThat(feb.totals().total()).isEqualTo(sum).isEqualTo(expectedCalls.plus(expectedSeats));
        });
  }

  /**
   * A rate published after an invoice was issued changes nothing on it: billing the same
   * subscription again, after USD/JPY 175.00 is published on 1 February 00:00:01, gives equal
   * invoices (each line used the rate in effect at its invoice date), and the stored document
   * reads back with its own rates.
   */
  @Test
  void aRatePublishedAfterInvoicingChangesNothingAlreadyIssued() {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(plan("usd_saas", "USD",
        fee("seats", "{\"model\":\"per_unit\",\"unit_price\":\"12.35\"}", "") + "," + usage("api_calls", "0.0137"))));
    DatedRates rates = new DatedRates().publish(USD, JPY, "151.37", "2025-12-31T16:00:00Z");
    InvoiceAssembler assembler = InvoiceAssembler.DEFAULT.withExchangeRates(rates, ExchangeRateDate.PERIOD_END);
    List<Subscription> subs = List.of(sub("sub_jpy", "usd_saas", JPY, "3"));
    UsageSource usage = monthly("api_calls", Map.of(1, "12345"));
    Outcome before = bill(assembler, catalog, subs, List.of(at("2026-02-01T00:00:00Z")), usage);
    String json = InvoiceJson.write(before.invoices().get(1)).toString();
    rates.publish(USD, JPY, "175.00", "2026-02-01T00:00:01Z");
    Outcome after = bill(assembler, catalog, subs, List.of(at("2026-02-01T00:00:00Z")), usage);
    assertThat(after.invoices()).isEqualTo(before.invoices());
    assertThat(InvoiceJson.write(after.invoices().get(1)).toString()).isEqualTo(json);
    // the next invoice does use the new rate: March's seats 37.05 × 175 = 6483.75 → JPY 6484
    Outcome march = bill(assembler, catalog, subs, List.of(at("2026-03-01T00:00:00Z")), usage);
    assertThat(line(march.invoices().get(2), "seats", LineKind.RECURRING_FEE).amount()).isEqualTo(money(JPY, "6484"));
    assertThat(march.invoices().subList(0, 2)).isEqualTo(before.invoices());
  }

  /**
   * A credit note credits the amounts of the original invoice, at its rates: an immediate
   * cancellation on 16 January (days basis, 16 of 31 days unused) credits
   * 5608 × 16 / 31 = 2894.45 → JPY 2894 of the 1 January seats line, although USD/JPY moved to
   * 200.00 on 10 January (at which the same USD amount would be 37.05 × 200 × 16 / 31 = 3824.5).
   */
  @Test
  void creditNotesUseTheOriginalInvoicesRates() {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(plan("usd_saas", "USD",
        fee("seats", "{\"model\":\"per_unit\",\"unit_price\":\"12.35\"}", ""))));
    DatedRates rates = new DatedRates().publish(USD, JPY, "151.37", "2025-12-31T16:00:00Z");
    Subscription s = sub("sub_jpy", "usd_saas", JPY, "3");
    Subscription cancelled = s.withChange(SubscriptionChange.cancel("cx", at("2026-01-16T00:00:00Z"),
        ChangeTiming.IMMEDIATE));
    InvoiceAssembler assembler = InvoiceAssembler.DEFAULT.withExchangeRates(rates, ExchangeRateDate.INVOICE_DATE);
    MapStore store = new MapStore();
    BillRun run = new BillRun(catalog, store, new Counter(), assembler);
    assertThat(run.run(BillRunRequest.of(List.of(s), UsageSource.NONE, at("2026-01-01T00:00:00Z"))).failures()).isEmpty();
    rates.publish(USD, JPY, "200.00", "2026-01-10T00:00:00Z");
    BillRunResult r = run.run(BillRunRequest.of(List.of(cancelled), UsageSource.NONE, at("2026-01-16T00:00:00Z")));
    assertThat(r.failures()).isEmpty();
    assertThat(r.creditNotes()).singleElement().satisfies(n -> {
      assertThat(n.currency()).isEqualTo(JPY);
      assertThat(n.lines().get(0).taxableAmount()).isEqualTo(money(JPY, "2894"));
    });
  }

  // ------------------------------------------------------------------ errors

  /**
   * A missing rate is an error naming the pair and the instant, never an unconverted amount or
   * 0: without a provider (the default assembler) the bill run refuses the subscription's
   * currency as before; with a provider whose first rate is published after the invoice date the
   * invoice fails with {@code money.exchange_rate_missing}.
   */
  @Test
  void aMissingRateIsAClearError() {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(plan("usd_saas", "USD",
        fee("seats", "{\"model\":\"per_unit\",\"unit_price\":\"12.35\"}", ""))));
    List<Subscription> subs = List.of(sub("sub_jpy", "usd_saas", JPY, "3"));
    BillRun none = new BillRun(catalog, new MapStore(), new Counter(), InvoiceAssembler.DEFAULT);
    BillRunResult r = none.run(BillRunRequest.of(subs, UsageSource.NONE, at("2026-01-01T00:00:00Z")));
    assertThat(r.created()).isEmpty();
    assertThat(r.failures()).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo("catalog.invalid_subscription");
      assertThat(f.message()).contains("currency").contains("JPY");
    });
    DatedRates late = new DatedRates().publish(USD, JPY, "151.37", "2026-01-02T00:00:00Z");
    BillRun tooLate = new BillRun(catalog, new MapStore(), new Counter(),
        InvoiceAssembler.DEFAULT.withExchangeRates(late, ExchangeRateDate.INVOICE_DATE));
    BillRunResult r2 = tooLate.run(BillRunRequest.of(subs, UsageSource.NONE, at("2026-01-01T00:00:00Z")));
    assertThat(r2.created()).isEmpty();
    assertThat(r2.failures()).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo("money.exchange_rate_missing");
      assertThat(f.message()).contains("USD/JPY").contains("2026-01-01T00:00:00Z").contains("invoice_date");
    });
  }

  /**
   * A minimum commitment in the plan's currency is converted by the invoice's rule and stated on
   * the true-up line: commitment USD 100.00 at USD/EUR 0.9234 = EUR 92.34; January's charges are
   * the fee USD 20.00 → EUR 18.47 (18.468) and 3000 × 0.01 = USD 30.00 → EUR 27.70 (27.702):
   * 46.17; the true-up is 92.34 − 46.17 = EUR 46.17.
   */
  @Test
  void aMinimumCommitmentIsConvertedByTheSameRule() {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan("""
        {"code":"committed","version":1,"status":"active","currency":"USD",
         "billing":{"cadence":"P1M","alignment":"calendar","time_zone":"UTC","proration":"days"},
         "minimum_commitment":{"amount":"100.00"},
         "charges":[%s,%s]}
        """.formatted(fee("platform", "{\"model\":\"flat\",\"amount\":\"20\"}", ""), usage("api_calls", "0.01"))));
    DatedRates rates = new DatedRates().publish(USD, EUR, "0.9234", "2025-12-31T00:00:00Z");
    Outcome o = bill(InvoiceAssembler.DEFAULT.withExchangeRates(rates, ExchangeRateDate.INVOICE_DATE), catalog,
        List.of(sub("sub_c", "committed", EUR, "1")), List.of(at("2026-02-01T00:00:00Z")),
        monthly("api_calls", Map.of(1, "3000")));
    InvoiceLine trueUp = line(o.invoices().get(1), "minimum_commitment", LineKind.COMMITMENT_TRUE_UP);
    assertThat(trueUp.amount()).isEqualTo(money(EUR, "46.17"));
    assertThat(trueUp.explanation().get("exchange_rate").asText()).isEqualTo("0.9234");
    assertThat(trueUp.explanation().get("commitment_currency").asText()).isEqualTo("USD");
  }

  /**
   * A fixed-amount coupon in USD on a EUR invoice is converted by the same rule and rounded once:
   * USD 5.00 × 0.9234 = 4.617 → EUR 4.62 off the EUR 18.47 fee (USD 20 × 0.9234 = 18.468), total
   * EUR 13.85; the conversion is stated in the invoice's metadata.
   */
  @Test
  void aFixedCouponInAnotherCurrencyIsConvertedByTheSameRule() {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(plan("usd_fee", "USD",
        fee("platform", "{\"model\":\"flat\",\"amount\":\"20\"}", ""))));
    DatedRates rates = new DatedRates().publish(USD, EUR, "0.9234", "2025-12-31T00:00:00Z");
    Outcome o = bill(InvoiceAssembler.DEFAULT.withExchangeRates(rates, ExchangeRateDate.INVOICE_DATE), catalog,
        List.of(sub("sub_cpn", "usd_fee", EUR, "1")), List.of(at("2026-01-01T00:00:00Z")), UsageSource.NONE,
        List.of(CouponRedemption.start(Coupon.fixed("five", money(USD, "5.00"), CouponDuration.ONCE))));
    Invoice jan = o.invoices().get(0);
    assertThat(jan.totals().discountTotal()).isEqualTo(money(EUR, "4.62"));
    assertThat(jan.totals().total()).isEqualTo(money(EUR, "13.85"));
    assertThat(jan.metadata().get("exchange_rate.coupon.five")).contains("USD 5.00 × 0.9234").contains("= EUR 4.62")
        .contains("test-reference-rates");
  }

  /**
   * Reporting currency: the JPY invoice of 1 February (total JPY 31209) restated in USD at the
   * JPY/USD rate in effect at its issue instant, 0.006606 (published 31 January; the 0.007000 of
   * 2 February is not used): 31209 × 0.006606 = 206.166654 → USD 206.17; an invoice already in
   * USD is restated as it is; no rate is an error.
   */
  @Test
  void invoiceTotalsAreRestatedInTheReportingCurrencyAtTheIssueDateRate() {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(plan("usd_saas", "USD",
        fee("seats", "{\"model\":\"per_unit\",\"unit_price\":\"12.35\"}", "") + "," + usage("api_calls", "0.0137"))));
    DatedRates rates = new DatedRates().publish(USD, JPY, "151.37", "2025-12-31T16:00:00Z")
        .publish(JPY, USD, "0.006606", "2026-01-31T00:00:00Z").publish(JPY, USD, "0.007000", "2026-02-02T00:00:00Z");
    Outcome o = bill(InvoiceAssembler.DEFAULT.withExchangeRates(rates, ExchangeRateDate.INVOICE_DATE), catalog,
        List.of(sub("sub_jpy", "usd_saas", JPY, "3")), List.of(at("2026-02-01T00:00:00Z")),
        monthly("api_calls", Map.of(1, "12345")));
    dev.billwright.invoice.ReportingTotals usd = dev.billwright.invoice.ReportingTotals.of(o.invoices().get(1), USD,
        rates, dev.billwright.money.RoundingPolicy.DEFAULT);
    assertThat(usd.total()).isEqualTo(money(USD, "206.17"));
    assertThat(usd.subtotal()).isEqualTo(money(USD, "206.17"));
    assertThat(usd.totalTax()).isEqualTo(money(USD, "0.00"));
    assertThat(usd.rate()).hasValueSatisfying(r -> assertThat(r.publishedAt()).isEqualTo(at("2026-01-31T00:00:00Z")));
    assertThat(dev.billwright.invoice.ReportingTotals.of(o.invoices().get(1), JPY, rates,
        dev.billwright.money.RoundingPolicy.DEFAULT).rate()).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.billwright.invoice.ReportingTotals.of(
        o.invoices().get(0), USD, rates, dev.billwright.money.RoundingPolicy.DEFAULT))
        .hasMessageContaining("JPY/USD").hasMessageContaining("2026-01-01T00:00:00Z");
  }
  // ------------------------------------------------------------------ prorated fees: one rounding

  static Subscription startingOn(String id, String plan, Currency currency, String seats, String start) {
    return Subscription.builder().id(id).customerId("cus_1").planCode(plan).planVersion(1)
        .start(at(start)).currency(currency).seats(new BigDecimal(seats)).build();
  }

  /**
   * A prorated fee priced in USD and invoiced in KWD is rounded once, in KWD, from the exact
   * full-period amount: 3 seats × 12.35 = USD 37.05 for January, 16 of 31 days billed from
   * 16 January; 37.05 × 0.3071 × 16 / 31 = 5.87254… → KWD 5.873. Rounding the USD share first
   * (37.05 × 16 / 31 = 19.1225… → 19.12) and converting that (19.12 × 0.3071 = 5.871752) would
   * give KWD 5.872, one fils short. The line states the full-period USD amount and the fraction,
   * and reads back from its JSON.
   */
  @Test
  void aProratedFeeInAnotherCurrencyIsRoundedOnceFromTheExactFullPeriodAmount() {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(plan("usd_saas", "USD",
        fee("seats", "{\"model\":\"per_unit\",\"unit_price\":\"12.35\"}", ""))));
    DatedRates rates = new DatedRates().publish(USD, KWD, "0.3071", "2025-12-31T16:00:00Z");
    Outcome o = bill(InvoiceAssembler.DEFAULT.withExchangeRates(rates, ExchangeRateDate.INVOICE_DATE), catalog,
        List.of(startingOn("sub_kwd", "usd_saas", KWD, "3", "2026-01-16T00:00:00Z")),
        List.of(at("2026-01-16T00:00:00Z")), UsageSource.NONE);
    InvoiceLine seats = line(o.invoices().get(0), "seats", LineKind.RECURRING_FEE);
    assertThat(seats.amount()).isEqualTo(money(KWD, "5.873"));
    assertThat(seats.exactAmount()).isEqualTo(seats.amount());
    assertThat(seats.conversion()).hasValueSatisfying(c -> {
      assertThat(c.priceAmount()).isEqualTo(money(USD, "37.05"));
      assertThat(c.proration()).hasValue(dev.billwright.time.ProrationFraction.of(16, 31));
    });
    assertThat(o.invoices().get(0).totals().total()).isEqualTo(money(KWD, "5.873"));
    var json = InvoiceJson.write(o.invoices().get(0));
    assertThat(json.at("/lines/0/conversion/proration").asText()).isEqualTo("16/31");
    assertThat(json.at("/lines/0/conversion/price_amount").asText()).isEqualTo("37.05");
    assertThat(InvoiceJson.read(dev.billwright.json.JsonObjectReader.root(json, "test"))).isEqualTo(o.invoices().get(0));
  }

  /**
   * Property: a prorated fee converted to JPY, EUR, KWD, BHD or INR is rounded exactly once:
   * its amount is {@code full × rate × n / d} rounded HALF_UP to the currency's digits, computed
   * here from the exact rational, so it is never more than half a minor unit from it (rounding
   * the price-currency share first can be off by more). Over start days 2 to 31 of January
   * (days basis, {@code n = 32 − day}, {@code d = 31}), unit prices, seats and rates.
   */
  @Test
  void aConvertedProratedFeeIsRoundedExactlyOnce() {
    Currency[] targets = {JPY, EUR, KWD, BHD, INR};
    qt().withExamples(150).forAll(integers().between(1, 999_999), integers().between(1, 40),
        integers().between(1, 2_000_000), integers().between(0, targets.length * 30 - 1))
        .checkAssert((priceCents, seats, rateTenThousandths, targetAndDay) -> {
          Currency to = targets[targetAndDay % targets.length];
          int day = 2 + targetAndDay / targets.length;
          BigDecimal unitPrice = BigDecimal.valueOf(priceCents, 2);
          BigDecimal rate = BigDecimal.valueOf(rateTenThousandths, 4);
          MapCatalog catalog = new MapCatalog(BillingFixtures.plan(plan("p", "USD",
              fee("seats", "{\"model\":\"per_unit\",\"unit_price\":\"" + unitPrice.toPlainString() + "\"}", ""))));
          DatedRates rates = new DatedRates().publish(USD, to, rate.toPlainString(), "2025-12-01T00:00:00Z");
          String start = String.format("2026-01-%02dT00:00:00Z", day);
          Outcome o = bill(InvoiceAssembler.DEFAULT.withExchangeRates(rates, ExchangeRateDate.INVOICE_DATE), catalog,
              List.of(startingOn("s", "p", to, Integer.toString(seats), start)), List.of(at(start)), UsageSource.NONE);
          InvoiceLine l = line(o.invoices().get(0), "seats", LineKind.RECURRING_FEE);
          int digits = to.getDefaultFractionDigits();
          long n = 32 - day;
          BigDecimal numerator = unitPrice.multiply(BigDecimal.valueOf(seats)).multiply(rate).multiply(BigDecimal.valueOf(n));
          BigDecimal expected = numerator.divide(BigDecimal.valueOf(31), digits, RoundingMode.HALF_UP);
          assertThat(l.amount()).isEqualTo(Money.of(to, expected));
          // |amount × 31 − full × rate × n| ≤ 31 × half a minor unit: one rounding, no more
          BigDecimal error = l.amount().amount().multiply(BigDecimal.valueOf(31)).subtract(numerator).abs();
          assertThat(error).isLessThanOrEqualTo(BigDecimal.valueOf(31).multiply(BigDecimal.ONE.movePointLeft(digits))
              .divide(BigDecimal.valueOf(2)));
          assertThat(o.invoices().get(0).totals().total()).isEqualTo(l.amount());
        });
  }
  // ------------------------------------------------------------------ reporting totals in the document

  /**
   * An assembler with a reporting currency writes each invoice's totals restated in it into the
   * document: February's JPY invoice (seats 37.05 × 151.37 → JPY 5608, calls 169.1265 × 151.37 → JPY 25601, total JPY 31209) at JPY/USD 0.006606, published
   * 31 January, is USD 206.17; the JSON has {@code reporting_totals} with the rate, its source
   * and date, and reads back equal. The opening invoice (1 January) has no JPY/USD rate yet: the
   * run fails it with {@code money.exchange_rate_missing}, never a total of 0.
   */
  @Test
  void reportingTotalsAreWrittenIntoTheInvoiceJsonAndReadBack() {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(plan("usd_saas", "USD",
        fee("seats", "{\"model\":\"per_unit\",\"unit_price\":\"12.35\"}", "") + "," + usage("api_calls", "0.0137"))));
    DatedRates rates = new DatedRates().publish(USD, JPY, "151.37", "2025-12-31T16:00:00Z")
        .publish(JPY, USD, "0.006606", "2026-01-31T00:00:00Z");
    InvoiceAssembler assembler = InvoiceAssembler.DEFAULT.withExchangeRates(rates, ExchangeRateDate.INVOICE_DATE)
        .withReportingCurrency(USD);
    MapStore store = new MapStore();
    BillRun run = new BillRun(catalog, store, new Counter(), assembler);
    Subscription s = sub("sub_jpy", "usd_saas", JPY, "3");
    BillRunResult jan = run.run(BillRunRequest.of(List.of(s), UsageSource.NONE, at("2026-01-01T00:00:00Z")));
    assertThat(jan.failures()).singleElement().satisfies(f -> assertThat(f.code()).isEqualTo("money.exchange_rate_missing"));
    rates.publish(JPY, USD, "0.006500", "2025-12-01T00:00:00Z");
    assertThat(run.run(BillRunRequest.of(List.of(s), UsageSource.NONE, at("2026-01-01T00:00:00Z"))).failures()).isEmpty();
    BillRunResult feb = run.run(BillRunRequest.of(List.of(s), monthly("api_calls", Map.of(1, "12345")),
        at("2026-02-01T00:00:00Z")));
    assertThat(feb.failures()).isEmpty();
    Invoice invoice = store.byKey.values().stream().filter(i -> i.issuedAt().equals(at("2026-02-01T00:00:00Z")))
        .findFirst().orElseThrow();
    assertThat(invoice.totals().total()).isEqualTo(money(JPY, "31209"));
    assertThat(invoice.reportingTotals()).hasValueSatisfying(r -> {
      assertThat(r.total()).isEqualTo(money(USD, "206.17"));
      assertThat(r.invoiceId()).isEqualTo(invoice.id());
    });
    var json = InvoiceJson.write(invoice);
    assertThat(json.get("reporting_totals").toString()).isEqualTo("{\"currency\":\"USD\",\"rate\":\"0.006606\","
        + "\"rate_source\":\"test-reference-rates\",\"rate_date\":\"2026-01-31T00:00:00Z\",\"subtotal\":\"206.17\","
        + "\"discount_total\":\"0.00\",\"total_tax\":\"0.00\",\"total\":\"206.17\"}");
    assertThat(InvoiceJson.read(dev.billwright.json.JsonObjectReader.root(json, "t"))).isEqualTo(invoice);
    // a document whose reporting totals are not in one currency is refused, naming the place
    var bad = json.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) bad.get("reporting_totals")).put("rate_date", "yesterday");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> InvoiceJson.read(dev.billwright.json.JsonObjectReader.root(bad, "t")))
        .hasMessageContaining("reporting_totals");
  }

  /** Reporting totals need a rate provider; an invoice states another invoice's totals never. */
  @Test
  void reportingTotalsAreCheckedAgainstTheirInvoice() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> InvoiceAssembler.DEFAULT.withReportingCurrency(USD))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("withExchangeRates");
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(plan("usd_saas", "USD",
        fee("seats", "{\"model\":\"per_unit\",\"unit_price\":\"12.35\"}", ""))));
    Outcome o = bill(InvoiceAssembler.DEFAULT, catalog, List.of(sub("s", "usd_saas", USD, "1")),
        List.of(at("2026-01-01T00:00:00Z")), UsageSource.NONE);
    Invoice inv = o.invoices().get(0);
    var own = dev.billwright.invoice.ReportingTotals.of(inv, USD, new DatedRates(), dev.billwright.money.RoundingPolicy.DEFAULT);
    assertThat(inv.withReportingTotals(own).reportingTotals()).hasValue(own);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> inv.withReportingTotals(own.withInvoiceId("other")))
        .hasMessageContaining("reporting_totals.invoice_id");
    var wrong = new dev.billwright.invoice.ReportingTotals(inv.id(), Optional.empty(), money(USD, "1.00"),
        money(USD, "0.00"), money(USD, "0.00"), money(USD, "1.00"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> inv.withReportingTotals(wrong))
        .hasMessageContaining("reporting_totals");
  }
  /**
   * A credit from a wallet in INR applied to a USD invoice states its conversion in the JSON
   * ({@code credits_applied[].conversion}: wallet currency and amount, rate, source, date) and
   * reads back equal.
   */
  @Test
  void aConvertedWalletCreditIsWrittenWithItsConversionAndReadBack() {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(plan("usd_saas", "USD",
        fee("seats", "{\"model\":\"per_unit\",\"unit_price\":\"12.35\"}", ""))));
    Outcome o = bill(InvoiceAssembler.DEFAULT, catalog, List.of(sub("s", "usd_saas", USD, "1")),
        List.of(at("2026-01-01T00:00:00Z")), UsageSource.NONE);
    var doc = InvoiceJson.write(o.invoices().get(0));
    doc.remove("totals");
    var credit = doc.withArray("credits_applied").addObject();
    credit.put("source_id", "wallet:w");
    credit.put("amount", "10.00");
    credit.putObject("conversion").put("wallet_currency", "INR").put("wallet_amount", "835.01")
        .put("rate", "0.011976").put("rate_source", "ecb").put("rate_date", "2025-12-31T00:00:00Z");
    Invoice withCredit = InvoiceJson.read(dev.billwright.json.JsonObjectReader.root(doc, "t"));
    assertThat(withCredit.creditsApplied()).singleElement().satisfies(c -> {
      assertThat(c.conversion()).hasValueSatisfying(cc -> {
        assertThat(cc.walletAmount()).isEqualTo(money(INR, "835.01"));
        assertThat(cc.rate().from()).isEqualTo(INR);
        assertThat(cc.rate().to()).isEqualTo(USD);
      });
    });
    var json = InvoiceJson.write(withCredit);
    assertThat(json.at("/credits_applied/0/conversion").toString()).isEqualTo("{\"wallet_currency\":\"INR\","
        + "\"wallet_amount\":\"835.01\",\"rate\":\"0.011976\",\"rate_source\":\"ecb\","
        + "\"rate_date\":\"2025-12-31T00:00:00Z\"}");
    assertThat(json.at("/totals/amount_due").asText()).isEqualTo("2.35");
    assertThat(InvoiceJson.read(dev.billwright.json.JsonObjectReader.root(json, "t"))).isEqualTo(withCredit);
    // a credit claiming more than its wallet amount converts to is refused
    credit.put("amount", "10.01");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> InvoiceJson.read(dev.billwright.json.JsonObjectReader.root(doc, "t")))
        .hasMessageContaining("conversion");
  }
}

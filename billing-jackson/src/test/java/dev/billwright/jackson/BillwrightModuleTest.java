package dev.billwright.jackson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanJson;
import dev.billwright.error.BillingException;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.CreditNoteJson;
import dev.billwright.invoice.CreditNoteLine;
import dev.billwright.invoice.CreditNoteOrigin;
import dev.billwright.invoice.CreditNoteReason;
import dev.billwright.invoice.CreditNoteStatus;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceJson;
import dev.billwright.invoice.InvoiceKey;
import dev.billwright.invoice.InvoiceKind;
import dev.billwright.invoice.InvoiceLifecycle;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.LineKind;
import dev.billwright.json.Json;
import dev.billwright.metering.Meter;
import dev.billwright.metering.MeterJson;
import dev.billwright.metering.UsageEvent;
import dev.billwright.metering.UsageEventJson;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.pricing.Price;
import dev.billwright.pricing.PriceJson;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionJson;
import dev.billwright.tax.TaxLine;
import dev.billwright.testkit.generators.BillingGenerators;
import dev.billwright.testkit.generators.PriceGenerators;
import dev.billwright.testkit.generators.UsageEventGenerators;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * A plain {@link ObjectMapper} with {@link BillwrightModule} writes each value in the JSON of its
 * codec and reads it back equal, exact decimals and their scale kept.
 */
class BillwrightModuleTest {
  private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new BillwrightModule());
  private static final List<String> CURRENCIES = List.of("USD", "INR", "JPY", "KWD", "EUR");
  private static final BillingPeriod OCTOBER = BillingPeriod.ofDates(LocalDate.of(2026, 10, 1),
      LocalDate.of(2026, 11, 1), ZoneId.of("Asia/Kolkata"));

  /** Round-trips a value and checks the JSON is the codec's, field for field. */
  private static <T> T roundTrip(T value, Class<T> type, JsonNode codecJson) throws Exception {
    String json = MAPPER.writeValueAsString(value);
    assertThat(MAPPER.readTree(json)).isEqualTo(Json.mapper().readTree(Json.write(codecJson)));
    T back = MAPPER.readValue(json, type);
    assertThat(back).isEqualTo(value);
    assertThat(MAPPER.writeValueAsString(back)).isEqualTo(json);
    return back;
  }

  static Gen<Money> money() {
    Gen<String> currency = Generate.pick(CURRENCIES);
    Gen<Long> unscaled = longs().between(-10_000_000_000L, 10_000_000_000L);
    Gen<Integer> scale = integers().between(0, 9);
    return in -> Money.of(Money.currency(currency.generate(in)), BigDecimal.valueOf(unscaled.generate(in),
        scale.generate(in)));
  }

  @Test
  void moneyIsItsCurrencyAndExactAmount() {
    qt().withExamples(500).forAll(money()).checkAssert(m -> {
      try {
        String json = MAPPER.writeValueAsString(m);
        assertThat(json).isEqualTo("{\"currency\":\"" + m.currency().getCurrencyCode() + "\",\"amount\":\""
            + m.amount().toPlainString() + "\"}");
        Money back = MAPPER.readValue(json, Money.class);
        assertThat(back).isEqualTo(m);
        assertThat(back.amount().scale()).isEqualTo(m.amount().scale());
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void moneyAmountWrittenAsANumberIsReadExactly() throws Exception {
    // a plain mapper would read this number as a double (0.1); the module reads it exactly
    Money m = MAPPER.readValue("{\"currency\":\"USD\",\"amount\":0.10000000000000000555}", Money.class);
    assertThat(m).isEqualTo(Money.of("USD", "0.10000000000000000555"));
    assertThat(MAPPER.readValue("{\"currency\":\"KWD\",\"amount\":12.5}", Money.class).amount())
        .isEqualTo(new BigDecimal("12.500"));
  }

  @Test
  void plansRoundTrip() {
    qt().withExamples(100).forAll(BillingGenerators.plans("api")).checkAssert(p -> check(() ->
        roundTrip(p, Plan.class, PlanJson.write(p))));
  }

  @Test
  void pricesAndMetersRoundTrip() {
    qt().withExamples(200).forAll(PriceGenerators.prices()).checkAssert(p -> check(() ->
        roundTrip(p, Price.class, PriceJson.write(p))));
    qt().withExamples(100).forAll(UsageEventGenerators.meters("m")).checkAssert(m -> check(() ->
        roundTrip(m, Meter.class, MeterJson.write(m))));
  }

  @Test
  void subscriptionsAndEventsRoundTrip() {
    qt().withExamples(200).forAll(BillingGenerators.subscriptions("sub_1", "api",
        Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"))).checkAssert(s -> check(() ->
        roundTrip(s, Subscription.class, SubscriptionJson.write(s))));
    qt().withExamples(200).forAll(UsageEventGenerators.event("evt_1", OCTOBER)).checkAssert(e -> check(() ->
        roundTrip(e, UsageEvent.class, UsageEventJson.write(e))));
  }

  /** Invoices of 1 to 4 lines in one currency, amounts of any scale, GST on some, finalized or not. */
  static Gen<Invoice> invoices() {
    Gen<String> currency = Generate.pick(CURRENCIES);
    Gen<Integer> count = integers().between(1, 4);
    Gen<Long> unscaled = longs().between(0, 100_000_000L);
    Gen<Integer> scale = integers().between(0, 6);
    Gen<Boolean> taxed = Generate.booleans();
    Gen<Boolean> finalized = Generate.booleans();
    return in -> {
      Currency cur = Money.currency(currency.generate(in));
      int n = count.generate(in);
      List<InvoiceLine> lines = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        InvoiceLine line = InvoiceLine.builder()
            .lineId(InvoiceLine.lineIdOf("sub_1", "charge_" + i, Map.of(), LineKind.USAGE))
            .subscriptionId("sub_1").chargeCode("charge_" + i).description("Charge " + i)
            .kind(LineKind.USAGE).servicePeriod(OCTOBER)
            .quantity(BigDecimal.valueOf(unscaled.generate(in), scale.generate(in)))
            .exactAmount(Money.of(cur, BigDecimal.valueOf(unscaled.generate(in), scale.generate(in))),
                RoundingPolicy.DEFAULT)
            .taxCode("998314").build();
        if (taxed.generate(in)) {
          Money tax = RoundingPolicy.DEFAULT.round(line.taxableAmount().multipliedBy(new BigDecimal("0.09")));
          line = line.withTax(List.of(
              new TaxLine(line.lineId(), "CGST", new BigDecimal("9"), line.taxableAmount(), tax, true),
              new TaxLine(line.lineId(), "SGST", new BigDecimal("9"), line.taxableAmount(), tax, true)));
        }
        lines.add(line);
      }
      Invoice draft = Invoice.builder().id("inv_1").key(InvoiceKey.of("sub_1", OCTOBER, InvoiceKind.PERIOD))
          .customerId("cus_1").addSubscriptionIds("sub_1").currency(cur).addAllLines(lines)
          .issuedAt(Instant.parse("2026-10-31T18:30:00Z")).build();
      return finalized.generate(in)
          ? InvoiceLifecycle.finalize(draft, "INV/26-27/000001", Instant.parse("2026-10-31T18:30:00Z")) : draft;
    };
  }

  /** A credit note for part of each positive line of a generated invoice. */
  static Gen<CreditNote> creditNotes() {
    Gen<Invoice> invoices = invoices();
    Gen<Integer> percent = integers().between(1, 100);
    return in -> {
      Invoice invoice = invoices.generate(in);
      List<CreditNoteLine> lines = new ArrayList<>();
      for (InvoiceLine l : invoice.lines()) {
        Money part = RoundingPolicy.DEFAULT.round(l.taxableAmount().multipliedBy(
            BigDecimal.valueOf(percent.generate(in), 2)));
        if (part.isPositive()) {
          List<TaxLine> tax = l.taxLines().stream().map(t -> new TaxLine(t.lineId(), t.head(), t.ratePercent(), part,
              RoundingPolicy.DEFAULT.round(part.multipliedBy(new BigDecimal("0.09"))), t.collectible())).toList();
          lines.add(new CreditNoteLine(l.lineId(), part, tax));
        }
      }
      if (lines.isEmpty()) {
        lines.add(new CreditNoteLine(invoice.lines().get(0).lineId(), Money.of(invoice.currency(), BigDecimal.ONE),
            List.of()));
      }
      return new CreditNote("cn_1", Optional.of("CN-000001"), invoice.id(), invoice.currency(),
          CreditNoteReason.ORDER_CHANGE, "partial refund", lines, CreditNoteStatus.ISSUED,
          Instant.parse("2026-11-05T00:00:00Z"), CreditNoteOrigin.MANUAL, Optional.empty(), Optional.empty());
    };
  }

  @Test
  void invoicesAndCreditNotesRoundTrip() {
    qt().withExamples(200).forAll(invoices()).checkAssert(i -> check(() -> {
      Invoice back = roundTrip(i, Invoice.class, InvoiceJson.write(i));
      assertThat(back.totals()).isEqualTo(i.totals());
      for (int l = 0; l < i.lines().size(); l++) {
        assertThat(back.lines().get(l).exactAmount().amount().scale())
            .isEqualTo(i.lines().get(l).exactAmount().amount().scale());
        assertThat(back.lines().get(l).quantity().scale()).isEqualTo(i.lines().get(l).quantity().scale());
      }
      return back;
    }));
    qt().withExamples(200).forAll(creditNotes()).checkAssert(n -> check(() ->
        roundTrip(n, CreditNote.class, CreditNoteJson.write(n))));
  }

  /** A host's own type holding Billwright values. */
  record Statement(String customer, Money balance, List<Invoice> invoices, Map<String, Money> byHead) {}

  @Test
  void valuesInsideTheHostsOwnTypes() throws Exception {
    qt().withExamples(50).forAll(invoices(), money()).checkAssert((invoice, balance) -> check(() -> {
      Statement s = new Statement("cus_1", balance, List.of(invoice), Map.of("CGST", Money.of("INR", "9.00")));
      Statement back = MAPPER.readValue(MAPPER.writeValueAsString(s), Statement.class);
      assertThat(back).isEqualTo(s);
      assertThat(back.balance().amount().scale()).isEqualTo(balance.amount().scale());
      return back;
    }));
    List<Money> list = MAPPER.readValue("[{\"currency\":\"JPY\",\"amount\":\"5\"}]", new TypeReference<>() {});
    assertThat(list).containsExactly(Money.of("JPY", "5"));
  }

  @Test
  void invalidValuesNameTheFieldAndKeepTheCause() {
    assertThatThrownBy(() -> MAPPER.readValue("{\"currency\":\"USD\",\"amount\":\"1.2.3\"}", Money.class))
        .isInstanceOf(JsonMappingException.class).hasMessageContaining("$.amount")
        .hasCauseInstanceOf(BillingException.class);
    assertThatThrownBy(() -> MAPPER.readValue("{\"currency\":\"ZZZ\",\"amount\":\"1\"}", Money.class))
        .isInstanceOf(JsonMappingException.class).hasMessageContaining("$.currency");
    assertThatThrownBy(() -> MAPPER.readValue("{\"currency\":\"USD\",\"amount\":\"1\",\"cents\":100}", Money.class))
        .isInstanceOf(JsonMappingException.class).hasMessageContaining("unknown field 'cents'");
    ObjectNode plan = PlanJson.write(BillingGenerators.plan("api", "{\"cadence\":\"P1M\"}", BigDecimal.TEN,
        BigDecimal.ONE));
    plan.put("currency", "XXX");
    assertThatThrownBy(() -> MAPPER.readValue(plan.toString(), Plan.class))
        .isInstanceOf(JsonMappingException.class).hasMessageContaining("Plan").hasMessageContaining("$.currency");
    assertThatThrownBy(() -> MAPPER.readValue("{\"fee\": {\"currency\": \"USD\"}}", Holder.class))
        .isInstanceOf(JsonMappingException.class).hasMessageContaining("$.amount").hasMessageContaining("fee");
  }

  record Holder(Money fee) {}

  @Test
  void withoutTheModuleMoneyLosesItsAmount() throws Exception {
    // the finding this module fixes: a bean mapper writes Money's getters, not its amount
    String plain = new ObjectMapper().writeValueAsString(Money.of("USD", "12.50"));
    assertThat(plain).doesNotContain("12.50");
    assertThat(MAPPER.writeValueAsString(Money.of("USD", "12.50"))).contains("\"12.50\"");
  }

  private interface Check {
    Object run() throws Exception;
  }

  private static void check(Check c) {
    try {
      c.run();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

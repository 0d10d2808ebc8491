package dev.billwright.testkit.conformance;

import dev.billwright.billing.BillingCycle;
import dev.billwright.billing.InvoiceAssembler;
import dev.billwright.billing.InvoiceRequest;
import dev.billwright.billing.SubscriptionCycles;
import dev.billwright.billing.TaxContext;
import dev.billwright.catalog.Charge;
import dev.billwright.catalog.ChargeKind;
import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanJson;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.memory.InMemoryPlanCatalog;
import dev.billwright.metering.Meter;
import dev.billwright.metering.MeterJson;
import dev.billwright.metering.UsageEvent;
import dev.billwright.metering.UsageEventJson;
import dev.billwright.money.Money;
import dev.billwright.rating.PeriodUsage;
import dev.billwright.rating.SubscriptionUsageAggregator;
import dev.billwright.rating.UsageSource;
import dev.billwright.subscription.Subscription;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs conformance cases of {@code kind: invoice}: meters, a plan, a subscription and usage
 * (aggregated quantities per meter, or raw events), billed for one period through
 * {@link InvoiceAssembler}; the expected line amounts (per charge code, summed over the charge's
 * lines) and the total before tax are compared as decimals.
 *
 * <p>The invoice compared is the one that closes the case's {@code period} (usage in arrears,
 * plus the next period's in-advance fees, as billed at the period's end). Optional subscription
 * fields: {@code end}, {@code trial_end}, {@code seats}, {@code billing_cycle_anchor}.
 */
public final class InvoiceCaseKind implements CaseKind {
  /** Creates the case kind. */
  public InvoiceCaseKind() {}

  @Override
  public String kind() {
    return "invoice";
  }

  @Override
  public List<Mismatch> run(JsonObjectReader c) {
    Map<String, Meter> meters = new LinkedHashMap<>();
    for (Meter m : c.objects("meters", r -> {
      Meter meter = MeterJson.read(r);
      r.end();
      return meter;
    })) {
      meters.put(m.code(), m);
    }
    Plan plan = PlanJson.read(c.object("plan"));
    InMemoryPlanCatalog catalog = new InMemoryPlanCatalog();
    catalog.publish(plan);
    JsonObjectReader s = c.object("subscription");
    Subscription.Builder sb = Subscription.builder().id(s.text("id")).customerId(s.text("customer"))
        .planCode(plan.code()).planVersion(plan.version()).start(instant(s, "start"));
    s.optionalText("end").ifPresent(t -> sb.end(instant(s, "end")));
    s.optionalText("trial_end").ifPresent(t -> sb.trialEnd(instant(s, "trial_end")));
    s.optionalText("billing_cycle_anchor").ifPresent(t -> sb.billingCycleAnchor(instant(s, "billing_cycle_anchor")));
    s.optionalDecimal("seats").ifPresent(sb::seats);
    s.end();
    Subscription sub = sb.build();
    JsonObjectReader p = c.object("period");
    Instant start = instant(p, "start");
    Instant end = instant(p, "end");
    p.end();

    List<BillingCycle> cycles = SubscriptionCycles.cycles(sub, catalog, sub.start(), end);
    BillingCycle cycle = null;
    for (BillingCycle candidate : cycles) {
      if (candidate.closing().isPresent() && candidate.closing().get().period().start().equals(start)
          && candidate.closing().get().period().end().equals(end)) {
        cycle = candidate;
      }
    }
    if (cycle == null) {
      throw new BillingException(ErrorCode.INVALID_DOCUMENT, "at " + c.pathOf("period")
          + ": the period " + start + "/" + end + " is not a billing period of the subscription; its periods are "
          + cycles.stream().filter(x -> x.closing().isPresent()).map(x -> x.closing().get().period().toString()).toList());
    }
    UsageSource usage = usage(c.object("usage"), plan, meters, sub, catalog, cycle.closing().get().period());

    JsonObjectReader expected = c.object("expected");
    Map<String, BigDecimal> lines = expected.map("lines", JsonObjectReader::decimalOf);
    BigDecimal total = expected.optionalDecimal("total").orElse(null);
    BigDecimal tax = expected.optionalDecimal("tax").orElse(null);
    expected.end();

    Invoice invoice = InvoiceAssembler.DEFAULT.assemble(new InvoiceRequest(sub, catalog, cycle, usage, List.of(),
        List.of(), TaxContext.none())).orElse(null);
    List<Mismatch> out = new ArrayList<>();
    Map<String, Money> actual = new LinkedHashMap<>();
    if (invoice != null) {
      for (InvoiceLine l : invoice.lines()) {
        actual.merge(l.chargeCode(), l.taxableAmount(), Money::plus);
      }
    }
    for (Map.Entry<String, BigDecimal> e : lines.entrySet()) {
      Money got = actual.get(e.getKey());
      if (got == null || got.amount().compareTo(e.getValue()) != 0) {
        out.add(new Mismatch("lines." + e.getKey(), e.getValue().toPlainString(),
            got == null ? "no line" : got.amount().toPlainString()));
      }
    }
    BigDecimal actualTotal = invoice == null ? BigDecimal.ZERO
        : (tax == null ? invoice.totals().taxableTotal() : invoice.totals().total()).amount();
    if (total != null && total.compareTo(actualTotal) != 0) {
      out.add(new Mismatch("total", total.toPlainString(), actualTotal.toPlainString()));
    }
    return out;
  }

  /**
   * Raw events are bound to the subscription and aggregated over its usage windows; quantities
   * per meter are the closing period's usage of each charge metering them (billed to the window
   * that ends with the period).
   */
  private static UsageSource usage(JsonObjectReader u, Plan plan, Map<String, Meter> meters, Subscription sub,
      InMemoryPlanCatalog catalog, BillingPeriod period) {
    Map<String, BigDecimal> perMeter = u.map("quantities", JsonObjectReader::decimalOf);
    List<UsageEvent> events = u.objects("events", UsageEventJson::read);
    u.end();
    if (!events.isEmpty()) {
      return UsageSource.of(SubscriptionUsageAggregator.of(List.of(sub), catalog, meters, period.end())
          .aggregate(events));
    }
    Map<String, BigDecimal> perCharge = new LinkedHashMap<>();
    for (Charge charge : plan.charges()) {
      if (charge.kind() == ChargeKind.USAGE && perMeter.containsKey(charge.meter().orElseThrow())) {
        perCharge.put(charge.code(), perMeter.get(charge.meter().get()));
      }
    }
    PeriodUsage closing = PeriodUsage.ofQuantities(perCharge);
    return (s, w) -> w.period().end().equals(period.end()) ? closing : PeriodUsage.NONE;
  }

  private static Instant instant(JsonObjectReader r, String field) {
    String text = r.text(field);
    try {
      return java.time.OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw JsonObjectReader.error(r.pathOf(field), text, "an ISO-8601 date-time with offset");
    }
  }
}

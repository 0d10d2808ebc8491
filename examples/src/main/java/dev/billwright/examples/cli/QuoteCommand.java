package dev.billwright.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.catalog.Charge;
import dev.billwright.catalog.ChargeKind;
import dev.billwright.metering.Aggregation;
import dev.billwright.metering.Meter;
import dev.billwright.metering.MeterJson;
import dev.billwright.rating.ChargeMeters;
import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanJson;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.Json;
import dev.billwright.metering.EventReader;
import dev.billwright.metering.UsageEvent;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.pricing.ChargeAmount;
import dev.billwright.pricing.ChargePrice;
import dev.billwright.pricing.ChargePricing;
import dev.billwright.pricing.ExplanationJson;
import dev.billwright.pricing.PriceJson;
import dev.billwright.pricing.PricedEvent;
import dev.billwright.pricing.PricingInput;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code billwright quote}: prices a quantity, pre-grouped quantities or a file of events with a
 * price JSON, or with a charge of a plan JSON (quantity transform and spend bounds included), and
 * prints the amount, rounded once to the currency's minor units (HALF_UP), with its explanation.
 */
@Command(name = "quote", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Price a quantity (or events) with a price or a plan's charge and print the explanation.",
    footerHeading = "%nExamples:%n",
    footer = {"  billwright quote --price price.json --quantity 20 --currency USD",
        "  billwright quote --plan plans.json --charge otp",
        "      --group country=IN,channel=sms=150000",
        "  billwright quote --plan plans.json --charge otp --events october.ndjson",
        "      --meters meters.json"})
public final class QuoteCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private What what;

  /** The price to use: a price file, or a plan file and a charge. */
  static final class What {
    @Option(names = "--price", converter = OptionTypes.InputFile.class, paramLabel = "FILE", required = true, description = "A price object JSON (docs/pricing.md).")
    Path price;

    @ArgGroup(exclusive = false)
    PlanCharge planCharge;
  }

  /** A plan file and one of its charges. */
  static final class PlanCharge {
    @Option(names = "--plan", converter = OptionTypes.InputFile.class, paramLabel = "FILE", required = true,
        description = "A plan JSON, or {\"plans\": [...]} (the first plan with the charge is used).")
    Path plan;

    @Option(names = "--charge", paramLabel = "CODE", required = true, description = "The charge code.")
    String charge;
  }

  @Option(names = "--quantity", paramLabel = "Q", description = "An aggregate quantity.")
  private BigDecimal quantity;

  @Option(names = "--group", paramLabel = "K=V[,K=V]=Q",
      description = "A quantity for one combination of dimension values (matrix), repeatable: country=IN,channel=sms=1500.")
  private List<String> groups;

  @Option(names = "--events", converter = OptionTypes.InputFile.class, paramLabel = "FILE", description = "An NDJSON or CSV file of events to price.")
  private Path events;

  @Option(names = "--value-property", paramLabel = "NAME",
      description = "With --events: the property holding each event's value (default: the meter's, else each event "
          + "counts 1).")
  private String valueProperty;

  @Option(names = "--meters", paramLabel = "FILE", converter = OptionTypes.InputFile.class,
      description = "With --events: meters JSON ({\"meters\": [...]}); events are counted as the bill run counts them: "
          + "the charge's meter (its event type and filters, plus the charge's own filters) decides which count "
          + "(default: meters.json beside the plan file, else the bundled otp-india meters).")
  private Path meters;

  @Option(names = "--meter", paramLabel = "CODE",
      description = "With --price and --events: the meter (of --meters) whose event type and filters select the "
          + "events (default: every event counts).")
  private String meter;

  @Option(names = "--currency", paramLabel = "CODE",
      description = "The currency (default: the plan's; INR for a price file).")
  private String currency;

  @Option(names = "--json", description = "Also print the explanation as JSON.")
  private boolean json;

  /** Creates the command; used by picocli. */
  public QuoteCommand() {}

  @Override
  public Integer call() {
    Currency cur;
    ChargePrice price;
    String label;
    Plan plan = null;
    if (what.price != null) {
      price = ChargePrice.of(PriceJson.read(what.price));
      cur = Money.currency(currency == null ? "INR" : currency);
      label = what.price.toString();
    } else {
      plan = findPlan(what.planCharge.plan, what.planCharge.charge);
      Charge charge = plan.charges().stream().filter(c -> c.code().equals(what.planCharge.charge)).findFirst()
          .orElseThrow();
      cur = currency == null ? plan.currency() : Money.currency(currency);
      price = charge.priceIn(cur, plan.currency());
      label = plan.reference() + " charge " + charge.code();
    }
    PricingInput input = input(selecting(plan));
    ChargeAmount a = ChargePricing.DEFAULT.price(price, input, cur);
    PrintWriter out = spec.commandLine().getOut();
    out.println("Quote: " + label + ", quantity " + Text.number(a.quantity()));
    if (eventsLine != null) {
      out.println(eventsLine);
    }
    ObjectNode explanation = ExplanationJson.write(a.rated().explanation());
    Explain.lines(explanation, "  ").forEach(out::println);
    out.println("Amount (exact)   " + Text.money(a.amount()));
    if (a.maximumReduction().isPositive()) {
      out.println("Maximum applied  " + Text.money(a.maximumReduction().negated()));
    }
    if (a.trueUp().isPositive()) {
      out.println("Minimum true-up  " + Text.money(RoundingPolicy.DEFAULT.round(a.trueUp())));
    }
    out.println("Amount           " + Text.money(RoundingPolicy.DEFAULT.round(a.amount())
        .plus(RoundingPolicy.DEFAULT.round(a.trueUp()))) + "  (rounded to " + cur.getDefaultFractionDigits()
        + " decimals, HALF_UP)");
    if (json) {
      out.println(Json.write(explanation));
    }
    out.flush();
    return 0;
  }

  /** With --events: what the events were, how many the meter took (printed under the quote's first line). */
  private String eventsLine;

  /**
   * The meter that selects the events to price, as the bill run derives it for the charge; null
   * when every event counts (a price file without --meter, or no --events).
   */
  private Meter selecting(Plan plan) {
    if (events == null) {
      if (meters != null || meter != null) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, meters != null ? "--meters" : "--meter",
            meters != null ? meters : meter, "only with --events");
      }
      return null;
    }
    if (plan == null && meter == null) {
      if (meters != null) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "--meters", meters,
            "with --price, also --meter CODE (which meter selects the events)");
      }
      return null;
    }
    if (plan != null && meter != null) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "--meter", meter,
          "only with --price: a plan's charge names its meter");
    }
    Map<String, Meter> defined = meterDefinitions();
    if (plan == null) {
      Meter m = defined.get(meter);
      if (m == null) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "--meter", meter, "a meter of "
            + (meters == null ? "the bundled otp-india meters" : meters) + ": " + defined.keySet());
      }
      return m;
    }
    Charge charge = plan.charges().stream().filter(c -> c.code().equals(what.planCharge.charge)).findFirst()
        .orElseThrow();
    if (charge.kind() != ChargeKind.USAGE) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "--events", events,
          "a usage charge: " + charge.code() + " is a " + charge.kind().name().toLowerCase(java.util.Locale.ROOT)
              + " charge, priced by --quantity");
    }
    String code = charge.meter().orElseThrow();
    if (!defined.containsKey(code)) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "--meters", meters == null ? meterSource : meters,
          "a definition of meter '" + code + "' (charge " + charge.code() + "'s meter); give --meters FILE");
    }
    return ChargeMeters.derive(List.of(plan), defined).stream()
        .filter(m -> m.code().equals(ChargeMeters.code(plan, charge))).findFirst().orElseThrow();
  }

  /** Where the meter definitions came from, for messages. */
  private Object meterSource = "the bundled otp-india meters";

  private Map<String, Meter> meterDefinitions() {
    Path file = meters;
    if (file == null && what.planCharge != null) {
      Path beside = what.planCharge.plan.toAbsolutePath().resolveSibling("meters.json");
      if (java.nio.file.Files.isRegularFile(beside)) {
        file = beside;
        meterSource = beside;
      }
    }
    if (file == null) {
      return dev.billwright.examples.data.Dataset.bundled("otp-india").meters();
    }
    Map<String, Meter> out = new LinkedHashMap<>();
    for (Meter m : MeterJson.readAll(file)) {
      out.put(m.code(), m);
    }
    return out;
  }

  private PricingInput input(Meter selecting) {
    int given = (quantity != null ? 1 : 0) + (groups != null ? 1 : 0) + (events != null ? 1 : 0);
    if (given != 1) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "--quantity/--group/--events", given + " given",
          "exactly one of --quantity, --group (repeatable) or --events");
    }
    if (quantity != null) {
      return PricingInput.ofQuantity(quantity);
    }
    if (groups != null) {
      Map<Map<String, String>, BigDecimal> g = new LinkedHashMap<>();
      for (String text : groups) {
        int eq = text.lastIndexOf('=');
        if (eq <= 0) {
          throw BillingException.invalid(ErrorCode.INVALID_VALUE, "--group", text, "K=V[,K=V]=QUANTITY");
        }
        Map<String, String> dims = new LinkedHashMap<>();
        for (String kv : text.substring(0, eq).split(",")) {
          int i = kv.indexOf('=');
          if (i <= 0) {
            throw BillingException.invalid(ErrorCode.INVALID_VALUE, "--group", text, "K=V[,K=V]=QUANTITY");
          }
          dims.put(kv.substring(0, i), kv.substring(i + 1));
        }
        g.merge(dims, dev.billwright.money.Decimals.parse(text.substring(eq + 1), "--group " + text), BigDecimal::add);
      }
      return PricingInput.ofGroups(g);
    }
    String property = valueProperty;
    if (property == null && selecting != null) {
      if (selecting.aggregation() != Aggregation.COUNT && selecting.aggregation() != Aggregation.SUM) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "--events", events, "events of a count or sum "
            + "meter (meter " + selecting.code() + " aggregates by " + selecting.aggregation().name()
                .toLowerCase(java.util.Locale.ROOT) + "): aggregate them and quote with --quantity or --group");
      }
      property = selecting.valueProperty().orElse(null);
    }
    List<PricedEvent> list = new ArrayList<>();
    long read = 0;
    try (EventReader r = MonthRun.open(events)) {
      while (r.hasNext()) {
        UsageEvent e = r.next();
        read++;
        if (selecting != null && !selecting.matches(e)) {
          continue;
        }
        BigDecimal value = BigDecimal.ONE;
        if (property != null) {
          String v = e.property(property);
          if (v == null) {
            throw BillingException.invalid(ErrorCode.INVALID_VALUE, events + ": event " + e.id() + " property "
                + property, null, "a decimal value");
          }
          value = dev.billwright.money.Decimals.parse(v, "event " + e.id() + " " + property);
        }
        list.add(new PricedEvent(e.id(), value, e.properties()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    eventsLine = selecting == null ? "  events: " + read + " read, every one counted (no meter selects them)"
        : "  events: " + read + " read, " + list.size() + " counted by meter " + selecting.code() + " (event type "
            + selecting.eventType() + (selecting.filters().isEmpty() ? "" : ", filters " + selecting.filters()) + "), "
            + (read - list.size()) + " not";
    return PricingInput.ofEvents(list);
  }

  static Plan findPlan(Path file, String chargeCode) {
    JsonNode node = Json.readFile(file);
    List<Plan> plans = node.has("plans") ? PlanJson.readAll(node, file.toString())
        : List.of(PlanJson.read(node, file.toString()));
    for (Plan p : plans) {
      if (p.charges().stream().anyMatch(c -> c.code().equals(chargeCode))) {
        return p;
      }
    }
    throw BillingException.invalid(ErrorCode.INVALID_VALUE, "--charge", chargeCode,
        "the code of a charge of " + file + ": " + plans.stream().flatMap(p -> p.charges().stream())
            .map(Charge::code).distinct().toList());
  }
}

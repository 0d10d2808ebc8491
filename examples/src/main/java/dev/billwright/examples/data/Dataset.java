package dev.billwright.examples.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanJson;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.metering.Meter;
import dev.billwright.metering.MeterJson;
import dev.billwright.money.ExchangeRate;
import dev.billwright.time.BillingPeriod;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The inputs of a billing month: meters, plans, the supplier, the customers with their
 * subscriptions, and how the month's events are generated.
 *
 * <p>Read from three JSON documents: {@code meters.json} ({@code {"meters": [meter...]}}, the
 * meter format of the plan-format specification), {@code plans.json}
 * ({@code {"plans": [plan...]}}) and {@code customers.json} (described in docs/cli.md: the
 * month, its time zone, the invoice series code, the event generator, the supplier and the
 * customers). Unknown fields are rejected with their JSON path.
 *
 * @param name the data set's name, for messages
 * @param meters the meters by code, in file order
 * @param plans the plans, in file order
 * @param month the billing month
 * @param zone the zone of the month's boundaries
 * @param seriesCode the invoice series code, such as {@code INV}
 * @param generator the event generator's name ({@code otp-india} or {@code aws-lambda}), or
 *     empty when the events come from a file only
 * @param eventCount the default number of events to generate (for {@code aws-lambda}: requests)
 * @param seed the generator's seed
 * @param supplier the supplier (GST registered), or empty for an untaxed data set
 * @param customers the customers, in file order
 * @param exchangeRates the published exchange rates lines are converted at when a subscription
 *     is billed in another currency than its plan's (bundled {@code exchange-rates.json}, all of
 *     one source), empty for none
 */
public record Dataset(String name, Map<String, Meter> meters, List<Plan> plans, YearMonth month, ZoneId zone,
    String seriesCode, Optional<String> generator, long eventCount, long seed, Optional<Party> supplier,
    List<Customer> customers, List<ExchangeRate> exchangeRates) {

  /** The names of the bundled data sets. */
  public static final List<String> BUNDLED = List.of("otp-india", "aws-lambda", "multi-currency");

  /**
   * Copies the collections.
   *
   * @param name the name
   * @param meters the meters
   * @param plans the plans
   * @param month the month
   * @param zone the zone
   * @param seriesCode the series code
   * @param generator the generator
   * @param eventCount the event count
   * @param seed the seed
   * @param supplier the supplier
   * @param customers the customers
   * @param exchangeRates the exchange rates
   */
  public Dataset {
    exchangeRates = List.copyOf(exchangeRates);
    meters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(meters));
    plans = List.copyOf(plans);
    customers = List.copyOf(customers);
  }

  /**
   * Returns the billing period of the month in the data set's zone.
   *
   * @return the period, never null
   */
  public BillingPeriod period() {
    return BillingPeriod.ofDates(month.atDay(1), month.plusMonths(1).atDay(1), zone);
  }

  /**
   * Returns a customer by id.
   *
   * @param id the customer id
   * @return the customer, or empty
   */
  public Optional<Customer> customer(String id) {
    return customers.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  /**
   * Returns a copy with another default event count.
   *
   * @param count the number of events, at least 0
   * @return the copy
   */
  public Dataset withEventCount(long count) {
    return new Dataset(name, meters, plans, month, zone, seriesCode, generator, count, seed, supplier, customers,
        exchangeRates);
  }

  /**
   * Loads a bundled data set from the class path ({@code bundled/<name>/}).
   *
   * @param name one of {@link #BUNDLED}
   * @return the data set, with the rates of its {@code exchange-rates.json} if it has one, never
   *     null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if there is no such data set,
   *     or {@link ErrorCode#INVALID_DOCUMENT} naming the JSON path if a file is malformed
   */
  public static Dataset bundled(String name) {
    if (!BUNDLED.contains(name)) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "--example", name, "one of " + BUNDLED);
    }
    String base = "bundled/" + name + "/";
    Dataset data = parse(name, resource(base + "meters.json"), resource(base + "plans.json"),
        resource(base + "customers.json"));
    if (Dataset.class.getClassLoader().getResource(base + "exchange-rates.json") == null) {
      return data;
    }
    return new Dataset(data.name, data.meters, data.plans, data.month, data.zone, data.seriesCode, data.generator,
        data.eventCount, data.seed, data.supplier, data.customers, rates(resource(base + "exchange-rates.json")));
  }

  /**
   * Loads a data set from files; a null path takes the bundled {@code otp-india} file. An
   * {@code exchange-rates.json} beside the customers file, when there is one, gives the published
   * rates (as for a bundled data set).
   *
   * @param meters the meters file, or null
   * @param plans the plans file, or null
   * @param customers the customers file, or null
   * @return the data set, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} naming the file and JSON
   *     path if a file is missing or malformed
   */
  public static Dataset load(Path meters, Path plans, Path customers) {
    String base = "bundled/otp-india/";
    Dataset data = parse(customers == null ? "otp-india" : customers.toString(),
        meters == null ? resource(base + "meters.json") : Json.readFile(meters),
        plans == null ? resource(base + "plans.json") : Json.readFile(plans),
        customers == null ? resource(base + "customers.json") : Json.readFile(customers));
    java.nio.file.Path rates = customers == null ? null : customers.toAbsolutePath().resolveSibling("exchange-rates.json");
    if (rates == null || !java.nio.file.Files.isRegularFile(rates)) {
      return data;
    }
    return new Dataset(data.name, data.meters, data.plans, data.month, data.zone, data.seriesCode, data.generator,
        data.eventCount, data.seed, data.supplier, data.customers, rates(Json.readFile(rates)));
  }

  private static JsonNode resource(String path) {
    try (InputStream in = Dataset.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw BillingException.invalid(ErrorCode.INVALID_DOCUMENT, "resource", path, "a bundled file");
      }
      return Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), path);
    } catch (IOException e) {
      throw new BillingException(ErrorCode.INVALID_DOCUMENT, path + ": " + e.getMessage(), e);
    }
  }

  static Dataset parse(String name, JsonNode metersDoc, JsonNode plansDoc, JsonNode customersDoc) {
    Map<String, Meter> meters = new LinkedHashMap<>();
    for (Meter m : MeterJson.readAll(metersDoc, "meters.json")) {
      if (meters.put(m.code(), m) != null) {
        throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "meters.json: $.meters", m.code(),
            "distinct meter codes");
      }
    }
    List<Plan> plans = PlanJson.readAll(plansDoc, "plans.json");

    JsonObjectReader c = JsonObjectReader.root(customersDoc, "customers.json");
    YearMonth month = parseMonth(c);
    ZoneId zone = parseZone(c);
    String series = c.optionalText("invoice_series").orElse("INV");
    Optional<String> generator = Optional.empty();
    long count = 0;
    long seed = 1;
    Optional<JsonObjectReader> ev = c.optionalObject("events");
    if (ev.isPresent()) {
      JsonObjectReader e = ev.get();
      generator = e.optionalText("generator");
      count = e.optionalLong("count").orElse(0L);
      seed = e.optionalLong("seed").orElse(1L);
      e.end();
    }
    Optional<Party> supplier = c.optionalObject("supplier").map(s -> {
      Party p = Party.read(s);
      s.end();
      return p;
    });
    List<Customer> customers = new ArrayList<>(c.objects("customers", r -> {
      Customer cu = Customer.read(r);
      r.end();
      return cu;
    }));
    c.end();
    return new Dataset(name, meters, plans, month, zone, series, generator, count, seed, supplier, customers,
        List.of());
  }

  /**
   * Reads {@code exchange-rates.json}: {@code {"source": "...", "rates": [{"from": "USD",
   * "to": "EUR", "rate": "0.8542", "published_at": "2026-09-30T14:00:00Z"}, ...]}}; a rate applies
   * from its publication until the next one for the same pair.
   */
  static List<ExchangeRate> rates(JsonNode doc) {
    JsonObjectReader r = JsonObjectReader.root(doc, "exchange-rates.json");
    String source = r.text("source");
    List<ExchangeRate> rates = r.objects("rates", o -> {
      String at = o.text("published_at");
      java.time.Instant published;
      try {
        published = java.time.Instant.parse(at);
      } catch (DateTimeParseException e) {
        throw JsonObjectReader.error(o.pathOf("published_at"), at, "an instant such as 2026-09-30T14:00:00Z");
      }
      ExchangeRate rate = new ExchangeRate(dev.billwright.money.Money.currency(o.text("from")),
          dev.billwright.money.Money.currency(o.text("to")), o.decimal("rate"), source, published);
      o.end();
      return rate;
    });
    r.end();
    return rates;
  }

  private static YearMonth parseMonth(JsonObjectReader c) {
    String text = c.text("month");
    try {
      return YearMonth.parse(text);
    } catch (DateTimeParseException e) {
      throw JsonObjectReader.error(c.pathOf("month"), text, "a month such as 2026-10");
    }
  }

  private static ZoneId parseZone(JsonObjectReader c) {
    String text = c.text("time_zone");
    try {
      return ZoneId.of(text);
    } catch (java.time.DateTimeException e) {
      throw JsonObjectReader.error(c.pathOf("time_zone"), text, "a time zone id such as Asia/Kolkata");
    }
  }
}

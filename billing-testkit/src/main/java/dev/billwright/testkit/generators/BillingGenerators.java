package dev.billwright.testkit.generators;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanJson;
import dev.billwright.json.Json;
import dev.billwright.subscription.Subscription;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.quicktheories.core.Gen;

/**
 * QuickTheories generators of plans, subscriptions and instants for properties of the invoicing
 * engine ({@code dev.billwright.billing}).
 *
 * <p>Plans are monthly, in USD, with a seat-priced recurring fee billed in advance (unit price
 * 0.01 to 10 000.00) and a per-unit usage charge in arrears on meter {@code api_calls} (unit price
 * 0 to 1 with up to 4 decimals); their billing settings (alignment, zone, proration basis) are
 * given, so that two plans of one scenario share them.
 */
public final class BillingGenerators {
  /** The billing alignments generated: {@code calendar}, {@code anniversary}. */
  public static final List<String> ALIGNMENTS = List.of("calendar", "anniversary");
  /** The time zones generated. */
  public static final List<String> ZONES = List.of("UTC", "Asia/Kolkata", "America/New_York");
  /** The proration bases generated: {@code seconds}, {@code days}, {@code days_30}. */
  public static final List<String> BASES = List.of("seconds", "days", "days_30");

  private BillingGenerators() {}

  /**
   * Generates billing settings as the plan format's {@code billing} object: monthly, with an
   * alignment from {@link #ALIGNMENTS}, a zone from {@link #ZONES} and a basis from
   * {@link #BASES}.
   *
   * @return the generator of JSON texts, never null
   */
  public static Gen<String> billingSettings() {
    Gen<Integer> a = integers().between(0, ALIGNMENTS.size() - 1);
    Gen<Integer> z = integers().between(0, ZONES.size() - 1);
    Gen<Integer> b = integers().between(0, BASES.size() - 1);
    return in -> "{\"cadence\":\"P1M\",\"alignment\":\"" + ALIGNMENTS.get(a.generate(in)) + "\",\"time_zone\":\""
        + ZONES.get(z.generate(in)) + "\",\"proration\":\"" + BASES.get(b.generate(in)) + "\"}";
  }

  /**
   * Generates amounts with 2 decimals from 0.01 to 10 000.00 (a monthly fee).
   *
   * @return the generator, never null
   */
  public static Gen<BigDecimal> fees() {
    Gen<Long> cents = longs().between(1, 1_000_000);
    return in -> BigDecimal.valueOf(cents.generate(in), 2);
  }

  /**
   * Generates seat quantities from 1 to 50.
   *
   * @return the generator, never null
   */
  public static Gen<BigDecimal> seats() {
    Gen<Integer> n = integers().between(1, 50);
    return in -> BigDecimal.valueOf(n.generate(in));
  }

  /**
   * Returns a plan with a seat fee in advance (charge {@code <code>_seats}) and a per-unit usage
   * charge in arrears ({@code api_calls}).
   *
   * @param code the plan code, not blank
   * @param billing the plan format's {@code billing} object as JSON text, not null
   * @param seatPrice the monthly price of one seat, positive
   * @param usagePrice the price of one API call, zero or more
   * @return the plan (version 1, active), never null
   * @throws dev.billwright.error.BillingException if the settings are invalid
   */
  public static Plan plan(String code, String billing, BigDecimal seatPrice, BigDecimal usagePrice) {
    String json = """
        {"code":"%s","version":1,"status":"active","currency":"USD","billing":%s,
         "charges":[
          {"code":"%s_seats","kind":"recurring","timing":"in_advance",
           "price":{"model":"per_unit","unit_price":"%s"}},
          {"code":"api_calls","kind":"usage","meter":"api_calls","timing":"in_arrears",
           "price":{"model":"per_unit","unit_price":"%s"}}]}
        """.formatted(code, billing, code, seatPrice.toPlainString(), usagePrice.toPlainString());
    return PlanJson.read(Json.parse(json, "generated plan " + code), "generated plan " + code);
  }

  /**
   * Generates plans as {@link #plan} with generated settings and prices.
   *
   * @param code the plan code, not blank
   * @return the generator, never null
   */
  public static Gen<Plan> plans(String code) {
    Gen<String> billing = billingSettings();
    Gen<BigDecimal> fee = fees();
    Gen<Long> usage = longs().between(0, 10_000);
    return in -> plan(code, billing.generate(in), fee.generate(in), BigDecimal.valueOf(usage.generate(in), 4));
  }

  /**
   * Generates whole-second instants in {@code [from, to)}.
   *
   * @param from the first instant, not null
   * @param to the end (exclusive), after {@code from}
   * @return the generator, never null
   */
  public static Gen<Instant> instants(Instant from, Instant to) {
    Gen<Long> s = longs().between(from.getEpochSecond(), to.getEpochSecond() - 1);
    return in -> Instant.ofEpochSecond(s.generate(in));
  }

  /**
   * Generates subscriptions to version 1 of a plan, starting in {@code [from, to)} with
   * generated seats.
   *
   * @param id the subscription id, not blank
   * @param planCode the plan code, not blank
   * @param from the earliest start, not null
   * @param to the end of the start range (exclusive), after {@code from}
   * @return the generator, never null
   */
  public static Gen<Subscription> subscriptions(String id, String planCode, Instant from, Instant to) {
    Gen<Instant> start = instants(from, to);
    Gen<BigDecimal> seats = seats();
    return in -> Subscription.builder().id(id).customerId("cus_" + id).planCode(planCode).planVersion(1)
        .start(start.generate(in)).seats(seats.generate(in)).build();
  }
}

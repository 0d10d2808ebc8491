package dev.billwright.catalog;

import java.nio.file.Path;
import java.io.InputStream;
import dev.billwright.json.JsonDocuments;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.pricing.ChargePrice;
import dev.billwright.pricing.PriceJson;
import dev.billwright.time.BillingAlignment;
import dev.billwright.time.BillingCadence;
import dev.billwright.time.ProrationBasis;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes plans and charges in the plan format (version 1, snake_case, decimals as
 * strings), as specified in docs/plan-format.md.
 *
 * <p>Reading rejects unknown fields and bad values with the JSON path, the field, the value and
 * what was expected. Writing produces the canonical form: every field the model holds, defaults
 * written out, in a fixed order, so {@code read(write(plan))} equals {@code plan}.
 */
public final class PlanJson {
  private PlanJson() {}

  /**
   * Reads a plan object.
   *
   * @param r the reader positioned on the plan object, not null
   * @return the plan, never null
   * @throws BillingException naming the JSON path of the problem
   */
  public static Plan read(JsonObjectReader r) {
    return read(r, Optional.empty());
  }

  /**
   * Reads a plan object with a fallback convention preset (a bill run's {@code conventions}
   * option): the plan's own {@code conventions} wins over the fallback, and an option written
   * in the plan wins over either. The preset fills in, where the plan leaves them out,
   * {@code billing.proration}, {@code billing.cadence_change_anchor},
   * {@code billing.usage_tiers_across_change}, {@code billing.termination_day},
   * {@code rounding.mode} and the {@code bill_first_tier_at_zero} of every graduated, volume,
   * stairstep and graduated-percentage price ({@link Conventions}).
   *
   * @param r the reader on the plan object, not null
   * @param fallback the preset to use when the plan names none, not null, may be empty
   * @return the plan, never null
   * @throws BillingException naming the JSON path of the problem
   */
  public static Plan read(JsonObjectReader r, Optional<Conventions> fallback) {
    Optional<Conventions> preset = r.optionalText("conventions")
        .map(t -> wrap(() -> Conventions.fromJsonName(t), r.pathOf("conventions")));
    Optional<Conventions> effective = preset.isPresent() ? preset : fallback;
    if (effective.isEmpty()) {
      return readPlan(r, Optional.empty());
    }
    com.fasterxml.jackson.databind.JsonNode node = r.node();
    if (!node.isObject()) {
      return readPlan(r, effective);
    }
    ObjectNode filled = ((ObjectNode) node).deepCopy();
    filled.remove("conventions");
    applyPreset(effective.get(), filled);
    java.util.List<String> fields = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(fields::add);
    r.markRead(fields.toArray(String[]::new));
    r.end();
    return readPlan(JsonObjectReader.at(filled, r.path()), effective);
  }

  /** Puts a preset's value of every option the plan leaves out into a copy of its JSON. */
  private static void applyPreset(Conventions c, ObjectNode plan) {
    com.fasterxml.jackson.databind.JsonNode billing = plan.get("billing");
    if (billing == null || billing.isNull()) {
      billing = plan.putObject("billing");
    }
    if (billing instanceof ObjectNode bo) {
      putIfAbsent(bo, "proration", c.proration().jsonName());
      putIfAbsent(bo, "cadence_change_anchor", JsonObjectReader.jsonName(c.cadenceChangeAnchor()));
      putIfAbsent(bo, "usage_tiers_across_change", JsonObjectReader.jsonName(c.usageTiersAcrossChange()));
      putIfAbsent(bo, "termination_day", JsonObjectReader.jsonName(c.terminationDay()));
      putIfAbsent(bo, "trial_anchor", JsonObjectReader.jsonName(c.trialAnchor()));
    }
    com.fasterxml.jackson.databind.JsonNode rounding = plan.get("rounding");
    if (rounding == null || rounding.isNull()) {
      rounding = plan.putObject("rounding");
    }
    if (rounding instanceof ObjectNode ro) {
      putIfAbsent(ro, "mode", JsonObjectReader.jsonName(c.roundingMode()));
    }
    com.fasterxml.jackson.databind.JsonNode charges = plan.get("charges");
    if (charges != null && charges.isArray()) {
      for (com.fasterxml.jackson.databind.JsonNode charge : charges) {
        presetPrice(c, charge.get("price"));
        com.fasterxml.jackson.databind.JsonNode prices = charge.get("prices");
        if (prices != null && prices.isObject()) {
          prices.elements().forEachRemaining(p -> presetPrice(c, p));
        }
      }
    }
  }

  private static final java.util.Set<String> TIERED_MODELS =
      java.util.Set.of("graduated", "volume", "stairstep", "graduated_percentage");

  private static void presetPrice(Conventions c, com.fasterxml.jackson.databind.JsonNode price) {
    if (price instanceof ObjectNode po && po.path("model").isTextual()
        && TIERED_MODELS.contains(po.path("model").asText())) {
      if (!po.has("bill_first_tier_at_zero")) {
        po.put("bill_first_tier_at_zero", c.billFirstTierAtZero());
      }
    }
  }

  private static void putIfAbsent(ObjectNode o, String field, String value) {
    if (!o.has(field) || o.get(field).isNull()) {
      o.put(field, value);
    }
  }

  private static Plan readPlan(JsonObjectReader r, Optional<Conventions> conventions) {
    Plan.Builder b = Plan.builder();
    conventions.ifPresent(b::conventions);
    b.code(r.text("code"));
    b.version(r.integer("version"));
    r.optionalEnum("status", PlanStatus.class).ifPresent(b::status);
    r.optionalText("name").ifPresent(b::name);
    r.optionalText("description");
    r.optionalText("effective_from").ifPresent(t -> b.effectiveFrom(instant(t, r.pathOf("effective_from"))));
    r.optionalText("effective_to").ifPresent(t -> b.effectiveTo(instant(t, r.pathOf("effective_to"))));
    Currency currency = currency(r.text("currency"), r.pathOf("currency"));
    b.currency(currency);
    r.optionalObject("billing").ifPresent(br -> b.billing(readBilling(br)));
    r.optionalText("trial").ifPresent(t -> b.trial(period(t, r.pathOf("trial"))));
    b.addAllCharges(r.objects("charges", c -> readCharge(c, currency)));
    r.optionalObject("minimum_commitment").ifPresent(mr -> {
      b.minimumCommitment(Money.of(currency, mr.decimal("amount")));
      mr.end();
    });
    r.optionalObject("rounding").ifPresent(rr -> {
      RoundingMode mode = rr.optionalEnum("mode", RoundingMode.class).orElse(RoundingMode.HALF_UP);
      if (mode == RoundingMode.UNNECESSARY) {
        throw JsonObjectReader.error(rr.pathOf("mode"), "\"unnecessary\"", Plan.ROUNDING_MODES);
      }
      rr.end();
      b.rounding(RoundingPolicy.ofCurrency(mode));
    });
    r.end();
    return wrap(b::build, r.path());
  }

  /**
   * Reads the {@code billing} object.
   *
   * @param r the reader on the billing object, not null
   * @return the settings, with defaults for absent fields, never null
   * @throws BillingException naming the JSON path of the problem
   */
  public static BillingSettings readBilling(JsonObjectReader r) {
    BillingSettings d = BillingSettings.DEFAULT;
    BillingCadence cadence = r.optionalText("cadence")
        .map(t -> wrap(() -> BillingCadence.parse(t), r.pathOf("cadence"))).orElse(d.cadence());
    BillingAlignment alignment = r.optionalEnum("alignment", BillingAlignment.class).orElse(d.alignment());
    ZoneId zone = r.optionalText("time_zone").map(t -> zone(t, r.pathOf("time_zone"))).orElse(d.zone());
    ProrationBasis proration = r.optionalText("proration")
        .map(t -> wrap(() -> ProrationBasis.fromJsonName(t), r.pathOf("proration"))).orElse(d.proration());
    CadenceChangeAnchor anchor = r.optionalEnum("cadence_change_anchor", CadenceChangeAnchor.class)
        .orElse(d.cadenceChangeAnchor());
    UsageTiersAcrossChange tiers = r.optionalEnum("usage_tiers_across_change", UsageTiersAcrossChange.class)
        .orElse(d.usageTiersAcrossChange());
    TerminationDay terminationDay = r.optionalEnum("termination_day", TerminationDay.class)
        .orElse(d.terminationDay());
    TrialAnchor trialAnchor = r.optionalEnum("trial_anchor", TrialAnchor.class).orElse(d.trialAnchor());
    List<UsageThreshold> thresholds = r.has("usage_thresholds")
        ? r.objects("usage_thresholds", t -> {
          UsageThreshold u = wrap(() -> UsageThreshold.of(t.decimal("amount"), t.bool("recurring", false)), t.path());
          t.end();
          return u;
        })
        : List.of();
    r.end();
    return wrap(() -> new BillingSettings(cadence, alignment, zone, proration, anchor, tiers, terminationDay,
        thresholds, trialAnchor), r.path());
  }

  /**
   * Reads a charge object.
   *
   * @param r the reader on the charge object, not null
   * @param planCurrency the plan's currency, not null
   * @return the charge, never null
   * @throws BillingException naming the JSON path of the problem
   */
  public static Charge readCharge(JsonObjectReader r, Currency planCurrency) {
    Charge.Builder b = Charge.builder();
    b.code(r.text("code"));
    r.optionalText("name").ifPresent(b::name);
    b.kind(r.enumValue("kind", ChargeKind.class));
    r.optionalText("meter").ifPresent(b::meter);
    Map<String, List<String>> filters = r.map("filters", (n, p) -> texts(n, p));
    for (Map.Entry<String, List<String>> f : filters.entrySet()) {
      b.putFilters(f.getKey(), new LinkedHashSet<>(f.getValue()));
    }
    b.addAllGroupBy(r.texts("group_by"));
    r.optionalEnum("timing", ChargeTiming.class).ifPresent(b::timing);
    r.optionalText("cadence").ifPresent(t -> b.cadence(wrap(() -> BillingCadence.parse(t), r.pathOf("cadence"))));
    ChargePrice mainPrice = PriceJson.readChargePrice(r);
    b.price(mainPrice);
    Map<String, ChargePrice> prices = r.map("prices", (n, p) -> {
      JsonObjectReader pr = JsonObjectReader.at(n, p);
      ChargePrice cp = PriceJson.readChargePrice(pr, mainPrice);
      pr.end();
      return cp;
    });
    for (Map.Entry<String, ChargePrice> e : prices.entrySet()) {
      b.putPrices(currency(e.getKey(), r.pathOf("prices") + "." + e.getKey()), e.getValue());
    }
    if (r.has("prorated")) {
      b.prorated(r.bool("prorated", false));
    }
    r.optionalText("tax_code").ifPresent(b::taxCode);
    r.optionalDecimal("discount_percent").ifPresent(b::discountPercent);
    r.end();
    return wrap(b::build, r.path());
  }

  /**
   * Reads per-customer overrides: {@code {"prices": {CHARGE: {"price": {...}}}, "discounts":
   * {CHARGE: "10"}}}.
   *
   * @param r the reader on the overrides object, not null
   * @return the overrides, never null
   * @throws BillingException naming the JSON path of the problem
   */
  public static PlanOverrides readOverrides(JsonObjectReader r) {
    Map<String, ChargePrice> prices = r.map("prices", (n, p) -> {
      JsonObjectReader pr = JsonObjectReader.at(n, p);
      ChargePrice cp = PriceJson.readChargePrice(pr);
      pr.end();
      return cp;
    });
    Map<String, java.math.BigDecimal> discounts = r.map("discounts", (n, p) -> {
      java.math.BigDecimal d = JsonObjectReader.decimalOf(n, p);
      if (!Charge.isDiscount(d)) {
        throw JsonObjectReader.error(p, n, Charge.DISCOUNT_RANGE);
      }
      return d;
    });
    r.end();
    return wrap(() -> new PlanOverrides(prices, discounts), r.path());
  }

  /**
   * Writes per-customer overrides, charge codes in sorted order.
   *
   * @param overrides the overrides, not null
   * @return the JSON object, never null
   */
  public static ObjectNode writeOverrides(PlanOverrides overrides) {
    ObjectNode o = Json.object();
    ObjectNode prices = o.putObject("prices");
    new java.util.TreeMap<>(overrides.prices()).forEach((code, cp) -> {
      ObjectNode p = Json.object();
      PriceJson.writeChargePrice(cp, p);
      prices.set(code, p);
    });
    ObjectNode discounts = o.putObject("discounts");
    new java.util.TreeMap<>(overrides.discountPercents()).forEach((code, d) -> discounts.put(code, d.toPlainString()));
    return o;
  }

  /**
   * Writes a plan in canonical form.
   *
   * @param plan the plan, not null
   * @return the JSON object, never null
   */
  public static ObjectNode write(Plan plan) {
    ObjectNode o = Json.object();
    o.put("code", plan.code());
    o.put("version", plan.version());
    o.put("status", JsonObjectReader.jsonName(plan.status()));
    o.put("name", plan.name());
    plan.effectiveFrom().ifPresent(t -> o.put("effective_from", t.toString()));
    plan.effectiveTo().ifPresent(t -> o.put("effective_to", t.toString()));
    o.put("currency", plan.currency().getCurrencyCode());
    plan.conventions().ifPresent(c -> o.put("conventions", c.jsonName()));
    o.set("billing", writeBilling(plan.billing()));
    plan.trial().ifPresent(t -> o.put("trial", t.toString()));
    ArrayNode charges = o.putArray("charges");
    for (Charge c : plan.charges()) {
      charges.add(writeCharge(c));
    }
    plan.minimumCommitment().ifPresent(m -> o.putObject("minimum_commitment").put("amount", m.amount().toPlainString()));
    o.putObject("rounding").put("mode", JsonObjectReader.jsonName(plan.rounding().mode()));
    return o;
  }

  /**
   * Writes billing settings.
   *
   * @param billing the settings, not null
   * @return the JSON object, never null
   */
  public static ObjectNode writeBilling(BillingSettings billing) {
    ObjectNode o = Json.object();
    o.put("cadence", billing.cadence().toString());
    o.put("alignment", billing.alignment().jsonName());
    o.put("time_zone", billing.zone().getId());
    o.put("proration", billing.proration().jsonName());
    if (billing.cadenceChangeAnchor() != CadenceChangeAnchor.KEEP) {
      o.put("cadence_change_anchor", billing.cadenceChangeAnchor().name().toLowerCase(java.util.Locale.ROOT));
    }
    if (billing.usageTiersAcrossChange() != UsageTiersAcrossChange.RESTART) {
      o.put("usage_tiers_across_change", JsonObjectReader.jsonName(billing.usageTiersAcrossChange()));
    }
    if (billing.terminationDay() != TerminationDay.NOT_BILLED) {
      o.put("termination_day", JsonObjectReader.jsonName(billing.terminationDay()));
    }
    if (billing.trialAnchor() != TrialAnchor.START) {
      o.put("trial_anchor", JsonObjectReader.jsonName(billing.trialAnchor()));
    }
    if (!billing.usageThresholds().isEmpty()) {
      ArrayNode a = o.putArray("usage_thresholds");
      for (UsageThreshold t : billing.usageThresholds()) {
        ObjectNode to = a.addObject();
        to.put("amount", t.amount().toPlainString());
        to.put("recurring", t.recurring());
      }
    }
    return o;
  }

  /**
   * Writes a charge in canonical form.
   *
   * @param c the charge, not null
   * @return the JSON object, never null
   */
  public static ObjectNode writeCharge(Charge c) {
    ObjectNode o = Json.object();
    o.put("code", c.code());
    o.put("name", c.name());
    o.put("kind", JsonObjectReader.jsonName(c.kind()));
    c.meter().ifPresent(m -> o.put("meter", m));
    if (!c.filters().isEmpty()) {
      ObjectNode f = o.putObject("filters");
      c.filters().forEach((k, v) -> {
        ArrayNode values = f.putArray(k);
        v.forEach(values::add);
      });
    }
    if (!c.groupBy().isEmpty()) {
      ArrayNode g = o.putArray("group_by");
      c.groupBy().forEach(g::add);
    }
    o.put("timing", JsonObjectReader.jsonName(c.timing()));
    c.cadence().ifPresent(cad -> o.put("cadence", cad.toString()));
    PriceJson.writeChargePrice(c.price(), o);
    if (!c.prices().isEmpty()) {
      ObjectNode ps = o.putObject("prices");
      c.prices().entrySet().stream()
          .sorted(Map.Entry.comparingByKey((a, b) -> a.getCurrencyCode().compareTo(b.getCurrencyCode())))
          .forEach(e -> {
            ObjectNode p = Json.object();
            PriceJson.writeChargePrice(e.getValue(), p);
            ps.set(e.getKey().getCurrencyCode(), p);
          });
    }
    o.put("prorated", c.prorated());
    c.taxCode().ifPresent(t -> o.put("tax_code", t));
    c.discountPercent().ifPresent(d -> o.put("discount_percent", d.toPlainString()));
    return o;
  }

  private static List<String> texts(JsonNode n, String path) {
    if (!n.isArray()) {
      throw JsonObjectReader.error(path, n, "an array of strings");
    }
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      if (!n.get(i).isTextual()) {
        throw JsonObjectReader.error(path + "[" + i + "]", n.get(i), "a string");
      }
      out.add(n.get(i).textValue());
    }
    return out;
  }

  static Instant instant(String text, String path) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw JsonObjectReader.error(path, text, "an ISO-8601 date-time with offset, such as 2026-04-01T00:00:00+05:30");
    }
  }

  static ZoneId zone(String text, String path) {
    try {
      return ZoneId.of(text);
    } catch (java.time.DateTimeException e) {
      throw JsonObjectReader.error(path, text, "an IANA time zone such as Asia/Kolkata or UTC");
    }
  }

  static Period period(String text, String path) {
    try {
      return Period.parse(text);
    } catch (DateTimeParseException e) {
      throw JsonObjectReader.error(path, text, "an ISO-8601 period such as P14D");
    }
  }

  /** What a billing currency field accepts. */
  static final String BILLING_CURRENCY = "an ISO 4217 currency code with minor units, such as INR, USD or JPY "
      + "(not XXX, XAU, XDR or other codes that are not money with minor units)";

  static Currency currency(String code, String path) {
    Currency currency;
    try {
      currency = Currency.getInstance(code.toUpperCase(Locale.ROOT).equals(code) ? code : "?");
    } catch (IllegalArgumentException e) {
      throw JsonObjectReader.error(path, "\"" + code + "\"", BILLING_CURRENCY);
    }
    if (currency.getDefaultFractionDigits() < 0) {
      throw JsonObjectReader.error(path, "\"" + code + "\"", BILLING_CURRENCY);
    }
    return currency;
  }

  /**
   * Reads a billing currency: an ISO 4217 code in upper case whose currency has minor units
   * ({@link Currency#getDefaultFractionDigits()} of 0 or more), so that amounts in it can be
   * rounded; XXX (no currency), XAU (gold), XDR (SDR) and the like are rejected at load instead
   * of failing at the first bill.
   *
   * @param code the code as written, not null
   * @param path the JSON path of the field for messages
   * @return the currency, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} naming the path and the code
   */
  public static Currency readCurrency(String code, String path) {
    return currency(code, path);
  }

  /** Runs a factory, prefixing the JSON path to any definition error it throws. */
  static <T> T wrap(java.util.function.Supplier<T> factory, String path) {
    try {
      return factory.get();
    } catch (BillingException e) {
      if (e.getMessage().startsWith("at ") || e.getMessage().contains(": $")) {
        throw e;
      }
      throw new BillingException(e.code(), "at " + path + ": " + e.getMessage(), e);
    }
  }

  // One reader shape for every document (see JsonDocuments): read(source) for a document of one
  // plan, readAll(source) for {"plans": [ … ]}.

  /**
   * Reads a document of one plan from a file: JSON, or YAML when the name ends in
   * {@code .yaml} or {@code .yml}.
   *
   * @param file the file, not null
   * @return the plan, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} naming the file and JSON path
   *     when the file is unreadable, malformed or has an unknown field, or the codes of
   *     {@link #read(JsonObjectReader)}
   */
  public static Plan read(Path file) {
    return read(JsonDocuments.parse(file), file.toString());
  }

  /**
   * Reads a document of one plan from a UTF-8 stream (not closed), as {@link #read(Path)}.
   *
   * @param in the stream, not null
   * @param source the document's name for messages; a name ending in {@code .yaml} or
   *     {@code .yml} reads YAML
   * @return the plan, never null
   * @throws BillingException as {@link #read(Path)}
   */
  public static Plan read(InputStream in, String source) {
    return read(JsonDocuments.parse(in, source), source);
  }

  /**
   * Reads a document of one plan from text, as {@link #read(Path)}.
   *
   * @param text the JSON (or YAML) text, not null
   * @param source the document's name for messages; a name ending in {@code .yaml} or
   *     {@code .yml} reads YAML
   * @return the plan, never null
   * @throws BillingException as {@link #read(Path)}
   */
  public static Plan read(String text, String source) {
    return read(JsonDocuments.parse(text, source), source);
  }

  /**
   * Reads a document of one plan already parsed to a tree; a field the plan does not have is
   * rejected.
   *
   * @param node the plan object, not null
   * @param source the document's name for messages, such as a file name; may be empty
   * @return the plan, never null
   * @throws BillingException as {@link #read(Path)}
   */
  public static Plan read(JsonNode node, String source) {
    return JsonDocuments.one(node, source, PlanJson::read);
  }

  /**
   * Reads a document of many: {@code {"plans": [ plan, … ]}} or a bare JSON array of them,
   * from a file (JSON, or YAML by its name).
   *
   * @param file the file, not null
   * @return the values in document order, unmodifiable, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} naming the file and JSON path
   *     when the file is unreadable or malformed, {@code plans} is missing, another field is
   *     present, or an element is invalid (the codes of {@link #read(JsonObjectReader)})
   */
  public static List<Plan> readAll(Path file) {
    return readAll(JsonDocuments.parse(file), file.toString());
  }

  /**
   * Reads a document of many from a UTF-8 stream (not closed), as {@link #readAll(Path)}.
   *
   * @param in the stream, not null
   * @param source the document's name for messages; a name ending in {@code .yaml} or
   *     {@code .yml} reads YAML
   * @return the values in document order, unmodifiable, never null
   * @throws BillingException as {@link #readAll(Path)}
   */
  public static List<Plan> readAll(InputStream in, String source) {
    return readAll(JsonDocuments.parse(in, source), source);
  }

  /**
   * Reads a document of many from text, as {@link #readAll(Path)}.
   *
   * @param text the JSON (or YAML) text, not null
   * @param source the document's name for messages; a name ending in {@code .yaml} or
   *     {@code .yml} reads YAML
   * @return the values in document order, unmodifiable, never null
   * @throws BillingException as {@link #readAll(Path)}
   */
  public static List<Plan> readAll(String text, String source) {
    return readAll(JsonDocuments.parse(text, source), source);
  }

  /**
   * Reads a document of many already parsed to a tree, as {@link #readAll(Path)}.
   *
   * @param node the root: an object with {@code plans} or an array, not null
   * @param source the document's name for messages; may be empty
   * @return the values in document order, unmodifiable, never null
   * @throws BillingException as {@link #readAll(Path)}
   */
  public static List<Plan> readAll(JsonNode node, String source) {
    return JsonDocuments.many(node, source, "plans", PlanJson::read);
  }
}

package dev.billwright.subscription;

import dev.billwright.error.ErrorCode;
import java.util.List;
import java.nio.file.Path;
import java.io.InputStream;
import dev.billwright.json.JsonDocuments;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.catalog.PlanJson;
import dev.billwright.error.BillingException;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.money.Money;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.TreeMap;

/**
 * Reads and writes subscriptions as JSON:
 * <pre>
 * { "id": "sub_1", "customer": "cus_1", "plan": {"code": "otp-growth", "version": 3},
 *   "overrides": {"prices": {…}, "discounts": {"otp": "10"}},
 *   "start": "2026-10-01T00:00:00+05:30", "end": null, "billing_cycle_anchor": null,
 *   "trial_end": null, "seats": "1", "currency": null, "time_zone": "Europe/Berlin",
 *   "changes": [ {"id": "chg_1", "kind": "upgrade", "requested_at": "…", "timing": "immediate",
 *                 "plan": {"code": "otp-scale", "version": 1}},
 *                {"id": "chg_2", "kind": "quantity", "requested_at": "…", "timing": "at_period_end", "seats": "5"},
 *                {"id": "chg_3", "kind": "pause", "requested_at": "…", "timing": "immediate"},
 *                {"id": "chg_4", "kind": "resume", "requested_at": "…", "timing": "immediate"},
 *                {"id": "chg_5", "kind": "cancellation", "requested_at": "…", "timing": "at_period_end"},
 *                {"id": "chg_6", "kind": "reactivation", "requested_at": "…", "timing": "immediate"} ],
 *   "metadata": {"crm_id": "42"} }
 * </pre>
 * Instants are ISO-8601 with an offset; decimals are strings. Unknown fields are rejected with
 * their JSON path.
 */
public final class SubscriptionJson {
  private SubscriptionJson() {}

  /**
   * Reads a subscription.
   *
   * @param r the reader on the subscription object, not null
   * @return the subscription, never null
   * @throws BillingException naming the JSON path of the problem
   */
  public static Subscription read(JsonObjectReader r) {
    Subscription.Builder b = Subscription.builder();
    b.id(r.text("id"));
    b.customerId(r.text("customer"));
    JsonObjectReader plan = r.object("plan");
    b.planCode(plan.text("code"));
    b.planVersion(plan.integer("version"));
    plan.end();
    r.optionalObject("overrides").ifPresent(o -> b.overrides(PlanJson.readOverrides(o)));
    b.start(instant(r, "start"));
    if (r.has("end")) {
      b.end(instant(r, "end"));
    }
    if (r.has("billing_cycle_anchor")) {
      b.billingCycleAnchor(instant(r, "billing_cycle_anchor"));
    }
    if (r.has("trial_end")) {
      b.trialEnd(instant(r, "trial_end"));
    }
    r.optionalDecimal("seats").ifPresent(b::seats);
    r.optionalText("currency").ifPresent(c -> b.currency(PlanJson.readCurrency(c, r.pathOf("currency"))));
    r.optionalText("time_zone").ifPresent(z -> b.timeZone(zone(r, z)));
    b.addAllChanges(r.objects("changes", SubscriptionJson::readChange));
    b.putAllMetadata(r.map("metadata", (n, p) -> {
      if (!n.isTextual()) {
        throw JsonObjectReader.error(p, n, "a string");
      }
      return n.textValue();
    }));
    r.end();
    try {
      return b.build();
    } catch (BillingException e) {
      throw new BillingException(e.code(), "at " + r.path() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a change.
   *
   * @param r the reader on the change object, not null
   * @return the change, never null
   * @throws BillingException naming the JSON path of the problem
   */
  public static SubscriptionChange readChange(JsonObjectReader r) {
    String id = r.text("id");
    SubscriptionChange.Kind kind = r.enumValue("kind", SubscriptionChange.Kind.class);
    Instant at = instant(r, "requested_at");
    ChangeTiming timing = r.enumValue("timing", ChangeTiming.class);
    String code = null;
    Integer version = null;
    if (r.has("plan")) {
      JsonObjectReader plan = r.object("plan");
      code = plan.text("code");
      version = plan.integer("version");
      plan.end();
    }
    var overrides = r.optionalObject("overrides").map(PlanJson::readOverrides).orElse(null);
    var seats = r.optionalDecimal("seats").orElse(null);
    r.end();
    try {
      return new SubscriptionChange(id, kind, at, timing, code, version, overrides, seats);
    } catch (BillingException e) {
      throw new BillingException(e.code(), "at " + r.path() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a subscription in canonical form (absent optional fields are omitted).
   *
   * @param s the subscription, not null
   * @return the JSON object, never null
   */
  public static ObjectNode write(Subscription s) {
    ObjectNode o = Json.object();
    o.put("id", s.id());
    o.put("customer", s.customerId());
    o.putObject("plan").put("code", s.planCode()).put("version", s.planVersion());
    if (!s.overrides().isEmpty()) {
      o.set("overrides", PlanJson.writeOverrides(s.overrides()));
    }
    o.put("start", s.start().toString());
    s.end().ifPresent(e -> o.put("end", e.toString()));
    o.put("billing_cycle_anchor", s.billingCycleAnchor().toString());
    s.trialEnd().ifPresent(t -> o.put("trial_end", t.toString()));
    o.put("seats", s.seats().toPlainString());
    s.currency().ifPresent(c -> o.put("currency", c.getCurrencyCode()));
    s.timeZone().ifPresent(z -> o.put("time_zone", z.getId()));
    ArrayNode changes = o.putArray("changes");
    for (SubscriptionChange c : s.changes()) {
      ObjectNode co = changes.addObject();
      co.put("id", c.id());
      co.put("kind", JsonObjectReader.jsonName(c.kind()));
      co.put("requested_at", c.requestedAt().toString());
      co.put("timing", JsonObjectReader.jsonName(c.timing()));
      if (c.planCode() != null) {
        co.putObject("plan").put("code", c.planCode()).put("version", c.planVersion());
      }
      c.newOverrides().ifPresent(ov -> co.set("overrides", PlanJson.writeOverrides(ov)));
      if (c.seats() != null) {
        co.put("seats", c.seats().toPlainString());
      }
    }
    ObjectNode meta = o.putObject("metadata");
    new TreeMap<>(s.metadata()).forEach(meta::put);
    return o;
  }

  private static java.time.ZoneId zone(JsonObjectReader r, String text) {
    try {
      return java.time.ZoneId.of(text);
    } catch (java.time.DateTimeException e) {
      throw JsonObjectReader.error(r.pathOf("time_zone"), text, "a time zone id such as Asia/Kolkata");
    }
  }

  private static Instant instant(JsonObjectReader r, String field) {
    String text = r.text(field);
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw JsonObjectReader.error(r.pathOf(field), text, "an ISO-8601 date-time with offset, such as 2026-10-01T00:00:00+05:30");
    }
  }

  // One reader shape for every document (see JsonDocuments): read(source) for a document of one
  // subscription, readAll(source) for {"subscriptions": [ … ]}.

  /**
   * Reads a document of one subscription from a file: JSON, or YAML when the name ends in
   * {@code .yaml} or {@code .yml}.
   *
   * @param file the file, not null
   * @return the subscription, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} naming the file and JSON path
   *     when the file is unreadable, malformed or has an unknown field, or the codes of
   *     {@link #read(JsonObjectReader)}
   */
  public static Subscription read(Path file) {
    return read(JsonDocuments.parse(file), file.toString());
  }

  /**
   * Reads a document of one subscription from a UTF-8 stream (not closed), as {@link #read(Path)}.
   *
   * @param in the stream, not null
   * @param source the document's name for messages; a name ending in {@code .yaml} or
   *     {@code .yml} reads YAML
   * @return the subscription, never null
   * @throws BillingException as {@link #read(Path)}
   */
  public static Subscription read(InputStream in, String source) {
    return read(JsonDocuments.parse(in, source), source);
  }

  /**
   * Reads a document of one subscription from text, as {@link #read(Path)}.
   *
   * @param text the JSON (or YAML) text, not null
   * @param source the document's name for messages; a name ending in {@code .yaml} or
   *     {@code .yml} reads YAML
   * @return the subscription, never null
   * @throws BillingException as {@link #read(Path)}
   */
  public static Subscription read(String text, String source) {
    return read(JsonDocuments.parse(text, source), source);
  }

  /**
   * Reads a document of one subscription already parsed to a tree; a field the subscription does not have is
   * rejected.
   *
   * @param node the subscription object, not null
   * @param source the document's name for messages, such as a file name; may be empty
   * @return the subscription, never null
   * @throws BillingException as {@link #read(Path)}
   */
  public static Subscription read(JsonNode node, String source) {
    return JsonDocuments.one(node, source, SubscriptionJson::read);
  }

  /**
   * Reads a document of many: {@code {"subscriptions": [ subscription, … ]}} or a bare JSON array of them,
   * from a file (JSON, or YAML by its name).
   *
   * @param file the file, not null
   * @return the values in document order, unmodifiable, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} naming the file and JSON path
   *     when the file is unreadable or malformed, {@code subscriptions} is missing, another field is
   *     present, or an element is invalid (the codes of {@link #read(JsonObjectReader)})
   */
  public static List<Subscription> readAll(Path file) {
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
  public static List<Subscription> readAll(InputStream in, String source) {
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
  public static List<Subscription> readAll(String text, String source) {
    return readAll(JsonDocuments.parse(text, source), source);
  }

  /**
   * Reads a document of many already parsed to a tree, as {@link #readAll(Path)}.
   *
   * @param node the root: an object with {@code subscriptions} or an array, not null
   * @param source the document's name for messages; may be empty
   * @return the values in document order, unmodifiable, never null
   * @throws BillingException as {@link #readAll(Path)}
   */
  public static List<Subscription> readAll(JsonNode node, String source) {
    return JsonDocuments.many(node, source, "subscriptions", SubscriptionJson::read);
  }
}

package dev.billwright.invoice;

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
import dev.billwright.money.ExchangeRate;
import dev.billwright.money.ExchangeRateDate;
import dev.billwright.money.Money;
import dev.billwright.tax.TaxDecision;
import dev.billwright.tax.TaxLine;
import dev.billwright.tax.TaxPlace;
import dev.billwright.time.BillingPeriod;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads and writes {@link Invoice}s as JSON: snake_case fields in a fixed order, decimals as
 * strings (plain, at least the currency's minor units), enums in lower snake_case, maps in key
 * order, instants in ISO-8601 UTC, optional fields left out when empty; the same invoice always
 * gives the same bytes.
 *
 * <p>The document holds the derived figures too ({@code taxable_amount} per line,
 * {@code totals}) for readers that do not recompute them; {@link #read} recomputes them and
 * rejects a document whose figures disagree. Amounts are written without currency: the invoice's
 * {@code currency} applies to all.
 *
 * <p>A line's {@link InvoiceLine#origin()} is written as {@code "origin": {"type": …}} after its
 * {@code kind}, with {@code type} one of {@code priced}, {@code prorated},
 * {@code proration_credit} (and {@code credited_line_id}), {@code correction} (and
 * {@code corrected_line_id}), {@code commitment_true_up}, {@code manual}. It is left out when it
 * is the {@linkplain LineOrigin#defaultFor default of the line's kind}, so lines that say nothing
 * more than their kind read the same as before origins existed. Invoices written before origins
 * existed have no {@code origin}; their proration credits and corrections named the line they
 * refer to only in the explanation. For a line without {@code origin} only, the origin is
 * therefore derived once, here, as the engine decided then: a {@code proration_credit} line whose
 * explanation has a {@code credited_line} text is a {@link LineOrigin.ProrationCredit} of it, an
 * {@code adjustment} line whose explanation has a {@code corrects_line} text a
 * {@link LineOrigin.Correction} of it, any other line has its kind's default. Nothing else reads
 * explanation keys; a line whose explanation holds such a key but whose origin differs is written
 * with its {@code origin}, so every line reads back as written.
 *
 * <p>The {@link Invoice#taxDecision()} is written after {@code metadata} as
 * {@code "tax_decision": {"place_of_supply": {"code", "name", "basis"}, "supply_type",
 * "reverse_charge", "notes": [ ], "round_off"}} ({@code place_of_supply}, {@code supply_type} and
 * {@code round_off} left out when absent); an invoice written before decisions were kept has no
 * {@code tax_decision} and reads with none.
 */
public final class InvoiceJson {
  private InvoiceJson() {}

  /**
   * Writes an invoice.
   *
   * @param invoice the invoice, not null
   * @return a new JSON object, never null
   */
  public static ObjectNode write(Invoice invoice) {
    ObjectNode root = Json.object();
    root.put("id", invoice.id());
    root.put("key", invoice.key().value());
    invoice.number().ifPresent(n -> root.put("number", n));
    root.put("status", JsonObjectReader.jsonName(invoice.status()));
    root.put("customer_id", invoice.customerId());
    ArrayNode subs = root.putArray("subscription_ids");
    invoice.subscriptionIds().forEach(subs::add);
    root.put("currency", invoice.currency().getCurrencyCode());
    root.put("issued_at", invoice.issuedAt().toString());
    invoice.finalizedAt().ifPresent(t -> root.put("finalized_at", t.toString()));
    invoice.paidAt().ifPresent(t -> root.put("paid_at", t.toString()));
    invoice.voidedAt().ifPresent(t -> root.put("voided_at", t.toString()));
    invoice.uncollectibleAt().ifPresent(t -> root.put("uncollectible_at", t.toString()));
    invoice.dueDate().ifPresent(d -> root.put("due_date", d.toString()));
    ArrayNode lines = root.putArray("lines");
    for (InvoiceLine line : invoice.lines()) {
      lines.add(writeLine(line));
    }
    ArrayNode discounts = root.putArray("discount_lines");
    for (DiscountLine d : invoice.discountLines()) {
      ObjectNode node = discounts.addObject();
      node.put("coupon_id", d.couponId());
      node.put("line_id", d.lineId());
      node.put("amount", amount(d.amount()));
    }
    ArrayNode credits = root.putArray("credits_applied");
    for (AppliedCredit c : invoice.creditsApplied()) {
      ObjectNode node = credits.addObject();
      node.put("source_id", c.sourceId());
      node.put("amount", amount(c.amount()));
      c.conversion().ifPresent(cc -> {
        ObjectNode conv = node.putObject("conversion");
        conv.put("wallet_currency", cc.walletAmount().currency().getCurrencyCode());
        conv.put("wallet_amount", amount(cc.walletAmount()));
        conv.put("rate", cc.rate().rate().toPlainString());
        conv.put("rate_source", cc.rate().source());
        conv.put("rate_date", cc.rate().publishedAt().toString());
      });
    }
    ObjectNode metadata = root.putObject("metadata");
    new TreeMap<>(invoice.metadata()).forEach(metadata::put);
    invoice.taxDecision().ifPresent(d -> root.set("tax_decision", writeDecision(d)));
    root.set("totals", writeTotals(invoice.totals()));
    invoice.reportingTotals().ifPresent(r -> root.set("reporting_totals", writeReportingTotals(r)));
    return root;
  }

  /**
   * Writes an invoice's reporting totals: {@code {"currency", "rate", "rate_source", "rate_date",
   * "subtotal", "discount_total", "total_tax", "total"}} (the rate fields absent for an invoice
   * already in the reporting currency).
   *
   * @param r the reporting totals, not null
   * @return a new JSON object, never null
   */
  public static ObjectNode writeReportingTotals(ReportingTotals r) {
    ObjectNode node = Json.object();
    node.put("currency", r.currency().getCurrencyCode());
    r.rate().ifPresent(rate -> {
      node.put("rate", rate.rate().toPlainString());
      node.put("rate_source", rate.source());
      node.put("rate_date", rate.publishedAt().toString());
    });
    node.put("subtotal", amount(r.subtotal()));
    node.put("discount_total", amount(r.discountTotal()));
    node.put("total_tax", amount(r.totalTax()));
    node.put("total", amount(r.total()));
    return node;
  }

  static ReportingTotals readReportingTotals(JsonObjectReader r, String invoiceId, Currency invoiceCurrency) {
    Currency reporting = Money.currency(r.text("currency"));
    Optional<ExchangeRate> rate = Optional.empty();
    try {
      if (r.node().has("rate")) {
        rate = Optional.of(new ExchangeRate(invoiceCurrency, reporting, r.decimal("rate"), r.text("rate_source"),
            instant(r, "rate_date").orElseThrow(() -> JsonObjectReader.error(r.pathOf("rate_date"), null,
                "the rate's publication instant"))));
      }
      ReportingTotals totals = new ReportingTotals(invoiceId, rate, money(r, "subtotal", reporting),
          money(r, "discount_total", reporting), money(r, "total_tax", reporting), money(r, "total", reporting));
      r.end();
      return totals;
    } catch (BillingException e) {
      if (e.code() == ErrorCode.INVALID_DOCUMENT) {
        throw e;
      }
      throw new BillingException(ErrorCode.INVALID_DOCUMENT, "at " + r.path() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes an invoice with its status as of an instant: {@link #write} plus an {@code as_of}
   * object {@code {"at", "payment_status", "amount_remaining"}} (the {@link PaymentStatus} and
   * {@link InvoiceBalance#amountDue} at that instant; {@code due_date} is already in
   * {@link #write}). {@link #read} ignores {@code as_of}: it is derived, not part of the document.
   *
   * @param invoice the invoice, not null
   * @param creditNotes its credit notes, any status, not null
   * @param paid what the host recorded as paid, at least 0, not null
   * @param asOf the instant, not null
   * @return a new JSON object, never null
   * @throws BillingException as {@link PaymentStatus#of(Invoice, List, Money, Instant)}
   */
  public static ObjectNode writeAsOf(Invoice invoice, List<CreditNote> creditNotes, Money paid, Instant asOf) {
    ObjectNode root = write(invoice);
    ObjectNode at = root.putObject("as_of");
    at.put("at", asOf.toString());
    at.put("payment_status", JsonObjectReader.jsonName(PaymentStatus.of(invoice, creditNotes, paid, asOf)));
    at.put("amount_remaining", amount(InvoiceBalance.amountDue(invoice, creditNotes, paid)));
    return root;
  }

  /**
   * Reads an invoice written by {@link #write} (or {@link #writeAsOf}, whose {@code as_of} is
   * skipped).
   *
   * @param reader the reader positioned on the invoice object, not null
   * @return the invoice, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} for a malformed document or
   *     derived figures that disagree with the lines, or the codes of {@link Invoice.Builder#build()}
   */
  public static Invoice read(JsonObjectReader reader) {
    Currency currency = Money.currency(reader.text("currency"));
    Invoice.Builder b = Invoice.builder()
        .id(reader.text("id"))
        .key(InvoiceKey.parse(reader.text("key")))
        .number(reader.optionalText("number"))
        .status(reader.enumValue("status", InvoiceStatus.class))
        .customerId(reader.text("customer_id"))
        .addAllSubscriptionIds(reader.texts("subscription_ids"))
        .currency(currency)
        .issuedAt(instant(reader, "issued_at").orElseThrow(() -> JsonObjectReader.error(
            reader.pathOf("issued_at"), null, "an ISO-8601 instant")))
        .finalizedAt(instant(reader, "finalized_at"))
        .paidAt(instant(reader, "paid_at"))
        .voidedAt(instant(reader, "voided_at"))
        .uncollectibleAt(instant(reader, "uncollectible_at"));
    Optional<String> due = reader.optionalText("due_date");
    if (due.isPresent()) {
      try {
        b.dueDate(LocalDate.parse(due.get()));
      } catch (DateTimeParseException e) {
        throw JsonObjectReader.error(reader.pathOf("due_date"), due.get(), "an ISO-8601 date such as 2026-11-15");
      }
    }
    b.addAllLines(reader.objects("lines", r -> readLine(r, currency)));
    b.addAllDiscountLines(reader.objects("discount_lines", r -> {
      DiscountLine d = new DiscountLine(r.text("coupon_id"), r.text("line_id"), money(r, "amount", currency));
      r.end();
      return d;
    }));
    b.addAllCreditsApplied(reader.objects("credits_applied", r -> {
      Optional<CreditConversion> conversion = r.optionalObject("conversion").map(cr -> {
        Currency wallet = Money.currency(cr.text("wallet_currency"));
        try {
          CreditConversion cc = new CreditConversion(money(cr, "wallet_amount", wallet), new ExchangeRate(wallet,
              currency, cr.decimal("rate"), cr.text("rate_source"), instant(cr, "rate_date").orElseThrow(() ->
                  JsonObjectReader.error(cr.pathOf("rate_date"), null, "the rate's publication instant"))));
          cr.end();
          return cc;
        } catch (BillingException e) {
          if (e.code() == ErrorCode.INVALID_DOCUMENT) {
            throw e;
          }
          throw new BillingException(ErrorCode.INVALID_DOCUMENT, "at " + cr.path() + ": " + e.getMessage(), e);
        }
      });
      AppliedCredit c = new AppliedCredit(r.text("source_id"), money(r, "amount", currency), conversion);
      r.end();
      return c;
    }));
    b.putAllMetadata(reader.map("metadata", (node, path) -> {
      if (!node.isTextual()) {
        throw JsonObjectReader.error(path, node, "a string");
      }
      return node.textValue();
    }));
    b.taxDecision(reader.optionalObject("tax_decision").map(r -> readDecision(r, currency)));
    String invoiceId = reader.text("id");
    b.reportingTotals(reader.optionalObject("reporting_totals").map(r -> readReportingTotals(r, invoiceId, currency)));
    JsonNode totals = reader.node().get("totals");
    reader.markRead("totals");
    reader.markRead("as_of");
    reader.end();
    Invoice invoice = b.build();
    if (totals != null && !totals.equals(writeTotals(invoice.totals()))) {
      throw JsonObjectReader.error(reader.pathOf("totals"), totals,
          "the totals of the lines " + writeTotals(invoice.totals()));
    }
    return invoice;
  }

  /**
   * Writes invoice totals: {@code subtotal}, {@code discount_total}, {@code taxable_total},
   * {@code tax_by_head} (head order), {@code total_tax}, {@code collectible_tax}, {@code total},
   * {@code credits_applied}, {@code amount_due}.
   *
   * @param totals the totals, not null
   * @return a new JSON object, never null
   */
  public static ObjectNode writeTotals(InvoiceTotals totals) {
    ObjectNode node = Json.object();
    node.put("subtotal", amount(totals.subtotal()));
    node.put("discount_total", amount(totals.discountTotal()));
    node.put("taxable_total", amount(totals.taxableTotal()));
    ObjectNode heads = node.putObject("tax_by_head");
    totals.taxByHead().forEach((h, m) -> heads.put(h, amount(m)));
    node.put("total_tax", amount(totals.totalTax()));
    node.put("collectible_tax", amount(totals.collectibleTax()));
    node.put("total", amount(totals.total()));
    node.put("credits_applied", amount(totals.creditsApplied()));
    node.put("amount_due", amount(totals.amountDue()));
    return node;
  }

  static ObjectNode writeLine(InvoiceLine line) {
    ObjectNode node = Json.object();
    node.put("line_id", line.lineId());
    line.subscriptionId().ifPresent(s -> node.put("subscription_id", s));
    node.put("charge_code", line.chargeCode());
    node.put("description", line.description());
    node.put("kind", JsonObjectReader.jsonName(line.kind()));
    if (!line.origin().equals(LineOrigin.defaultFor(line.kind()))
        || !legacyOrigin(line.kind(), line.explanation()).equals(line.origin())) {
      node.set("origin", writeOrigin(line.origin()));
    }
    node.put("service_period", line.servicePeriod().toString());
    node.put("quantity", line.quantity().toPlainString());
    ObjectNode group = node.putObject("group_key");
    new TreeMap<>(line.groupKey()).forEach(group::put);
    node.put("exact_amount", amount(line.exactAmount()));
    node.put("amount", amount(line.amount()));
    node.put("discount_amount", amount(line.discountAmount()));
    node.put("taxable_amount", amount(line.taxableAmount()));
    node.put("tax_code", line.taxCode());
    node.set("tax_lines", writeTaxLines(line.taxLines()));
    line.conversion().ifPresent(c -> node.set("conversion", writeConversion(c)));
    node.set("explanation", line.explanation().deepCopy());
    return node;
  }

  /**
   * A line's conversion: {@code {"price_currency", "price_amount", "rate", "rate_source",
   * "rate_date", "rate_rule", "rate_for"}} (the rate as published, its publication instant, the
   * rule and the instant it named), and {@code "proration": "n/d"} for a prorated fee, whose
   * {@code price_amount} is then the full-period amount before proration.
   */
  static ObjectNode writeConversion(LineConversion c) {
    ObjectNode node = Json.object();
    node.put("price_currency", c.priceAmount().currency().getCurrencyCode());
    node.put("price_amount", amount(c.priceAmount()));
    node.put("rate", c.rate().rate().toPlainString());
    node.put("rate_source", c.rate().source());
    node.put("rate_date", c.rate().publishedAt().toString());
    node.put("rate_rule", c.rule().jsonName());
    node.put("rate_for", c.rateFor().toString());
    c.proration().ifPresent(f -> node.put("proration", f.toString()));
    return node;
  }

  static LineConversion readConversion(JsonObjectReader r, Currency invoiceCurrency) {
    String code = r.text("price_currency");
    Currency from;
    try {
      from = Currency.getInstance(code);
    } catch (IllegalArgumentException e) {
      throw JsonObjectReader.error(r.pathOf("price_currency"), code, "an ISO 4217 currency code");
    }
    Money priceAmount = money(r, "price_amount", from);
    ExchangeRate rate;
    try {
      rate = new ExchangeRate(from, invoiceCurrency, r.decimal("rate"), r.text("rate_source"),
          instant(r, "rate_date").orElseThrow(() -> JsonObjectReader.error(r.pathOf("rate_date"), null,
              "the rate's publication instant")));
    } catch (BillingException e) {
      throw new BillingException(ErrorCode.INVALID_DOCUMENT, "at " + r.path() + ": " + e.getMessage(), e);
    }
    ExchangeRateDate rule = ExchangeRateDate.parse(r.text("rate_rule"), r.pathOf("rate_rule"));
    Instant rateFor = instant(r, "rate_for").orElseThrow(() -> JsonObjectReader.error(r.pathOf("rate_for"), null,
        "the instant the rate was asked for"));
    Optional<dev.billwright.time.ProrationFraction> proration = r.optionalText("proration").map(t -> {
      try {
        return dev.billwright.time.ProrationFraction.parse(t);
      } catch (BillingException e) {
        throw JsonObjectReader.error(r.pathOf("proration"), t, "a fraction n/d below 1, such as 10/31");
      }
    });
    r.end();
    try {
      return new LineConversion(priceAmount, rate, rule, rateFor, proration);
    } catch (BillingException e) {
      throw new BillingException(ErrorCode.INVALID_DOCUMENT, "at " + r.path() + ": " + e.getMessage(), e);
    }
  }

  static ObjectNode writeDecision(TaxDecision decision) {
    ObjectNode node = Json.object();
    decision.placeOfSupply().ifPresent(p -> {
      ObjectNode place = node.putObject("place_of_supply");
      place.put("code", p.code());
      place.put("name", p.name());
      place.put("basis", p.basis());
    });
    decision.supplyType().ifPresent(t -> node.put("supply_type", t));
    node.put("reverse_charge", decision.reverseCharge());
    ArrayNode notes = node.putArray("notes");
    decision.notes().forEach(notes::add);
    decision.roundOff().ifPresent(r -> node.put("round_off", amount(r)));
    return node;
  }

  static TaxDecision readDecision(JsonObjectReader r, Currency currency) {
    Optional<TaxPlace> place = r.optionalObject("place_of_supply").map(p -> {
      TaxPlace t = new TaxPlace(p.text("code"), p.optionalText("name").orElse(""), p.optionalText("basis").orElse(""));
      p.end();
      return t;
    });
    TaxDecision decision = new TaxDecision(place, r.optionalText("supply_type"), r.bool("reverse_charge", false),
        r.texts("notes"), r.optionalDecimal("round_off").map(d -> Money.of(currency, d)));
    r.end();
    return decision;
  }

  static ArrayNode writeTaxLines(List<TaxLine> taxLines) {
    ArrayNode array = Json.object().arrayNode();
    for (TaxLine t : taxLines) {
      ObjectNode tax = array.addObject();
      tax.put("head", t.head());
      tax.put("rate", t.ratePercent().toPlainString());
      tax.put("taxable_amount", amount(t.taxableAmount()));
      tax.put("tax_amount", amount(t.taxAmount()));
      tax.put("collectible", t.collectible());
    }
    return array;
  }

  static List<TaxLine> readTaxLines(JsonObjectReader reader, String lineId, Currency currency) {
    return reader.objects("tax_lines", r -> {
      TaxLine t = new TaxLine(lineId, r.text("head"), r.decimal("rate"), money(r, "taxable_amount", currency),
          money(r, "tax_amount", currency), r.bool("collectible", true));
      r.end();
      return t;
    });
  }

  private static InvoiceLine readLine(JsonObjectReader r, Currency currency) {
    String lineId = r.text("line_id");
    InvoiceLine.Builder b = InvoiceLine.builder()
        .lineId(lineId)
        .subscriptionId(r.optionalText("subscription_id"))
        .chargeCode(r.text("charge_code"))
        .description(r.optionalText("description").orElse(""))
        .kind(r.enumValue("kind", LineKind.class))
        .servicePeriod(period(r, "service_period"))
        .quantity(r.decimal("quantity"))
        .putAllGroupKey(r.map("group_key", (node, path) -> {
          if (!node.isTextual()) {
            throw JsonObjectReader.error(path, node, "a string");
          }
          return node.textValue();
        }))
        .exactAmount(money(r, "exact_amount", currency))
        .amount(money(r, "amount", currency))
        .discountAmount(money(r, "discount_amount", currency))
        .taxCode(r.optionalText("tax_code").orElse(""))
        .addAllTaxLines(readTaxLines(r, lineId, currency));
    Optional<Money> taxable = r.optionalDecimal("taxable_amount").map(d -> Money.of(currency, d));
    r.optionalObject("conversion").ifPresent(c -> b.conversion(readConversion(c, currency)));
    JsonNode explanation = r.node().get("explanation");
    r.markRead("explanation");
    if (explanation != null && !explanation.isNull()) {
      if (!explanation.isObject()) {
        throw JsonObjectReader.error(r.pathOf("explanation"), explanation, "an object");
      }
      b.explanation(((ObjectNode) explanation).deepCopy());
    }
    LineKind kind = r.enumValue("kind", LineKind.class);
    Optional<JsonObjectReader> origin = r.optionalObject("origin");
    b.origin(origin.isPresent() ? readOrigin(origin.get())
        : legacyOrigin(kind, explanation != null && explanation.isObject() ? (ObjectNode) explanation : Json.object()));
    r.end();
    InvoiceLine line = b.build();
    if (taxable.isPresent() && !taxable.get().equals(line.taxableAmount())) {
      throw JsonObjectReader.error(r.pathOf("taxable_amount"), taxable.get().amount(),
          "amount − discount_amount = " + line.taxableAmount().amount().toPlainString());
    }
    return line;
  }

  private static ObjectNode writeOrigin(LineOrigin origin) {
    ObjectNode node = Json.object();
    if (origin instanceof LineOrigin.ProrationCredit c) {
      node.put("type", "proration_credit");
      node.put("credited_line_id", c.creditedLineId());
    } else if (origin instanceof LineOrigin.Correction c) {
      node.put("type", "correction");
      node.put("corrected_line_id", c.correctedLineId());
    } else if (origin instanceof LineOrigin.Prorated) {
      node.put("type", "prorated");
    } else if (origin instanceof LineOrigin.CommitmentTrueUp) {
      node.put("type", "commitment_true_up");
    } else if (origin instanceof LineOrigin.Manual) {
      node.put("type", "manual");
    } else {
      node.put("type", "priced");
    }
    return node;
  }

  private static LineOrigin readOrigin(JsonObjectReader r) {
    String type = r.text("type");
    LineOrigin origin = switch (type) {
      case "priced" -> new LineOrigin.Priced();
      case "prorated" -> new LineOrigin.Prorated();
      case "proration_credit" -> new LineOrigin.ProrationCredit(r.text("credited_line_id"));
      case "correction" -> new LineOrigin.Correction(r.text("corrected_line_id"));
      case "commitment_true_up" -> new LineOrigin.CommitmentTrueUp();
      case "manual" -> new LineOrigin.Manual();
      default -> throw JsonObjectReader.error(r.pathOf("type"), type,
          "one of priced, prorated, proration_credit, correction, commitment_true_up, manual");
    };
    r.end();
    return origin;
  }

  /** The origin of a line written without one (see the class comment). */
  private static LineOrigin legacyOrigin(LineKind kind, ObjectNode explanation) {
    JsonNode credited = explanation.get("credited_line");
    if (kind == LineKind.PRORATION_CREDIT && credited != null && credited.isTextual() && !credited.asText().isBlank()) {
      return new LineOrigin.ProrationCredit(credited.asText());
    }
    JsonNode corrected = explanation.get("corrects_line");
    if (kind == LineKind.ADJUSTMENT && corrected != null && corrected.isTextual() && !corrected.asText().isBlank()) {
      return new LineOrigin.Correction(corrected.asText());
    }
    return LineOrigin.defaultFor(kind);
  }

  static String amount(Money money) {
    return money.amount().toPlainString();
  }

  static Money money(JsonObjectReader r, String field, Currency currency) {
    return Money.of(currency, r.decimal(field));
  }

  static Optional<Instant> instant(JsonObjectReader r, String field) {
    Optional<String> text = r.optionalText(field);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text.get()));
    } catch (DateTimeParseException e) {
      throw JsonObjectReader.error(r.pathOf(field), text.get(), "an ISO-8601 instant such as 2026-11-01T00:00:00Z");
    }
  }

  private static BillingPeriod period(JsonObjectReader r, String field) {
    String text = r.text(field);
    try {
      return InvoiceKey.parsePeriod(text);
    } catch (BillingException e) {
      throw new BillingException(ErrorCode.INVALID_DOCUMENT, "at " + r.pathOf(field) + ": " + e.getMessage(), e);
    }
  }

  // One reader shape for every document (see JsonDocuments): read(source) for a document of one
  // invoice, readAll(source) for {"invoices": [ … ]}.

  /**
   * Reads a document of one invoice from a file: JSON, or YAML when the name ends in
   * {@code .yaml} or {@code .yml}.
   *
   * @param file the file, not null
   * @return the invoice, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} naming the file and JSON path
   *     when the file is unreadable, malformed or has an unknown field, or the codes of
   *     {@link #read(JsonObjectReader)}
   */
  public static Invoice read(Path file) {
    return read(JsonDocuments.parse(file), file.toString());
  }

  /**
   * Reads a document of one invoice from a UTF-8 stream (not closed), as {@link #read(Path)}.
   *
   * @param in the stream, not null
   * @param source the document's name for messages; a name ending in {@code .yaml} or
   *     {@code .yml} reads YAML
   * @return the invoice, never null
   * @throws BillingException as {@link #read(Path)}
   */
  public static Invoice read(InputStream in, String source) {
    return read(JsonDocuments.parse(in, source), source);
  }

  /**
   * Reads a document of one invoice from text, as {@link #read(Path)}.
   *
   * @param text the JSON (or YAML) text, not null
   * @param source the document's name for messages; a name ending in {@code .yaml} or
   *     {@code .yml} reads YAML
   * @return the invoice, never null
   * @throws BillingException as {@link #read(Path)}
   */
  public static Invoice read(String text, String source) {
    return read(JsonDocuments.parse(text, source), source);
  }

  /**
   * Reads a document of one invoice already parsed to a tree; a field the invoice does not have is
   * rejected.
   *
   * @param node the invoice object, not null
   * @param source the document's name for messages, such as a file name; may be empty
   * @return the invoice, never null
   * @throws BillingException as {@link #read(Path)}
   */
  public static Invoice read(JsonNode node, String source) {
    return JsonDocuments.one(node, source, InvoiceJson::read);
  }

  /**
   * Reads a document of many: {@code {"invoices": [ invoice, … ]}} or a bare JSON array of them,
   * from a file (JSON, or YAML by its name).
   *
   * @param file the file, not null
   * @return the values in document order, unmodifiable, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} naming the file and JSON path
   *     when the file is unreadable or malformed, {@code invoices} is missing, another field is
   *     present, or an element is invalid (the codes of {@link #read(JsonObjectReader)})
   */
  public static List<Invoice> readAll(Path file) {
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
  public static List<Invoice> readAll(InputStream in, String source) {
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
  public static List<Invoice> readAll(String text, String source) {
    return readAll(JsonDocuments.parse(text, source), source);
  }

  /**
   * Reads a document of many already parsed to a tree, as {@link #readAll(Path)}.
   *
   * @param node the root: an object with {@code invoices} or an array, not null
   * @param source the document's name for messages; may be empty
   * @return the values in document order, unmodifiable, never null
   * @throws BillingException as {@link #readAll(Path)}
   */
  public static List<Invoice> readAll(JsonNode node, String source) {
    return JsonDocuments.many(node, source, "invoices", InvoiceJson::read);
  }
}

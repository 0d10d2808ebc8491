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
import dev.billwright.money.Money;
import java.util.Currency;
import java.util.List;

/**
 * Reads and writes {@link CreditNote}s as JSON, with the conventions of {@link InvoiceJson}
 * (snake_case, decimals as strings, fixed order). The written {@code totals}
 * ({@code taxable_total}, {@code tax_by_head}, {@code total_tax}, {@code total}: the names of the
 * same figures in invoice JSON) are checked on read. A document written before 0.1.0 named the
 * tax {@code tax_total}; it is still read (the old name is accepted in place of the new one).
 *
 * <p>{@code origin} ({@link CreditNoteOrigin} in lower snake_case) follows {@code reason_text}; it
 * is left out for a {@link CreditNoteOrigin#MANUAL} note, so a host's notes read the same as
 * before origins existed. Credit notes written before origins existed have no {@code origin}
 * either, and the bill run's notes among them must still count (a line credited for unused time
 * must not be credited twice): for a document without {@code origin} only, the origin is derived
 * once, here, from the id shapes the bill run gave its notes then (see {@link DocumentIds}):
 * {@code _proration_} → {@link CreditNoteOrigin#PRORATION_CREDIT}, {@code _cancel_} →
 * {@link CreditNoteOrigin#CANCELLATION_CREDIT}, {@code ~adj} →
 * {@link CreditNoteOrigin#USAGE_CORRECTION}, otherwise {@link CreditNoteOrigin#MANUAL}. Nothing
 * else reads ids; a manual note whose id happens to have such a shape is written with
 * {@code "origin": "manual"}, so every note reads back as written.
 *
 * <p>The {@link CreditNote#taxDecision()} follows {@code lines} as {@code tax_decision}, in the
 * shape of {@link InvoiceJson}'s; a note written before decisions were kept reads with none.
 * An approver's {@link CreditNote#decision()} follows it as
 * {@code "approval": {"approved", "actor", "reason", "at"}}; {@code status} is then
 * {@code issued}, {@code rejected} (or {@code void}); a note awaiting approval has
 * {@code "status": "pending_approval"}, no number and no {@code approval}.
 */
public final class CreditNoteJson {
  private CreditNoteJson() {}

  /**
   * Writes a credit note.
   *
   * @param note the credit note, not null
   * @return a new JSON object, never null
   */
  public static ObjectNode write(CreditNote note) {
    ObjectNode root = Json.object();
    root.put("id", note.id());
    note.number().ifPresent(n -> root.put("number", n));
    root.put("invoice_id", note.invoiceId());
    root.put("status", JsonObjectReader.jsonName(note.status()));
    root.put("currency", note.currency().getCurrencyCode());
    root.put("reason", JsonObjectReader.jsonName(note.reason()));
    root.put("reason_text", note.reasonText());
    if (note.origin() != CreditNoteOrigin.MANUAL || legacyOrigin(note.id()) != CreditNoteOrigin.MANUAL) {
      root.put("origin", JsonObjectReader.jsonName(note.origin()));
    }
    root.put("issued_at", note.issuedAt().toString());
    ArrayNode lines = root.putArray("lines");
    for (CreditNoteLine line : note.lines()) {
      ObjectNode node = lines.addObject();
      node.put("invoice_line_id", line.invoiceLineId());
      node.put("taxable_amount", InvoiceJson.amount(line.taxableAmount()));
      node.set("tax_lines", InvoiceJson.writeTaxLines(line.taxLines()));
    }
    note.taxDecision().ifPresent(d -> root.set("tax_decision", InvoiceJson.writeDecision(d)));
    note.decision().ifPresent(d -> {
      ObjectNode node = root.putObject("approval");
      node.put("approved", d.approved());
      node.put("actor", d.actor());
      node.put("reason", d.reason());
      node.put("at", d.at().toString());
    });
    root.set("totals", totals(note));
    return root;
  }

  /**
   * Reads a credit note written by {@link #write}.
   *
   * @param reader the reader positioned on the credit note, not null
   * @return the credit note, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} for a malformed document or
   *     totals that disagree with the lines
   */
  public static CreditNote read(JsonObjectReader reader) {
    Currency currency = Money.currency(reader.text("currency"));
    List<CreditNoteLine> lines = reader.objects("lines", r -> {
      String lineId = r.text("invoice_line_id");
      CreditNoteLine line = new CreditNoteLine(lineId, InvoiceJson.money(r, "taxable_amount", currency),
          InvoiceJson.readTaxLines(r, lineId, currency));
      r.end();
      return line;
    });
    String id = reader.text("id");
    CreditNoteOrigin origin = reader.optionalEnum("origin", CreditNoteOrigin.class).orElseGet(() -> legacyOrigin(id));
    CreditNote note = new CreditNote(
        id,
        reader.optionalText("number"),
        reader.text("invoice_id"),
        currency,
        reader.enumValue("reason", CreditNoteReason.class),
        reader.optionalText("reason_text").orElse(""),
        lines,
        reader.enumValue("status", CreditNoteStatus.class),
        InvoiceJson.instant(reader, "issued_at").orElseThrow(() -> JsonObjectReader.error(
            reader.pathOf("issued_at"), null, "an ISO-8601 instant")),
        origin,
        reader.optionalObject("tax_decision").map(r -> InvoiceJson.readDecision(r, currency)),
        reader.optionalObject("approval").map(r -> {
          CreditNoteDecision d = new CreditNoteDecision(r.bool("approved", false), r.text("actor"),
              r.optionalText("reason").orElse(""), InvoiceJson.instant(r, "at").orElseThrow(() ->
                  JsonObjectReader.error(r.pathOf("at"), null, "an ISO-8601 instant")));
          r.end();
          return d;
        }));
    JsonNode totals = legacyTotals(reader.node().get("totals"));
    reader.markRead("totals");
    reader.end();
    if (totals != null && !totals.equals(totals(note))) {
      throw JsonObjectReader.error(reader.pathOf("totals"), totals, "the totals of the lines " + totals(note));
    }
    return note;
  }

  /** Totals written before the tax figure was named {@code total_tax}, as invoices name it. */
  private static JsonNode legacyTotals(JsonNode totals) {
    if (totals == null || !totals.isObject() || !totals.has("tax_total") || totals.has("total_tax")) {
      return totals;
    }
    ObjectNode renamed = Json.object();
    totals.properties().forEach(e -> renamed.set(e.getKey().equals("tax_total") ? "total_tax" : e.getKey(),
        e.getValue()));
    return renamed;
  }

  /** The origin of a credit note written before origins existed (see the class comment). */
  private static CreditNoteOrigin legacyOrigin(String id) {
    if (id.contains("_proration_")) {
      return CreditNoteOrigin.PRORATION_CREDIT;
    }
    if (id.contains("_cancel_")) {
      return CreditNoteOrigin.CANCELLATION_CREDIT;
    }
    return id.contains("~adj") ? CreditNoteOrigin.USAGE_CORRECTION : CreditNoteOrigin.MANUAL;
  }

  private static ObjectNode totals(CreditNote note) {
    ObjectNode node = Json.object();
    node.put("taxable_total", InvoiceJson.amount(note.taxableTotal()));
    ObjectNode heads = node.putObject("tax_by_head");
    note.taxByHead().forEach((h, m) -> heads.put(h, InvoiceJson.amount(m)));
    node.put("total_tax", InvoiceJson.amount(note.taxTotal()));
    node.put("total", InvoiceJson.amount(note.total()));
    return node;
  }

  // One reader shape for every document (see JsonDocuments): read(source) for a document of one
  // credit note, readAll(source) for {"credit_notes": [ … ]}.

  /**
   * Reads a document of one credit note from a file: JSON, or YAML when the name ends in
   * {@code .yaml} or {@code .yml}.
   *
   * @param file the file, not null
   * @return the credit note, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} naming the file and JSON path
   *     when the file is unreadable, malformed or has an unknown field, or the codes of
   *     {@link #read(JsonObjectReader)}
   */
  public static CreditNote read(Path file) {
    return read(JsonDocuments.parse(file), file.toString());
  }

  /**
   * Reads a document of one credit note from a UTF-8 stream (not closed), as {@link #read(Path)}.
   *
   * @param in the stream, not null
   * @param source the document's name for messages; a name ending in {@code .yaml} or
   *     {@code .yml} reads YAML
   * @return the credit note, never null
   * @throws BillingException as {@link #read(Path)}
   */
  public static CreditNote read(InputStream in, String source) {
    return read(JsonDocuments.parse(in, source), source);
  }

  /**
   * Reads a document of one credit note from text, as {@link #read(Path)}.
   *
   * @param text the JSON (or YAML) text, not null
   * @param source the document's name for messages; a name ending in {@code .yaml} or
   *     {@code .yml} reads YAML
   * @return the credit note, never null
   * @throws BillingException as {@link #read(Path)}
   */
  public static CreditNote read(String text, String source) {
    return read(JsonDocuments.parse(text, source), source);
  }

  /**
   * Reads a document of one credit note already parsed to a tree; a field the credit note does not have is
   * rejected.
   *
   * @param node the credit note object, not null
   * @param source the document's name for messages, such as a file name; may be empty
   * @return the credit note, never null
   * @throws BillingException as {@link #read(Path)}
   */
  public static CreditNote read(JsonNode node, String source) {
    return JsonDocuments.one(node, source, CreditNoteJson::read);
  }

  /**
   * Reads a document of many: {@code {"credit_notes": [ credit note, … ]}} or a bare JSON array of them,
   * from a file (JSON, or YAML by its name).
   *
   * @param file the file, not null
   * @return the values in document order, unmodifiable, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} naming the file and JSON path
   *     when the file is unreadable or malformed, {@code credit_notes} is missing, another field is
   *     present, or an element is invalid (the codes of {@link #read(JsonObjectReader)})
   */
  public static List<CreditNote> readAll(Path file) {
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
  public static List<CreditNote> readAll(InputStream in, String source) {
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
  public static List<CreditNote> readAll(String text, String source) {
    return readAll(JsonDocuments.parse(text, source), source);
  }

  /**
   * Reads a document of many already parsed to a tree, as {@link #readAll(Path)}.
   *
   * @param node the root: an object with {@code credit_notes} or an array, not null
   * @param source the document's name for messages; may be empty
   * @return the values in document order, unmodifiable, never null
   * @throws BillingException as {@link #readAll(Path)}
   */
  public static List<CreditNote> readAll(JsonNode node, String source) {
    return JsonDocuments.many(node, source, "credit_notes", CreditNoteJson::read);
  }
}

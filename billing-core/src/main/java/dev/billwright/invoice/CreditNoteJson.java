package dev.billwright.invoice;

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
 * ({@code taxable_total}, {@code tax_by_head}, {@code tax_total}, {@code total}) are checked on
 * read.
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
    JsonNode totals = reader.node().get("totals");
    reader.markRead("totals");
    reader.end();
    if (totals != null && !totals.equals(totals(note))) {
      throw JsonObjectReader.error(reader.pathOf("totals"), totals, "the totals of the lines " + totals(note));
    }
    return note;
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
    node.put("tax_total", InvoiceJson.amount(note.taxTotal()));
    node.put("total", InvoiceJson.amount(note.total()));
    return node;
  }
}

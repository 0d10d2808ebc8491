package dev.billwright.credit;

import java.util.List;
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
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * JSON codec for {@link LedgerEntry} (and the {@link CreditGrant} it may carry), for hosts that
 * store ledger entries as documents.
 *
 * <p>Fields are snake_case, decimals are strings, enums lower snake_case, instants ISO-8601 UTC:
 * <pre>{@code
 * {"wallet_id": "w", "idempotency_key": "deduct:e1", "index": 0, "type": "deduction",
 *  "grant_id": "g1", "currency": "INR", "amount": "-1.50", "at": "2026-01-01T00:00:00Z",
 *  "reference": "api_calls", "request": "deduction{amount=INR 1.50, ...}"}
 * }</pre>
 * {@code reference} and {@code request} (the operation's request text, see
 * {@link LedgerEntry#request()}) are left out when null. A store must keep {@code request}
 * exactly: it is what tells a replayed operation from a conflicting one.
 * A top-up or grant entry adds {@code "grant": {"id", "wallet_id", "kind", "currency", "amount",
 * "conversion_rate"?, "priority", "effective_at", "expires_at"?, "scope": [codes]}} (an empty
 * scope means any code). {@link #read} accepts exactly what {@link #write} writes.
 */
public final class LedgerEntryJson {
  private LedgerEntryJson() {}

  /**
   * Writes an entry.
   *
   * @param entry the entry, not null
   * @return the JSON object, never null
   */
  public static ObjectNode write(LedgerEntry entry) {
    ObjectNode o = Json.object();
    o.put("wallet_id", entry.walletId());
    o.put("idempotency_key", entry.idempotencyKey());
    o.put("index", entry.index());
    o.put("type", JsonObjectReader.jsonName(entry.type()));
    o.put("grant_id", entry.grantId());
    o.put("currency", entry.amount().currency().getCurrencyCode());
    o.put("amount", entry.amount().amount().toPlainString());
    o.put("at", entry.at().toString());
    if (entry.reference() != null) {
      o.put("reference", entry.reference());
    }
    if (entry.grant() != null) {
      o.set("grant", writeGrant(entry.grant()));
    }
    if (entry.request() != null) {
      o.put("request", entry.request());
    }
    return o;
  }

  /**
   * Writes a credit grant.
   *
   * @param grant the grant, not null
   * @return the JSON object, never null
   */
  public static ObjectNode writeGrant(CreditGrant grant) {
    ObjectNode g = Json.object();
    g.put("id", grant.id());
    g.put("wallet_id", grant.walletId());
    g.put("kind", JsonObjectReader.jsonName(grant.kind()));
    g.put("currency", grant.amount().currency().getCurrencyCode());
    g.put("amount", grant.amount().amount().toPlainString());
    if (grant.conversionRate() != null) {
      g.put("conversion_rate", grant.conversionRate().toPlainString());
    }
    g.put("priority", grant.priority());
    g.put("effective_at", grant.effectiveAt().toString());
    if (grant.expiresAt() != null) {
      g.put("expires_at", grant.expiresAt().toString());
    }
    ArrayNode scope = g.putArray("scope");
    grant.scope().codes().forEach(scope::add);
    return g;
  }

  /**
   * Reads an entry and checks that no unknown field is present.
   *
   * @param r the reader positioned on the entry object, not null
   * @return the entry, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} for a malformed, missing or
   *     unknown field, or the entry's own validation errors
   */
  public static LedgerEntry read(JsonObjectReader r) {
    String walletId = r.text("wallet_id");
    String key = r.text("idempotency_key");
    int index = r.integer("index");
    LedgerEntryType type = r.enumValue("type", LedgerEntryType.class);
    String grantId = r.text("grant_id");
    Money amount = Money.of(Money.currency(r.text("currency")), r.decimal("amount"));
    Instant at = instant(r, "at");
    String reference = r.optionalText("reference").orElse(null);
    CreditGrant grant = r.optionalObject("grant").map(LedgerEntryJson::readGrant).orElse(null);
    String request = r.optionalText("request").orElse(null);
    r.end();
    return new LedgerEntry(walletId, key, index, type, grantId, amount, at, reference, grant,
        request);
  }

  /**
   * Reads a credit grant and checks that no unknown field is present.
   *
   * @param r the reader positioned on the grant object, not null
   * @return the grant, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} for a malformed, missing or
   *     unknown field, or the grant's own validation errors
   */
  public static CreditGrant readGrant(JsonObjectReader r) {
    String id = r.text("id");
    String walletId = r.text("wallet_id");
    GrantKind kind = r.enumValue("kind", GrantKind.class);
    Money amount = Money.of(Money.currency(r.text("currency")), r.decimal("amount"));
    java.math.BigDecimal rate = r.optionalDecimal("conversion_rate").orElse(null);
    int priority = r.integer("priority");
    Instant effective = instant(r, "effective_at");
    Instant expires = r.has("expires_at") ? instant(r, "expires_at") : null;
    GrantScope scope = new GrantScope(new java.util.HashSet<>(r.texts("scope")));
    r.end();
    return new CreditGrant(id, walletId, kind, amount, rate, priority, effective, expires, scope);
  }

  private static Instant instant(JsonObjectReader r, String field) {
    String text = r.text(field);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw JsonObjectReader.error(r.pathOf(field), text, "an ISO-8601 UTC instant such as "
          + "2026-01-01T00:00:00Z");
    }
  }

  // One reader shape for every document (see JsonDocuments): read(source) for a document of one
  // wallet ledger entry, readAll(source) for {"entries": [ … ]}.

  /**
   * Reads a document of one wallet ledger entry from a file: JSON, or YAML when the name ends in
   * {@code .yaml} or {@code .yml}.
   *
   * @param file the file, not null
   * @return the wallet ledger entry, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} naming the file and JSON path
   *     when the file is unreadable, malformed or has an unknown field, or the codes of
   *     {@link #read(JsonObjectReader)}
   */
  public static LedgerEntry read(Path file) {
    return read(JsonDocuments.parse(file), file.toString());
  }

  /**
   * Reads a document of one wallet ledger entry from a UTF-8 stream (not closed), as {@link #read(Path)}.
   *
   * @param in the stream, not null
   * @param source the document's name for messages; a name ending in {@code .yaml} or
   *     {@code .yml} reads YAML
   * @return the wallet ledger entry, never null
   * @throws BillingException as {@link #read(Path)}
   */
  public static LedgerEntry read(InputStream in, String source) {
    return read(JsonDocuments.parse(in, source), source);
  }

  /**
   * Reads a document of one wallet ledger entry from text, as {@link #read(Path)}.
   *
   * @param text the JSON (or YAML) text, not null
   * @param source the document's name for messages; a name ending in {@code .yaml} or
   *     {@code .yml} reads YAML
   * @return the wallet ledger entry, never null
   * @throws BillingException as {@link #read(Path)}
   */
  public static LedgerEntry read(String text, String source) {
    return read(JsonDocuments.parse(text, source), source);
  }

  /**
   * Reads a document of one wallet ledger entry already parsed to a tree; a field the wallet ledger entry does not have is
   * rejected.
   *
   * @param node the wallet ledger entry object, not null
   * @param source the document's name for messages, such as a file name; may be empty
   * @return the wallet ledger entry, never null
   * @throws BillingException as {@link #read(Path)}
   */
  public static LedgerEntry read(JsonNode node, String source) {
    return JsonDocuments.one(node, source, LedgerEntryJson::read);
  }

  /**
   * Reads a document of many: {@code {"entries": [ wallet ledger entry, … ]}} or a bare JSON array of them,
   * from a file (JSON, or YAML by its name).
   *
   * @param file the file, not null
   * @return the values in document order, unmodifiable, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} naming the file and JSON path
   *     when the file is unreadable or malformed, {@code entries} is missing, another field is
   *     present, or an element is invalid (the codes of {@link #read(JsonObjectReader)})
   */
  public static List<LedgerEntry> readAll(Path file) {
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
  public static List<LedgerEntry> readAll(InputStream in, String source) {
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
  public static List<LedgerEntry> readAll(String text, String source) {
    return readAll(JsonDocuments.parse(text, source), source);
  }

  /**
   * Reads a document of many already parsed to a tree, as {@link #readAll(Path)}.
   *
   * @param node the root: an object with {@code entries} or an array, not null
   * @param source the document's name for messages; may be empty
   * @return the values in document order, unmodifiable, never null
   * @throws BillingException as {@link #readAll(Path)}
   */
  public static List<LedgerEntry> readAll(JsonNode node, String source) {
    return JsonDocuments.many(node, source, "entries", LedgerEntryJson::read);
  }
}

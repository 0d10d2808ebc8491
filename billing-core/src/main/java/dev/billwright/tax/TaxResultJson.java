package dev.billwright.tax;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.error.BillingException;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.money.Money;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JSON form of a {@link TaxResult}, so an invoice can embed its tax. Field names are snake_case
 * and decimals are strings:
 *
 * <pre>{@code
 * { "currency": "INR",
 *   "lines": [ { "line_id": "1", "head": "CGST", "rate": "9", "taxable_amount": "1000.00",
 *                "tax_amount": "90.00", "collectible": true }, ... ],
 *   "totals_by_head": { "CGST": "90.00", "SGST": "90.00" },
 *   "total_tax": "180.00", "collectible_tax": "180.00", "round_off": "0.00",
 *   "notes": [ ] }
 * }</pre>
 *
 * <p>{@code round_off} is omitted when absent. Reading recomputes nothing: the totals read must
 * equal the sums of the lines read, or reading fails.
 */
public final class TaxResultJson {

  private TaxResultJson() {}

  /**
   * Writes a result.
   *
   * @param result the result, not null
   * @return a new JSON object, never null
   */
  public static ObjectNode write(TaxResult result) {
    ObjectNode root = Json.object();
    root.put("currency", result.currency().getCurrencyCode());
    ArrayNode lines = root.putArray("lines");
    for (TaxLine line : result.lines()) {
      ObjectNode node = lines.addObject();
      node.put("line_id", line.lineId());
      node.put("head", line.head());
      node.put("rate", line.ratePercent().toPlainString());
      node.put("taxable_amount", line.taxableAmount().amount().toPlainString());
      node.put("tax_amount", line.taxAmount().amount().toPlainString());
      node.put("collectible", line.collectible());
    }
    ObjectNode totals = root.putObject("totals_by_head");
    result.totalsByHead().forEach((head, amount) -> totals.put(head, amount.amount().toPlainString()));
    root.put("total_tax", result.totalTax().amount().toPlainString());
    root.put("collectible_tax", result.collectibleTax().amount().toPlainString());
    result.roundOff().ifPresent(r -> root.put("round_off", r.amount().toPlainString()));
    ArrayNode notes = root.putArray("notes");
    result.notes().forEach(notes::add);
    return root;
  }

  /**
   * Reads a result written by {@link #write}.
   *
   * @param reader the reader positioned on the object, not null; {@link JsonObjectReader#end()} is
   *     called
   * @return the result, never null
   * @throws BillingException with {@link dev.billwright.error.ErrorCode#INVALID_DOCUMENT} for a
   *     malformed document, or as {@link TaxResult}'s constructor does if a total is not the sum
   *     of its lines
   */
  public static TaxResult read(JsonObjectReader reader) {
    Currency currency = Money.currency(reader.text("currency"));
    List<TaxLine> lines = reader.objects("lines", r -> {
      TaxLine line = new TaxLine(
          r.text("line_id"),
          r.text("head"),
          r.decimal("rate"),
          Money.of(currency, r.decimal("taxable_amount")),
          Money.of(currency, r.decimal("tax_amount")),
          r.bool("collectible", true));
      r.end();
      return line;
    });
    Map<String, Money> totals = reader.map("totals_by_head",
        (node, path) -> Money.of(currency, JsonObjectReader.decimalOf(node, path)));
    Money total = Money.of(currency, reader.decimal("total_tax"));
    Money collectible = Money.of(currency, reader.decimal("collectible_tax"));
    Optional<Money> roundOff = reader.optionalDecimal("round_off").map(d -> Money.of(currency, d));
    List<String> notes = reader.texts("notes");
    reader.end();
    return new TaxResult(currency, lines, totals, total, collectible, roundOff, notes);
  }
}

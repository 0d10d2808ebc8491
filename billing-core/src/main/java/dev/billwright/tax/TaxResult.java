package dev.billwright.tax;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tax of one document: tax lines (one per line and head) and totals that are sums of them.
 *
 * <p>Totals are never recomputed from rates at document level: the total of a head is the sum
 * of its line amounts (for GST e-invoices the IRP checks exactly this, errors 2182–2188). Build
 * a result with {@link #of}, which computes the totals; the canonical constructor checks them.
 *
 * @param currency the currency of every amount, not null
 * @param lines the tax lines in line order then head order, copied, unmodifiable
 * @param totalsByHead the sum of line tax amounts per head, in first-appearance order; must equal
 *     the sums of {@code lines}
 * @param totalTax the sum of all line tax amounts, collectible or not
 * @param collectibleTax the sum of the collectible line tax amounts (what the supplier charges;
 *     excludes reverse-charge tax)
 * @param roundOff the round-off added to the document's grand total, if the engine rounds the
 *     grand total (for GST e-invoices {@code RndOffAmt}); absent when not rounded
 * @param notes texts the document must carry (for example a Letter of Undertaking endorsement or
 *     a reverse-charge statement), copied, unmodifiable
 * @param placeOfSupply where the engine placed the supply and why (see {@link TaxPlace}); empty
 *     when it decides no place
 * @param supplyType the engine's category of supply (see {@link TaxDecision#supplyType()}); empty
 *     when it has none
 * @param reverseCharge whether the recipient pays the tax (then the tax lines are not collectible)
 */
public record TaxResult(
    Currency currency,
    List<TaxLine> lines,
    Map<String, Money> totalsByHead,
    Money totalTax,
    Money collectibleTax,
    Optional<Money> roundOff,
    List<String> notes,
    Optional<TaxPlace> placeOfSupply,
    Optional<String> supplyType,
    boolean reverseCharge) {

  /**
   * Validates that the totals are the sums of the lines.
   *
   * @param currency see the record component
   * @param lines see the record component
   * @param totalsByHead see the record component
   * @param totalTax see the record component
   * @param collectibleTax see the record component
   * @param roundOff see the record component
   * @param notes see the record component
   * @param placeOfSupply see the record component
   * @param supplyType see the record component
   * @param reverseCharge see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a component is
   *     null, {@link ErrorCode#CURRENCY_MISMATCH} if an amount is in another currency, or
   *     {@link ErrorCode#INVALID_VALUE} if a total is not the sum of its lines
   */
  public TaxResult {
    if (currency == null || lines == null || totalsByHead == null || totalTax == null || collectibleTax == null
        || roundOff == null || notes == null || placeOfSupply == null || supplyType == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "tax_result", null, "all components not null");
    }
    lines = List.copyOf(lines);
    notes = List.copyOf(notes);
    // the totals of the factories were summed from these very lines: not summed again
    Totals sums = totalsByHead instanceof Totals.Heads h && h.totals().lines == lines
        && h.totals().currency.equals(currency) ? h.totals() : Totals.of(currency, lines);
    if (totalsByHead != sums.heads && !sums.byHead.equals(totalsByHead)) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "totals_by_head", totalsByHead,
          "the sums of the line amounts per head " + sums.byHead);
    }
    totalsByHead = totalsByHead == sums.heads ? Collections.unmodifiableMap(sums.byHead)
        : Collections.unmodifiableMap(new LinkedHashMap<>(totalsByHead));
    if (!sums.total.equals(totalTax)) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "total_tax", totalTax, "the sum of the lines " + sums.total);
    }
    if (!sums.collectible.equals(collectibleTax)) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "collectible_tax", collectibleTax,
          "the sum of the collectible lines " + sums.collectible);
    }
    if (roundOff.isPresent() && !roundOff.get().currency().equals(currency)) {
      throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, "round_off", roundOff.get(), "currency " + currency);
    }
  }

  /**
   * Creates a result that decides no place of supply, supply type or reverse charge (a result
   * written before these existed, or of an engine without them).
   *
   * @param currency see the record component
   * @param lines see the record component
   * @param totalsByHead see the record component
   * @param totalTax see the record component
   * @param collectibleTax see the record component
   * @param roundOff see the record component
   * @param notes see the record component
   * @throws BillingException as the canonical constructor
   */
  public TaxResult(Currency currency, List<TaxLine> lines, Map<String, Money> totalsByHead, Money totalTax,
      Money collectibleTax, Optional<Money> roundOff, List<String> notes) {
    this(currency, lines, totalsByHead, totalTax, collectibleTax, roundOff, notes, Optional.empty(), Optional.empty(),
        false);
  }

  /**
   * Builds a result with its decision, computing every total as a sum of the lines.
   *
   * @param currency the currency, not null
   * @param lines the tax lines, not null, all in {@code currency}
   * @param decision the place of supply, supply type, reverse charge, notes and round-off, not null
   * @return the result, never null
   * @throws BillingException with {@link ErrorCode#CURRENCY_MISMATCH} if a line or the round-off
   *     is in another currency
   */
  public static TaxResult of(Currency currency, List<TaxLine> lines, TaxDecision decision) {
    Totals sums = Totals.of(currency, lines).over(List.copyOf(lines));
    return new TaxResult(currency, sums.lines, sums.heads, sums.total, sums.collectible, decision.roundOff(),
        decision.notes(), decision.placeOfSupply(), decision.supplyType(), decision.reverseCharge());
  }

  /**
   * Returns what the engine decided beyond the tax lines, to be kept on the document (see
   * {@link TaxDecision}).
   *
   * @return the decision, never null
   */
  public TaxDecision decision() {
    return new TaxDecision(placeOfSupply, supplyType, reverseCharge, notes, roundOff);
  }

  /**
   * Builds a result, computing every total as a sum of the lines.
   *
   * @param currency the currency, not null
   * @param lines the tax lines, not null, all in {@code currency}
   * @param roundOff the grand-total round-off, if any
   * @param notes the document notes, not null
   * @return the result, never null
   * @throws BillingException with {@link ErrorCode#CURRENCY_MISMATCH} if a line is in another
   *     currency
   */
  public static TaxResult of(Currency currency, List<TaxLine> lines, Optional<Money> roundOff, List<String> notes) {
    Totals sums = Totals.of(currency, lines).over(List.copyOf(lines));
    return new TaxResult(currency, sums.lines, sums.heads, sums.total, sums.collectible, roundOff, notes);
  }

  /**
   * Returns a result with no tax (what {@link TaxCalculator#none()} produces).
   *
   * @param currency the currency, not null
   * @return the empty result, never null
   */
  public static TaxResult none(Currency currency) {
    return of(currency, List.of(), Optional.empty(), List.of());
  }

  /**
   * Returns the tax lines of one document line, in head order.
   *
   * @param lineId the line id, not null
   * @return the tax lines, possibly empty, never null
   */
  public List<TaxLine> linesOf(String lineId) {
    List<TaxLine> result = new ArrayList<>();
    for (TaxLine line : lines) {
      if (line.lineId().equals(lineId)) {
        result.add(line);
      }
    }
    return result;
  }

  /**
   * Returns the total of one head, zero if the head does not occur.
   *
   * @param head the head name, such as {@code IGST}
   * @return the total, never null
   */
  public Money totalOf(String head) {
    return totalsByHead.getOrDefault(head, Money.zero(currency));
  }

  private static final class Totals {
    final Map<String, Money> byHead = new LinkedHashMap<>();
    /** {@link #byHead} as handed to the constructor, which knows it by its type. */
    final Map<String, Money> heads = new Heads(this);
    Money total;
    Money collectible;
    Currency currency;
    /** The unmodifiable lines summed, once a factory has copied them ({@link #over}); else null. */
    List<TaxLine> lines;

    /** These totals, known to be the sums of {@code copied} (the lines they were summed from, copied). */
    Totals over(List<TaxLine> copied) {
      lines = copied;
      return this;
    }

    /** The totals per head, read only, carrying the totals they are part of. */
    private static final class Heads extends java.util.AbstractMap<String, Money> {
      private final Totals totals;

      Heads(Totals totals) {
        this.totals = totals;
      }

      Totals totals() {
        return totals;
      }

      @Override
      public java.util.Set<Map.Entry<String, Money>> entrySet() {
        return Collections.unmodifiableMap(totals.byHead).entrySet();
      }

      @Override
      public Money get(Object key) {
        return totals.byHead.get(key);
      }

      @Override
      public boolean containsKey(Object key) {
        return totals.byHead.containsKey(key);
      }

      @Override
      public int size() {
        return totals.byHead.size();
      }
    }

    static Totals of(Currency currency, List<TaxLine> lines) {
      // every line is checked before it is summed, so bare amounts can be added
      Map<String, java.math.BigDecimal> heads = new LinkedHashMap<>();
      java.math.BigDecimal total = java.math.BigDecimal.ZERO;
      java.math.BigDecimal collectible = java.math.BigDecimal.ZERO;
      for (TaxLine line : lines) {
        if (line == null) {
          throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "lines", null, "no null tax line");
        }
        if (!line.taxAmount().currency().equals(currency)) {
          throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, "lines", line, "amounts in " + currency);
        }
        java.math.BigDecimal tax = line.taxAmount().amount();
        heads.merge(line.head(), tax, java.math.BigDecimal::add);
        total = total.add(tax);
        if (line.collectible()) {
          collectible = collectible.add(tax);
        }
      }
      Totals t = new Totals();
      t.currency = currency;
      heads.forEach((head, sum) -> t.byHead.put(head, Money.of(currency, sum)));
      t.total = Money.of(currency, total);
      t.collectible = Money.of(currency, collectible);
      return t;
    }
  }
}

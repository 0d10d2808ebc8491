package dev.billwright.rating;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.CreditNoteLine;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.LineKind;
import dev.billwright.invoice.LineOrigin;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a period's usage lines were already billed, per line id: the quantity and amount of the
 * usage-driven lines of earlier documents of the period. The input of <em>cumulative
 * re-rating</em>: a later document re-rates the whole period to date and bills
 * {@code rate(period to date) − already billed} per line ({@link #rest}), so the documents of a
 * period always sum to the rating of the whole period, whatever tiers, minimums and maximums the
 * charge has. Progressive billing (usage thresholds) and corrections after late usage are the
 * same mechanism: the former bills the rest at each threshold and at the period's end, the
 * latter settles the rest with an adjustment invoice or a credit note (OpenMeter re-rates split
 * lines cumulatively; Lago deducts the amount already billed by progressive invoices).
 *
 * <p>A line of an adjustment invoice whose origin is {@link LineOrigin.Correction} counts for the
 * line it corrects; issued credit notes' lines are taken off the line they credit
 * ({@link #minusCredits}). Immutable.
 */
public final class BilledUsage {
  /** Nothing billed. */
  public static final BilledUsage NONE = new BilledUsage(Map.of(), Map.of(), Map.of());

  /** Which amount of a line counts as billed. */
  public enum Basis {
    /** The line's rounded amount before discounts (progressive billing: what the rating gave). */
    AMOUNT,
    /** The line's taxable amount, after coupons (corrections: what the customer was charged). */
    TAXABLE
  }

  private final Map<String, BigDecimal> quantities;
  private final Map<String, Money> amounts;
  private final Map<String, InvoiceLine> lastLines;

  private BilledUsage(Map<String, BigDecimal> quantities, Map<String, Money> amounts,
      Map<String, InvoiceLine> lastLines) {
    this.quantities = quantities;
    this.amounts = amounts;
    this.lastLines = lastLines;
  }

  /**
   * Sums the lines of some kinds of earlier invoices of a period.
   *
   * @param invoices the invoices, not null
   * @param kinds the line kinds that count (for example usage, minimum-spend true-up and
   *     maximum-spend adjustment), not null
   * @param basis which amount of a line counts, not null
   * @return the billed usage, never null
   */
  public static BilledUsage of(Collection<Invoice> invoices, Set<LineKind> kinds, Basis basis) {
    Objects.requireNonNull(basis, "basis");
    Map<String, BigDecimal> q = new LinkedHashMap<>();
    Map<String, Money> a = new LinkedHashMap<>();
    Map<String, InvoiceLine> last = new LinkedHashMap<>();
    for (Invoice invoice : invoices) {
      for (InvoiceLine l : invoice.lines()) {
        String id = l.origin() instanceof LineOrigin.Correction c ? c.correctedLineId() : l.lineId();
        if (!(l.origin() instanceof LineOrigin.Correction) && !kinds.contains(l.kind())) {
          continue;
        }
        Money amount = basis == Basis.AMOUNT ? l.amount() : l.taxableAmount();
        a.merge(id, amount, Money::plus);
        if (!(l.origin() instanceof LineOrigin.Correction)) {
          q.merge(id, l.quantity(), BigDecimal::add);
          last.put(id, l);
        }
      }
    }
    return new BilledUsage(java.util.Collections.unmodifiableMap(q), java.util.Collections.unmodifiableMap(a),
        java.util.Collections.unmodifiableMap(last));
  }

  /**
   * Returns a copy with the lines of issued and pending-approval credit notes against one invoice
   * taken off the lines they credit (taxable amounts): a pending note reserves what it credits
   * ({@link CreditNote#reservesCredit()}), so a correction never proposes it twice.
   *
   * @param creditNotes credit notes, not null; only issued or pending ones against {@code invoiceId} count
   * @param invoiceId the invoice they credit, not null
   * @return the billed usage, never null
   */
  public BilledUsage minusCredits(List<CreditNote> creditNotes, String invoiceId) {
    Map<String, Money> a = new LinkedHashMap<>(amounts);
    for (CreditNote cn : creditNotes) {
      if (cn.reservesCredit() && cn.invoiceId().equals(invoiceId)) {
        for (CreditNoteLine l : cn.lines()) {
          a.computeIfPresent(l.invoiceLineId(), (k, v) -> v.minus(l.taxableAmount()));
        }
      }
    }
    return new BilledUsage(quantities, java.util.Collections.unmodifiableMap(a), lastLines);
  }

  /**
   * Returns the line ids billed, in the order they were first billed.
   *
   * @return the ids, never null
   */
  public Set<String> lineIds() {
    return amounts.keySet();
  }

  /**
   * Returns whether nothing was billed.
   *
   * @return true when no line counts
   */
  public boolean isEmpty() {
    return amounts.isEmpty();
  }

  /**
   * Returns the amount billed for a line.
   *
   * @param lineId the line id, not null
   * @param zero the zero of the currency to return when nothing was billed, not null
   * @return the amount, {@code zero} when the line was not billed
   */
  public Money amount(String lineId, Money zero) {
    return amounts.getOrDefault(lineId, zero);
  }

  /**
   * Returns the quantity billed for a line.
   *
   * @param lineId the line id, not null
   * @return the quantity, zero when the line was not billed
   */
  public BigDecimal quantity(String lineId) {
    return quantities.getOrDefault(lineId, BigDecimal.ZERO);
  }

  /**
   * The rest of the period's usage lines: each line re-rated over the period to date, less what
   * was billed for it (quantity, exact and rounded amount; its explanation gains
   * {@code already_billed_quantity} and {@code already_billed_amount}); and for a billed line the
   * re-rating no longer has (a group gone, a maximum no longer reached), a line reversing what was
   * billed for it. Since the billed amounts are rounded line amounts, the rest of a rounded line
   * is rounded too, and the lines of all documents of the period sum exactly to the re-rated
   * lines.
   *
   * @param rerated the lines of the period rated to date, not null
   * @return the lines to bill, in the order of {@code rerated}, then the reversals; never null
   */
  public List<InvoiceLine> rest(List<InvoiceLine> rerated) {
    if (isEmpty()) {
      return List.copyOf(rerated);
    }
    List<InvoiceLine> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (InvoiceLine l : rerated) {
      seen.add(l.lineId());
      if (!amounts.containsKey(l.lineId())) {
        out.add(l);
        continue;
      }
      Money billed = amounts.get(l.lineId());
      BigDecimal billedQuantity = quantity(l.lineId());
      ObjectNode explanation = l.explanation().deepCopy();
      explanation.put("already_billed_quantity", billedQuantity.toPlainString());
      explanation.put("already_billed_amount", billed.amount().toPlainString());
      explanation.put("rated_to_date_amount", l.amount().amount().toPlainString());
      out.add(l.withRatedAmounts(l.quantity().subtract(billedQuantity), l.exactAmount().minus(billed),
          l.amount().minus(billed), explanation));
    }
    for (Map.Entry<String, InvoiceLine> e : new java.util.TreeMap<>(lastLines).entrySet()) {
      if (seen.contains(e.getKey())) {
        continue;
      }
      InvoiceLine template = e.getValue();
      Money billed = amounts.get(e.getKey());
      ObjectNode explanation = dev.billwright.json.Json.object();
      explanation.put("reverses_already_billed_amount", billed.amount().toPlainString());
      out.add(template.withDiscount(Money.zero(billed.currency()))
          .withRatedAmounts(quantity(e.getKey()).negate(), billed.negated(), billed.negated(), explanation));
    }
    return List.copyOf(out);
  }
}

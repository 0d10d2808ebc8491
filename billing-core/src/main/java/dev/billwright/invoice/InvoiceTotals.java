package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import dev.billwright.tax.TaxLine;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The totals of an invoice, derived from its lines: never entered, never rounded again.
 *
 * <p>The order follows Lago ({@code Invoices::ComputeAmountsFromFees}): fees − discounts =
 * taxable total; + taxes = total; − prepaid credits = amount due. Every figure is an exact sum of
 * amounts already rounded per line (and tax per line per head, by the tax SPI), so
 * {@code subtotal − discountTotal = taxableTotal} and {@code taxableTotal + collectibleTax = total}
 * hold exactly, as the IRP requires of header totals (GST reference notes §5).
 *
 * <ul>
 *   <li>{@code subtotal} = Σ line {@link InvoiceLine#amount()}.
 *   <li>{@code discountTotal} = Σ line {@link InvoiceLine#discountAmount()}.
 *   <li>{@code taxableTotal} = Σ line {@link InvoiceLine#taxableAmount()}.
 *   <li>{@code taxByHead} = Σ tax amount of all tax lines per head (CGST, SGST, IGST…), in head
 *       order; {@code totalTax} = Σ all tax lines.
 *   <li>{@code collectibleTax} = Σ tax lines that the supplier collects (reverse-charge lines are
 *       shown but paid by the recipient, CGST Act s.9(3), so they are not in the total).
 *   <li>{@code total} = taxableTotal + collectibleTax (may be negative, for an invoice of credits).
 *   <li>{@code creditsApplied} = Σ {@link AppliedCredit}s.
 *   <li>{@code amountDue} = total − creditsApplied, but never below zero (as Stripe's
 *       {@code amount_remaining}): a negative total leaves nothing due and the host turns the
 *       excess into a balance credit.
 * </ul>
 *
 * @param currency the invoice currency, not null
 * @param subtotal Σ rounded line amounts
 * @param discountTotal Σ line discounts, at least 0
 * @param taxableTotal Σ line taxable amounts
 * @param taxByHead Σ tax per head, sorted by head, never null
 * @param totalTax Σ of all tax lines
 * @param collectibleTax Σ of the collectible tax lines
 * @param total taxableTotal + collectibleTax
 * @param creditsApplied Σ applied credits, at least 0
 * @param amountDue max(0, total − creditsApplied)
 */
public record InvoiceTotals(
    Currency currency,
    Money subtotal,
    Money discountTotal,
    Money taxableTotal,
    SortedMap<String, Money> taxByHead,
    Money totalTax,
    Money collectibleTax,
    Money total,
    Money creditsApplied,
    Money amountDue) {

  /**
   * Copies the head map.
   *
   * @param currency see the record component
   * @param subtotal see the record component
   * @param discountTotal see the record component
   * @param taxableTotal see the record component
   * @param taxByHead see the record component
   * @param totalTax see the record component
   * @param collectibleTax see the record component
   * @param total see the record component
   * @param creditsApplied see the record component
   * @param amountDue see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a component is null
   */
  public InvoiceTotals {
    if (currency == null || subtotal == null || discountTotal == null || taxableTotal == null || taxByHead == null
        || totalTax == null || collectibleTax == null || total == null || creditsApplied == null
        || amountDue == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "invoice totals: every component is required");
    }
    taxByHead = Collections.unmodifiableSortedMap(new TreeMap<>(taxByHead));
  }

  /**
   * Computes the totals of lines and credits.
   *
   * @param currency the currency of the invoice, not null
   * @param lines the lines, not null, each in the currency
   * @param credits the applied credits, not null, each in the currency
   * @return the totals, never null
   * @throws BillingException with {@link ErrorCode#CURRENCY_MISMATCH} if an amount is in another
   *     currency
   */
  public static InvoiceTotals of(Currency currency, List<InvoiceLine> lines, List<AppliedCredit> credits) {
    // Sums the bare amounts when every line, tax line and credit is in the currency (the
    // invoice's own checks make it so); otherwise the sums below name the first mismatch.
    BigDecimal amounts = BigDecimal.ZERO;
    BigDecimal discounts = BigDecimal.ZERO;
    BigDecimal taxable = BigDecimal.ZERO;
    BigDecimal taxes = BigDecimal.ZERO;
    BigDecimal collectible = BigDecimal.ZERO;
    SortedMap<String, BigDecimal> heads = new TreeMap<>();
    boolean same = true;
    for (InvoiceLine line : lines) {
      Money taxableAmount = line.taxableAmount();
      same &= line.amount().currency().equals(currency) && line.discountAmount().currency().equals(currency)
          && taxableAmount.currency().equals(currency);
      amounts = amounts.add(line.amount().amount());
      discounts = discounts.add(line.discountAmount().amount());
      taxable = taxable.add(taxableAmount.amount());
      for (TaxLine t : line.taxLines()) {
        same &= t.taxAmount().currency().equals(currency);
        BigDecimal tax = t.taxAmount().amount();
        taxes = taxes.add(tax);
        if (t.collectible()) {
          collectible = collectible.add(tax);
        }
        heads.merge(t.head(), tax, BigDecimal::add);
      }
    }
    BigDecimal creditSum = BigDecimal.ZERO;
    for (AppliedCredit c : credits) {
      same &= c.amount().currency().equals(currency);
      creditSum = creditSum.add(c.amount().amount());
    }
    if (!same) {
      return checkedOf(currency, lines, credits);
    }
    SortedMap<String, Money> byHead = new TreeMap<>();
    heads.forEach((head, sum) -> byHead.put(head, Money.of(currency, sum)));
    Money taxableTotal = Money.of(currency, taxable);
    Money collectibleTax = Money.of(currency, collectible);
    Money total = taxableTotal.plus(collectibleTax);
    Money creditTotal = Money.of(currency, creditSum);
    Money due = total.minus(creditTotal).max(Money.zero(currency));
    return new InvoiceTotals(currency, Money.of(currency, amounts), Money.of(currency, discounts),
        taxableTotal, byHead, Money.of(currency, taxes), collectibleTax, total, creditTotal, due);
  }

  /** The totals through {@link Money#total}, which names the first amount in another currency. */
  private static InvoiceTotals checkedOf(Currency currency, List<InvoiceLine> lines, List<AppliedCredit> credits) {
    List<Money> amounts = new ArrayList<>();
    List<Money> discounts = new ArrayList<>();
    List<Money> taxable = new ArrayList<>();
    List<Money> taxes = new ArrayList<>();
    List<Money> collectible = new ArrayList<>();
    Map<String, List<Money>> heads = new TreeMap<>();
    for (InvoiceLine line : lines) {
      amounts.add(line.amount());
      discounts.add(line.discountAmount());
      taxable.add(line.taxableAmount());
      for (TaxLine t : line.taxLines()) {
        taxes.add(t.taxAmount());
        if (t.collectible()) {
          collectible.add(t.taxAmount());
        }
        heads.computeIfAbsent(t.head(), h -> new ArrayList<>()).add(t.taxAmount());
      }
    }
    SortedMap<String, Money> byHead = new TreeMap<>();
    heads.forEach((head, list) -> byHead.put(head, Money.total(currency, list)));
    Money taxableTotal = Money.total(currency, taxable);
    Money collectibleTax = Money.total(currency, collectible);
    Money total = taxableTotal.plus(collectibleTax);
    Money creditTotal = Money.total(currency, credits.stream().map(AppliedCredit::amount).toList());
    Money due = total.minus(creditTotal).max(Money.zero(currency));
    return new InvoiceTotals(currency, Money.total(currency, amounts), Money.total(currency, discounts),
        taxableTotal, byHead, Money.total(currency, taxes), collectibleTax, total, creditTotal, due);
  }

  /**
   * Returns the tax of one head, zero if the invoice has none.
   *
   * @param head the head, such as {@code CGST}, not null
   * @return the tax of that head, never null
   */
  public Money taxOf(String head) {
    return taxByHead.getOrDefault(head, Money.zero(currency));
  }
}

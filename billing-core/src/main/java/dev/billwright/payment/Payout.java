package dev.billwright.payment;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.time.Instant;
import java.util.List;

/**
 * A provider's payout (settlement) to the merchant's bank account and the rows it settles, for
 * {@link PayoutReconciliation}.
 *
 * <p>Stripe: a Payout ({@code po_...}, "The Payout object": {@code amount} in minor units,
 * {@code arrival_date}) and the balance transactions of {@code GET /v1/balance_transactions?payout=po_...}
 * (Stripe's "Payout reconciliation" guide). Razorpay: a Settlement ({@code setl_...}, "Settlements
 * Entity": {@code amount}, {@code fees}, {@code tax}, {@code created_at}) and the rows of
 * {@code GET /v1/settlements/recon/combined} carrying its {@code settlement_id}.
 *
 * @param reference the provider's payout id, not blank
 * @param amount the amount paid out to the bank, net of fees and refunds, not null
 * @param at when it was paid out (Stripe {@code arrival_date}, Razorpay {@code created_at}), not null
 * @param items the rows it settles, in the payout's currency, not null (may be empty)
 */
public record Payout(String reference, Money amount, Instant at, List<PayoutItem> items) {
  /**
   * Validates and copies.
   *
   * @param reference see the record component
   * @param amount see the record component
   * @param at see the record component
   * @param items see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a component is
   *     null or the reference blank, or {@link ErrorCode#CURRENCY_MISMATCH} naming
   *     {@code payout.items} if an item is in another currency than the payout
   */
  public Payout {
    if (reference == null || reference.isBlank() || amount == null || at == null || items == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "a payout needs reference, amount, at and items;"
          + " got " + reference + ", " + amount + ", " + at);
    }
    items = List.copyOf(items);
    for (PayoutItem i : items) {
      if (!i.gross().currency().equals(amount.currency())) {
        throw new BillingException(ErrorCode.CURRENCY_MISMATCH, "payout.items: item " + i.reference() + " of payout "
            + reference + " is in " + i.gross().currency() + ", expected the payout's " + amount.currency());
      }
    }
  }
}

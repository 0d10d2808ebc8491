package dev.billwright.payments.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.BalanceTransaction;
import com.stripe.model.BalanceTransactionSource;
import com.stripe.model.Charge;
import com.stripe.model.StripeCollection;
import com.stripe.param.BalanceTransactionListParams;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.payment.MinorUnits;
import dev.billwright.payment.Payout;
import dev.billwright.payment.PayoutItem;
import dev.billwright.payment.PayoutReconciliation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads a Stripe payout and the balance transactions it settles into a {@link Payout} for
 * {@link PayoutReconciliation}, following Stripe's "Payout reconciliation" guide: the payout
 * ({@code GET /v1/payouts/:id}) and {@code GET /v1/balance_transactions?payout=:id} with
 * {@code expand[]=data.source}, page by page ({@code starting_after} while {@code has_more}).
 *
 * <p>Each balance transaction becomes a row: {@code amount} is the gross, {@code fee} the fee,
 * {@code net} the net (minor units, converted with {@link MinorUnits}). Types {@code charge} and
 * {@code payment} are {@link PayoutItem.Kind#PAYMENT} rows whose payment reference is the charge's
 * {@code payment_intent} (the id {@link StripeGateway} reports), or the charge id when the charge
 * has none; {@code refund} and {@code payment_refund} are refunds; every other type except the
 * payout's own {@code payout} transaction is an adjustment. Multi-currency settlement (a
 * transaction in another currency than the payout) is rejected by {@link Payout}.
 */
public final class StripePayouts {
  private final StripeClient client;

  /**
   * Creates a reader.
   *
   * @param client the Stripe client, not null
   * @throws NullPointerException if client is null
   */
  public StripePayouts(StripeClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /**
   * Fetches a payout and its rows.
   *
   * @param payoutId the payout id ({@code po_...}), not blank
   * @return the payout, at its {@code arrival_date}
   * @throws BillingException with {@link ErrorCode#PAYMENT_GATEWAY_FAILURE} if Stripe refuses
   *     or cannot be reached, or the rows do not have the documented shape (see {@link Payout}
   *     and {@link PayoutItem} for the checks on amounts)
   */
  public Payout fetch(String payoutId) {
    try {
      com.stripe.model.Payout po = client.v1().payouts().retrieve(payoutId);
      List<PayoutItem> items = new ArrayList<>();
      String after = null;
      while (true) {
        BalanceTransactionListParams.Builder params = BalanceTransactionListParams.builder().setPayout(payoutId)
            .setLimit(100L).addExpand("data.source");
        if (after != null) {
          params.setStartingAfter(after);
        }
        StripeCollection<BalanceTransaction> page = client.v1().balanceTransactions().list(params.build());
        for (BalanceTransaction t : page.getData()) {
          after = t.getId();
          if (!"payout".equals(t.getType())) {
            items.add(item(t));
          }
        }
        if (!Boolean.TRUE.equals(page.getHasMore()) || page.getData().isEmpty()) {
          break;
        }
      }
      return new Payout(po.getId(), MinorUnits.fromMinor(po.getAmount(), po.getCurrency().toUpperCase(Locale.ROOT)),
          Instant.ofEpochSecond(po.getArrivalDate()), items);
    } catch (StripeException e) {
      throw new BillingException(ErrorCode.PAYMENT_GATEWAY_FAILURE, "Stripe refused or failed the payout " + payoutId
          + ": HTTP " + e.getStatusCode() + ", code " + e.getCode() + ", " + e.getMessage(), e);
    }
  }

  /**
   * One balance transaction as a payout row.
   *
   * @param t the balance transaction, with {@code source} expanded or not
   * @return the row
   * @throws BillingException with {@link ErrorCode#PAYMENT_GATEWAY_FAILURE} naming the
   *     transaction if it lacks id, amount, fee, net or currency
   */
  static PayoutItem item(BalanceTransaction t) {
    if (t.getId() == null || t.getAmount() == null || t.getFee() == null || t.getNet() == null
        || t.getCurrency() == null) {
      throw new BillingException(ErrorCode.PAYMENT_GATEWAY_FAILURE, "Stripe balance transaction " + t.getId()
          + " lacks id, amount, fee, net or currency");
    }
    String currency = t.getCurrency().toUpperCase(Locale.ROOT);
    String type = Objects.requireNonNullElse(t.getType(), "");
    PayoutItem.Kind kind = switch (type) {
      case "charge", "payment" -> PayoutItem.Kind.PAYMENT;
      case "refund", "payment_refund" -> PayoutItem.Kind.REFUND;
      default -> PayoutItem.Kind.ADJUSTMENT;
    };
    String reference = Objects.requireNonNullElse(t.getSource(), t.getId());
    BalanceTransactionSource source = t.getSourceObject();
    if (kind == PayoutItem.Kind.PAYMENT && source instanceof Charge charge && charge.getPaymentIntent() != null) {
      reference = charge.getPaymentIntent();
    }
    return new PayoutItem(t.getId(), kind, reference, MinorUnits.fromMinor(t.getAmount(), currency),
        MinorUnits.fromMinor(t.getFee(), currency), MinorUnits.fromMinor(t.getNet(), currency));
  }
}

package dev.billwright.payments.razorpay;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import dev.billwright.payment.MinorUnits;
import dev.billwright.payment.Payout;
import dev.billwright.payment.PayoutItem;
import dev.billwright.payment.PayoutReconciliation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.json.JSONObject;

/**
 * Turns Razorpay settlements and the rows of its settlement recon report into {@link Payout}s for
 * {@link PayoutReconciliation}. Pure: the host fetches the JSON with the SDK
 * ({@code razorpay.settlement.fetch(id).toJson()} for {@code GET /v1/settlements/:id},
 * {@code razorpay.settlement.reports(params)} for
 * {@code GET /v1/settlements/recon/combined?year=&month=[&day=]}, each row's {@code toJson()}).
 *
 * <p>Shapes, from Razorpay's "Settlements Entity" and "Fetch Settlement Recon Details": a
 * settlement has {@code id} ({@code setl_...}), {@code amount} (what is paid to the bank, paise),
 * {@code fees}, {@code tax} and {@code created_at}; a recon row has {@code entity_id},
 * {@code type} ({@code payment}, {@code refund}, {@code transfer}, {@code adjustment}, ...),
 * {@code amount}, {@code fee} (tax included), {@code tax}, {@code credit}, {@code debit},
 * {@code currency} and {@code settlement_id}. A row's gross is {@code +amount} when it credits
 * the merchant and {@code −amount} when it debits, its net {@code credit − debit}. A
 * {@code payment} row's payment reference is its {@code entity_id} ({@code pay_...}).
 */
public final class RazorpaySettlements {
  private RazorpaySettlements() {}

  /**
   * One settlement with its rows.
   *
   * @param settlement the settlement entity, not null
   * @param reconRows recon rows, not null; only those whose {@code settlement_id} is the
   *     settlement's id are taken
   * @return the payout, at the settlement's {@code created_at}
   * @throws BillingException with {@link ErrorCode#PAYMENT_GATEWAY_FAILURE} naming the field if
   *     a field the shapes above need is missing, or as {@link Payout} and {@link PayoutItem} do
   *     when the amounts do not agree ({@code credit − debit ≠ ±amount − fee})
   */
  public static Payout payout(JSONObject settlement, List<JSONObject> reconRows) {
    String id = string(settlement, "id", "settlement");
    long amount = number(settlement, "amount", id);
    List<PayoutItem> items = new ArrayList<>();
    String currency = null;
    for (JSONObject row : reconRows) {
      if (id.equals(row.optString("settlement_id", null))) {
        PayoutItem item = item(row);
        items.add(item);
        currency = item.gross().currency().getCurrencyCode();
      }
    }
    // a settlement carries no currency: its rows' (Razorpay settles domestic payments in INR)
    Money paid = MinorUnits.fromMinor(amount, currency == null ? "INR" : currency);
    return new Payout(id, paid, Instant.ofEpochSecond(number(settlement, "created_at", id)), items);
  }

  /**
   * One recon row as a payout row.
   *
   * @param row the recon row, not null
   * @return the row
   * @throws BillingException as {@link #payout}
   */
  public static PayoutItem item(JSONObject row) {
    String entity = string(row, "entity_id", "settlement recon row");
    String type = string(row, "type", entity);
    String currency = string(row, "currency", entity);
    long amount = number(row, "amount", entity);
    long fee = number(row, "fee", entity);
    long credit = number(row, "credit", entity);
    long debit = number(row, "debit", entity);
    PayoutItem.Kind kind = switch (type) {
      case "payment" -> PayoutItem.Kind.PAYMENT;
      case "refund" -> PayoutItem.Kind.REFUND;
      default -> PayoutItem.Kind.ADJUSTMENT;
    };
    long gross = credit > 0 || debit == 0 ? amount : -amount;
    return new PayoutItem(entity, kind, entity, MinorUnits.fromMinor(gross, currency),
        MinorUnits.fromMinor(fee, currency), MinorUnits.fromMinor(credit - debit, currency));
  }

  private static String string(JSONObject o, String field, String of) {
    String v = o.optString(field, null);
    if (v == null || v.isBlank() || o.isNull(field)) {
      throw new BillingException(ErrorCode.PAYMENT_GATEWAY_FAILURE, "Razorpay " + of + ": field " + field
          + " is missing");
    }
    return v;
  }

  private static long number(JSONObject o, String field, String of) {
    if (!o.has(field) || o.isNull(field) || !(o.get(field) instanceof Number n)) {
      throw new BillingException(ErrorCode.PAYMENT_GATEWAY_FAILURE, "Razorpay " + of + ": field " + field
          + " is missing or not a number (minor units expected)");
    }
    return n.longValue();
  }
}

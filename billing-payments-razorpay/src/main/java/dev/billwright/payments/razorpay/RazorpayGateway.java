package dev.billwright.payments.razorpay;

import com.razorpay.Order;
import com.razorpay.PaymentLink;
import com.razorpay.RazorpayClient;
import com.razorpay.RazorpayException;
import com.razorpay.Refund;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import dev.billwright.payment.MinorUnits;
import dev.billwright.payment.PaymentGateway;
import dev.billwright.payment.PaymentRequest;
import dev.billwright.payment.PaymentResult;
import dev.billwright.payment.RefundRequest;
import dev.billwright.payment.TopUpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.json.JSONObject;

/**
 * A {@link PaymentGateway} on Razorpay: an invoice or a wallet top-up is an Order
 * ({@code POST /v1/orders}) that the customer pays through Checkout or a saved mandate, or — with
 * {@link Collection#PAYMENT_LINK} — a Standard Payment Link ({@code POST /v1/payment_links}) sent
 * to the customer; a refund is {@code POST /v1/payments/:id/refund}.
 *
 * <ul>
 *   <li>Idempotency: Razorpay's Orders API has no idempotency header, so the request's key is the
 *       order's {@code receipt} (Razorpay: "your receipt number", at most 40 characters; a longer
 *       key is replaced by {@code bw_} and the first 37 hex digits of its SHA-256). Before creating
 *       an order the gateway looks it up with {@code GET /v1/orders?receipt=} (a documented query
 *       parameter) and returns the existing order; calls for one key are serialised in this
 *       process. Two processes racing on one key can still create two orders: run collection for
 *       an invoice from one worker, or reconcile ({@code dev.billwright.payment.Reconciliation}
 *       reports the duplicate). Refunds are looked up the same way by their {@code receipt} among
 *       the payment's refunds. A payment link carries the receipt as its {@code reference_id}
 *       (Razorpay: unique per link) and is looked up with {@code GET /v1/payment_links?reference_id=}.
 *   <li>Amounts: {@code amount} in the currency's smallest sub-unit ({@link MinorUnits}: paise
 *       for INR), {@code currency} as the upper-case ISO code.
 *   <li>Notes: {@code invoice_id} (or {@code wallet_id}), {@code idempotency_key} and the
 *       request's metadata go to the order's {@code notes}.
 *   <li>Status: an order {@code paid} is SUCCEEDED; {@code created} or {@code attempted} is
 *       PENDING (the {@code order.paid} / {@code payment.captured} webhook tells the end); the
 *       result's reference is the order id. A payment link {@code paid} is SUCCEEDED,
 *       {@code cancelled} or {@code expired} FAILED, otherwise PENDING; its reference is the
 *       {@code plink_} id. A refund {@code processed} is SUCCEEDED,
 *       {@code pending} PENDING, {@code failed} FAILED. A Razorpay error is a
 *       {@link BillingException} with {@link ErrorCode#PAYMENT_GATEWAY_FAILURE}.
 * </ul>
 *
 * <p>{@link PaymentResult#at()} is the order's (or refund's) {@code created_at}.
 */
public final class RazorpayGateway implements PaymentGateway {
  private static final int RECEIPT_MAX = 40;

  private final RazorpayClient client;
  private final Collection collection;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  /** How invoices and top-ups are collected (named option {@code razorpay_collection}, default {@code order}). */
  public enum Collection {
    /** An Order, paid through Checkout or a saved mandate ({@code order}). */
    ORDER,
    /** A Standard Payment Link the customer opens ({@code payment_link}). */
    PAYMENT_LINK
  }

  /**
   * Creates a gateway that collects with Orders.
   *
   * @param client the Razorpay client (its key id and secret), not null
   * @throws NullPointerException if client is null
   */
  public RazorpayGateway(RazorpayClient client) {
    this(client, Collection.ORDER);
  }

  /**
   * Creates a gateway.
   *
   * @param client the Razorpay client (its key id and secret), not null
   * @param collection Orders or payment links, not null
   * @throws NullPointerException if an argument is null
   */
  public RazorpayGateway(RazorpayClient client, Collection collection) {
    this.client = Objects.requireNonNull(client, "client");
    this.collection = Objects.requireNonNull(collection, "collection");
  }

  /**
   * Returns the receipt an idempotency key becomes (the key itself when it fits 40 characters).
   *
   * @param idempotencyKey the key, not null
   * @return the receipt, at most 40 characters
   */
  public static String receipt(String idempotencyKey) {
    if (idempotencyKey.length() <= RECEIPT_MAX) {
      return idempotencyKey;
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
      return "bw_" + HexFormat.of().formatHex(hash).substring(0, RECEIPT_MAX - 3);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  @Override
  public PaymentResult collect(PaymentRequest request) {
    Map<String, String> notes = new LinkedHashMap<>(request.metadata());
    notes.put("invoice_id", request.invoiceId());
    notes.put("customer_id", request.customerId());
    return collection == Collection.PAYMENT_LINK
        ? paymentLink(request.idempotencyKey(), request.amount(), notes, "Invoice " + request.invoiceId())
        : order(request.idempotencyKey(), request.amount(), notes);
  }

  @Override
  public PaymentResult topUp(TopUpRequest request) {
    Map<String, String> notes = new LinkedHashMap<>(request.metadata());
    notes.put("wallet_id", request.walletId());
    notes.put("customer_id", request.customerId());
    return collection == Collection.PAYMENT_LINK
        ? paymentLink(request.idempotencyKey(), request.amount(), notes, "Wallet top-up " + request.walletId())
        : order(request.idempotencyKey(), request.amount(), notes);
  }

  @Override
  public PaymentResult refund(RefundRequest request) {
    String receipt = receipt(request.idempotencyKey());
    long amount = MinorUnits.toMinor(request.amount());
    synchronized (locks.computeIfAbsent("refund:" + receipt, k -> new Object())) {
      try {
        List<Refund> existing = client.payments.fetchAllRefunds(request.gatewayReference());
        for (Refund r : existing) {
          if (receipt.equals(r.toJson().optString("receipt", null))) {
            return refundResult(r.toJson());
          }
        }
        JSONObject body = new JSONObject().put("amount", amount).put("receipt", receipt);
        JSONObject notes = new JSONObject().put("idempotency_key", request.idempotencyKey());
        request.creditNoteId().ifPresent(id -> notes.put("credit_note_id", id));
        request.metadata().forEach(notes::put);
        body.put("notes", notes);
        return refundResult(client.payments.refund(request.gatewayReference(), body).toJson());
      } catch (RazorpayException e) {
        throw failure("refund of " + request.gatewayReference(), e);
      }
    }
  }

  private PaymentResult order(String key, Money amount, Map<String, String> notes) {
    String receipt = receipt(key);
    notes.put("idempotency_key", key);
    synchronized (locks.computeIfAbsent("order:" + receipt, k -> new Object())) {
      try {
        List<Order> existing = client.orders.fetchAll(new JSONObject().put("receipt", receipt));
        for (Order o : existing) {
          if (receipt.equals(o.toJson().optString("receipt", null))) {
            return orderResult(o.toJson());
          }
        }
        JSONObject body = new JSONObject()
            .put("amount", MinorUnits.toMinor(amount))
            .put("currency", amount.currency().getCurrencyCode())
            .put("receipt", receipt)
            .put("notes", new JSONObject(notes));
        return orderResult(client.orders.create(body).toJson());
      } catch (RazorpayException e) {
        throw failure("order for " + key, e);
      }
    }
  }

  private PaymentResult paymentLink(String key, Money amount, Map<String, String> notes, String description) {
    String receipt = receipt(key);
    notes.put("idempotency_key", key);
    synchronized (locks.computeIfAbsent("link:" + receipt, k -> new Object())) {
      try {
        for (PaymentLink l : client.paymentLink.fetchAll(new JSONObject().put("reference_id", receipt))) {
          if (receipt.equals(l.toJson().optString("reference_id", null))) {
            return linkResult(l.toJson());
          }
        }
        JSONObject body = new JSONObject()
            .put("amount", MinorUnits.toMinor(amount))
            .put("currency", amount.currency().getCurrencyCode())
            .put("reference_id", receipt)
            .put("description", description)
            .put("notes", new JSONObject(notes));
        return linkResult(client.paymentLink.create(body).toJson());
      } catch (RazorpayException e) {
        throw failure("payment link for " + key, e);
      }
    }
  }

  private static PaymentResult linkResult(JSONObject link) {
    Instant at = Instant.ofEpochSecond(link.getLong("created_at"));
    String id = link.getString("id");
    switch (link.optString("status", "created")) {
      case "paid":
        return new PaymentResult(PaymentResult.Status.SUCCEEDED, id, Optional.empty(), at);
      case "cancelled":
      case "expired":
        return new PaymentResult(PaymentResult.Status.FAILED, id, Optional.of(link.optString("status")), at);
      default:
        return new PaymentResult(PaymentResult.Status.PENDING, id, Optional.empty(), at);
    }
  }

  private static PaymentResult orderResult(JSONObject order) {
    Instant at = Instant.ofEpochSecond(order.getLong("created_at"));
    String id = order.getString("id");
    if ("paid".equals(order.optString("status"))) {
      return new PaymentResult(PaymentResult.Status.SUCCEEDED, id, Optional.empty(), at);
    }
    return new PaymentResult(PaymentResult.Status.PENDING, id, Optional.empty(), at);
  }

  private static PaymentResult refundResult(JSONObject refund) {
    Instant at = Instant.ofEpochSecond(refund.getLong("created_at"));
    String id = refund.getString("id");
    switch (refund.optString("status", "pending")) {
      case "processed":
        return new PaymentResult(PaymentResult.Status.SUCCEEDED, id, Optional.empty(), at);
      case "failed":
        return new PaymentResult(PaymentResult.Status.FAILED, id, Optional.of("failed"), at);
      default:
        return new PaymentResult(PaymentResult.Status.PENDING, id, Optional.empty(), at);
    }
  }

  private static BillingException failure(String what, RazorpayException e) {
    return new BillingException(ErrorCode.PAYMENT_GATEWAY_FAILURE, "Razorpay refused or failed the " + what + ": "
        + e.getMessage(), e);
  }
}

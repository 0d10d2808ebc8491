package dev.billwright.payments.stripe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local Stripe API on a loopback port for the real stripe-java client: answers
 * {@code POST /v1/payment_intents} and {@code POST /v1/refunds} in the shapes of Stripe's API
 * reference ("The PaymentIntent object", "The Refund object", "Errors": a 402 {@code card_error}
 * with {@code decline_code}), and keeps Stripe's idempotency rule (a repeated
 * {@code Idempotency-Key} gets the first response again, with {@code Idempotent-Replayed: true}).
 * Customer {@code cus_declined} has a card that is declined.
 */
final class StripeStub implements AutoCloseable {
  /** One request the stub received. */
  record Received(String path, String idempotencyKey, Map<String, String> form) {}

  private record Answer(int status, String body) {}

  static final long CREATED = 1_793_577_600L; // 2026-11-02T00:00:00Z

  private final HttpServer server;
  private final Map<String, Answer> byKey = new HashMap<>();
  private final Map<String, Long> refundable = new HashMap<>();
  private final Map<String, Integer> performed = new HashMap<>();
  final List<Received> received = new CopyOnWriteArrayList<>();
  private int sequence;

  StripeStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  synchronized long performedFor(String key) {
    return performed.getOrDefault(key, 0);
  }

  private synchronized void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> form = form(body);
      String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
      String path = exchange.getRequestURI().getPath();
      received.add(new Received(path, key, form));
      Answer answer = key == null ? null : byKey.get(key);
      boolean replayed = answer != null;
      if (answer == null) {
        if (path.equals("/v1/payment_intents")) {
          answer = createIntent(form);
        } else if (path.equals("/v1/refunds")) {
          answer = createRefund(form);
        } else {
          answer = new Answer(404, error("invalid_request_error", "resource_missing", null,
              "Unrecognized request URL (POST: " + path + ")", null));
        }
        if (key != null) {
          byKey.put(key, answer);
          if (answer.status == 200) {
            performed.merge(key, 1, Integer::sum);
          }
        }
      }
      byte[] out = answer.body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.getResponseHeaders().add("Request-Id", "req_" + (++sequence));
      if (replayed) {
        exchange.getResponseHeaders().add("Idempotent-Replayed", "true");
      }
      exchange.sendResponseHeaders(answer.status, out.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(out);
      }
    }
  }

  private Answer createIntent(Map<String, String> form) {
    String id = "pi_3Stub" + (++sequence);
    long amount = Long.parseLong(form.get("amount"));
    boolean confirm = "true".equals(form.get("confirm"));
    boolean declined = "cus_declined".equals(form.get("customer"));
    String status = !confirm ? "requires_payment_method" : declined ? "requires_payment_method" : "succeeded";
    String lastError = declined && confirm
        ? "{\"code\": \"card_declined\", \"decline_code\": \"insufficient_funds\", \"type\": \"card_error\","
            + " \"message\": \"Your card has insufficient funds.\"}"
        : "null";
    String intent = "{\"id\": \"" + id + "\", \"object\": \"payment_intent\", \"amount\": " + amount + ","
        + " \"amount_capturable\": 0, \"amount_received\": " + ("succeeded".equals(status) ? amount : 0) + ","
        + " \"capture_method\": \"automatic\", \"client_secret\": \"" + id + "_secret_stub\","
        + " \"confirmation_method\": \"automatic\", \"created\": " + CREATED + ", \"currency\": \""
        + form.get("currency") + "\", \"customer\": \"" + form.get("customer") + "\", \"description\": "
        + json(form.get("description")) + ", \"last_payment_error\": " + lastError + ", \"latest_charge\": "
        + ("succeeded".equals(status) ? "\"ch_" + id.substring(3) + "\"" : "null") + ", \"livemode\": false,"
        + " \"metadata\": " + metadata(form) + ", \"next_action\": null, \"payment_method\": "
        + json(form.get("payment_method")) + ", \"payment_method_types\": [\"card\"], \"status\": \"" + status + "\"}";
    if (declined && confirm) {
      return new Answer(402, error("card_error", "card_declined", "insufficient_funds",
          "Your card has insufficient funds.", intent));
    }
    if ("succeeded".equals(status)) {
      refundable.put(id, amount);
    }
    return new Answer(200, intent);
  }

  private Answer createRefund(Map<String, String> form) {
    String pi = form.get("payment_intent");
    long amount = Long.parseLong(form.get("amount"));
    Long left = refundable.get(pi);
    if (left == null || left < amount) {
      return new Answer(400, error("invalid_request_error", "amount_too_large", null,
          "Refund amount is greater than unrefunded amount on charge", null));
    }
    refundable.put(pi, left - amount);
    String id = "re_3Stub" + (++sequence);
    return new Answer(200, "{\"id\": \"" + id + "\", \"object\": \"refund\", \"amount\": " + amount + ","
        + " \"balance_transaction\": \"txn_" + id.substring(3) + "\", \"charge\": \"ch_" + pi.substring(3) + "\","
        + " \"created\": " + (CREATED + 86_400) + ", \"currency\": \"inr\", \"metadata\": " + metadata(form) + ","
        + " \"payment_intent\": \"" + pi + "\", \"reason\": null, \"receipt_number\": null,"
        + " \"source_transfer_reversal\": null, \"status\": \"succeeded\", \"transfer_reversal\": null}");
  }

  private static String error(String type, String code, String declineCode, String message, String intent) {
    return "{\"error\": {\"type\": \"" + type + "\", \"code\": \"" + code + "\""
        + (declineCode == null ? "" : ", \"decline_code\": \"" + declineCode + "\"")
        + ", \"message\": \"" + message + "\""
        + (intent == null ? "" : ", \"payment_intent\": " + intent) + "}}";
  }

  private static String metadata(Map<String, String> form) {
    List<String> pairs = new ArrayList<>();
    form.forEach((k, v) -> {
      if (k.startsWith("metadata[") && k.endsWith("]")) {
        pairs.add(json(k.substring(9, k.length() - 1)) + ": " + json(v));
      }
    });
    return "{" + String.join(", ", pairs) + "}";
  }

  private static String json(String s) {
    return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    if (body.isEmpty()) {
      return form;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return form;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

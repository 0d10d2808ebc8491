package dev.billwright.examples.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.billwright.payment.webhook.StripeWebhookSignature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for the Stripe API on a loopback port, for the demo {@code bill --top-up-via
 * stripe-stub}. It is a stub of the <em>provider</em> (the real stripe-java client talks HTTP to
 * it; Billwright's gateway and webhook code run unchanged), not a mock of Billwright's code.
 *
 * <p>It answers {@code POST /v1/payment_intents} with a PaymentIntent in the shape of Stripe's API
 * reference ("The PaymentIntent object": {@code id}, {@code object}, {@code amount} in minor
 * units, {@code currency} lower case, {@code customer}, {@code metadata}, {@code status}
 * {@code requires_payment_method} until the customer pays) and keeps Stripe's idempotency rule
 * ("Idempotent requests": a repeated {@code Idempotency-Key} gets the first answer again, with
 * {@code Idempotent-Replayed: true}). {@link #succeeded} plays the customer paying: it gives the
 * {@code payment_intent.succeeded} Event Stripe would POST to the webhook endpoint, signed the way
 * Stripe signs ({@code Stripe-Signature: t=...,v1=...}) with a test signing secret. Ids are
 * sequential, so a run is reproducible. Any other path answers 404 with a Stripe error body.
 */
final class LocalStripeStub implements AutoCloseable {
  /** The webhook signing secret of the stub (a test secret, never a real one). */
  static final String SIGNING_SECRET = "whsec_billwright_local_stub";

  /** A webhook delivery as Stripe would POST it: the raw body and its {@code Stripe-Signature}. */
  record Delivery(String eventId, byte[] body, String signature) {}

  private record Intent(String id, long amount, String currency, String customer, Map<String, String> metadata) {}

  private final HttpServer server;
  private final Map<String, String> byKey = new HashMap<>();
  private final Map<String, Intent> intents = new HashMap<>();
  private int sequence;
  private final Map<String, Delivery> deliveries = new HashMap<>();

  /** Starts the stub on a free loopback port. */
  LocalStripeStub() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/v1/", this::handle);
    server.start();
  }

  /** The base URL to give the Stripe client ({@code StripeClient.builder().setApiBase(...)}). */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * The customer paid the PaymentIntent: the signed {@code payment_intent.succeeded} Event. Stripe
   * creates one Event per change, so asking again for the same PaymentIntent gives the same Event
   * (a redelivery).
   *
   * @param intentId a PaymentIntent id this stub created
   * @param created the event's time, Unix seconds (also the signature's {@code t})
   * @throws IllegalArgumentException if the stub did not create that PaymentIntent
   */
  synchronized Delivery succeeded(String intentId, long created) {
    Intent i = intents.get(intentId);
    if (i == null) {
      throw new IllegalArgumentException("no PaymentIntent " + intentId + " on the stub");
    }
    Delivery earlier = deliveries.get(intentId);
    if (earlier != null) {
      return earlier;
    }
    String id = "evt_stub_" + (deliveries.size() + 1);
    String body = "{\"id\": \"" + id + "\", \"object\": \"event\", \"api_version\": \"2025-08-27.basil\", \"created\": "
        + created + ", \"livemode\": false, \"pending_webhooks\": 1, \"type\": \"payment_intent.succeeded\","
        + " \"data\": {\"object\": " + intentJson(i, "succeeded") + "}}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Delivery d = new Delivery(id, bytes, StripeWebhookSignature.header(bytes, SIGNING_SECRET, created));
    deliveries.put(intentId, d);
    return d;
  }

  private synchronized void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
      String path = exchange.getRequestURI().getPath();
      int status = 200;
      String answer = key == null ? null : byKey.get(key);
      boolean replayed = answer != null;
      if (answer == null) {
        if ("POST".equals(exchange.getRequestMethod()) && path.equals("/v1/payment_intents")) {
          answer = createIntent(form(body));
          if (key != null) {
            byKey.put(key, answer);
          }
        } else {
          status = 404;
          answer = "{\"error\": {\"type\": \"invalid_request_error\", \"code\": \"resource_missing\","
              + " \"message\": \"Unrecognized request URL (" + exchange.getRequestMethod() + ": " + path + ")\"}}";
        }
      }
      byte[] out = answer.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.getResponseHeaders().add("Request-Id", "req_stub_" + (++sequence));
      if (replayed) {
        exchange.getResponseHeaders().add("Idempotent-Replayed", "true");
      }
      exchange.sendResponseHeaders(status, out.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(out);
      }
    }
  }

  private String createIntent(Map<String, String> form) {
    Map<String, String> metadata = new LinkedHashMap<>();
    form.forEach((k, v) -> {
      if (k.startsWith("metadata[") && k.endsWith("]")) {
        metadata.put(k.substring(9, k.length() - 1), v);
      }
    });
    Intent i = new Intent("pi_stub_" + (intents.size() + 1), Long.parseLong(form.get("amount")), form.get("currency"),
        form.get("customer"), metadata);
    intents.put(i.id(), i);
    return intentJson(i, "requires_payment_method");
  }

  private static String intentJson(Intent i, String status) {
    List<String> pairs = new ArrayList<>();
    i.metadata().forEach((k, v) -> pairs.add(json(k) + ": " + json(v)));
    boolean paid = "succeeded".equals(status);
    return "{\"id\": \"" + i.id() + "\", \"object\": \"payment_intent\", \"amount\": " + i.amount() + ","
        + " \"amount_received\": " + (paid ? i.amount() : 0) + ", \"capture_method\": \"automatic\","
        + " \"client_secret\": \"" + i.id() + "_secret_stub\", \"created\": 1790812800, \"currency\": "
        + json(i.currency()) + ", \"customer\": " + json(i.customer()) + ", \"last_payment_error\": null,"
        + " \"livemode\": false, \"metadata\": {" + String.join(", ", pairs) + "}, \"payment_method_types\": [\"card\"],"
        + " \"status\": \"" + status + "\"}";
  }

  private static String json(String s) {
    return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    if (!body.isEmpty()) {
      for (String pair : body.split("&")) {
        int eq = pair.indexOf('=');
        form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  /** Stops the server. */
  @Override
  public void close() {
    server.stop(0);
  }
}

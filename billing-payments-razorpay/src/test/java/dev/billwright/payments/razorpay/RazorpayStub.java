package dev.billwright.payments.razorpay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
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
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * A local Razorpay API on a loopback port for the real razorpay-java client, answering in the
 * shapes of Razorpay's API reference: "Create an Order" and "Fetch All Orders" (with the
 * {@code receipt} filter), "Create a Normal Refund" ({@code POST /v1/payments/:id/refund}) and
 * "Fetch Multiple Refunds for a Payment", and the error body
 * {@code {"error": {"code": "BAD_REQUEST_ERROR", ...}}}. Payment {@code pay_29QQoUBi66xm2f}
 * (INR 500.00, captured) exists for refunds.
 *
 * <p>razorpay-java 1.4.8 has no base-URL setting: its requests go to the fixed
 * {@code https://api.razorpay.com} through one static OkHttp client that the SDK creates only
 * when none exists. {@link #install} puts in a client whose interceptor sends every request to
 * this stub instead (scheme, host and port rewritten); the SDK's request building, Basic auth,
 * JSON bodies and response parsing all run unchanged.
 */
final class RazorpayStub implements AutoCloseable {
  /** One request the stub received. */
  record Received(String method, String path, String query, JsonNode body) {}

  static final long CREATED = 1_793_577_600L; // 2026-11-02T00:00:00Z
  static final String CAPTURED_PAYMENT = "pay_29QQoUBi66xm2f";
  private static volatile int port;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<ObjectNode> orders = new ArrayList<>();
  private final List<ObjectNode> links = new ArrayList<>();
  private final Map<String, List<ObjectNode>> refunds = new HashMap<>();
  private final Map<String, Long> refundable = new HashMap<>();
  final List<Received> received = new CopyOnWriteArrayList<>();
  private int sequence;

  RazorpayStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/", this::handle);
    server.start();
    refundable.put(CAPTURED_PAYMENT, 50_000L);
    install(server.getAddress().getPort());
  }

  static synchronized void install(int stubPort) {
    port = stubPort;
    try {
      Field client = Class.forName("com.razorpay.ApiUtils").getDeclaredField("client");
      client.setAccessible(true);
      if (client.get(null) == null) {
        client.set(null, new OkHttpClient.Builder().addInterceptor(chain -> {
          HttpUrl url = chain.request().url().newBuilder().scheme("http").host("127.0.0.1").port(port).build();
          return chain.proceed(chain.request().newBuilder().url(url).build());
        }).build());
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("razorpay-java's ApiUtils.client is not where 1.4.8 keeps it", e);
    }
  }

  synchronized long ordersWithReceipt(String receipt) {
    return orders.stream().filter(o -> receipt.equals(o.path("receipt").asText())).count();
  }

  synchronized long linksWithReference(String reference) {
    return links.stream().filter(o -> reference.equals(o.path("reference_id").asText())).count();
  }

  synchronized long refundsWithReceipt(String receipt) {
    return refunds.values().stream().flatMap(List::stream).filter(r -> receipt.equals(r.path("receipt").asText()))
        .count();
  }

  private synchronized void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] raw = exchange.getRequestBody().readAllBytes();
      JsonNode body = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      String query = exchange.getRequestURI().getRawQuery();
      received.add(new Received(method, path, query, body));
      int status = 200;
      JsonNode answer;
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      if (auth == null || !auth.startsWith("Basic ")) {
        status = 401;
        answer = error("The api key provided is invalid");
      } else if (method.equals("POST") && path.equals("/v1/orders")) {
        ObjectNode order = JSON.createObjectNode();
        order.put("id", "order_Stub" + (++sequence)).put("entity", "order").put("amount", body.path("amount").asLong())
            .put("amount_paid", 0).put("amount_due", body.path("amount").asLong())
            .put("currency", body.path("currency").asText()).put("receipt", body.path("receipt").asText())
            .putNull("offer_id").put("status", "created").put("attempts", 0);
        order.set("notes", body.path("notes").isMissingNode() ? JSON.createArrayNode() : body.path("notes"));
        order.put("created_at", CREATED + sequence);
        orders.add(order);
        answer = order;
      } else if (method.equals("POST") && path.equals("/v1/payment_links")) {
        // "Create a Standard Payment Link": no entity field; reference_id unique per account
        String ref = body.path("reference_id").asText(null);
        if (ref != null && links.stream().anyMatch(l -> ref.equals(l.path("reference_id").asText()))) {
          status = 400;
          answer = error("Payment Link with reference id " + ref + " already exists");
        } else {
          ObjectNode link = JSON.createObjectNode();
          String id = "plink_Stub" + (++sequence);
          link.put("accept_partial", false).put("amount", body.path("amount").asLong()).put("amount_paid", 0)
              .put("cancelled_at", 0).put("created_at", CREATED + sequence)
              .put("currency", body.path("currency").asText()).put("description", body.path("description").asText())
              .put("expire_by", 0).put("expired_at", 0).put("first_min_partial_amount", 0).put("id", id);
          link.set("notes", body.path("notes").isMissingNode() ? JSON.createArrayNode() : body.path("notes"));
          link.putObject("notify").put("email", false).put("sms", false);
          link.putNull("payments");
          link.put("reference_id", ref).put("reminder_enable", false).put("short_url", "https://rzp.io/i/" + id)
              .put("status", "created").put("updated_at", CREATED + sequence).put("upi_link", false)
              .put("user_id", "");
          links.add(link);
          answer = link;
        }
      } else if (method.equals("GET") && path.equals("/v1/payment_links")) {
        String ref = query(query).get("reference_id");
        ObjectNode root = JSON.createObjectNode();
        ArrayNode arr = root.putArray("payment_links");
        links.stream().filter(l -> ref == null || ref.equals(l.path("reference_id").asText())).forEach(arr::add);
        answer = root;
      } else if (method.equals("GET") && path.equals("/v1/orders")) {
        String receipt = query(query).get("receipt");
        List<ObjectNode> items = new ArrayList<>();
        for (ObjectNode o : orders) {
          if (receipt == null || receipt.equals(o.path("receipt").asText())) {
            items.add(0, o); // newest first
          }
        }
        answer = collection(items);
      } else if (method.equals("POST") && path.matches("/v1/payments/[^/]+/refund")) {
        String payment = path.split("/")[3];
        Long left = refundable.get(payment);
        long amount = body.path("amount").asLong();
        if (left == null || left < amount) {
          status = 400;
          answer = error("The refund amount provided is greater than amount captured");
        } else {
          refundable.put(payment, left - amount);
          ObjectNode refund = JSON.createObjectNode();
          refund.put("id", "rfnd_Stub" + (++sequence)).put("entity", "refund").put("amount", amount)
              .put("receipt", body.path("receipt").asText(null)).put("currency", "INR").put("payment_id", payment);
          refund.set("notes", body.path("notes").isMissingNode() ? JSON.createArrayNode() : body.path("notes"));
          refund.set("acquirer_data", JSON.createObjectNode().put("rrn", "10000000000000"));
          refund.put("created_at", CREATED + 86_400 + sequence).putNull("batch_id").put("status", "processed")
              .put("speed_processed", "normal").put("speed_requested", "normal");
          refunds.computeIfAbsent(payment, k -> new ArrayList<>()).add(refund);
          answer = refund;
        }
      } else if (method.equals("GET") && path.matches("/v1/payments/[^/]+/refunds")) {
        answer = collection(refunds.getOrDefault(path.split("/")[3], List.of()));
      } else {
        status = 400;
        answer = error("The requested URL was not found on the server.");
      }
      byte[] out = JSON.writeValueAsBytes(answer);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, out.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(out);
      }
    }
  }

  private static ObjectNode collection(List<ObjectNode> items) {
    ObjectNode c = JSON.createObjectNode();
    c.put("entity", "collection").put("count", items.size());
    ArrayNode arr = c.putArray("items");
    items.forEach(arr::add);
    return c;
  }

  private static ObjectNode error(String description) {
    ObjectNode root = JSON.createObjectNode();
    root.putObject("error").put("code", "BAD_REQUEST_ERROR").put("description", description).put("source", "NA")
        .put("step", "NA").put("reason", "NA").putObject("metadata");
    return root;
  }

  private static Map<String, String> query(String query) {
    Map<String, String> q = new LinkedHashMap<>();
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return q;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

package dev.billwright.payments.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.billwright.error.BillingException;
import dev.billwright.money.Money;
import dev.billwright.payment.Payout;
import dev.billwright.payment.PayoutItem;
import dev.billwright.payment.PayoutReconciliation;
import dev.billwright.payment.PayoutReport;
import dev.billwright.payment.ProviderPayment;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A payout read with the real stripe-java client from a local stub answering
 * {@code GET /v1/payouts/:id} ("The Payout object") and {@code GET /v1/balance_transactions?payout=}
 * ("The Balance Transaction object", a list object with {@code has_more}) in two pages, then
 * reconciled. Fees are derived: 2.0% of the gross in INR, chosen by hand.
 */
class StripePayoutsTest {
  private HttpServer server;
  private final List<String> queries = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String query = java.net.URLDecoder.decode(String.valueOf(exchange.getRequestURI().getRawQuery()),
          StandardCharsets.UTF_8);
      queries.add(path + "?" + query);
      String body;
      int status = 200;
      if (path.equals("/v1/payouts/po_1")) {
        body = "{\"id\": \"po_1\", \"object\": \"payout\", \"amount\": 138960, \"arrival_date\": 1793750400,"
            + " \"automatic\": true, \"balance_transaction\": \"txn_po\", \"currency\": \"inr\", \"method\": \"standard\","
            + " \"status\": \"paid\", \"type\": \"bank_account\"}";
      } else if (path.equals("/v1/balance_transactions") && !query.contains("starting_after")) {
        body = list(true, txn("txn_1", "charge", 100000, 2000, "ch_1", "pi_1") + ", "
            + txn("txn_2", "charge", 50000, 1000, "ch_2", "pi_2"));
      } else if (path.equals("/v1/balance_transactions")) {
        body = list(false, txn("txn_3", "refund", -10000, 0, "re_1", null) + ", "
            + txn("txn_4", "charge", 2000, 40, "ch_9", "pi_unknown") + ", "
            + "{\"id\": \"txn_po\", \"object\": \"balance_transaction\", \"amount\": -138960, \"currency\": \"inr\","
            + " \"fee\": 0, \"net\": -138960, \"source\": \"po_1\", \"type\": \"payout\", \"status\": \"available\","
            + " \"created\": 1793750400, \"available_on\": 1793750400}");
      } else {
        status = 404;
        body = "{\"error\": {\"type\": \"invalid_request_error\", \"code\": \"resource_missing\","
            + " \"message\": \"No such payout\"}}";
      }
      byte[] out = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, out.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(out);
      }
    }
  }

  private static String list(boolean more, String data) {
    return "{\"object\": \"list\", \"url\": \"/v1/balance_transactions\", \"has_more\": " + more + ", \"data\": ["
        + data + "]}";
  }

  private static String txn(String id, String type, long amount, long fee, String source, String intent) {
    String src = type.equals("charge")
        ? "{\"id\": \"" + source + "\", \"object\": \"charge\", \"amount\": " + amount + ", \"currency\": \"inr\","
            + " \"payment_intent\": \"" + intent + "\", \"status\": \"succeeded\"}"
        : "\"" + source + "\"";
    return "{\"id\": \"" + id + "\", \"object\": \"balance_transaction\", \"amount\": " + amount + ", \"currency\": \"inr\","
        + " \"fee\": " + fee + ", \"fee_details\": [{\"amount\": " + fee + ", \"currency\": \"inr\", \"type\": \"stripe_fee\"}],"
        + " \"net\": " + (amount - fee) + ", \"source\": " + src + ", \"type\": \"" + type + "\", \"status\": \"available\","
        + " \"created\": 1793577600, \"available_on\": 1793750400, \"reporting_category\": \"" + type + "\"}";
  }

  @Test
  void aPayoutIsReadPageByPageAndReconciled() {
    StripeClient client = StripeClient.builder().setApiKey("sk_test_stub")
        .setApiBase("http://127.0.0.1:" + server.getAddress().getPort()).build();
    Payout payout = new StripePayouts(client).fetch("po_1");
    assertThat(payout.amount()).isEqualTo(Money.of("INR", "1389.60"));
    assertThat(payout.at()).isEqualTo(Instant.ofEpochSecond(1793750400L));
    assertThat(payout.items()).extracting(PayoutItem::reference).containsExactly("txn_1", "txn_2", "txn_3", "txn_4");
    assertThat(payout.items()).extracting(PayoutItem::kind).containsExactly(PayoutItem.Kind.PAYMENT,
        PayoutItem.Kind.PAYMENT, PayoutItem.Kind.REFUND, PayoutItem.Kind.PAYMENT);
    assertThat(payout.items().get(0).paymentReference()).isEqualTo("pi_1");
    assertThat(payout.items().get(0).fee()).isEqualTo(Money.of("INR", "20.00"));
    assertThat(queries).anyMatch(q -> q.contains("payout=po_1") && q.contains("expand[0]=data.source"))
        .anyMatch(q -> q.contains("starting_after=txn_2"));

    Instant t = Instant.ofEpochSecond(1793577600L);
    PayoutReport r = PayoutReconciliation.reconcile(List.of(
        new ProviderPayment("pi_1", Money.of("INR", "1000.00"), t, Map.of("invoice_id", "inv_1")),
        new ProviderPayment("pi_2", Money.of("INR", "500.00"), t, Map.of("invoice_id", "inv_2")),
        new ProviderPayment("pi_3", Money.of("INR", "300.00"), t, Map.of("invoice_id", "inv_3"))), List.of(payout));
    PayoutReport.PayoutSummary s = r.payouts().get(0);
    assertThat(s.fees()).isEqualTo(Money.of("INR", "30.40"));
    assertThat(s.net()).isEqualTo(Money.of("INR", "1389.60"));
    // 980.00 + 490.00 − 100.00 explained; the unknown pi_unknown's 19.60 is not
    assertThat(s.explained()).isEqualTo(Money.of("INR", "1370.00"));
    assertThat(s.difference()).isEqualTo(Money.of("INR", "19.60"));
    assertThat(s.balanced()).isFalse();
    assertThat(r.unknown()).extracting(x -> x.item().paymentReference()).containsExactly("pi_unknown");
    assertThat(r.unsettled()).extracting(ProviderPayment::reference).containsExactly("pi_3");
  }

  @Test
  void anUnknownPayoutIsAGatewayFailure() {
    StripeClient client = StripeClient.builder().setApiKey("sk_test_stub")
        .setApiBase("http://127.0.0.1:" + server.getAddress().getPort()).setMaxNetworkRetries(0).build();
    assertThatThrownBy(() -> new StripePayouts(client).fetch("po_missing")).isInstanceOf(BillingException.class)
        .hasMessageContaining("po_missing").hasMessageContaining("404");
  }
}

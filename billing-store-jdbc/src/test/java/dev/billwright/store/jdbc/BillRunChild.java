package dev.billwright.store.jdbc;

import dev.billwright.billing.BillRun;
import dev.billwright.billing.BillRunRequest;
import dev.billwright.billing.BillRunResult;
import dev.billwright.catalog.Plan;
import dev.billwright.billing.InvoiceAssembler;
import dev.billwright.rating.PeriodUsage;
import dev.billwright.rating.UsageSource;
import dev.billwright.subscription.Subscription;
import dev.billwright.testkit.generators.BillingGenerators;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A bill run in its own JVM, for {@link TwoProcessBillRunTest}: opens the store at the URL given,
 * prints {@code READY}, waits for a line on standard input (so two children start together),
 * bills {@link #SUBSCRIPTIONS} subscriptions from January to July 2026 and prints
 * {@code DONE created=N existing=M failures=K}.
 */
public final class BillRunChild {
  /** Subscriptions billed. */
  static final int SUBSCRIPTIONS = 12;
  /** Invoices expected: each subscription's opening invoice and 6 month ends (February to July). */
  static final int INVOICES = SUBSCRIPTIONS * 7;

  private BillRunChild() {}

  static Plan plan() {
    return BillingGenerators.plan("p", "{\"cadence\":\"P1M\",\"alignment\":\"calendar\",\"time_zone\":\"UTC\","
        + "\"proration\":\"seconds\"}", new BigDecimal("10"), new BigDecimal("0.01"));
  }

  static List<Subscription> subscriptions() {
    List<Subscription> subs = new ArrayList<>();
    for (int i = 0; i < SUBSCRIPTIONS; i++) {
      subs.add(Subscription.builder().id("sub_" + i).customerId("cus_" + i).planCode("p").planVersion(1)
          .start(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(86_400L * i)).build());
    }
    return subs;
  }

  static BillRunRequest request() {
    UsageSource usage = (sub, w) -> PeriodUsage.ofQuantities(Map.of("api_calls", new BigDecimal("1234")));
    return BillRunRequest.of(subscriptions(), usage, Instant.parse("2026-07-01T00:00:00Z"));
  }

  /**
   * Runs the child.
   *
   * @param args the JDBC URL, the user, and {@code wait} or {@code go} (wait for a line first or not)
   * @throws Exception on any failure (the exit code is then non-zero)
   */
  public static void main(String[] args) throws Exception {
    java.util.logging.Logger.getLogger("org.flywaydb").setLevel(java.util.logging.Level.WARNING);
    try (JdbcStore db = JdbcStore.open(args[0], args[1], null)) {
      db.planCatalog().publish(plan());
      System.out.println("READY");
      System.out.flush();
      if (args[2].equals("wait")) {
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      }
      BillRun run = new BillRun(db.planCatalog(), db.invoices(), db.invoiceNumbers(), InvoiceAssembler.DEFAULT);
      BillRunResult r = args[2].equals("recover") ? run.recover(request()) : run.run(request());
      System.out.println("DONE created=" + r.created().size() + " existing=" + r.existing().size() + " failures="
          + r.failures().size());
      r.failures().forEach(f -> System.out.println("FAILURE " + f));
    }
  }
}

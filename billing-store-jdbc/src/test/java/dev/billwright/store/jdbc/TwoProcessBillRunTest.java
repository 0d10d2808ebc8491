package dev.billwright.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.subscription.Subscription;
import dev.billwright.time.BillingPeriod;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Concurrency for real: separate JVM processes ({@link BillRunChild}, started with this test's
 * class path) run the same bill run against one PostgreSQL database.
 */
class TwoProcessBillRunTest {
  /** A child process and the one reader of its output. */
  private record Child(Process process, BufferedReader out) {
    /** Reads lines until READY (log lines before it are skipped); false if the output ends first. */
    boolean ready() throws IOException {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.equals("READY")) {
          return true;
        }
      }
      return false;
    }

    List<String> rest() throws IOException {
      List<String> lines = new ArrayList<>();
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        lines.add(line);
      }
      return lines;
    }
  }

  private static Child child(String url, String mode) throws IOException {
    Process p = start(url, mode);
    return new Child(p, new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
  }

  private static Process start(String url, String mode) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), BillRunChild.class.getName(), url, "postgres", mode);
    pb.redirectErrorStream(true);
    return pb.start();
  }

  private static List<Invoice> stored(JdbcStore db) {
    List<Invoice> all = new ArrayList<>();
    BillingPeriod years = BillingPeriod.of(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"),
        ZoneOffset.UTC);
    for (Subscription s : BillRunChild.subscriptions()) {
      all.addAll(db.invoices().listByCustomer(s.customerId(), years));
    }
    return all;
  }

  private static void assertOnePerKeyAndGapFree(JdbcStore db, int gapsAllowed) {
    List<Invoice> stored = stored(db);
    assertThat(stored).hasSize(BillRunChild.INVOICES);
    assertThat(stored.stream().map(i -> i.key().value()).collect(Collectors.toSet())).hasSize(BillRunChild.INVOICES);
    assertThat(stored).allMatch(i -> i.status() == InvoiceStatus.FINALIZED);
    Set<Long> numbers = new TreeSet<>();
    stored.forEach(i -> numbers.add(Long.parseLong(i.number().orElseThrow().substring("INV-".length()))));
    assertThat(numbers).as("numbers are unique").hasSize(BillRunChild.INVOICES);
    long max = numbers.stream().mapToLong(Long::longValue).max().orElse(0);
    assertThat(max - BillRunChild.INVOICES).as("numbers lost to a killed process").isLessThanOrEqualTo(gapsAllowed);
  }

  /**
   * Two JVMs released together bill the same subscriptions: exactly one invoice per
   * (subscription, period, kind), numbers 1..N with no gap or repeat, no failure in either, and
   * each invoice created by exactly one of them.
   *
   * @throws Exception if a process fails
   */
  @Test
  void twoProcessesProduceOneInvoicePerKeyAndGapFreeNumbers() throws Exception {
    String url = Databases.newPostgres();
    Child ca = child(url, "wait");
    Child cb = child(url, "wait");
    assertThat(ca.ready()).isTrue();
    assertThat(cb.ready()).isTrue();
    Process a = ca.process();
    Process b = cb.process();
    for (Process p : List.of(a, b)) {
      OutputStream in = p.getOutputStream();
      in.write('\n');
      in.flush();
    }
    List<String> outA = ca.rest();
    List<String> outB = cb.rest();
    assertThat(a.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(b.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(a.exitValue()).as(String.join("\n", outA)).isZero();
    assertThat(b.exitValue()).as(String.join("\n", outB)).isZero();
    int created = 0;
    for (List<String> out : List.of(outA, outB)) {
      String done = out.stream().filter(l -> l.startsWith("DONE")).findFirst().orElseThrow();
      assertThat(done).as(String.join("\n", out)).endsWith("failures=0");
      created += Integer.parseInt(done.replaceAll(".*created=(\\d+).*", "$1"));
    }
    assertThat(created).isEqualTo(BillRunChild.INVOICES);
    try (JdbcStore db = Databases.open(url)) {
      assertOnePerKeyAndGapFree(db, 0);
      assertThat(db.invoiceNumbers().next("INV")).isEqualTo(BillRunChild.INVOICES + 1L);
    }
  }

  /**
   * A bill run killed at a random point (several seeds) leaves no half-applied invoice, and a
   * recovering run then completes it: one finalized invoice per key, numbers 1..N with no gap.
   *
   * @throws Exception if a process fails
   */
  @Test
  void aKilledRunCompletesOnTheNextRunWithoutDuplicates() throws Exception {
    for (long seed : new long[] {1, 2, 3}) {
      String url = Databases.newPostgres();
      Child child = child(url, "go");
      assertThat(child.ready()).isTrue();
      Process victim = child.process();
      Thread.sleep(new Random(seed).nextInt(1500));
      victim.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      Child rc = child(url, "recover");
      assertThat(rc.ready()).isTrue();
      Process recovery = rc.process();
      List<String> out = rc.rest();
      assertThat(recovery.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(recovery.exitValue()).as(String.join("\n", out)).isZero();
      assertThat(out.stream().filter(l -> l.startsWith("DONE")).findFirst().orElseThrow()).endsWith("failures=0");
      try (JdbcStore db = Databases.open(url)) {
        // the number and the finalized invoice are one transaction: a kill between them loses nothing
        assertOnePerKeyAndGapFree(db, 0);
      }
    }
  }
}

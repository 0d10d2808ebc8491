package dev.billwright.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code billwright bill} with a store: the embedded default under OUT/store, a real PostgreSQL
 * with {@code --store jdbc:postgresql://...}, a rerun of the same month, and a run killed
 * part-way (a child JVM) that the next run completes.
 */
class BillStoreTest {
  @TempDir
  Path tmp;

  private static Map<String, String> files(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        out.put(p.getFileName().toString(), Files.readString(p));
      }
    }
    return out;
  }

  /** The second run of a month creates nothing, says so, and writes the same invoice files. */
  @Test
  void rerunningTheMonthCreatesNothingAndSaysSo() throws IOException {
    Path out = tmp.resolve("run");
    Cli first = Cli.run("bill", "--events", "5000", "--summary-only", "--out", out.toString());
    assertThat(first.code).as(first.toString()).isZero();
    assertThat(first.err).contains("invoice(s) created, 0 already stored");
    assertThat(Files.isDirectory(out.resolve("store"))).isTrue();
    Map<String, String> invoices = files(out.resolve("invoices"));
    Map<String, String> notes = files(out.resolve("credit-notes"));
    Cli again = Cli.run("bill", "--events", "5000", "--summary-only", "--out", out.toString());
    assertThat(again.code).as(again.toString()).isZero();
    assertThat(again.err).contains("Nothing new: " + invoices.size() + " invoice(s) of 2026-10 were already in the store");
    assertThat(again.out).contains("invoices             0 created (" + invoices.size() + " already stored");
    assertThat(files(out.resolve("invoices"))).isEqualTo(invoices);
    assertThat(files(out.resolve("credit-notes"))).isEqualTo(notes);
    // and the stored run bills exactly what the in-memory run bills
    Path memory = tmp.resolve("memory");
    Cli inMemory = Cli.run("bill", "--events", "5000", "--summary-only", "--store", "memory", "--out",
        memory.toString());
    assertThat(inMemory.code).isZero();
    assertThat(files(memory.resolve("invoices"))).isEqualTo(invoices);
    assertThat(files(memory.resolve("credit-notes"))).isEqualTo(notes);
  }

  /** With {@code --store jdbc:postgresql://...} the state is in PostgreSQL; a rerun creates nothing. */
  @Test
  void billsIntoPostgresql() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
        st.execute("CREATE DATABASE billing");
      }
      String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/billing?user=postgres";
      Cli first = Cli.run("bill", "--events", "5000", "--summary-only", "--store", url, "--out",
          tmp.resolve("pg1").toString());
      assertThat(first.code).as(first.toString()).isZero();
      assertThat(Files.exists(tmp.resolve("pg1/store"))).isFalse();
      Cli again = Cli.run("bill", "--events", "5000", "--summary-only", "--store", url, "--out",
          tmp.resolve("pg2").toString());
      assertThat(again.err).contains("Nothing new");
      assertThat(files(tmp.resolve("pg2/invoices"))).isEqualTo(files(tmp.resolve("pg1/invoices")));
    }
  }

  /** A run killed at a random point completes on the next run: the same invoices, no duplicate. */
  @Test
  void aKilledRunCompletesOnTheNextRun() throws Exception {
    Path memory = tmp.resolve("memory");
    assertThat(Cli.run("bill", "--events", "5000", "--summary-only", "--store", "memory", "--out",
        memory.toString()).code).isZero();
    Map<String, String> expected = files(memory.resolve("invoices"));
    Path out = tmp.resolve("killed");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        BillwrightCli.class.getName(), "bill", "--events", "5000", "--summary-only", "--out", out.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    Thread.sleep(2000 + new Random(20261203L).nextInt(4000));
    child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    Cli next = Cli.run("bill", "--events", "5000", "--summary-only", "--out", out.toString());
    assertThat(next.code).as(next.toString()).isZero();
    Map<String, String> got = files(out.resolve("invoices"));
    assertThat(got).hasSameSizeAs(expected);
    assertThat(got).isEqualTo(expected);
  }
}

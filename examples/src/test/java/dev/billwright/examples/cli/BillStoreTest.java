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

  /**
   * A run killed at random points (3 seeds, embedded default store) completes on the next run:
   * the same invoice files as an uninterrupted in-memory run, no duplicate, gap-free numbers.
   */
  @Test
  void aKilledRunCompletesOnTheNextRun() throws Exception {
    Path memory = tmp.resolve("memory");
    assertThat(Cli.run("bill", "--events", "5000", "--summary-only", "--store", "memory", "--out",
        memory.toString()).code).isZero();
    Map<String, String> expected = files(memory.resolve("invoices"));
    assertGapFree(expected);
    for (long seed : new long[] {20261203L, 7L, 424242L}) {
      Path out = tmp.resolve("killed-" + seed);
      Process child = child("--events", "5000", "--summary-only", "--checkpoint-every", "500", "--out", out.toString());
      Thread.sleep(1500 + new Random(seed).nextInt(5000));
      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      Cli next = Cli.run("bill", "--events", "5000", "--summary-only", "--checkpoint-every", "500", "--out",
          out.toString());
      assertThat(next.code).as("seed " + seed + ": " + next).isZero();
      Map<String, String> got = files(out.resolve("invoices"));
      assertThat(got).as("seed " + seed).isEqualTo(expected);
      Cli again = Cli.run("bill", "--events", "5000", "--summary-only", "--checkpoint-every", "500", "--out",
          out.toString());
      assertThat(again.err).as("seed " + seed).contains("Nothing new: " + expected.size() + " invoice(s)")
          .contains("already aggregated by an earlier run");
    }
  }

  /**
   * Durable metering in the CLI: a child JVM billing against PostgreSQL is killed once its
   * metering checkpoint has passed a random record (3 seeds); the next run resumes the
   * aggregation from the checkpoint (it says so) and writes exactly the invoices of an
   * uninterrupted run, with no duplicate and no gap in the numbers.
   */
  @Test
  void aRunKilledWhileMeteringResumesFromItsCheckpoint() throws Exception {
    int events = 40_000;
    Path memory = tmp.resolve("memory");
    assertThat(Cli.run("bill", "--events", String.valueOf(events), "--summary-only", "--store", "memory", "--out",
        memory.toString()).code).isZero();
    Map<String, String> expected = files(memory.resolve("invoices"));
    assertGapFree(expected);
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      for (long seed : new long[] {11L, 2026L, 99991L}) {
        String db = "billing_" + seed;
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
          st.execute("CREATE DATABASE " + db);
        }
        String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/" + db + "?user=postgres";
        Random random = new Random(seed);
        long target = 2_000 + random.nextInt(events / 2);
        Path out = tmp.resolve("pg-killed-" + seed);
        String[] args = {"--events", String.valueOf(events), "--summary-only", "--checkpoint-every", "1000",
            "--store", url, "--out", out.toString()};
        Process child = child(args);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        long position = 0;
        try (Connection c = pg.getDatabase("postgres", db).getConnection()) {
          while (position < target && child.isAlive() && System.nanoTime() < deadline) {
            position = checkpointPosition(c);
            Thread.sleep(5);
          }
        }
        Thread.sleep(random.nextInt(20));
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(position).as("seed " + seed + ": the child reached the target checkpoint").isGreaterThanOrEqualTo(target);
        String[] rerun = new String[args.length + 1];
        rerun[0] = "bill";
        System.arraycopy(args, 0, rerun, 1, args.length);
        Cli next = Cli.run(rerun);
        assertThat(next.code).as("seed " + seed + ": " + next).isZero();
        assertThat(next.err).as("seed " + seed).containsPattern("Metering: resumed from the checkpoint of \\S+ at record"
            + " [1-9][0-9]* of " + events);
        assertThat(files(out.resolve("invoices"))).as("seed " + seed).isEqualTo(expected);
        Cli again = Cli.run(rerun);
        assertThat(again.err).as("seed " + seed).contains("Nothing new: " + expected.size() + " invoice(s)")
            .contains(events + " record(s) already aggregated");
      }
    }
  }

  private static long checkpointPosition(Connection c) {
    try (Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT max(position) FROM bw_metering_checkpoint")) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (java.sql.SQLException e) {
      return 0; // the child has not created the schema yet
    }
  }

  private static Process child(String... args) throws IOException {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(javaBin, "-Xmx512m", "-cp",
        System.getProperty("java.class.path"), BillwrightCli.class.getName(), "bill"));
    command.addAll(java.util.List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  /** Every series of the invoice files is numbered 1..N: no gap, no repeat. */
  private static void assertGapFree(Map<String, String> invoices) {
    Map<String, java.util.List<Integer>> bySeries = new TreeMap<>();
    for (String name : invoices.keySet()) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(.*?)(\\d+)\\.json").matcher(name);
      assertThat(m.matches()).as(name).isTrue();
      bySeries.computeIfAbsent(m.group(1), k -> new java.util.ArrayList<>()).add(Integer.parseInt(m.group(2)));
    }
    assertThat(bySeries).isNotEmpty();
    bySeries.forEach((series, values) -> assertThat(values).as(series).containsExactlyInAnyOrderElementsOf(
        java.util.stream.IntStream.rangeClosed(1, values.size()).boxed().toList()));
  }
}

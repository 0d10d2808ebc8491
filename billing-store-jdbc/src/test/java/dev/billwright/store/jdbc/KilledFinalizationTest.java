package dev.billwright.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLifecycle;
import dev.billwright.invoice.InvoiceStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gap-free numbers when a process dies between taking a number and storing the finalized
 * invoice: a child JVM ({@link FinalizeKillChild}) halts inside {@code finalizeWithNumber} right
 * after the number was taken; the number is not lost (the transaction never committed), the
 * draft is still a draft, and the next finalization gets that same number.
 */
class KilledFinalizationTest {
  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "h2"})
  void aProcessKilledBetweenTheNumberAndTheWriteLosesNoNumber(String database) throws Exception {
    String url = database.equals("h2") ? Databases.newH2() : Databases.newPostgres();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        FinalizeKillChild.class.getName(), url, database.equals("h2") ? "-" : "postgres")
        .redirectErrorStream(true).start();
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String out = output(child);
    assertThat(child.exitValue()).as(out).isEqualTo(9);
    assertThat(out).as("the child took the number, then died").contains("TAKEN K-000001");
    try (JdbcStore db = Databases.open(url)) {
      Invoice stored = db.invoices().findById("inv_k").orElseThrow();
      assertThat(stored.status()).isEqualTo(InvoiceStatus.DRAFT);
      assertThat(stored).isEqualTo(FinalizeKillChild.draft());
      Invoice done = db.invoices().finalizeWithNumber(stored, db.invoiceNumbers(), FinalizeKillChild.SERIES,
          n -> InvoiceLifecycle.finalize(stored, n, stored.period().end()));
      assertThat(done.number()).as("the killed process's number is not lost").contains("K-000001");
      assertThat(db.invoiceNumbers().next(FinalizeKillChild.SERIES.name())).isEqualTo(2);
    }
  }

  private static String output(Process p) throws IOException {
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}

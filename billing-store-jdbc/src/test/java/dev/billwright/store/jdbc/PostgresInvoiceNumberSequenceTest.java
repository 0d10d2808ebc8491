package dev.billwright.store.jdbc;

import dev.billwright.testkit.invoice.InvoiceNumberSequenceContract;
import dev.billwright.invoice.InvoiceNumberSequence;
import org.junit.jupiter.api.AfterAll;

/** {@code InvoiceNumberSequenceContract} against a real Postgres database (embedded PostgreSQL server). */
class PostgresInvoiceNumberSequenceTest extends InvoiceNumberSequenceContract {
  private static final String URL = Databases.newPostgres();
  private static final JdbcStore DB = Databases.open(URL);

  @AfterAll
  static void close() {
    DB.close();
  }

  @Override
  protected InvoiceNumberSequence newSequence() {
    Databases.truncate(URL);
    return DB.invoiceNumbers();
  }
}

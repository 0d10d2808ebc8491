package dev.billwright.store.jdbc;

import dev.billwright.testkit.invoice.InvoiceNumberSequenceContract;
import dev.billwright.invoice.InvoiceNumberSequence;
import org.junit.jupiter.api.AfterAll;

/** {@code InvoiceNumberSequenceContract} against a real H2 database (H2 file database). */
class H2InvoiceNumberSequenceTest extends InvoiceNumberSequenceContract {
  private static final String URL = Databases.newH2();
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

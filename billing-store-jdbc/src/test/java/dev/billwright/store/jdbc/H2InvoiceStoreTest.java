package dev.billwright.store.jdbc;

import dev.billwright.testkit.invoice.InvoiceStoreContract;
import dev.billwright.invoice.InvoiceNumberSequence;
import dev.billwright.invoice.InvoiceStore;
import org.junit.jupiter.api.AfterAll;

/** {@code InvoiceStoreContract} against a real H2 database (H2 file database). */
class H2InvoiceStoreTest extends InvoiceStoreContract {
  private static final String URL = Databases.newH2();
  private static final JdbcStore DB = Databases.open(URL);

  @AfterAll
  static void close() {
    DB.close();
  }

  @Override
  protected InvoiceStore newStore() {
    Databases.truncate(URL);
    return DB.invoices();
  }

  @Override
  protected InvoiceNumberSequence sharedNumbers(InvoiceStore store) {
    return DB.invoiceNumbers();
  }

  @Override
  protected boolean finalizesBatchesAtomically() {
    return true;
  }
}

package dev.billwright.store.jdbc;

import dev.billwright.testkit.invoice.CreditNoteStoreContract;
import dev.billwright.invoice.CreditNoteStore;
import org.junit.jupiter.api.AfterAll;

/** {@code CreditNoteStoreContract} against a real H2 database (H2 file database). */
class H2CreditNoteStoreTest extends CreditNoteStoreContract {
  private static final String URL = Databases.newH2();
  private static final JdbcStore DB = Databases.open(URL);

  @AfterAll
  static void close() {
    DB.close();
  }

  @Override
  protected CreditNoteStore newStore() {
    Databases.truncate(URL);
    return DB.creditNotes();
  }
}

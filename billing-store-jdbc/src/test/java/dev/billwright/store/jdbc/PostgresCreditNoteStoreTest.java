package dev.billwright.store.jdbc;

import dev.billwright.testkit.invoice.CreditNoteStoreContract;
import dev.billwright.invoice.CreditNoteStore;
import org.junit.jupiter.api.AfterAll;

/** {@code CreditNoteStoreContract} against a real Postgres database (embedded PostgreSQL server). */
class PostgresCreditNoteStoreTest extends CreditNoteStoreContract {
  private static final String URL = Databases.newPostgres();
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

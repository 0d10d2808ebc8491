package dev.billwright.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.invoice.InvoiceStore;
import dev.billwright.testkit.invoice.InvoiceStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@code InvoiceStoreContract} on connections from a host's data source (PostgreSQL's
 * {@link PGSimpleDataSource}, a real embedded server):
 * {@link JdbcStore#open(javax.sql.DataSource, JdbcStoreSettings, Clock)}.
 */
class PostgresDataSourceInvoiceStoreTest extends InvoiceStoreContract {
  private static final String URL = Databases.newPostgres();
  private static final JdbcStore DB = JdbcStore.open(pg(URL), JdbcStoreSettings.DEFAULTS, Clock.systemUTC());

  static PGSimpleDataSource pg(String url) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(url);
    ds.setUser("postgres");
    return ds;
  }

  @AfterAll
  static void close() {
    DB.close();
  }

  @Override
  protected InvoiceStore newStore() {
    Databases.truncate(URL);
    return DB.invoices();
  }

  @Test
  void theDialectIsReadFromTheConnection() {
    assertThat(DB.dialect()).isEqualTo(Dialect.POSTGRESQL);
  }
}

package dev.billwright.store.jdbc;

import dev.billwright.invoice.InvoiceStore;
import dev.billwright.testkit.invoice.InvoiceStoreContract;
import java.time.Clock;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;

/**
 * {@code InvoiceStoreContract} on connections from a host's data source (H2's own
 * {@link JdbcDataSource}): {@link JdbcStore#open(javax.sql.DataSource, JdbcStoreSettings, Clock)}.
 */
class H2DataSourceInvoiceStoreTest extends InvoiceStoreContract {
  private static final String URL = Databases.newH2();
  private static final JdbcStore DB = JdbcStore.open(h2(URL), JdbcStoreSettings.DEFAULTS, Clock.systemUTC());

  static JdbcDataSource h2(String url) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(url);
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
}

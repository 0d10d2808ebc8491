package dev.billwright.store.jdbc;

import dev.billwright.testkit.metering.DeduplicationStoreContractTest;
import dev.billwright.metering.DeduplicationStore;
import org.junit.jupiter.api.AfterAll;

/** {@code DeduplicationStoreContractTest} against a real H2 database (H2 file database). */
class H2DeduplicationStoreTest extends DeduplicationStoreContractTest {
  private static final String URL = Databases.newH2();
  private static final JdbcStore DB = Databases.open(URL);

  @AfterAll
  static void close() {
    DB.close();
  }

  @Override
  protected DeduplicationStore newStore() {
    Databases.truncate(URL);
    return DB.deduplication();
  }
}

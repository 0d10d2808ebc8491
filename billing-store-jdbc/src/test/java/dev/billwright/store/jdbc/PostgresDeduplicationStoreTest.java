package dev.billwright.store.jdbc;

import dev.billwright.testkit.metering.DeduplicationStoreContractTest;
import dev.billwright.metering.DeduplicationStore;
import org.junit.jupiter.api.AfterAll;

/** {@code DeduplicationStoreContractTest} against a real Postgres database (embedded PostgreSQL server). */
class PostgresDeduplicationStoreTest extends DeduplicationStoreContractTest {
  private static final String URL = Databases.newPostgres();
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

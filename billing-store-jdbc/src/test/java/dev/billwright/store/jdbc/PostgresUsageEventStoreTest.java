package dev.billwright.store.jdbc;

import dev.billwright.testkit.metering.UsageEventStoreContractTest;
import dev.billwright.metering.UsageEventStore;
import org.junit.jupiter.api.AfterAll;

/** {@code UsageEventStoreContractTest} against a real Postgres database (embedded PostgreSQL server). */
class PostgresUsageEventStoreTest extends UsageEventStoreContractTest {
  private static final String URL = Databases.newPostgres();
  private static final JdbcStore DB = Databases.open(URL);

  @AfterAll
  static void close() {
    DB.close();
  }

  @Override
  protected UsageEventStore newStore() {
    Databases.truncate(URL);
    return DB.usageEvents();
  }
}

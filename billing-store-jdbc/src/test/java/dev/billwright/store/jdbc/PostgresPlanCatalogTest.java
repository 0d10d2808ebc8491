package dev.billwright.store.jdbc;

import dev.billwright.testkit.catalog.PlanCatalogContractTest;
import dev.billwright.catalog.PlanCatalog;
import org.junit.jupiter.api.AfterAll;

/** {@code PlanCatalogContractTest} against a real Postgres database (embedded PostgreSQL server). */
class PostgresPlanCatalogTest extends PlanCatalogContractTest {
  private static final String URL = Databases.newPostgres();
  private static final JdbcStore DB = Databases.open(URL);

  @AfterAll
  static void close() {
    DB.close();
  }

  @Override
  protected PlanCatalog newCatalog() {
    Databases.truncate(URL);
    return DB.planCatalog();
  }
}

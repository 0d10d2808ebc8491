package dev.billwright.store.jdbc;

import dev.billwright.invoice.AuditLog;
import dev.billwright.testkit.audit.AuditLogContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/** {@code AuditLogContract} against a real Postgres database, a new database per test (the log cannot be emptied). */
class PostgresAuditLogTest extends AuditLogContract {
  private static final List<JdbcStore> OPENED = new ArrayList<>();

  @AfterAll
  static void close() {
    OPENED.forEach(JdbcStore::close);
  }

  @Override
  protected AuditLog newLog() {
    JdbcStore db = Databases.open(Databases.newPostgres());
    OPENED.add(db);
    return db.auditLog();
  }
}

package dev.billwright.testkit.audit;

import dev.billwright.invoice.AuditLog;

class InMemoryAuditLogTest extends AuditLogContract {
  @Override
  protected AuditLog newLog() {
    return new InMemoryAuditLog();
  }
}

package dev.billwright.testkit.audit;

import dev.billwright.invoice.AuditLog;
import dev.billwright.memory.InMemoryAuditLog;

class InMemoryAuditLogTest extends AuditLogContract {
  @Override
  protected AuditLog newLog() {
    return new InMemoryAuditLog();
  }
}

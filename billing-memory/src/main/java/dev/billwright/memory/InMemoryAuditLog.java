package dev.billwright.memory;

import dev.billwright.invoice.AuditLog;
import dev.billwright.invoice.AuditRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A thread-safe, in-memory, append-only {@link AuditLog} for tests and examples. */
public final class InMemoryAuditLog implements AuditLog {
  private final List<AuditRecord> records = new ArrayList<>();

  /** Creates an empty log. */
  public InMemoryAuditLog() {}

  @Override
  public synchronized long append(AuditRecord record) {
    records.add(Objects.requireNonNull(record, "record"));
    return records.size();
  }

  @Override
  public synchronized List<AuditRecord> read(String entityType, String entityId) {
    return records.stream().filter(r -> r.entityType().equals(entityType) && r.entityId().equals(entityId)).toList();
  }

  @Override
  public synchronized List<AuditRecord> readAfter(long afterPosition, int limit) {
    List<AuditRecord> out = new ArrayList<>();
    for (long i = Math.max(0, afterPosition); i < records.size() && out.size() < limit; i++) {
      out.add(records.get((int) i));
    }
    return out;
  }
}

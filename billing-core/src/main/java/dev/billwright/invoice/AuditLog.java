package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import java.util.List;

/**
 * An append-only log of every change to billing state: invoice transitions, credit notes, wallet
 * movements, plan versions and bill runs, each with the state before and after, the actor, the
 * reason and the time ({@link AuditRecord}). Nothing in the log is updated or deleted. A store
 * that changes state writes its record in the same transaction as the change
 * ({@code dev.billwright.store.jdbc}), so the log never misses or invents a change.
 */
public interface AuditLog {
  /**
   * Appends a record.
   *
   * @param record the record, not null
   * @return the record's position in the log, from 1, increasing
   * @throws BillingException if the record cannot be stored (nothing is appended)
   */
  long append(AuditRecord record);

  /**
   * Reads the records of one entity, oldest first.
   *
   * @param entityType the entity type, not null
   * @param entityId the entity id, not null
   * @return the records, never null
   */
  List<AuditRecord> read(String entityType, String entityId);

  /**
   * Reads the records after a position, oldest first (for export or replication).
   *
   * @param afterPosition the position to read after, 0 for the start
   * @param limit the most records to return, 1 or more
   * @return the records, never null
   */
  List<AuditRecord> readAfter(long afterPosition, int limit);
}

package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One append-only audit record: what changed ({@code entityType} and {@code entityId}), how
 * ({@code action}), the state before and after as JSON text (the entity's codec form, such as
 * {@link InvoiceJson}), who did it, why, and when. A record of an invoice transition may carry,
 * instead of two whole documents, the {@link AuditDiff shallow diff} of the top-level fields that
 * changed (as {@code dev.billwright.store.jdbc} writes them since its schema version 2); {@link
 * AuditDiff#replay} rebuilds every version from either form.
 *
 * @param entityType what kind of thing changed: one of the {@code ENTITY_*} constants, or a
 *     host's own lower snake_case name; not blank
 * @param entityId the id of the thing (invoice id, credit note id, wallet id, plan reference
 *     {@code code@version}, bill run id), not blank
 * @param action what happened, lower snake_case ({@code created}, {@code finalized},
 *     {@code voided}, {@code updated}, {@code appended}, {@code published}, {@code completed}),
 *     not blank
 * @param before the state before as JSON text, empty when the thing did not exist
 * @param after the state after as JSON text, empty when the thing no longer exists
 * @param actor who made the change (a user, a service, {@code bill-run}), not blank
 * @param reason why, free text, not null (may be empty)
 * @param at when the change was recorded, not null
 */
public record AuditRecord(String entityType, String entityId, String action, Optional<String> before,
    Optional<String> after, String actor, String reason, Instant at) {
  /** Entity type of an invoice (every insert and status transition). */
  public static final String ENTITY_INVOICE = "invoice";
  /** Entity type of a credit note. */
  public static final String ENTITY_CREDIT_NOTE = "credit_note";
  /** Entity type of a wallet (every ledger movement). */
  public static final String ENTITY_WALLET = "wallet";
  /** Entity type of a plan version. */
  public static final String ENTITY_PLAN = "plan";
  /** Entity type of a bill run. */
  public static final String ENTITY_BILL_RUN = "bill_run";

  /**
   * Validates the record.
   *
   * @param entityType the entity type, not blank
   * @param entityId the entity id, not blank
   * @param action the action, not blank
   * @param before the JSON before, not null (may be empty)
   * @param after the JSON after, not null (may be empty)
   * @param actor who, not blank
   * @param reason why, not null
   * @param at when, not null
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a field is null or
   *     a required text is blank
   */
  public AuditRecord {
    if (blank(entityType) || blank(entityId) || blank(action) || before == null || after == null || blank(actor)
        || reason == null || at == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "an audit record needs an entity type, an entity"
          + " id, an action, before and after (may be empty), an actor, a reason (may be empty) and a time; got "
          + entityType + " " + entityId + " " + action + " by " + actor + " at " + at);
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /**
   * A record of a change.
   *
   * @param entityType the entity type, not blank
   * @param entityId the entity id, not blank
   * @param action the action, not blank
   * @param before the JSON before, or null for none
   * @param after the JSON after, or null for none
   * @param actor who, not blank
   * @param reason why, not null
   * @param at when, not null
   * @return the record, never null
   * @throws BillingException as the canonical constructor
   */
  public static AuditRecord of(String entityType, String entityId, String action, @Nullable String before, @Nullable String after,
      String actor, String reason, Instant at) {
    return new AuditRecord(entityType, entityId, action, Optional.ofNullable(before), Optional.ofNullable(after),
        actor, reason, Objects.requireNonNull(at, "at"));
  }
}

package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.time.Instant;

/**
 * An approver's decision on a credit note that was {@link CreditNoteStatus#PENDING_APPROVAL}:
 * who decided, why and when. Kept on the note for the audit trail.
 *
 * @param approved true if approved (the note was issued), false if rejected
 * @param actor who decided (a user id or name from the host), not blank
 * @param reason why, not null, may be empty
 * @param at when, not null
 */
public record CreditNoteDecision(boolean approved, String actor, String reason, Instant at) {
  /**
   * Validates the decision.
   *
   * @param approved see the record component
   * @param actor see the record component
   * @param reason see the record component
   * @param at see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if the actor is blank
   *     or the reason or instant is null
   */
  public CreditNoteDecision {
    if (actor == null || actor.isBlank()) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "decision.actor", actor,
          "the approver's id or name");
    }
    if (reason == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "decision.reason", null,
          "a reason (may be empty)");
    }
    if (at == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "decision.at", null, "an instant");
    }
  }
}

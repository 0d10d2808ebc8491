package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.util.EnumSet;
import java.util.Set;

/**
 * The status of an invoice.
 *
 * <p>The allowed transitions follow Stripe's invoice states (support.stripe.com "invoice
 * states": draft → open → paid / void / uncollectible; uncollectible → paid or void), with
 * Billwright's {@link #FINALIZED} for Stripe's {@code open} (Lago also calls it finalized):
 * <pre>
 *   DRAFT ──► FINALIZED ──► PAID
 *                  │ ├────► VOID
 *                  │ └────► UNCOLLECTIBLE ──► PAID | VOID
 * </pre>
 * {@link #PAID} and {@link #VOID} are terminal. A draft is never voided: a host that abandons a
 * draft deletes it (Stripe: "only drafts can be deleted"). Only a draft's content may change; a
 * finalized invoice is corrected by credit notes.
 */
public enum InvoiceStatus {
  /** Being prepared; lines, discounts and credits may still change; no number yet. */
  DRAFT,
  /** Issued with a number; amounts are fixed (Stripe {@code open}). */
  FINALIZED,
  /** Settled in full. Terminal. */
  PAID,
  /** Cancelled after finalization; kept for the record and its number is not reused. Terminal. */
  VOID,
  /** Finalized but written off as not collectible; may still be paid or voided. */
  UNCOLLECTIBLE;

  /**
   * Returns the statuses this status may move to.
   *
   * @return the allowed targets, never null, possibly empty
   */
  public Set<InvoiceStatus> allowedTargets() {
    switch (this) {
      case DRAFT:
        return EnumSet.of(FINALIZED);
      case FINALIZED:
        return EnumSet.of(PAID, VOID, UNCOLLECTIBLE);
      case UNCOLLECTIBLE:
        return EnumSet.of(PAID, VOID);
      default:
        return EnumSet.noneOf(InvoiceStatus.class);
    }
  }

  /**
   * Returns whether this status may move to another.
   *
   * @param target the target status, not null
   * @return true if the transition is allowed
   */
  public boolean canTransitionTo(InvoiceStatus target) {
    return allowedTargets().contains(target);
  }

  /**
   * Checks a transition.
   *
   * @param target the target status, not null
   * @throws BillingException with {@link ErrorCode#ILLEGAL_TRANSITION} naming both statuses if
   *     the transition is not allowed
   */
  public void checkTransition(InvoiceStatus target) {
    if (!canTransitionTo(target)) {
      throw new BillingException(ErrorCode.ILLEGAL_TRANSITION,
          "invoice status cannot change from " + this + " to " + target + "; allowed from " + this
              + ": " + allowedTargets());
    }
  }
}

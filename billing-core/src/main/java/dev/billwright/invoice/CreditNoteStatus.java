package dev.billwright.invoice;

/**
 * The status of a credit note.
 *
 * <pre>
 *   PENDING_APPROVAL ──approve──► ISSUED ──► VOID
 *          └────────reject──────► REJECTED
 * </pre>
 *
 * <p>Only an {@link #ISSUED} note counts against the invoice's amount due. A
 * {@link #PENDING_APPROVAL} note (one above the host's approval threshold,
 * {@link CreditNoteApprovalPolicy}) has no number yet and reduces nothing due; it does reserve
 * what it credits, so no other note can credit the same amount twice while it waits. A
 * {@link #REJECTED} or {@link #VOID} note counts for nothing. Approval follows the "automated
 * credit notes with an approval workflow" the seed users asked for (issue 14); Stripe's and Lago's
 * credit notes have no such state, so a host that needs none keeps
 * {@link CreditNoteApprovalPolicy#NONE} and every note is issued at once.
 */
public enum CreditNoteStatus {
  /** Issued; counts against the invoice. */
  ISSUED,
  /** Voided; kept for the record, counts for nothing. */
  VOID,
  /** Above the approval threshold and awaiting a decision: no number, reduces nothing due. */
  PENDING_APPROVAL,
  /** Rejected by an approver; kept for the record, counts for nothing. Terminal. */
  REJECTED
}

package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import dev.billwright.tax.TaxDecision;
import dev.billwright.tax.TaxLine;
import java.time.Instant;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A credit note against a finalized invoice: lines that credit invoice lines (in full or in
 * part), with the tax reversed at the original rates. Made by {@link CreditNoteCalculator}.
 *
 * <p>As a GST credit note (CGST Act s.34; GST reference notes §6) it carries the original
 * invoice's reference and the rate of the original invoice. Totals are sums of its lines.
 *
 * @param id the credit note id, not blank
 * @param number the credit note number, if the host numbers credit notes (from their own series)
 * @param invoiceId the id of the credited invoice, not blank
 * @param currency the currency, that of the invoice
 * @param reason the reason, not null
 * @param reasonText free text explaining the reason, not null, may be empty
 * @param lines the lines, at least one, unique invoice line ids
 * @param status issued or void
 * @param issuedAt when the credit note was issued, not null
 * @param origin what issued it (decisions read this, never the id), not null
 * @param taxDecision the tax decision of the credited invoice (place of supply and its basis,
 *     supply type, reverse charge, notes; CGST Act s.34: a note adjusts the original supply at its
 *     rates and place of supply), with no round-off of its own; empty when the invoice had none
 *     (untaxed, or written before decisions were kept)
 * @param decision the approver's decision for a note that needed approval
 *     ({@link CreditNoteApprovalPolicy}): present with {@code approved} for an issued (or later
 *     voided) note that was approved, with not {@code approved} for a {@link CreditNoteStatus#REJECTED}
 *     one; empty for a note issued without approval and for one still pending
 */
public record CreditNote(
    String id,
    Optional<String> number,
    String invoiceId,
    Currency currency,
    CreditNoteReason reason,
    String reasonText,
    List<CreditNoteLine> lines,
    CreditNoteStatus status,
    Instant issuedAt,
    CreditNoteOrigin origin,
    Optional<TaxDecision> taxDecision,
    Optional<CreditNoteDecision> decision) {

  /**
   * Validates and copies.
   *
   * @param id see the record component
   * @param number see the record component
   * @param invoiceId see the record component
   * @param currency see the record component
   * @param reason see the record component
   * @param reasonText see the record component
   * @param lines see the record component
   * @param status see the record component
   * @param issuedAt see the record component
   * @param origin see the record component
   * @param taxDecision see the record component
   * @param decision see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a component is
   *     missing, {@link ErrorCode#INVALID_VALUE} for no lines, a repeated line, a pending note
   *     with a number or a decision, a rejected note without a rejection, or an issued note with a
   *     rejection, or {@link ErrorCode#CURRENCY_MISMATCH} for a line in another currency
   */
  public CreditNote {
    if (id == null || id.isBlank() || number == null || invoiceId == null || invoiceId.isBlank() || currency == null
        || reason == null || reasonText == null || lines == null || status == null || issuedAt == null
        || origin == null || taxDecision == null || decision == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING,
          "a credit note needs an id, an invoice id, a currency, a reason, lines, a status, an issue time and an"
              + " origin; got id=" + id);
    }
    lines = List.copyOf(lines);
    if (lines.isEmpty()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "credit_notes[" + id + "].lines", "[]", "at least one line");
    }
    Set<String> ids = new HashSet<>();
    for (CreditNoteLine line : lines) {
      if (!ids.add(line.invoiceLineId())) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "credit_notes[" + id + "].lines.invoice_line_id",
            line.invoiceLineId(), "each invoice line at most once");
      }
      if (!line.taxableAmount().currency().equals(currency)) {
        throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, "credit_notes[" + id + "].lines", line.taxableAmount(),
            "an amount in " + currency);
      }
    }
    if (status == CreditNoteStatus.PENDING_APPROVAL && (number.isPresent() || decision.isPresent())) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "credit_notes[" + id + "]",
          number.isPresent() ? "number " + number.get() : "a decision",
          "no number and no decision for a note pending approval (it is numbered when approved)");
    }
    if (status == CreditNoteStatus.REJECTED && (decision.isEmpty() || decision.get().approved())) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "credit_notes[" + id + "].decision",
          decision.map(d -> "approved").orElse("absent"), "a rejection for a rejected note");
    }
    if ((status == CreditNoteStatus.ISSUED || status == CreditNoteStatus.VOID) && decision.isPresent()
        && !decision.get().approved()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "credit_notes[" + id + "].decision", "rejected",
          "an approval (or none) for an " + status + " note");
    }
  }

  /**
   * Creates a credit note without an approval decision (see the canonical constructor).
   *
   * @param id see the record component
   * @param number see the record component
   * @param invoiceId see the record component
   * @param currency see the record component
   * @param reason see the record component
   * @param reasonText see the record component
   * @param lines see the record component
   * @param status see the record component
   * @param issuedAt see the record component
   * @param origin see the record component
   * @param taxDecision see the record component
   * @throws BillingException as the canonical constructor
   */
  public CreditNote(String id, Optional<String> number, String invoiceId, Currency currency, CreditNoteReason reason,
      String reasonText, List<CreditNoteLine> lines, CreditNoteStatus status, Instant issuedAt,
      CreditNoteOrigin origin, Optional<TaxDecision> taxDecision) {
    this(id, number, invoiceId, currency, reason, reasonText, lines, status, issuedAt, origin, taxDecision,
        Optional.empty());
  }

  /**
   * Creates a credit note without a tax decision (see the canonical constructor).
   *
   * @param id see the record component
   * @param number see the record component
   * @param invoiceId see the record component
   * @param currency see the record component
   * @param reason see the record component
   * @param reasonText see the record component
   * @param lines see the record component
   * @param status see the record component
   * @param issuedAt see the record component
   * @param origin see the record component
   * @throws BillingException as the canonical constructor
   */
  public CreditNote(String id, Optional<String> number, String invoiceId, Currency currency, CreditNoteReason reason,
      String reasonText, List<CreditNoteLine> lines, CreditNoteStatus status, Instant issuedAt,
      CreditNoteOrigin origin) {
    this(id, number, invoiceId, currency, reason, reasonText, lines, status, issuedAt, origin, Optional.empty(),
        Optional.empty());
  }

  /**
   * Returns the taxable value credited: Σ line taxable amounts.
   *
   * @return the sum, never null
   */
  public Money taxableTotal() {
    return Money.total(currency, lines.stream().map(CreditNoteLine::taxableAmount).toList());
  }

  /**
   * Returns the tax reversed per head, in head order.
   *
   * @return the sums per head, never null
   */
  public SortedMap<String, Money> taxByHead() {
    SortedMap<String, Money> heads = new TreeMap<>();
    for (CreditNoteLine line : lines) {
      for (TaxLine t : line.taxLines()) {
        heads.merge(t.head(), t.taxAmount(), Money::plus);
      }
    }
    return heads;
  }

  /**
   * Returns the tax reversed, all heads.
   *
   * @return the sum, never null
   */
  public Money taxTotal() {
    return Money.total(currency, lines.stream().map(CreditNoteLine::taxAmount).toList());
  }

  /**
   * Returns the amount credited: Σ line totals (taxable plus collectible tax).
   *
   * @return the sum, never null
   */
  public Money total() {
    return Money.total(currency, lines.stream().map(CreditNoteLine::total).toList());
  }

  /**
   * Returns the line for an invoice line.
   *
   * @param invoiceLineId the invoice line id, not null
   * @return the line, or empty
   */
  public Optional<CreditNoteLine> line(String invoiceLineId) {
    return lines.stream().filter(l -> l.invoiceLineId().equals(invoiceLineId)).findFirst();
  }

  /**
   * Returns this credit note voided; a void credit note no longer counts against the invoice.
   *
   * @return the voided credit note, never null
   * @throws BillingException with {@link ErrorCode#ILLEGAL_TRANSITION} if already void
   */
  public CreditNote voided() {
    if (status != CreditNoteStatus.ISSUED) {
      throw new BillingException(ErrorCode.ILLEGAL_TRANSITION,
          "credit note status cannot change from " + status + " to " + CreditNoteStatus.VOID);
    }
    return new CreditNote(id, number, invoiceId, currency, reason, reasonText, lines, CreditNoteStatus.VOID, issuedAt,
        origin, taxDecision, decision);
  }

  /**
   * Returns this credit note with a number (from the host's credit-note series), all else kept.
   *
   * @param number the number, not blank
   * @return the numbered credit note, never null
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if the number is null
   *     or blank, or {@link ErrorCode#ILLEGAL_TRANSITION} if the note is pending approval or
   *     rejected (a pending note is numbered by {@link CreditNoteCalculator#approve})
   */
  public CreditNote withNumber(String number) {
    if (number == null || number.isBlank()) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "credit_notes[" + id + "].number", number,
          "a non-blank number");
    }
    if (status == CreditNoteStatus.PENDING_APPROVAL || status == CreditNoteStatus.REJECTED) {
      throw new BillingException(ErrorCode.ILLEGAL_TRANSITION, "credit note " + id + " is " + status
          + ": only an issued note is numbered; approve it first");
    }
    return new CreditNote(id, Optional.of(number), invoiceId, currency, reason, reasonText, lines, status, issuedAt,
        origin, taxDecision, decision);
  }

  /**
   * Returns whether this note reduces what the invoice still owes: only an issued note does.
   *
   * @return true if {@link CreditNoteStatus#ISSUED}
   */
  public boolean countsAgainstAmountDue() {
    return status == CreditNoteStatus.ISSUED;
  }

  /**
   * Returns whether this note holds part of what remains creditable on its invoice's lines: an
   * issued note, and one pending approval (so nothing is credited twice while it waits).
   *
   * @return true if issued or pending approval
   */
  public boolean reservesCredit() {
    return status == CreditNoteStatus.ISSUED || status == CreditNoteStatus.PENDING_APPROVAL;
  }

  /**
   * Returns this issued note as pending approval (no number), all else kept: what a
   * {@link CreditNoteCalculator} with an approval threshold does to a note above it.
   *
   * @return the pending note, never null
   * @throws BillingException with {@link ErrorCode#ILLEGAL_TRANSITION} unless issued, unnumbered
   *     and without a decision
   */
  public CreditNote pendingApproval() {
    if (status != CreditNoteStatus.ISSUED || number.isPresent() || decision.isPresent()) {
      throw new BillingException(ErrorCode.ILLEGAL_TRANSITION, "credit note " + id + " (" + status
          + (number.isPresent() ? ", numbered" : "") + ") cannot be put to approval: only a new, unnumbered note");
    }
    return new CreditNote(id, number, invoiceId, currency, reason, reasonText, lines,
        CreditNoteStatus.PENDING_APPROVAL, issuedAt, origin, taxDecision, Optional.empty());
  }

  /**
   * Returns this pending note approved: issued, with its number and the decision. Does not check
   * what remains creditable; {@link CreditNoteCalculator#approve} does.
   *
   * @param newNumber the number from the credit-note series, not blank
   * @param approval the decision, approved, not null
   * @return the issued note, never null
   * @throws BillingException with {@link ErrorCode#ILLEGAL_TRANSITION} if not pending,
   *     {@link ErrorCode#INVALID_VALUE} if the decision is a rejection, or
   *     {@link ErrorCode#REQUIRED_FIELD_MISSING} if the number is blank
   */
  CreditNote approved(String newNumber, CreditNoteDecision approval) {
    requirePending("approve");
    if (newNumber == null || newNumber.isBlank()) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "credit_notes[" + id + "].number", newNumber,
          "a non-blank number");
    }
    if (!approval.approved()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "decision.approved", false, "an approval");
    }
    return new CreditNote(id, Optional.of(newNumber), invoiceId, currency, reason, reasonText, lines,
        CreditNoteStatus.ISSUED, issuedAt, origin, taxDecision, Optional.of(approval));
  }

  /**
   * Returns this pending note rejected: it counts for nothing and takes no number.
   *
   * @param actor who rejected it, not blank
   * @param why the reason, not null
   * @param at when, not null
   * @return the rejected note, never null
   * @throws BillingException with {@link ErrorCode#ILLEGAL_TRANSITION} if not pending, or as
   *     {@link CreditNoteDecision} for a blank actor
   */
  public CreditNote rejected(String actor, String why, Instant at) {
    requirePending("reject");
    return new CreditNote(id, number, invoiceId, currency, reason, reasonText, lines, CreditNoteStatus.REJECTED,
        issuedAt, origin, taxDecision, Optional.of(new CreditNoteDecision(false, actor, why, at)));
  }

  private void requirePending(String action) {
    if (status != CreditNoteStatus.PENDING_APPROVAL) {
      throw new BillingException(ErrorCode.ILLEGAL_TRANSITION, "credit note " + id + " is " + status
          + ": cannot " + action + " it; only a note PENDING_APPROVAL is approved or rejected");
    }
  }

  /**
   * Returns this credit note with another origin, all else kept.
   *
   * @param newOrigin the origin, not null
   * @return the credit note, never null
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if the origin is null
   */
  public CreditNote withOrigin(CreditNoteOrigin newOrigin) {
    return new CreditNote(id, number, invoiceId, currency, reason, reasonText, lines, status, issuedAt, newOrigin,
        taxDecision, decision);
  }
}

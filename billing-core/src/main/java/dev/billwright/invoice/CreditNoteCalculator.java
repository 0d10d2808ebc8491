package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.tax.TaxDecision;
import dev.billwright.tax.TaxLine;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Issues credit notes against finalized invoices. Stateless.
 *
 * <p>Rules:
 * <ul>
 *   <li>Only {@link InvoiceStatus#FINALIZED} or {@link InvoiceStatus#PAID} invoices take credit
 *       notes (Stripe: "allowed only on finalised invoices"); others throw
 *       {@link ErrorCode#ILLEGAL_TRANSITION}.
 *   <li>A line is credited in full (what remains) or in part (a taxable amount). What remains
 *       creditable on a line is its taxable amount minus the taxable amounts of the earlier,
 *       non-void credit notes of the same invoice; asking more throws
 *       {@link ErrorCode#CREDIT_EXCEEDS_REMAINING} naming the line, the amount asked and what
 *       remains. Lines with a taxable amount of zero or less cannot be credited.
 *   <li>Tax is reversed per head at the original line's rate (GST: "credit notes carry the rate
 *       of the original invoice", GST reference notes §1.6):
 *       {@code round(credited taxable × rate / 100)} through the policy, capped at what remains
 *       of that head on that line. When the rest of a line is credited, the rest of each head is
 *       reversed verbatim (GST reference notes §5.7: "for a full reversal reuse the original
 *       amounts"), so any sequence of credit notes never reverses more tax than was charged, and
 *       crediting everything reverses exactly all of it.
 *   <li>The note carries the invoice's {@link Invoice#taxDecision()} (place of supply and its
 *       basis, supply type, reverse charge, notes; CGST Act s.34) without its round-off.
 *   <li>With an approval policy ({@link #withApproval}), a note whose total is above the
 *       threshold of its currency is returned {@link CreditNoteStatus#PENDING_APPROVAL}, and is
 *       issued only by {@link #approve} (or closed by {@link CreditNote#rejected}). A pending
 *       note reserves what it credits (later notes see it as credited), but reduces nothing due
 *       ({@link InvoiceBalance}). The default is {@link CreditNoteApprovalPolicy#NONE}.
 * </ul>
 */
public final class CreditNoteCalculator {
  /** The calculator with {@link RoundingPolicy#DEFAULT} (currency minor units, HALF_UP). */
  public static final CreditNoteCalculator DEFAULT = new CreditNoteCalculator(RoundingPolicy.DEFAULT);

  /** The policy for reversed tax per head and for proration credits. */
  private final RoundingPolicy policy;
  /** Which notes wait for approval. */
  private final CreditNoteApprovalPolicy approval;

  /**
   * Creates a calculator that issues every note at once ({@link CreditNoteApprovalPolicy#NONE}).
   *
   * @param policy the rounding policy for reversed tax and unused-time credits, not null
   */
  public CreditNoteCalculator(RoundingPolicy policy) {
    this(policy, CreditNoteApprovalPolicy.NONE);
  }

  private CreditNoteCalculator(RoundingPolicy policy, CreditNoteApprovalPolicy approval) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.approval = Objects.requireNonNull(approval, "approval");
  }

  /**
   * Returns a copy that creates notes above a threshold {@link CreditNoteStatus#PENDING_APPROVAL}
   * (option {@code credit_note_approval}). Every engine path that makes notes through this
   * calculator (manual, cancellation credits, usage corrections) follows it.
   *
   * @param newApproval the policy, not null
   * @return the copy, never null
   * @throws NullPointerException if the policy is null
   */
  public CreditNoteCalculator withApproval(CreditNoteApprovalPolicy newApproval) {
    return new CreditNoteCalculator(policy, newApproval);
  }

  /**
   * Returns the approval policy.
   *
   * @return the policy, never null ({@link CreditNoteApprovalPolicy#NONE} by default)
   */
  public CreditNoteApprovalPolicy approval() {
    return approval;
  }

  /**
   * Issues a pending note: checks that each of its lines still fits what remains creditable
   * (the other issued and pending notes of the invoice, the note itself left out) and returns it
   * {@link CreditNoteStatus#ISSUED} with its number and the approval kept.
   *
   * @param pending the note pending approval, not null
   * @param invoice the credited invoice, finalized or paid, not null
   * @param others the invoice's other credit notes (the pending note itself may be among them and
   *     is ignored), not null
   * @param number the number from the host's credit-note series, not blank
   * @param actor who approved, not blank
   * @param why why, not null, may be empty
   * @param at when, not null
   * @return the issued note, never null
   * @throws BillingException with {@link ErrorCode#ILLEGAL_TRANSITION} if the note is not pending
   *     or the invoice is not finalized or paid, {@link ErrorCode#INVALID_VALUE} if the note is of
   *     another invoice, {@link ErrorCode#CREDIT_EXCEEDS_REMAINING} if a line now credits more
   *     than remains, or {@link ErrorCode#REQUIRED_FIELD_MISSING} for a blank number or actor
   */
  public CreditNote approve(CreditNote pending, Invoice invoice, List<CreditNote> others, String number,
      String actor, String why, Instant at) {
    CreditNoteDecision decision = new CreditNoteDecision(true, actor, why, at);
    if (pending.status() != CreditNoteStatus.PENDING_APPROVAL) {
      throw new BillingException(ErrorCode.ILLEGAL_TRANSITION, "credit note " + pending.id() + " is "
          + pending.status() + ": only a note PENDING_APPROVAL is approved");
    }
    if (!pending.invoiceId().equals(invoice.id())) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "credit_note.invoice_id", pending.invoiceId(),
          "the invoice " + invoice.id());
    }
    requireCreditable(invoice);
    List<CreditNote> rest = new ArrayList<>();
    for (CreditNote n : others) {
      if (!n.id().equals(pending.id())) {
        rest.add(n);
      }
    }
    for (CreditNoteLine line : pending.lines()) {
      Money remaining = remainingTaxable(invoice, rest, line.invoiceLineId());
      if (line.taxableAmount().compareTo(remaining) > 0) {
        throw new BillingException(ErrorCode.CREDIT_EXCEEDS_REMAINING, "approving credit note " + pending.id()
            + ": line '" + line.invoiceLineId() + "' credits " + line.taxableAmount() + ", remaining " + remaining);
      }
    }
    return pending.approved(number, decision);
  }

  /** Applies the approval policy to a note just made. */
  private CreditNote gated(CreditNote note) {
    return approval.requiresApproval(note.total()) ? note.pendingApproval() : note;
  }

  /**
   * Returns the rounding policy this calculator rounds reversed tax and unused-time credits with.
   *
   * @return the policy, never null
   */
  public RoundingPolicy policy() {
    return policy;
  }

  /**
   * What to credit on one invoice line.
   *
   * @param lineId the invoice line id, not blank
   * @param taxableAmount the taxable amount to credit, positive; empty to credit all that
   *     remains
   */
  public record CreditRequest(String lineId, Optional<Money> taxableAmount) {
    /**
     * Validates the request.
     *
     * @param lineId see the record component
     * @param taxableAmount see the record component
     * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a component is
     *     missing, or {@link ErrorCode#INVALID_VALUE} if the amount is not positive
     */
    public CreditRequest {
      if (lineId == null || lineId.isBlank() || taxableAmount == null) {
        throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "credit.line_id", lineId, "a line id");
      }
      if (taxableAmount.isPresent() && !taxableAmount.get().isPositive()) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "credit[" + lineId + "].taxable_amount",
            taxableAmount.get(), "a positive amount");
      }
    }

    /**
     * Credits all that remains of a line.
     *
     * @param lineId the invoice line id, not blank
     * @return the request, never null
     */
    public static CreditRequest full(String lineId) {
      return new CreditRequest(lineId, Optional.empty());
    }

    /**
     * Credits part of a line.
     *
     * @param lineId the invoice line id, not blank
     * @param taxableAmount the taxable amount to credit, positive, not null
     * @return the request, never null
     */
    public static CreditRequest partial(String lineId, Money taxableAmount) {
      return new CreditRequest(lineId, Optional.of(taxableAmount));
    }
  }

  /**
   * Returns what remains creditable of an invoice line's taxable amount.
   *
   * @param invoice the invoice, not null
   * @param earlier the earlier credit notes of that invoice (void and rejected ones are ignored;
   *     pending ones count), not null
   * @param lineId the line id, not null
   * @return the remaining taxable amount, zero or more, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the line is unknown or an
   *     earlier credit note belongs to another invoice
   */
  public Money remainingTaxable(Invoice invoice, List<CreditNote> earlier, String lineId) {
    InvoiceLine line = lineOf(invoice, lineId);
    Money credited = Money.zero(invoice.currency());
    for (CreditNote note : active(invoice, earlier)) {
      Optional<CreditNoteLine> l = note.line(lineId);
      if (l.isPresent()) {
        credited = credited.plus(l.get().taxableAmount());
      }
    }
    return line.taxableAmount().minus(credited).max(Money.zero(invoice.currency()));
  }

  /**
   * Issues a credit note for chosen lines.
   *
   * @param id the credit note id, not blank
   * @param invoice the credited invoice, finalized or paid, not null
   * @param earlier the earlier credit notes of that invoice, not null
   * @param requests what to credit, at least one, each line at most once
   * @param reason the reason, not null
   * @param reasonText free text, not null, may be empty
   * @param at the issue instant, not null
   * @return the credit note, of origin {@link CreditNoteOrigin#MANUAL} (the engine's own notes
   *     set theirs with {@link CreditNote#withOrigin}), issued, or pending approval if its total
   *     is above the approval threshold ({@link #withApproval}), never null
   * @throws BillingException with {@link ErrorCode#ILLEGAL_TRANSITION} if the invoice is not
   *     finalized or paid, {@link ErrorCode#CREDIT_EXCEEDS_REMAINING} if a request asks more than
   *     remains, or {@link ErrorCode#INVALID_VALUE} for an unknown or repeated line or a credit
   *     note of another invoice
   */
  public CreditNote issue(String id, Invoice invoice, List<CreditNote> earlier, List<CreditRequest> requests,
      CreditNoteReason reason, String reasonText, Instant at) {
    requireCreditable(invoice);
    List<CreditNote> active = active(invoice, earlier);
    if (requests.isEmpty()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "credits", "[]", "at least one line to credit");
    }
    Set<String> seen = new HashSet<>();
    List<CreditNoteLine> lines = new ArrayList<>();
    for (CreditRequest request : requests) {
      if (!seen.add(request.lineId())) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "credits.line_id", request.lineId(),
            "each line at most once");
      }
      lines.add(creditLine(invoice, active, request.lineId(), request.taxableAmount(), false));
    }
    return gated(new CreditNote(id, Optional.empty(), invoice.id(), invoice.currency(), reason, reasonText, lines,
        CreditNoteStatus.ISSUED, at, CreditNoteOrigin.MANUAL, decisionOf(invoice)));
  }

  /**
   * Issues the automatic credit note for unused time of an in-advance fee after a cancellation:
   * credits {@code roundRatio(line taxable, numerator, denominator)} of the line, capped at what
   * remains creditable (Lago {@code CreditNotes::CreateFromTermination} credits the unused days
   * of a pay-in-advance fee). The fraction is the unused share of the line's service period,
   * computed exactly by the time engine ({@code ProrationFraction}) and rounded once here through
   * {@link RoundingPolicy#roundRatio}.
   *
   * @param id the credit note id, not blank
   * @param invoice the invoice with the in-advance fee, finalized or paid, not null
   * @param earlier the earlier credit notes of that invoice, not null
   * @param lineId the fee line, not null
   * @param cancelledAt the cancellation instant, within the line's service period
   * @param numerator the unused share's numerator, at least 0, at most the denominator
   * @param denominator the unused share's denominator, positive
   * @param at the issue instant, not null
   * @return the credit note with reason {@link CreditNoteReason#ORDER_CANCELLATION} and origin
   *     {@link CreditNoteOrigin#CANCELLATION_CREDIT}, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the instant is outside the
   *     service period, the fraction is not in [0, 1] or the credit rounds to zero, or as for
   *     {@link #issue}
   */
  public CreditNote unusedTime(String id, Invoice invoice, List<CreditNote> earlier, String lineId,
      Instant cancelledAt, BigInteger numerator, BigInteger denominator, Instant at) {
    requireCreditable(invoice);
    InvoiceLine line = lineOf(invoice, lineId);
    if (cancelledAt == null || !line.servicePeriod().contains(cancelledAt)) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "cancelled_at", cancelledAt,
          "an instant in the line's service period " + line.servicePeriod());
    }
    if (numerator == null || denominator == null || numerator.compareTo(denominator) > 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "fraction", numerator + "/" + denominator,
          "a fraction from 0 to 1");
    }
    Money share = policy.roundRatio(line.taxableAmount().max(Money.zero(invoice.currency())), numerator, denominator);
    List<CreditNote> active = active(invoice, earlier);
    Money remaining = remainingTaxable(invoice, active, lineId);
    Money credit = share.min(remaining);
    if (!credit.isPositive()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "unused_time_credit", credit,
          "a positive credit (share " + share + ", remaining " + remaining + ")");
    }
    CreditNoteLine creditLine = creditLine(invoice, active, lineId, Optional.of(credit), true);
    return gated(new CreditNote(id, Optional.empty(), invoice.id(), invoice.currency(),
        CreditNoteReason.ORDER_CANCELLATION, "unused time from " + cancelledAt + " of " + line.servicePeriod(),
        List.of(creditLine), CreditNoteStatus.ISSUED, at, CreditNoteOrigin.CANCELLATION_CREDIT, decisionOf(invoice)));
  }

  private CreditNoteLine creditLine(Invoice invoice, List<CreditNote> active, String lineId, Optional<Money> asked,
      boolean alreadyCapped) {
    InvoiceLine line = lineOf(invoice, lineId);
    Money zero = Money.zero(invoice.currency());
    Money creditedTaxable = zero;
    Map<String, Money> creditedTax = new HashMap<>();
    for (CreditNote note : active) {
      Optional<CreditNoteLine> l = note.line(lineId);
      if (l.isPresent()) {
        creditedTaxable = creditedTaxable.plus(l.get().taxableAmount());
        for (TaxLine t : l.get().taxLines()) {
          creditedTax.merge(t.head(), t.taxAmount(), Money::plus);
        }
      }
    }
    Money remaining = line.taxableAmount().minus(creditedTaxable).max(zero);
    Money amount = asked.orElse(remaining);
    if (!amount.currency().equals(invoice.currency())) {
      throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, "credits[" + lineId + "].taxable_amount", amount,
          "an amount in " + invoice.currency());
    }
    if (!amount.isPositive() || amount.compareTo(remaining) > 0) {
      throw new BillingException(ErrorCode.CREDIT_EXCEEDS_REMAINING, "credit on line '" + lineId + "' of invoice "
          + invoice.id() + ": asked " + (asked.isPresent() ? amount : "the rest") + ", remaining " + remaining);
    }
    if (!alreadyCapped && !policy.isRounded(amount)) {
      throw BillingException.invalid(ErrorCode.AMOUNT_NOT_AT_SCALE, "credits[" + lineId + "].taxable_amount", amount,
          "an amount rounded by " + policy);
    }
    boolean rest = amount.equals(remaining);
    List<TaxLine> reversed = new ArrayList<>();
    Map<String, Money> headLeft = new HashMap<>();
    for (TaxLine t : line.taxLines()) {
      headLeft.merge(t.head(), t.taxAmount(), Money::plus);
    }
    creditedTax.forEach((head, c) -> headLeft.merge(head, c.negated(), Money::plus));
    for (TaxLine t : line.taxLines()) {
      Money left = headLeft.get(t.head()).max(zero);
      Money tax = rest ? left : policy.round(amount.multipliedBy(t.ratePercent().movePointLeft(2))).min(left);
      headLeft.put(t.head(), headLeft.get(t.head()).minus(tax));
      reversed.add(new TaxLine(lineId, t.head(), t.ratePercent(), amount, tax, t.collectible()));
    }
    return new CreditNoteLine(lineId, amount, reversed);
  }

  /**
   * The credited invoice's tax decision, carried by the note (CGST Act s.34: at the original
   * invoice's place of supply), without the invoice's round-off: the note's total is not rounded.
   */
  private static Optional<TaxDecision> decisionOf(Invoice invoice) {
    return invoice.taxDecision().map(d -> new TaxDecision(d.placeOfSupply(), d.supplyType(), d.reverseCharge(),
        d.notes(), Optional.empty()));
  }

  private static void requireCreditable(Invoice invoice) {
    if (invoice.status() != InvoiceStatus.FINALIZED && invoice.status() != InvoiceStatus.PAID) {
      throw new BillingException(ErrorCode.ILLEGAL_TRANSITION, "invoice " + invoice.id() + " is " + invoice.status()
          + ": only FINALIZED or PAID invoices take credit notes");
    }
  }

  private static InvoiceLine lineOf(Invoice invoice, String lineId) {
    return invoice.line(lineId).orElseThrow(() -> BillingException.invalid(ErrorCode.INVALID_VALUE, "line_id", lineId,
        "the id of a line of invoice " + invoice.id()));
  }

  private static List<CreditNote> active(Invoice invoice, List<CreditNote> earlier) {
    List<CreditNote> active = new ArrayList<>();
    for (CreditNote note : earlier) {
      if (!note.invoiceId().equals(invoice.id())) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "earlier[" + note.id() + "].invoice_id",
            note.invoiceId(), "the credited invoice " + invoice.id());
      }
      if (note.reservesCredit()) {
        active.add(note);
      }
    }
    return active;
  }
}

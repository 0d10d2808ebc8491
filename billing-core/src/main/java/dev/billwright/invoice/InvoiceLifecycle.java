package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.tax.TaxDecision;
import dev.billwright.tax.TaxLine;
import dev.billwright.tax.TaxResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The invoice lifecycle and the edits allowed on drafts, as pure functions returning new
 * invoices.
 *
 * <p>Transitions follow {@link InvoiceStatus} (Stripe's invoice states): an illegal one throws
 * {@link BillingException} with {@link ErrorCode#ILLEGAL_TRANSITION} naming the from and to
 * statuses. Content changes ({@link #withLines}, {@link #applyTax}, {@link #applyCredits}) are
 * allowed on drafts only and throw the same code otherwise: a finalized invoice is corrected by
 * credit notes, never edited.
 */
public final class InvoiceLifecycle {
  private InvoiceLifecycle() {}

  /**
   * Finalizes a draft: assigns its number and fixes its amounts.
   *
   * @param invoice the draft, not null
   * @param number the invoice number, such as one from {@link InvoiceSeries#format}, not blank
   * @param at the finalization instant, not null
   * @return the finalized invoice, never null
   * @throws BillingException with {@link ErrorCode#ILLEGAL_TRANSITION} if not a draft, or
   *     {@link ErrorCode#INVALID_VALUE} if the number is blank
   */
  public static Invoice finalize(Invoice invoice, String number, Instant at) {
    invoice.status().checkTransition(InvoiceStatus.FINALIZED);
    return rebuild(invoice, InvoiceStatus.FINALIZED, Optional.ofNullable(number), Optional.of(required(at, "finalized_at")),
        invoice.paidAt(), invoice.voidedAt(), invoice.uncollectibleAt(), invoice.lines(), invoice.discountLines(),
        invoice.creditsApplied());
  }

  /**
   * Finalizes a draft with payment terms: as {@link #finalize(Invoice, String, Instant)}, and
   * sets the due date to the finalization's date in the invoice's zone plus the net days
   * ({@link PaymentTerms#dueDate}), replacing any due date the draft had.
   *
   * @param invoice the draft, not null
   * @param number the invoice number, not blank
   * @param at the finalization instant, not null
   * @param terms the payment terms, not null
   * @return the finalized invoice with its due date, never null
   * @throws BillingException as {@link #finalize(Invoice, String, Instant)}, or
   *     {@link ErrorCode#REQUIRED_FIELD_MISSING} if the terms are null
   */
  public static Invoice finalize(Invoice invoice, String number, Instant at, PaymentTerms terms) {
    if (terms == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "payment_terms", null, "payment terms");
    }
    Invoice finalized = finalize(invoice, number, at);
    return ImmutableInvoice.copyOf(finalized).withDueDate(terms.dueDate(at, invoice.period().zone()));
  }

  /**
   * Marks a finalized or uncollectible invoice paid.
   *
   * @param invoice the invoice, not null
   * @param at the payment instant, not null
   * @return the paid invoice, never null
   * @throws BillingException with {@link ErrorCode#ILLEGAL_TRANSITION} from any other status
   */
  public static Invoice markPaid(Invoice invoice, Instant at) {
    invoice.status().checkTransition(InvoiceStatus.PAID);
    return rebuild(invoice, InvoiceStatus.PAID, invoice.number(), invoice.finalizedAt(),
        Optional.of(required(at, "paid_at")), invoice.voidedAt(), invoice.uncollectibleAt(), invoice.lines(),
        invoice.discountLines(), invoice.creditsApplied());
  }

  /**
   * Voids a finalized or uncollectible invoice; its number stays used (numbering is gap-free).
   *
   * @param invoice the invoice, not null
   * @param at the instant, not null
   * @return the void invoice, never null
   * @throws BillingException with {@link ErrorCode#ILLEGAL_TRANSITION} from any other status
   *     (a draft is deleted by the host, not voided)
   */
  public static Invoice voidInvoice(Invoice invoice, Instant at) {
    invoice.status().checkTransition(InvoiceStatus.VOID);
    return rebuild(invoice, InvoiceStatus.VOID, invoice.number(), invoice.finalizedAt(), invoice.paidAt(),
        Optional.of(required(at, "voided_at")), invoice.uncollectibleAt(), invoice.lines(), invoice.discountLines(),
        invoice.creditsApplied());
  }

  /**
   * Marks a finalized invoice uncollectible.
   *
   * @param invoice the invoice, not null
   * @param at the instant, not null
   * @return the uncollectible invoice, never null
   * @throws BillingException with {@link ErrorCode#ILLEGAL_TRANSITION} from any other status
   */
  public static Invoice markUncollectible(Invoice invoice, Instant at) {
    invoice.status().checkTransition(InvoiceStatus.UNCOLLECTIBLE);
    return rebuild(invoice, InvoiceStatus.UNCOLLECTIBLE, invoice.number(), invoice.finalizedAt(), invoice.paidAt(),
        invoice.voidedAt(), Optional.of(required(at, "uncollectible_at")), invoice.lines(), invoice.discountLines(),
        invoice.creditsApplied());
  }

  /**
   * Gives a draft another id, everything else unchanged: for a period billed again after its
   * invoice was voided, whose new invoice takes the next revision's id
   * ({@link DocumentIds#invoiceId}).
   *
   * @param invoice the draft, not null
   * @param id the new id, not blank
   * @return the new draft, never null
   * @throws BillingException with {@link ErrorCode#ILLEGAL_TRANSITION} if not a draft (a
   *     finalized invoice keeps its id), or as for {@link Invoice.Builder#build()} if the id is
   *     blank
   */
  public static Invoice withId(Invoice invoice, String id) {
    requireDraft(invoice, "change its id");
    return Invoice.builder()
        .id(id)
        .key(invoice.key())
        .number(invoice.number())
        .customerId(invoice.customerId())
        .addAllSubscriptionIds(invoice.subscriptionIds())
        .currency(invoice.currency())
        .status(invoice.status())
        .addAllLines(invoice.lines())
        .addAllDiscountLines(invoice.discountLines())
        .addAllCreditsApplied(invoice.creditsApplied())
        .issuedAt(invoice.issuedAt())
        .dueDate(invoice.dueDate())
        .taxDecision(invoice.taxDecision())
        .putAllMetadata(invoice.metadata())
        .reportingTotals(invoice.reportingTotals().map(r -> r.withInvoiceId(id)))
        .build();
  }

  /**
   * Replaces the lines and discount lines of a draft (for example with the output of
   * {@link DiscountCalculator#apply}). Other lines drop the draft's
   * {@link Invoice#reportingTotals()} (they restated the old lines): attach new ones.
   *
   * @param invoice the draft, not null
   * @param lines the new lines, not null
   * @param discountLines the new discount lines, not null
   * @return the new draft, never null
   * @throws BillingException with {@link ErrorCode#ILLEGAL_TRANSITION} if not a draft, or as
   *     for {@link Invoice.Builder#build()} if the result is inconsistent
   */
  public static Invoice withLines(Invoice invoice, List<InvoiceLine> lines, List<DiscountLine> discountLines) {
    requireDraft(invoice, "change its lines");
    return rebuild(invoice, invoice.status(), invoice.number(), invoice.finalizedAt(), invoice.paidAt(),
        invoice.voidedAt(), invoice.uncollectibleAt(), lines, discountLines, invoice.creditsApplied());
  }

  /**
   * Sets the tax lines of a draft's lines from a result of the tax SPI: each line gets the tax
   * lines with its id (and none if the result has none for it), and the invoice keeps the
   * result's {@link TaxResult#decision()} as its {@link Invoice#taxDecision()} (none when the
   * engine decided nothing, as {@link dev.billwright.tax.TaxCalculator#none()}). Amounts are taken
   * as given, never recomputed. Drops the draft's {@link Invoice#reportingTotals()}, which
   * restated it before tax.
   *
   * @param invoice the draft, not null
   * @param tax the tax result for this invoice's lines, in its currency, not null
   * @return the new draft, never null
   * @throws BillingException with {@link ErrorCode#ILLEGAL_TRANSITION} if not a draft,
   *     {@link ErrorCode#CURRENCY_MISMATCH} if the currencies differ, or
   *     {@link ErrorCode#INVALID_VALUE} if a tax line names a line the invoice does not have
   */
  public static Invoice applyTax(Invoice invoice, TaxResult tax) {
    List<InvoiceLine> lines = taxedLines(invoice, tax);
    TaxDecision decision = tax.decision();
    return ImmutableInvoice.copyOf(invoice).withLines(lines)
        .withTaxDecision(decision.equals(TaxDecision.none()) ? Optional.empty() : Optional.of(decision))
        .withReportingTotals(Optional.empty()); // they restated the untaxed lines
  }

  /**
   * Applies a result of the tax SPI to a draft as {@link #applyTax} does, building the taxed
   * invoice once from a builder the caller fills with everything but the lines and the tax
   * decision (the same fields as the draft's, without reporting totals): for an assembler that
   * built the draft only to ask for its tax. The draft is checked as {@link #applyTax} checks it,
   * and the result is equal to {@code applyTax(draft, tax)} when the builder holds the draft's
   * other fields.
   *
   * @param draft the draft the tax was calculated for, not null
   * @param tax the tax result for the draft's lines, in its currency, not null
   * @param rest a new builder holding the draft's fields other than its lines, tax decision and
   *     reporting totals, not null
   * @return the taxed draft, never null
   * @throws BillingException as {@link #applyTax} does, or as the builder's {@code build()} does
   */
  public static Invoice applyTax(Invoice draft, TaxResult tax, Invoice.Builder rest) {
    List<InvoiceLine> lines = taxedLines(draft, tax);
    TaxDecision decision = tax.decision();
    if (!decision.equals(TaxDecision.none())) {
      rest.taxDecision(decision);
    }
    return rest.addAllLines(lines).build();
  }

  /** The draft's lines with their tax lines from a result ({@link #applyTax}), checked. */
  private static List<InvoiceLine> taxedLines(Invoice invoice, TaxResult tax) {
    requireDraft(invoice, "change its tax");
    if (!tax.currency().equals(invoice.currency())) {
      throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, "tax.currency", tax.currency(),
          "the invoice currency " + invoice.currency());
    }
    // each line's id, then its tax lines (in the order the result lists them)
    Map<String, List<TaxLine>> byLine = new HashMap<>(invoice.lines().size() * 2);
    for (InvoiceLine l : invoice.lines()) {
      byLine.put(l.lineId(), List.of());
    }
    for (TaxLine t : tax.lines()) {
      List<TaxLine> of = byLine.get(t.lineId());
      if (of == null) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "tax.lines.line_id", t.lineId(),
            "the id of a line of invoice " + invoice.id());
      }
      if (of.isEmpty()) {
        of = new ArrayList<>(2);
        byLine.put(t.lineId(), of);
      }
      of.add(t);
    }
    List<InvoiceLine> lines = new ArrayList<>(invoice.lines().size());
    for (InvoiceLine line : invoice.lines()) {
      lines.add(line.withTax(byLine.get(line.lineId())));
    }
    return lines;
  }

  /**
   * Replaces the prepaid credits netted off a draft (wallet deductions, applied after tax).
   *
   * @param invoice the draft, not null
   * @param credits the credits, not null; their sum at most the invoice total
   * @return the new draft, never null
   * @throws BillingException with {@link ErrorCode#ILLEGAL_TRANSITION} if not a draft, or
   *     {@link ErrorCode#CREDIT_EXCEEDS_REMAINING} if the credits exceed the total
   */
  public static Invoice applyCredits(Invoice invoice, List<AppliedCredit> credits) {
    requireDraft(invoice, "change its credits");
    return ImmutableInvoice.copyOf(invoice).withCreditsApplied(credits);
  }

  /**
   * Checks that an invoice is a draft before an edit.
   *
   * @param invoice the invoice, not null
   * @param action what the caller wants to do, for the message, such as {@code change its lines}
   * @throws BillingException with {@link ErrorCode#ILLEGAL_TRANSITION} if not a draft
   */
  public static void requireDraft(Invoice invoice, String action) {
    if (invoice.status() != InvoiceStatus.DRAFT) {
      throw new BillingException(ErrorCode.ILLEGAL_TRANSITION, "invoice " + invoice.id() + " is "
          + invoice.status() + ", not DRAFT: cannot " + action + "; only drafts change, a finalized invoice is"
          + " corrected by a credit note");
    }
  }

  /** Builds a copy with some attributes replaced, setting each attribute once (the builder is strict). */
  private static Invoice rebuild(Invoice invoice, InvoiceStatus status, Optional<String> number,
      Optional<Instant> finalizedAt, Optional<Instant> paidAt, Optional<Instant> voidedAt,
      Optional<Instant> uncollectibleAt, List<InvoiceLine> lines, List<DiscountLine> discountLines,
      List<AppliedCredit> credits) {
    return Invoice.builder()
        .id(invoice.id())
        .key(invoice.key())
        .number(number)
        .customerId(invoice.customerId())
        .addAllSubscriptionIds(invoice.subscriptionIds())
        .currency(invoice.currency())
        .status(status)
        .addAllLines(lines)
        .addAllDiscountLines(discountLines)
        .addAllCreditsApplied(credits)
        .issuedAt(invoice.issuedAt())
        .finalizedAt(finalizedAt)
        .paidAt(paidAt)
        .voidedAt(voidedAt)
        .uncollectibleAt(uncollectibleAt)
        .dueDate(invoice.dueDate())
        .taxDecision(invoice.taxDecision())
        .putAllMetadata(invoice.metadata())
        // reporting totals restate the lines: kept while they are unchanged, dropped otherwise
        .reportingTotals(lines.equals(invoice.lines()) && discountLines.equals(invoice.discountLines())
            ? invoice.reportingTotals() : Optional.empty())
        .build();
  }

  private static Instant required(Instant at, String field) {
    if (at == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, field, null, "an instant");
    }
    return at;
  }
}

package dev.billwright.billing;

import dev.billwright.rating.BilledUsage;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.CreditNoteCalculator;
import dev.billwright.invoice.CreditNoteLine;
import dev.billwright.invoice.CreditNoteOrigin;
import dev.billwright.invoice.CreditNoteReason;
import dev.billwright.invoice.DocumentIds;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceKey;
import dev.billwright.invoice.InvoiceKind;
import dev.billwright.invoice.InvoiceLifecycle;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.invoice.LineKind;
import dev.billwright.invoice.LineOrigin;
import dev.billwright.json.Json;
import dev.billwright.subscription.ResolvedSubscription;
import dev.billwright.subscription.Subscription;
import dev.billwright.money.Money;
import dev.billwright.tax.TaxRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Corrects an invoiced period after late usage: re-rates the period with every event known now
 * and settles the difference, line by line, with an adjustment invoice (increases) and a credit
 * note against the original invoice (decreases). Corrections are documents of their own, as Kill
 * Bill's adjustment items and Stripe's credit notes are: a finalized invoice is never edited.
 *
 * <p>Only usage-driven lines are corrected (usage, minimum-spend and commitment true-ups): fees
 * do not depend on events. What was billed for a line is its taxable amount on the original
 * invoice, plus the lines of earlier adjustment invoices that corrected it, minus earlier credit
 * notes' credits on it (issued ones and those pending approval; a rejected note credits nothing, so
 * the next correction proposes its decrease again); so correcting again with no new events yields an empty
 * {@link Correction}, and a second batch of late events is settled relative to the first
 * correction. Adjustment invoices are keyed {@code SUBSCRIPTION~adjN | period | adjustment}, N
 * counting the earlier corrections, so each correction has its own deterministic key
 * ({@link DocumentIds#adjustmentKey}). Each adjustment line has origin
 * {@link LineOrigin.Correction} of the line it corrects, and the credit note origin
 * {@link CreditNoteOrigin#USAGE_CORRECTION}: the corrected line and the earlier corrections are
 * read from those, never from explanations or ids.
 *
 * <p>Stateless and thread-safe.
 */
public final class LateUsageCorrector {
  /** The default corrector. */
  public static final LateUsageCorrector DEFAULT =
      new LateUsageCorrector(InvoiceAssembler.DEFAULT, CreditNoteCalculator.DEFAULT);

  private static final Set<LineKind> USAGE_KINDS =
      EnumSet.of(LineKind.USAGE, LineKind.MINIMUM_TRUE_UP, LineKind.COMMITMENT_TRUE_UP);

  private final InvoiceAssembler assembler;
  private final CreditNoteCalculator creditNotes;

  /**
   * Creates a corrector.
   *
   * @param assembler re-rates the period, not null
   * @param creditNotes issues credit notes, not null
   */
  public LateUsageCorrector(InvoiceAssembler assembler, CreditNoteCalculator creditNotes) {
    this.assembler = java.util.Objects.requireNonNull(assembler, "assembler");
    this.creditNotes = java.util.Objects.requireNonNull(creditNotes, "creditNotes");
  }

  /**
   * Computes the correction of an invoiced period.
   *
   * @param rerate the request that re-assembles the original invoice's cycle, with the usage
   *     that includes the late events, not null
   * @param original the original invoice of that cycle, finalized or paid, not null
   * @param earlierCreditNotes credit notes already issued against the original, not null
   * @param earlierAdjustments adjustment invoices already issued for the period, not null; the
   *     period's progressive-billing invoices ({@link InvoiceKind#PROGRESSIVE}) belong here too,
   *     so that what they billed counts as billed
   * @param at the instant the correction is issued (its documents' issue time), not null
   * @return the correction, empty if nothing changed
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the request is not for the
   *     original's cycle, {@link ErrorCode#ILLEGAL_TRANSITION} if the original is not finalized or
   *     paid, or as the assembler and credit-note calculator throw
   */
  public Correction correct(InvoiceRequest rerate, Invoice original, List<CreditNote> earlierCreditNotes,
      List<Invoice> earlierAdjustments, Instant at) {
    return correct(rerate, rerate.subscription().resolve(rerate.catalog()), original, earlierCreditNotes,
        earlierAdjustments, at);
  }

  /**
   * Computes the correction of an invoiced period of a subscription already resolved (a host
   * correcting several periods of one subscription resolves it once).
   *
   * @param rerate the request that re-assembles the original invoice's cycle, with the usage
   *     that includes the late events, not null
   * @param resolved the request's subscription resolved against the request's catalog
   *     ({@link Subscription#resolve}), not null
   * @param original the original invoice of that cycle, finalized or paid, not null
   * @param earlierCreditNotes credit notes already issued against the original, not null
   * @param earlierAdjustments adjustment invoices already issued for the period, not null
   * @param at the instant the correction is issued (its documents' issue time), not null
   * @return the correction, empty if nothing changed
   * @throws BillingException as {@link #correct(InvoiceRequest, Invoice, List, List, Instant)}
   *     does
   * @throws IllegalArgumentException if {@code resolved} is not the request's subscription
   */
  public Correction correct(InvoiceRequest rerate, ResolvedSubscription resolved, Invoice original,
      List<CreditNote> earlierCreditNotes, List<Invoice> earlierAdjustments, Instant at) {
    if (original.status() != InvoiceStatus.FINALIZED && original.status() != InvoiceStatus.PAID) {
      throw BillingException.invalid(ErrorCode.ILLEGAL_TRANSITION, "original.status", original.status(),
          "a finalized or paid invoice (correct a draft by assembling it again)");
    }
    Invoice rerated = assembler.assemble(rerate, resolved).orElseThrow(() -> BillingException.invalid(
        ErrorCode.INVALID_VALUE, "rerate", rerate.cycle(), "the cycle of invoice " + original.id()));
    if (!rerated.key().equals(original.key())) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "rerate.cycle", rerated.key(),
          "the cycle of invoice " + original.id() + " (" + original.key() + ")");
    }
    Money zero = Money.zero(original.currency());
    // what was billed: cumulative re-rating's input, as for progressive billing (BilledUsage)
    List<Invoice> billedDocuments = new ArrayList<>();
    billedDocuments.add(original);
    billedDocuments.addAll(earlierAdjustments);
    BilledUsage billed = BilledUsage.of(billedDocuments, USAGE_KINDS, BilledUsage.Basis.TAXABLE)
        .minusCredits(earlierCreditNotes, original.id());
    Map<String, InvoiceLine> reratedLines = new LinkedHashMap<>();
    for (InvoiceLine l : rerated.lines()) {
      if (USAGE_KINDS.contains(l.kind())) {
        reratedLines.put(l.lineId(), l);
      }
    }
    List<Correction.LineDelta> deltas = new ArrayList<>();
    Set<String> ids = new java.util.LinkedHashSet<>(billed.lineIds());
    ids.addAll(reratedLines.keySet());
    for (String id : ids) {
      Money was = billed.amount(id, zero);
      Money now = reratedLines.containsKey(id) ? reratedLines.get(id).taxableAmount() : zero;
      if (was.compareTo(now) != 0) {
        deltas.add(new Correction.LineDelta(id, was, now));
      }
    }
    if (deltas.isEmpty()) {
      return new Correction(List.of(), Optional.empty(), Optional.empty());
    }
    int revision = (int) earlierAdjustments.stream().filter(i -> i.key().kind() == InvoiceKind.ADJUSTMENT).count()
        + (int) earlierCreditNotes.stream()
        .filter(c -> c.origin() == CreditNoteOrigin.USAGE_CORRECTION).count() + 1;

    List<InvoiceLine> increases = new ArrayList<>();
    List<CreditNoteCalculator.CreditRequest> decreases = new ArrayList<>();
    for (Correction.LineDelta d : deltas) {
      Money diff = d.difference();
      if (diff.isPositive()) {
        InvoiceLine source = reratedLines.get(d.lineId());
        ObjectNode explanation = Json.object();
        explanation.put("corrects_line", d.lineId());
        explanation.put("billed", d.billed().amount().toPlainString());
        explanation.put("rerated", d.rerated().amount().toPlainString());
        explanation.set("rerated_explanation", source.explanation());
        increases.add(InvoiceLine.builder()
            .lineId(DocumentIds.correctionLineId(d.lineId(), revision))
            .subscriptionId(source.subscriptionId().orElse(rerate.subscription().id()))
            .chargeCode(source.chargeCode())
            .description("Correction after late usage: " + source.description())
            .kind(LineKind.ADJUSTMENT)
            .origin(new LineOrigin.Correction(d.lineId()))
            .servicePeriod(source.servicePeriod())
            .quantity(source.quantity())
            .putAllGroupKey(source.groupKey())
            .exactAmount(diff)
            .amount(diff)
            .taxCode(source.taxCode())
            .explanation(explanation)
            .build());
      } else {
        if (original.line(d.lineId()).isEmpty()) {
          throw BillingException.invalid(ErrorCode.INVALID_VALUE, "rerate", d.lineId(),
              "a decrease only on a line the original invoice has");
        }
        decreases.add(CreditNoteCalculator.CreditRequest.partial(d.lineId(), diff.negated()));
      }
    }
    Optional<Invoice> adjustment = Optional.empty();
    if (!increases.isEmpty()) {
      InvoiceKey key = DocumentIds.adjustmentKey(rerate.subscription().id(), original.period(), revision);
      Invoice draft = Invoice.builder()
          .id(DocumentIds.invoiceId(key, 0))
          .key(key)
          .customerId(original.customerId())
          .addAllSubscriptionIds(original.subscriptionIds())
          .currency(original.currency())
          .addAllLines(increases)
          .issuedAt(at)
          .putAllMetadata(original.metadata())
          .putMetadata("corrects_invoice", original.id())
          .build();
      TaxContext tax = rerate.tax();
      adjustment = Optional.of(InvoiceLifecycle.applyTax(draft, tax.calculator().calculate(TaxRequest.invoice(
          at.atZone(original.period().zone()).toLocalDate(), original.currency(), tax.supplier(), tax.customer(),
          increases.stream().map(InvoiceLine::toTaxableLine).toList()))));
    }
    Optional<CreditNote> credit = Optional.empty();
    if (!decreases.isEmpty()) {
      credit = Optional.of(creditNotes.issue(DocumentIds.correctionCreditNoteId(original.id(), revision), original,
          earlierCreditNotes, decreases, CreditNoteReason.ORDER_CHANGE, "re-rated after late usage", at)
          .withOrigin(CreditNoteOrigin.USAGE_CORRECTION));
    }
    return new Correction(deltas, adjustment, credit);
  }

  private static String correctedLine(InvoiceLine adjustmentLine) {
    return adjustmentLine.origin() instanceof LineOrigin.Correction c ? c.correctedLineId() : null;
  }
}

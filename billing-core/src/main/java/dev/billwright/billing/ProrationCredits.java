package dev.billwright.billing;

import dev.billwright.catalog.Conventions;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.CreditNoteCalculator;
import dev.billwright.invoice.CreditNoteOrigin;
import dev.billwright.invoice.CreditNoteReason;
import dev.billwright.invoice.DocumentIds;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLifecycle;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.invoice.LineOrigin;
import dev.billwright.invoice.LineKind;
import dev.billwright.money.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the credit for unused in-advance time after a plan or seat change reaches the customer —
 * a convention that moves money between documents, so it is named:
 * <ul>
 *   <li>{@link Mode#INVOICE_LINE} (default): a negative {@link LineKind#PRORATION_CREDIT} line
 *       on the next invoice, as Stripe does (proration invoice items).</li>
 *   <li>{@link Mode#CREDIT_NOTE}: a credit note against the invoice that billed the fee, for the
 *       same amount, reversing its tax at that invoice's rates; the next invoice carries only the
 *       new charge. Lago issues credit notes for upgrades this way, and Indian GST requires it:
 *       a tax invoice and its e-invoice have no negative lines; a reduction of a supply already
 *       invoiced is a credit note (CGST Act s.34).</li>
 * </ul>
 * A credit whose billed line is on the same draft (two changes in one period) stays a line in
 * either mode: there is no issued document to credit yet. The billed line a credit line credits
 * is read from its {@link LineOrigin.ProrationCredit} origin; the credit notes have origin
 * {@link CreditNoteOrigin#PRORATION_CREDIT} and ids from {@link DocumentIds#prorationCreditNoteId}.
 *
 * @param mode the convention, not null
 * @param calculator issues the credit notes, not null
 */
public record ProrationCredits(Mode mode, CreditNoteCalculator calculator) {
  /** Credits as negative lines on the next invoice (Stripe). */
  public static final ProrationCredits INVOICE_LINE = new ProrationCredits(Mode.INVOICE_LINE, CreditNoteCalculator.DEFAULT);
  /** Credits as credit notes against the invoice that billed the fee (Lago; required for GST). */
  public static final ProrationCredits CREDIT_NOTE = new ProrationCredits(Mode.CREDIT_NOTE, CreditNoteCalculator.DEFAULT);

  /**
   * The proration-credit convention of a preset ({@link Conventions#prorationCreditNotes()}): a
   * bill run's {@code conventions} option.
   *
   * @param conventions the preset, not null
   * @return {@link #CREDIT_NOTE} for a peer that credits by credit note (Lago), else
   *     {@link #INVOICE_LINE}
   */
  public static ProrationCredits of(Conventions conventions) {
    return conventions.prorationCreditNotes() ? CREDIT_NOTE : INVOICE_LINE;
  }

  /** Where proration credits go. */
  public enum Mode {
    /** A negative line on the next invoice. */
    INVOICE_LINE,
    /** A credit note against the invoice that billed the fee. */
    CREDIT_NOTE
  }

  /**
   * Validates the components.
   *
   * @param mode the mode
   * @param calculator the credit-note calculator
   * @throws NullPointerException if a component is null
   */
  public ProrationCredits {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(calculator, "calculator");
  }

  /**
   * A draft with its proration credits moved out, and the credit notes that carry them.
   *
   * @param draft the draft invoice (unchanged in {@link Mode#INVOICE_LINE})
   * @param creditNotes the credit notes, one per credited invoice, in order of first credit
   */
  public record Result(Invoice draft, List<CreditNote> creditNotes) {
    /**
     * Copies the list.
     *
     * @param draft the draft
     * @param creditNotes the credit notes
     */
    public Result {
      creditNotes = List.copyOf(creditNotes);
    }
  }

  /**
   * Applies the convention to a freshly assembled draft.
   *
   * @param draft the draft of the next invoice, not null
   * @param earlierInvoices the subscription's earlier invoices (the credited lines are on them),
   *     not null
   * @param earlierCreditNotes credit notes already issued against those invoices, not null
   * @param at the issue instant of the credit notes (the draft's boundary), not null
   * @return the draft without the moved credit lines, and the credit notes; in
   *     {@link Mode#INVOICE_LINE}, the draft unchanged and no credit notes
   * @throws dev.billwright.error.BillingException as {@link CreditNoteCalculator#issue} throws,
   *     for example when a credit would exceed what remains creditable of the billed line
   */
  public Result apply(Invoice draft, List<Invoice> earlierInvoices, List<CreditNote> earlierCreditNotes, Instant at) {
    if (mode == Mode.INVOICE_LINE) {
      return new Result(draft, List.of());
    }
    Map<String, Invoice> invoiceOfLine = new LinkedHashMap<>();
    for (Invoice invoice : earlierInvoices) {
      if (invoice.status() == InvoiceStatus.FINALIZED || invoice.status() == InvoiceStatus.PAID) {
        for (InvoiceLine line : invoice.lines()) {
          invoiceOfLine.put(line.lineId(), invoice);
        }
      }
    }
    Map<String, Map<String, Money>> creditsByInvoice = new LinkedHashMap<>();
    Map<String, Invoice> invoices = new LinkedHashMap<>();
    List<InvoiceLine> kept = new ArrayList<>();
    for (InvoiceLine line : draft.lines()) {
      String credited = line.origin() instanceof LineOrigin.ProrationCredit c ? c.creditedLineId() : null;
      Invoice target = credited == null ? null : invoiceOfLine.get(credited);
      if (target == null) {
        kept.add(line);
        continue;
      }
      invoices.put(target.id(), target);
      creditsByInvoice.computeIfAbsent(target.id(), k -> new LinkedHashMap<>())
          .merge(credited, line.taxableAmount().negated(), Money::plus);
    }
    if (creditsByInvoice.isEmpty()) {
      return new Result(draft, List.of());
    }
    List<CreditNote> notes = new ArrayList<>();
    for (Map.Entry<String, Map<String, Money>> e : creditsByInvoice.entrySet()) {
      Invoice target = invoices.get(e.getKey());
      List<CreditNoteCalculator.CreditRequest> requests = new ArrayList<>();
      e.getValue().forEach((lineId, amount) -> requests.add(CreditNoteCalculator.CreditRequest.partial(lineId, amount)));
      List<CreditNote> earlier = new ArrayList<>();
      for (CreditNote cn : earlierCreditNotes) {
        if (cn.invoiceId().equals(target.id())) {
          earlier.add(cn);
        }
      }
      earlier.addAll(notes.stream().filter(n -> n.invoiceId().equals(target.id())).toList());
      notes.add(calculator.issue(DocumentIds.prorationCreditNoteId(target.id(), draft.id()), target,
          earlier, requests, CreditNoteReason.ORDER_CHANGE,
          "unused time of the fee after a plan or seat change (the new price is on the next invoice)", at)
          .withOrigin(CreditNoteOrigin.PRORATION_CREDIT));
    }
    return new Result(InvoiceLifecycle.withLines(draft, kept, draft.discountLines()), notes);
  }
}

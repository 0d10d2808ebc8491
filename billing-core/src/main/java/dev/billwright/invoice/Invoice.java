package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.internal.BillwrightStyle;
import dev.billwright.money.Money;
import dev.billwright.tax.TaxDecision;
import dev.billwright.time.BillingPeriod;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * An invoice document: who is billed, for which period, the lines, the discounts, the credits
 * netted off, the status and the derived {@link #totals()}.
 *
 * <p>Built with {@link #builder()} as a {@link InvoiceStatus#DRAFT}; moved through its lifecycle
 * by {@link InvoiceLifecycle} (which also holds the only operations that change a draft's
 * content). A finalized invoice is never edited: it is corrected by credit notes
 * ({@link CreditNoteCalculator}). The {@link #key()} makes bill runs idempotent through
 * {@link InvoiceStore#insertIfAbsent}.
 *
 * <p>Checked at construction: unique line ids; every amount in the invoice currency; each line's
 * discount equals the sum of its {@link DiscountLine}s, which refer to existing lines; credits
 * applied do not exceed the total; a number, a finalized time, a paid time, a voided time and an
 * uncollectible time are present exactly when the status calls for them. Immutable.
 */
@Value.Immutable
@BillwrightStyle
public abstract class Invoice implements WithInvoice {
  Invoice() {}

  /**
   * Returns a new builder.
   *
   * @return the builder, never null
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds {@link Invoice}s; {@link #build()} throws {@link BillingException} on inconsistent
   * input, or {@link IllegalStateException} if a required attribute is missing.
   */
  public static final class Builder extends ImmutableInvoice.Builder {
    /** Creates an empty builder; use {@link Invoice#builder()}. */
    Builder() {}
  }

  /**
   * Returns the invoice id, chosen by the host, unique in its store.
   *
   * @return the id, not blank
   */
  public abstract String id();

  /**
   * Returns the idempotency key.
   *
   * @return the key, never null
   */
  public abstract InvoiceKey key();

  /**
   * Returns the invoice number, assigned at finalization from an {@link InvoiceNumberSequence};
   * empty for a draft.
   *
   * @return the number
   */
  public abstract Optional<String> number();

  /**
   * Returns the customer (account) billed.
   *
   * @return the customer id, not blank
   */
  public abstract String customerId();

  /**
   * Returns the subscriptions billed on this invoice (several for a consolidated invoice).
   *
   * @return the subscription ids, never null, may be empty for a one-off invoice
   */
  public abstract List<String> subscriptionIds();

  /**
   * Returns the currency of every amount.
   *
   * @return the currency, never null
   */
  public abstract Currency currency();

  /**
   * Returns the status; {@link InvoiceStatus#DRAFT} by default.
   *
   * @return the status, never null
   */
  @Value.Default
  public InvoiceStatus status() {
    return InvoiceStatus.DRAFT;
  }

  /**
   * Returns the lines, in order.
   *
   * @return the lines, never null
   */
  public abstract List<InvoiceLine> lines();

  /**
   * Returns the discounts per coupon per line (see {@link DiscountCalculator}).
   *
   * @return the discount lines, never null
   */
  public abstract List<DiscountLine> discountLines();

  /**
   * Returns the prepaid credits netted off after tax (wallet deductions).
   *
   * @return the credits, never null
   */
  public abstract List<AppliedCredit> creditsApplied();

  /**
   * Returns when the invoice (draft) was created.
   *
   * @return the instant, never null
   */
  public abstract Instant issuedAt();

  /**
   * Returns when the invoice was finalized; present unless a draft.
   *
   * @return the instant
   */
  public abstract Optional<Instant> finalizedAt();

  /**
   * Returns when the invoice was paid; present exactly when {@link InvoiceStatus#PAID}.
   *
   * @return the instant
   */
  public abstract Optional<Instant> paidAt();

  /**
   * Returns when the invoice was voided; present exactly when {@link InvoiceStatus#VOID}.
   *
   * @return the instant
   */
  public abstract Optional<Instant> voidedAt();

  /**
   * Returns when the invoice was marked uncollectible; present when
   * {@link InvoiceStatus#UNCOLLECTIBLE}, and kept if it is later paid or voided.
   *
   * @return the instant
   */
  public abstract Optional<Instant> uncollectibleAt();

  /**
   * Returns the due date, in the customer's calendar, if any.
   *
   * @return the due date
   */
  public abstract Optional<LocalDate> dueDate();

  /**
   * Returns what the tax engine decided when tax was applied (place of supply and its basis,
   * supply type, reverse charge, notes, round-off), kept so that printing, e-invoicing and credit
   * notes read it instead of deciding it again from the parties. Set by
   * {@link InvoiceLifecycle#applyTax}; empty for a draft not yet taxed, for one taxed by an engine
   * that decided nothing ({@link TaxDecision#none()}), and for a document written before decisions
   * were kept.
   *
   * @return the decision
   */
  public abstract Optional<TaxDecision> taxDecision();

  /**
   * Returns the invoice's totals restated in the host's reporting currency
   * ({@link ReportingTotals#of}), when the invoice was assembled with one
   * ({@code InvoiceAssembler.withReportingCurrency}) or the host attached them
   * ({@link #withReportingTotals}); written to the invoice JSON as {@code reporting_totals}.
   * A statement beside the document: the invoice's own amounts stay in its currency.
   *
   * @return the reporting totals, empty by default
   */
  public abstract Optional<ReportingTotals> reportingTotals();

  /**
   * Returns a copy stating its totals in a reporting currency. Attach them once the lines are
   * final (after tax): they restate {@link #totals()} as they are now.
   *
   * @param reporting the totals from {@link ReportingTotals#of} for this invoice, not null
   * @return the new invoice, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if they restate another invoice,
   *     or {@link ErrorCode#CURRENCY_MISMATCH} if their rate does not convert from this invoice's
   *     currency (or, without a rate, their figures are not this invoice's totals)
   */
  public Invoice withReportingTotals(ReportingTotals reporting) {
    return ImmutableInvoice.copyOf(this).withReportingTotals(java.util.Objects.requireNonNull(reporting, "reporting"));
  }

  /**
   * Returns free-form host metadata (written to JSON in key order).
   *
   * @return the metadata, never null
   */
  public abstract Map<String, String> metadata();

  /**
   * Returns the billing period, that of the {@link #key()}.
   *
   * @return the period, never null
   */
  public BillingPeriod period() {
    return key().period();
  }

  /**
   * Returns the instant a progressive-billing invoice was triggered at: for an invoice of kind
   * {@link InvoiceKind#PROGRESSIVE}, its {@link #issuedAt()}, which a bill run sets to the
   * timestamp of the usage event whose amount reached the threshold (the invoice's boundary);
   * empty for every other kind. Derived from the key and issue time, so every copy of the invoice
   * keeps it.
   *
   * @return the instant the threshold was reached, empty when the invoice is not progressive
   */
  public java.util.Optional<Instant> thresholdReachedAt() {
    return key().kind() == InvoiceKind.PROGRESSIVE ? java.util.Optional.of(issuedAt()) : java.util.Optional.empty();
  }

  /**
   * Returns the totals derived from the lines and credits (see {@link InvoiceTotals}).
   *
   * @return the totals, never null
   */
  @Value.Lazy
  public InvoiceTotals totals() {
    return InvoiceTotals.of(currency(), lines(), creditsApplied());
  }

  /**
   * Returns the line with an id.
   *
   * @param lineId the line id, not null
   * @return the line, or empty if none has that id
   */
  public Optional<InvoiceLine> line(String lineId) {
    return lines().stream().filter(l -> l.lineId().equals(lineId)).findFirst();
  }

  @Value.Check
  void check() {
    if (id().isBlank()) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "id", id(), "a non-blank invoice id");
    }
    if (customerId().isBlank()) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "customer_id", customerId(),
          "a non-blank customer id");
    }
    Map<String, Money> discounts = new HashMap<>();
    for (InvoiceLine line : lines()) {
      if (!line.amount().currency().equals(currency())) {
        throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, "lines[" + line.lineId() + "].amount",
            line.amount(), "an amount in the invoice currency " + currency());
      }
      if (discounts.put(line.lineId(), Money.zero(currency())) != null) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "lines.line_id", line.lineId(), "unique line ids");
      }
    }
    for (DiscountLine d : discountLines()) {
      Money sum = discounts.get(d.lineId());
      if (sum == null) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "discount_lines.line_id", d.lineId(),
            "the id of a line of this invoice");
      }
      discounts.put(d.lineId(), sum.plus(d.amount()));
    }
    for (InvoiceLine line : lines()) {
      if (!discounts.get(line.lineId()).equals(line.discountAmount())) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "lines[" + line.lineId() + "].discount_amount",
            line.discountAmount(), "the sum of its discount lines " + discounts.get(line.lineId()));
      }
    }
    // without credits there is nothing to exceed; the totals are then derived when first read
    if (!creditsApplied().isEmpty()) {
      InvoiceTotals totals = totals();
      if (totals.creditsApplied().compareTo(totals.total().max(Money.zero(currency()))) > 0) {
        throw BillingException.invalid(ErrorCode.CREDIT_EXCEEDS_REMAINING, "credits_applied",
            totals.creditsApplied(), "at most the invoice total " + totals.total());
      }
    }
    if (reportingTotals().isPresent()) {
      checkReporting(reportingTotals().get(), totals());
    }
    InvoiceStatus s = status();
    requirePresence("number", number().isPresent(), s != InvoiceStatus.DRAFT);
    requirePresence("finalized_at", finalizedAt().isPresent(), s != InvoiceStatus.DRAFT);
    requirePresence("paid_at", paidAt().isPresent(), s == InvoiceStatus.PAID);
    requirePresence("voided_at", voidedAt().isPresent(), s == InvoiceStatus.VOID);
    if (s == InvoiceStatus.UNCOLLECTIBLE || s == InvoiceStatus.DRAFT || s == InvoiceStatus.FINALIZED) {
      requirePresence("uncollectible_at", uncollectibleAt().isPresent(), s == InvoiceStatus.UNCOLLECTIBLE);
    }
    if (number().isPresent() && number().get().isBlank()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "number", number().get(), "a non-blank number");
    }
  }

  private void checkReporting(ReportingTotals r, InvoiceTotals totals) {
    if (!r.invoiceId().equals(id())) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "reporting_totals.invoice_id", r.invoiceId(),
          "this invoice's id " + id());
    }
    if (r.rate().isPresent() ? !r.rate().get().from().equals(currency()) || r.rate().get().to().equals(currency())
        : !r.subtotal().equals(totals.subtotal()) || !r.discountTotal().equals(totals.discountTotal())
            || !r.totalTax().equals(totals.totalTax()) || !r.total().equals(totals.total())) {
      throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, "reporting_totals", r,
          "totals restated from " + currency() + " at a rate from it, or this invoice's own totals without a rate");
    }
  }

  private void requirePresence(String field, boolean present, boolean expected) {
    if (present != expected) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, field, present ? "present" : "absent",
          (expected ? "present" : "absent") + " for an invoice with status " + status());
    }
  }
}

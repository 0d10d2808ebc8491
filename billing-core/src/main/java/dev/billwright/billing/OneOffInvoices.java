package dev.billwright.billing;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.DocumentIds;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceKey;
import dev.billwright.invoice.InvoiceKind;
import dev.billwright.invoice.InvoiceLifecycle;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.InvoiceNumberSequence;
import dev.billwright.invoice.InvoiceSeries;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.invoice.InvoiceStore;
import dev.billwright.invoice.LineKind;
import dev.billwright.invoice.PaymentTerms;
import dev.billwright.json.Json;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.tax.TaxRequest;
import dev.billwright.time.BillingPeriod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One-off invoices: manual lines (custom charges) for a customer, optionally tied to a
 * subscription, outside any billing cycle (Lago's one-off invoices of add-ons, Stripe's
 * stand-alone invoices with invoice items).
 *
 * <p>Each line's amount is {@code quantity × unit amount}, rounded once by the policy; tax comes
 * from the same {@link dev.billwright.tax.TaxCalculator} SPI as every other invoice
 * ({@link TaxContext}), dated the issue day in the period's zone; the invoice is numbered from the
 * host's series. The invoice key is {@code HOST_KEY | service period | one_off}
 * ({@link InvoiceKind#ONE_OFF}) and the id derives from it ({@link DocumentIds#invoiceId}), so
 * issuing the same request again (a retry) returns the stored invoice and takes no second number;
 * a request with a key already used for different lines is rejected. Stateless.
 */
public final class OneOffInvoices {
  /** Rounds per line with {@link RoundingPolicy#DEFAULT}. */
  public static final OneOffInvoices DEFAULT = new OneOffInvoices(RoundingPolicy.DEFAULT);

  private final RoundingPolicy policy;

  /**
   * Creates the service.
   *
   * @param policy the rounding policy of line amounts, not null
   */
  public OneOffInvoices(RoundingPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * A one-off invoice to make.
   *
   * @param hostKey the host's idempotency key, not blank, without {@code |}
   * @param customerId the customer billed, not blank
   * @param subscriptionId the subscription the charges belong to, if any
   * @param servicePeriod what the charges cover (for a charge at an instant, that day), not null
   * @param lines the manual lines, at least one, distinct codes, all in one currency
   * @param issuedAt the issue (and tax) instant, not null
   * @param tax the tax parties and calculator, not null
   * @param series the number series, not null
   * @param terms payment terms for the due date, or empty for none
   * @param metadata host metadata, not null
   */
  public record Request(String hostKey, String customerId, Optional<String> subscriptionId,
      BillingPeriod servicePeriod, List<ManualLine> lines, Instant issuedAt, TaxContext tax, InvoiceSeries series,
      Optional<PaymentTerms> terms, Map<String, String> metadata) {
    /**
     * Validates and copies.
     *
     * @param hostKey see the record component
     * @param customerId see the record component
     * @param subscriptionId see the record component
     * @param servicePeriod see the record component
     * @param lines see the record component
     * @param issuedAt see the record component
     * @param tax see the record component
     * @param series see the record component
     * @param terms see the record component
     * @param metadata see the record component
     * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} for a missing
     *     value, {@link ErrorCode#INVALID_VALUE} for no lines, a repeated code or a key with
     *     {@code |}, or {@link ErrorCode#CURRENCY_MISMATCH} for lines in several currencies
     */
    public Request {
      if (hostKey == null || hostKey.isBlank() || customerId == null || customerId.isBlank()
          || subscriptionId == null || servicePeriod == null || lines == null || issuedAt == null || tax == null
          || series == null || terms == null || metadata == null) {
        throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "one_off", hostKey,
            "a host key, a customer, a service period, lines, an issue instant, tax, a series and metadata");
      }
      if (hostKey.contains("|")) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "one_off.host_key", hostKey, "a key without '|'");
      }
      lines = List.copyOf(lines);
      if (lines.isEmpty()) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "one_off.lines", "[]", "at least one line");
      }
      Set<String> codes = new HashSet<>();
      for (ManualLine l : lines) {
        if (!codes.add(l.code())) {
          throw BillingException.invalid(ErrorCode.INVALID_VALUE, "one_off.lines.code", l.code(), "distinct codes");
        }
        if (!l.unitAmount().currency().equals(lines.get(0).unitAmount().currency())) {
          throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, "one_off.lines[" + l.code() + "].unit_amount",
              l.unitAmount(), "an amount in " + lines.get(0).unitAmount().currency());
        }
      }
      metadata = Map.copyOf(metadata);
    }

    /**
     * Starts a request with the defaults: no subscription, no tax ({@link TaxContext#none()}),
     * the series {@code INV-000001} ({@code InvoiceSeries.of("INV", "INV-", 6)}, as a bill run's),
     * no payment terms, no metadata; change them with the {@code with…} methods.
     *
     * @param hostKey the host's idempotency key, not blank, without {@code |}
     * @param customerId the customer billed, not blank
     * @param servicePeriod what the charges cover, not null
     * @param lines the manual lines, at least one, distinct codes, one currency
     * @param issuedAt the issue (and tax) instant, not null
     * @return the request, never null
     * @throws BillingException as the constructor
     */
    public static Request of(String hostKey, String customerId, BillingPeriod servicePeriod, List<ManualLine> lines,
        Instant issuedAt) {
      return new Request(hostKey, customerId, Optional.empty(), servicePeriod, lines, issuedAt, TaxContext.none(),
          InvoiceSeries.of("INV", "INV-", 6), Optional.empty(), Map.of());
    }

    /**
     * Returns a copy for the charges of a subscription.
     *
     * @param id the subscription id, not blank
     * @return the copy
     */
    public Request withSubscription(String id) {
      return new Request(hostKey, customerId, Optional.of(id), servicePeriod, lines, issuedAt, tax, series, terms,
          metadata);
    }

    /**
     * Returns a copy taxed through a tax context.
     *
     * @param context the tax parties and calculator, not null
     * @return the copy
     */
    public Request withTax(TaxContext context) {
      return new Request(hostKey, customerId, subscriptionId, servicePeriod, lines, issuedAt, context, series, terms,
          metadata);
    }

    /**
     * Returns a copy numbered from another series.
     *
     * @param newSeries the series, not null
     * @return the copy
     */
    public Request withSeries(InvoiceSeries newSeries) {
      return new Request(hostKey, customerId, subscriptionId, servicePeriod, lines, issuedAt, tax, newSeries, terms,
          metadata);
    }

    /**
     * Returns a copy with payment terms, which set the due date.
     *
     * @param newTerms the terms, not null
     * @return the copy
     */
    public Request withTerms(PaymentTerms newTerms) {
      return new Request(hostKey, customerId, subscriptionId, servicePeriod, lines, issuedAt, tax, series,
          Optional.of(newTerms), metadata);
    }

    /**
     * Returns a copy with host metadata.
     *
     * @param newMetadata the metadata, not null
     * @return the copy
     */
    public Request withMetadata(Map<String, String> newMetadata) {
      return new Request(hostKey, customerId, subscriptionId, servicePeriod, lines, issuedAt, tax, series, terms,
          newMetadata);
    }

    /**
     * Returns the invoice key: host key, service period, {@link InvoiceKind#ONE_OFF}.
     *
     * @return the key, never null
     */
    public InvoiceKey key() {
      return InvoiceKey.of(hostKey, servicePeriod, InvoiceKind.ONE_OFF);
    }
  }

  /**
   * Builds the taxed draft of a request (pure: nothing stored, no number taken).
   *
   * @param request the request, not null
   * @return the draft, with tax applied, never null
   * @throws BillingException as the tax calculator throws
   */
  public Invoice draft(Request request) {
    List<InvoiceLine> lines = new ArrayList<>();
    String owner = request.subscriptionId().orElse(request.customerId());
    for (ManualLine l : request.lines()) {
      InvoiceLine.Builder b = InvoiceLine.builder()
          .lineId(InvoiceLine.lineIdOf(owner, l.code(), Map.of(), LineKind.ONE_TIME))
          .chargeCode(l.code())
          .description(l.description())
          .kind(LineKind.ONE_TIME)
          .servicePeriod(request.servicePeriod())
          .quantity(l.quantity())
          .exactAmount(l.exactAmount(), policy)
          .taxCode(l.taxCode())
          .explanation(Json.object().put("model", "manual").put("quantity", l.quantity().toPlainString())
              .put("unit_amount", l.unitAmount().amount().toPlainString()));
      request.subscriptionId().ifPresent(b::subscriptionId);
      lines.add(b.build());
    }
    InvoiceKey key = request.key();
    Invoice draft = Invoice.builder()
        .id(DocumentIds.invoiceId(key, 0))
        .key(key)
        .customerId(request.customerId())
        .addAllSubscriptionIds(request.subscriptionId().stream().toList())
        .currency(request.lines().get(0).unitAmount().currency())
        .addAllLines(lines)
        .issuedAt(request.issuedAt())
        .putAllMetadata(request.metadata())
        .build();
    TaxContext tax = request.tax();
    return InvoiceLifecycle.applyTax(draft, tax.calculator().calculate(TaxRequest.invoice(
        request.issuedAt().atZone(request.servicePeriod().zone()).toLocalDate(), draft.currency(), tax.supplier(),
        tax.customer(), lines.stream().map(InvoiceLine::toTaxableLine).toList())));
  }

  /**
   * Issues a one-off invoice: stores the draft under its key, takes the next number of the series
   * and stores it finalized at the issue instant (with the due date of the terms). Idempotent: if
   * the key already has a finalized invoice with the same lines, that invoice is returned and no
   * number is taken; a draft of the key left by an interrupted call is finalized now.
   *
   * @param request the request, not null
   * @param store where invoices are kept, not null
   * @param numbers the number sequence, not null
   * @return the finalized (or, if another caller finalized it meanwhile, the stored) invoice, never
   *     null
   * @throws BillingException with {@link ErrorCode#INVOICE_CONFLICT} if the key is already used
   *     by an invoice with other lines, or as {@link #draft} and the store throw; nothing is stored
   *     if the draft cannot be built
   */
  public Invoice issue(Request request, InvoiceStore store, InvoiceNumberSequence numbers) {
    Invoice draft = draft(request);
    Invoice stored = store.insertIfAbsent(draft);
    if (!stored.lines().equals(draft.lines()) || !stored.customerId().equals(draft.customerId())) {
      throw new BillingException(ErrorCode.INVOICE_CONFLICT, "one-off key '" + request.hostKey() + "' for "
          + request.servicePeriod() + " already has invoice " + stored.id() + " with other lines: a host key"
          + " names one request");
    }
    if (stored.status() != InvoiceStatus.DRAFT) {
      return stored;
    }
    String number = numbers.nextNumber(request.series());
    Invoice finalized = request.terms().isPresent()
        ? InvoiceLifecycle.finalize(stored, number, request.issuedAt(), request.terms().get())
        : InvoiceLifecycle.finalize(stored, number, request.issuedAt());
    try {
      return store.compareAndSet(stored, finalized);
    } catch (BillingException e) {
      if (e.code() != ErrorCode.INVOICE_CONFLICT) {
        throw e;
      }
      // another caller finalized it first: its invoice stands
      return store.find(request.key()).orElseThrow(() -> e);
    }
  }
}

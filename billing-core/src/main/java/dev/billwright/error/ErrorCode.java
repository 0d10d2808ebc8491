package dev.billwright.error;

/**
 * The catalogue of stable error codes carried by every {@link BillingException}.
 *
 * <p>A code never changes meaning once released; hosts may switch on {@link #code()} to map
 * errors to their own API responses. Codes are unique (checked by a test) and grouped by the
 * capability that raises them. Add new codes at the end of their group.
 */
public enum ErrorCode {
  // --- generic input validation
  /** A required field is missing or null. */
  REQUIRED_FIELD_MISSING("input.required"),
  /** A field has a value outside what the field accepts (format, range, enumeration). */
  INVALID_VALUE("input.invalid"),
  /** A decimal is too large, too precise or too small to compute with safely. */
  DECIMAL_OUT_OF_BOUNDS("input.decimal_out_of_bounds"),
  /**
   * A field names a feature the format defines but this version does not implement yet (for
   * example a conformance scenario's {@code exchange_rates}); rejected rather than ignored.
   */
  NOT_SUPPORTED_YET("input.not_supported_yet"),

  // --- money
  /** Two amounts in different currencies were combined. */
  CURRENCY_MISMATCH("money.currency_mismatch"),
  /** An amount cannot be represented at the scale required (e.g. allocating 0.005 in INR). */
  AMOUNT_NOT_AT_SCALE("money.not_at_scale"),
  /** Allocation weights were empty, negative or summed to zero. */
  INVALID_ALLOCATION_WEIGHTS("money.invalid_weights"),
  /** An amount must be converted to another currency and the exchange-rate provider has no rate for it. */
  EXCHANGE_RATE_MISSING("money.exchange_rate_missing"),

  // --- billing time
  /** A billing period whose end is not after its start, or mismatched zones. */
  INVALID_PERIOD("time.invalid_period"),
  /** A cadence that is not a positive whole number of days, weeks, months or years. */
  INVALID_CADENCE("time.invalid_cadence"),

  // --- pricing and catalog
  /** Tiers are not strictly increasing, or an unbounded tier is not last. */
  INVALID_TIERS("pricing.invalid_tiers"),
  /** No matrix cell (and no default) matches an event's dimension values. */
  NO_MATRIX_MATCH("pricing.no_matrix_match"),
  /**
   * No tier of a {@code capacity} price holds the quantities of every dimension value (Kill Bill
   * CAPACITY usage, which fails the invoice rather than bill nothing).
   */
  NO_CAPACITY_TIER("pricing.no_capacity_tier"),
  /** A plan, charge, meter or price definition is invalid. */
  INVALID_DEFINITION("catalog.invalid_definition"),
  /** A JSON or YAML document does not match the plan format. */
  INVALID_DOCUMENT("catalog.invalid_document"),
  /** A subscription does not fit the catalog (plan status or dates, currency, overrides, changes). */
  INVALID_SUBSCRIPTION("catalog.invalid_subscription"),

  // --- metering
  /** A usage event could not be read or is invalid. */
  INVALID_EVENT("metering.invalid_event"),
  /** An event id arrived again with different content. */
  CONFLICTING_DUPLICATE_EVENT("metering.conflicting_duplicate"),
  /** Usage was given for a period that is not one of the subscription's usage windows. */
  USAGE_WINDOW_MISMATCH("metering.usage_window_mismatch"),

  // --- invoicing
  /** An invoice or credit note lifecycle transition that is not allowed. */
  ILLEGAL_TRANSITION("invoice.illegal_transition"),
  /** A credit would exceed what remains creditable. */
  CREDIT_EXCEEDS_REMAINING("invoice.credit_exceeds_remaining"),
  /** A stored invoice changed since it was read, or is not in the store (compare-and-set failed). */
  INVOICE_CONFLICT("invoice.conflict"),
  /**
   * Finalizing a bill run's invoice failed (a store or number-sequence error, an exhausted
   * series, a failing credits hook); the draft was released for the next run.
   */
  INVOICE_FINALIZATION_FAILED("invoice.finalization_failed"),
  /**
   * A bill run caught a non-billing exception while billing a subscription (a store, sequence,
   * hook or usage source failed, or arithmetic overflowed); the other subscriptions were billed.
   */
  BILL_RUN_INTERNAL_FAILURE("invoice.bill_run_internal_failure"),

  // --- tax
  /** A GSTIN or other tax identifier is malformed or fails its check character. */
  INVALID_TAX_ID("tax.invalid_tax_id"),
  /** Tax could not be determined for a line (no rate, no place of supply). */
  TAX_NOT_DETERMINED("tax.not_determined"),
  /** A GST document (tax invoice, credit/debit note, e-invoice JSON) breaks a rule of its format. */
  INVALID_TAX_DOCUMENT("tax.invalid_document"),

  // --- prepaid credit
  /** A deduction would take a wallet below its overdraft limit. */
  INSUFFICIENT_BALANCE("credit.insufficient_balance"),
  /** A ledger idempotency key was reused for a different movement. */
  CONFLICTING_LEDGER_ENTRY("credit.conflicting_ledger_entry"),
  /** A wallet kept changing under a compare-and-append until the retry limit was reached. */
  LEDGER_CONTENTION("credit.ledger_contention"),

  // --- payments
  /** A payment provider refused a request or could not be reached; nothing was recorded. */
  PAYMENT_GATEWAY_FAILURE("payment.gateway_failure"),
  /** A gateway does not offer an operation (a top-up or refund on a collect-only gateway). */
  PAYMENT_OPERATION_UNSUPPORTED("payment.operation_unsupported"),
  /** A webhook's signature, timestamp or payload was rejected. */
  INVALID_WEBHOOK("payment.invalid_webhook"),
  /** A refund would exceed what remains refundable on its payment. */
  REFUND_EXCEEDS_PAYMENT("payment.refund_exceeds_payment"),

  // --- storage
  /** The database could not be reached or failed mid-operation; the operation was rolled back whole. */
  STORE_UNAVAILABLE("store.unavailable"),
  /** The database's schema is newer than this code knows, or its migration history does not match. */
  STORE_SCHEMA_MISMATCH("store.schema_mismatch");

  private final String code;

  ErrorCode(String code) {
    this.code = code;
  }

  /**
   * Returns the stable, dotted code, such as {@code money.currency_mismatch}.
   *
   * @return the code, never null
   */
  public String code() {
    return code;
  }
}

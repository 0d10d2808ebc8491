package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.util.Collections;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * When a credit note needs approval before it is issued (option {@code credit_note_approval}):
 * a note whose {@link CreditNote#total()} is strictly above the threshold of its currency is
 * created {@link CreditNoteStatus#PENDING_APPROVAL}; others are issued at once.
 *
 * <p>The default is {@link #NONE}: no threshold, every credit note is issued at once (Stripe and
 * Lago behaviour). A currency without a threshold needs no approval. A threshold of zero sends
 * every note of that currency to approval. The policy is set on a {@link CreditNoteCalculator}
 * ({@link CreditNoteCalculator#withApproval}) and so applies wherever the engine creates credit
 * notes through that calculator: manual notes ({@link CreditNoteCalculator#issue}), cancellation
 * credits ({@link CreditNoteCalculator#unusedTime}) and usage corrections.
 *
 * @param thresholds currency → the largest total issued without approval (at least 0), not null
 */
public record CreditNoteApprovalPolicy(Map<Currency, Money> thresholds) {
  /** No approval: every credit note is issued at once (the default). */
  public static final CreditNoteApprovalPolicy NONE = new CreditNoteApprovalPolicy(Map.of());

  /**
   * Validates and copies.
   *
   * @param thresholds see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if null,
   *     {@link ErrorCode#CURRENCY_MISMATCH} if a threshold is not in its key's currency, or
   *     {@link ErrorCode#INVALID_VALUE} if one is negative
   */
  public CreditNoteApprovalPolicy {
    if (thresholds == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "credit_note_approval.threshold", null,
          "a map of currency to amount (empty for none)");
    }
    Map<Currency, Money> copy = new LinkedHashMap<>();
    thresholds.forEach((c, m) -> {
      if (c == null || m == null) {
        throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "credit_note_approval.threshold", m,
            "a currency and an amount");
      }
      if (!m.currency().equals(c)) {
        throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, "credit_note_approval.threshold." + c, m,
            "an amount in " + c);
      }
      if (m.isNegative()) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "credit_note_approval.threshold." + c, m,
            "an amount of 0 or more");
      }
      copy.put(c, m);
    });
    thresholds = Collections.unmodifiableMap(copy);
  }

  /**
   * A policy with one threshold.
   *
   * @param threshold the largest total issued without approval, at least 0, not null
   * @return the policy, never null
   * @throws BillingException as the constructor
   */
  public static CreditNoteApprovalPolicy above(Money threshold) {
    if (threshold == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "credit_note_approval.threshold", null,
          "an amount");
    }
    return new CreditNoteApprovalPolicy(Map.of(threshold.currency(), threshold));
  }

  /**
   * Returns the threshold of a currency.
   *
   * @param currency the currency, not null
   * @return the threshold, empty if notes in that currency need no approval
   */
  public Optional<Money> threshold(Currency currency) {
    return Optional.ofNullable(thresholds.get(currency));
  }

  /**
   * Returns whether a credit note of this total needs approval.
   *
   * @param total the note's total, not null
   * @return true if a threshold exists for its currency and the total is strictly above it
   */
  public boolean requiresApproval(Money total) {
    Money t = thresholds.get(total.currency());
    return t != null && total.compareTo(t) > 0;
  }
}

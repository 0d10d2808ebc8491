package dev.billwright.credit;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One append-only movement in a wallet ledger.
 *
 * <p>A ledger operation (a deduction, a top-up, a net-off) appends one or more entries under one
 * idempotency key; {@code index} numbers them from 0. The entry id is
 * {@code idempotencyKey + "#" + index}.
 *
 * @param walletId the wallet id, not blank
 * @param idempotencyKey the key of the operation that wrote the entry, not blank
 * @param index the position of the entry within its operation, from 0
 * @param type the movement type, not null
 * @param grantId the grant moved, or {@link DeductionCalculator#OVERDRAFT} for the overdraft
 *     (deductions and reversals only), not null
 * @param amount the signed amount, non-zero, with the sign of {@link LedgerEntryType#sign()},
 *     in the wallet currency, exact
 * @param at when the movement takes effect, not null
 * @param reference what it refers to, or null: the original request id for a reversal, the
 *     invoice id and line ({@code invoiceId#line}) for a net-off, the charge or meter code for a
 *     deduction
 * @param grant the grant definition for {@link LedgerEntryType#TOP_UP} and
 *     {@link LedgerEntryType#GRANT} entries (with {@code grant.amount() == amount}), else null
 * @param request the canonical text of what the operation that wrote the entry was asked to do
 *     (for a deduction: amount, code, time and cap mode; for a net-off: the due lines and time),
 *     the same in every entry of one batch, or null if the writer recorded none. {@link Wallet}
 *     always records it and compares it whole (never parses it) when a key is used again: the
 *     same text is a replay, another text a conflict. Not blank when present
 */
public record LedgerEntry(String walletId, String idempotencyKey, int index, LedgerEntryType type,
    String grantId, Money amount, Instant at, @Nullable String reference, CreditGrant grant, @Nullable String request) {

  /**
   * Creates and validates an entry.
   *
   * @param walletId the wallet id
   * @param idempotencyKey the idempotency key
   * @param index the index
   * @param type the type
   * @param grantId the grant id or overdraft marker
   * @param amount the signed amount
   * @param at the effective time
   * @param reference the reference or null
   * @param grant the grant for top-ups and grants, else null
   * @param request the request text or null
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} for a missing value,
   *     {@link ErrorCode#INVALID_VALUE} for a negative index, a zero amount, a sign that does
   *     not match the type, a grant that is missing, extra or inconsistent, an overdraft
   *     entry of a type other than deduction or reversal, or a blank request text
   */
  public LedgerEntry {
    CreditGrant.requireText(walletId, "entry.wallet_id");
    CreditGrant.requireText(idempotencyKey, "entry.idempotency_key");
    CreditGrant.require(type, "entry.type");
    CreditGrant.requireText(grantId, "entry.grant_id");
    CreditGrant.require(amount, "entry.amount");
    CreditGrant.require(at, "entry.at");
    if (index < 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "entry.index", index, "zero or more");
    }
    if (amount.amount().signum() != type.sign()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "entry.amount", amount,
          (type.sign() > 0 ? "a positive" : "a negative") + " amount for a " + type + " entry");
    }
    boolean adds = type == LedgerEntryType.TOP_UP || type == LedgerEntryType.GRANT;
    if (adds != (grant != null)) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "entry.grant", grant,
          adds ? "the grant definition for a " + type + " entry" : "no grant for a " + type + " entry");
    }
    if (grant != null && (!grant.id().equals(grantId) || !grant.amount().equals(amount)
        || !grant.walletId().equals(walletId))) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "entry.grant", grant.id(),
          "a grant with id " + grantId + ", amount " + amount + " and wallet " + walletId);
    }
    if (grantId.equals(DeductionCalculator.OVERDRAFT) && type != LedgerEntryType.DEDUCTION
        && type != LedgerEntryType.REVERSAL) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "entry.grant_id", grantId,
          "a grant id (only deductions and reversals move the overdraft)");
    }
    if (request != null && request.isBlank()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "entry.request", request,
          "null or the non-blank text of the operation's request");
    }
  }

  /**
   * Creates and validates an entry that records no request text ({@code request} null), as a
   * writer other than {@link Wallet} may store it. A key whose entries carry no request text is
   * checked for conflicts only against what the entries themselves hold.
   *
   * @param walletId the wallet id
   * @param idempotencyKey the idempotency key
   * @param index the index
   * @param type the type
   * @param grantId the grant id or overdraft marker
   * @param amount the signed amount
   * @param at the effective time
   * @param reference the reference or null
   * @param grant the grant for top-ups and grants, else null
   * @throws BillingException as for the canonical constructor
   */
  public LedgerEntry(String walletId, String idempotencyKey, int index, LedgerEntryType type,
      String grantId, Money amount, Instant at, @Nullable String reference, CreditGrant grant) {
    this(walletId, idempotencyKey, index, type, grantId, amount, at, reference, grant, null);
  }

  /**
   * Returns the entry id, {@code idempotencyKey#index}.
   *
   * @return the id, never null
   */
  public String entryId() {
    return idempotencyKey + "#" + index;
  }

  /**
   * Returns whether this entry moves the overdraft rather than a grant.
   *
   * @return true if {@code grantId} is {@link DeductionCalculator#OVERDRAFT}
   */
  public boolean isOverdraft() {
    return Objects.equals(grantId, DeductionCalculator.OVERDRAFT);
  }
}

package dev.billwright.credit;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The wallet service: top-ups, grants, real-time deduction, expiry, refunds, reversals and
 * net-off, recorded in the host's {@link WalletLedger}.
 *
 * <p>Stateless over the SPI. Each operation reads the wallet's entries, folds them into a
 * {@link WalletState} ({@link LedgerFold}), computes with {@link DeductionCalculator}, and writes
 * the movements with one compare-and-append under an idempotency key. If another writer got in
 * first the operation is recomputed on the new state, so concurrent deductions never overspend:
 * each one is computed against every movement before it. Repeating an operation with the same
 * key (event id, invoice id, grant id, refund id, reversal id) appends nothing and returns the
 * original result, rebuilt from the ledger.
 *
 * <p>A refused deduction (hard cap) and a deduction of zero write nothing, so repeating them is
 * evaluated afresh: after a top-up, a retried event that was refused may go through.
 *
 * <p>Thread-safe if the ledger is.
 */
public final class Wallet {
  /** The default number of compare-and-append attempts before giving up. */
  public static final int DEFAULT_MAX_ATTEMPTS = 10_000;

  private final WalletLedger ledger;
  private final DeductionCalculator calculator;
  private final int maxAttempts;

  /**
   * Creates a wallet service with the default calculator and attempt limit.
   *
   * @param ledger the ledger, not null
   * @throws NullPointerException if ledger is null
   */
  public Wallet(WalletLedger ledger) {
    this(ledger, DeductionCalculator.DEFAULT, DEFAULT_MAX_ATTEMPTS);
  }

  /**
   * Creates a wallet service.
   *
   * @param ledger the ledger, not null
   * @param calculator the calculator, not null
   * @param maxAttempts how many times to retry a compare-and-append that lost a race, at least 1
   * @throws NullPointerException if ledger or calculator is null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if maxAttempts is below 1
   */
  public Wallet(WalletLedger ledger, DeductionCalculator calculator, int maxAttempts) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.calculator = Objects.requireNonNull(calculator, "calculator");
    if (maxAttempts < 1) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "max_attempts", maxAttempts, "1 or more");
    }
    this.maxAttempts = maxAttempts;
  }

  /**
   * Returns the current state: the fold of the wallet's ledger.
   *
   * @param account the wallet settings, not null
   * @return the state, never null
   * @throws BillingException if the ledger is corrupt (see {@link LedgerFold#fold})
   */
  public WalletState state(WalletAccount account) {
    return fold(account, ledger.entries(account.walletId()));
  }

  /**
   * Records a paid top-up (a {@link GrantKind#PAID} grant) as a {@link LedgerEntryType#TOP_UP}
   * entry, idempotent by grant id.
   *
   * @param account the wallet settings, not null
   * @param grant the paid grant of this wallet and currency, not null
   * @return the state after, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the grant is not paid or
   *     is of another wallet, {@link ErrorCode#CURRENCY_MISMATCH} for another currency,
   *     {@link ErrorCode#CONFLICTING_LEDGER_ENTRY} if its id was used for a different grant
   */
  public WalletState topUp(WalletAccount account, CreditGrant grant) {
    return addGrant(account, grant, GrantKind.PAID, LedgerEntryType.TOP_UP);
  }

  /**
   * Records a free or promotional grant as a {@link LedgerEntryType#GRANT} entry, idempotent by
   * grant id.
   *
   * @param account the wallet settings, not null
   * @param grant the promotional grant of this wallet and currency, not null
   * @return the state after, never null
   * @throws BillingException as for {@link #topUp}, for a grant that is not promotional
   */
  public WalletState grant(WalletAccount account, CreditGrant grant) {
    return addGrant(account, grant, GrantKind.PROMOTIONAL, LedgerEntryType.GRANT);
  }

  private WalletState addGrant(WalletAccount account, CreditGrant grant, GrantKind kind,
      LedgerEntryType type) {
    CreditGrant.require(grant, "grant");
    if (grant.kind() != kind) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "grant.kind", grant.kind(), kind
          + " for a " + type + " entry");
    }
    String key = "grant:" + grant.id();
    LedgerEntry entry = new LedgerEntry(account.walletId(), key, 0, type, grant.id(),
        grant.amount(), grant.effectiveAt(), null, grant);
    run(account, key,
        state -> {
          state.withGrant(grant); // validates wallet, currency and id before writing
          return new Plan<Void>(List.of(entry), null);
        },
        (all, existing) -> {
          if (!existing.equals(List.of(entry))) {
            throw conflict(key);
          }
          return null;
        });
    return state(account);
  }

  /**
   * Deducts a rated cost in real time, idempotent by {@code request.requestId()}.
   *
   * @param account the wallet settings, not null
   * @param request the deduction, not null
   * @return the result; for a repeated request id, the original result (its {@code requested}
   *     and {@code uncovered} taken from the repeat), never null
   * @throws BillingException with {@link ErrorCode#CURRENCY_MISMATCH} for another currency,
   *     {@link ErrorCode#LEDGER_CONTENTION} if the retry limit is reached,
   *     {@link ErrorCode#CONFLICTING_LEDGER_ENTRY} if the request id was already used with
   *     another code or for less than was deducted
   */
  public DeductionResult deduct(WalletAccount account, DeductionRequest request) {
    CreditGrant.require(request, "request");
    String key = "deduct:" + request.requestId();
    return run(account, key,
        state -> {
          DeductionResult r = calculator.deduct(state, request);
          List<LedgerEntry> entries = new ArrayList<>();
          for (GrantAllocation a : r.allocations()) {
            entries.add(new LedgerEntry(account.walletId(), key, entries.size(),
                LedgerEntryType.DEDUCTION, a.grantId(), a.amount().negated(), request.at(),
                request.code(), null));
          }
          if (r.overdraftUsed().isPositive()) {
            entries.add(new LedgerEntry(account.walletId(), key, entries.size(),
                LedgerEntryType.DEDUCTION, DeductionCalculator.OVERDRAFT,
                r.overdraftUsed().negated(), request.at(), request.code(), null));
          }
          return new Plan<>(entries, r);
        },
        (all, existing) -> {
          Money zero = Money.zero(account.currency());
          List<GrantAllocation> allocations = new ArrayList<>();
          Money overdraft = zero;
          for (LedgerEntry e : existing) {
            if (e.isOverdraft()) {
              overdraft = overdraft.plus(e.amount().negated());
            } else {
              allocations.add(new GrantAllocation(e.grantId(), e.amount().negated()));
            }
          }
          Money deducted = Money.total(account.currency(),
              allocations.stream().map(GrantAllocation::amount).toList()).plus(overdraft);
          boolean sameCode = existing.stream()
              .allMatch(e -> Objects.equals(e.reference(), request.code()));
          if (!sameCode || deducted.compareTo(request.amount()) > 0) {
            throw conflict(key);
          }
          Money uncovered = request.amount().minus(deducted).max(zero);
          WalletState after = fold(account, all.subList(0, lastIndexOf(all, key) + 1));
          DeductionOutcome outcome = overdraft.isPositive() || uncovered.isPositive()
              ? DeductionOutcome.FLAGGED : DeductionOutcome.ALLOWED;
          return new DeductionResult(request.requestId(), deducted.plus(uncovered), allocations,
              overdraft, uncovered, outcome, after.balance(request.at()), after);
        });
  }

  /**
   * Removes the unused part of every grant expired at {@code asOf} with
   * {@link LedgerEntryType#EXPIRY} entries. Running it again changes nothing.
   *
   * @param account the wallet settings, not null
   * @param asOf the instant, not null
   * @return what expired and the state after, never null
   * @throws BillingException with {@link ErrorCode#LEDGER_CONTENTION} if the retry limit is
   *     reached
   */
  public ExpiryResult expire(WalletAccount account, Instant asOf) {
    CreditGrant.require(asOf, "as_of");
    for (int attempt = 0; attempt < maxAttempts; attempt++) {
      List<LedgerEntry> all = ledger.entries(account.walletId());
      WalletState state = fold(account, all);
      ExpiryResult r = calculator.expire(state, asOf);
      if (r.expired().isEmpty()) {
        return r;
      }
      String key = "expiry:" + asOf + ":" + all.size();
      List<LedgerEntry> entries = new ArrayList<>();
      for (GrantAllocation a : r.expired()) {
        entries.add(new LedgerEntry(account.walletId(), key, entries.size(), LedgerEntryType.EXPIRY,
            a.grantId(), a.amount().negated(), asOf, null, null));
      }
      AppendResult res = ledger.append(account.walletId(), key, all.size(), entries);
      if (res.status() == AppendResult.Status.APPENDED) {
        return r;
      }
    }
    throw contention(account);
  }

  /**
   * Refunds unused paid credit with a {@link LedgerEntryType#REFUND} entry, idempotent by
   * refund id.
   *
   * @param account the wallet settings, not null
   * @param refundId the refund id, not blank
   * @param grantId the paid grant to refund from, not null
   * @param amount the amount, positive, at most the grant's unused amount
   * @param at when the refund takes effect, not null
   * @return the state after, never null
   * @throws BillingException as for {@link DeductionCalculator#refund}, or with
   *     {@link ErrorCode#CONFLICTING_LEDGER_ENTRY} if the refund id was used for another refund
   */
  public WalletState refund(WalletAccount account, String refundId, String grantId, Money amount,
      Instant at) {
    CreditGrant.requireText(refundId, "refund_id");
    CreditGrant.require(at, "at");
    String key = "refund:" + refundId;
    LedgerEntry entry = new LedgerEntry(account.walletId(), key, 0, LedgerEntryType.REFUND,
        grantId, Objects.requireNonNull(amount, "amount").negated(), at, null, null);
    run(account, key,
        state -> {
          calculator.refund(state, grantId, amount);
          return new Plan<Void>(List.of(entry), null);
        },
        (all, existing) -> {
          if (!existing.equals(List.of(entry))) {
            throw conflict(key);
          }
          return null;
        });
    return state(account);
  }

  /**
   * Gives back part of an earlier deduction after a credit note, with
   * {@link LedgerEntryType#REVERSAL} entries, idempotent by reversal id. Several reversals of
   * one deduction may together give back at most what it took; see
   * {@link DeductionCalculator#reverse} for where the credit goes.
   *
   * @param account the wallet settings, not null
   * @param reversalId the reversal id (for example the credit note id), not blank
   * @param originalRequestId the request id of the deduction being reversed, not blank
   * @param amount the amount to give back, positive
   * @param at when the reversal takes effect, not null
   * @return the parts given back and the state after, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if there is no such
   *     deduction, {@link ErrorCode#CREDIT_EXCEEDS_REMAINING} if the amount exceeds what is left
   *     to reverse, {@link ErrorCode#CONFLICTING_LEDGER_ENTRY} if the reversal id was already
   *     used for another deduction or amount
   */
  public DeductionCalculator.Restoration reverse(WalletAccount account, String reversalId,
      String originalRequestId, Money amount, Instant at) {
    CreditGrant.requireText(reversalId, "reversal_id");
    CreditGrant.requireText(originalRequestId, "original_request_id");
    CreditGrant.require(at, "at");
    String key = "reversal:" + reversalId;
    String originalKey = "deduct:" + originalRequestId;
    return runWithEntries(account, key,
        (state, all) -> {
          List<GrantAllocation> original = new ArrayList<>();
          Money zero = Money.zero(account.currency());
          Money overdraft = zero;
          Money reversed = zero;
          for (LedgerEntry e : all) {
            if (e.idempotencyKey().equals(originalKey)) {
              if (e.isOverdraft()) {
                overdraft = overdraft.plus(e.amount().negated());
              } else {
                original.add(new GrantAllocation(e.grantId(), e.amount().negated()));
              }
            } else if (e.type() == LedgerEntryType.REVERSAL
                && originalRequestId.equals(e.reference())) {
              reversed = reversed.plus(e.amount());
            }
          }
          if (original.isEmpty() && !overdraft.isPositive()) {
            throw BillingException.invalid(ErrorCode.INVALID_VALUE, "original_request_id",
                originalRequestId, "the id of a deduction recorded in wallet " + account.walletId());
          }
          // take off what earlier reversals gave back, in the order reverse() gives back
          Money taken = reversed.min(overdraft);
          overdraft = overdraft.minus(taken);
          Money left = reversed.minus(taken);
          List<GrantAllocation> remaining = new ArrayList<>(original);
          for (int i = remaining.size() - 1; i >= 0 && left.isPositive(); i--) {
            GrantAllocation a = remaining.get(i);
            Money cut = left.min(a.amount());
            left = left.minus(cut);
            Money rest = a.amount().minus(cut);
            if (rest.isPositive()) {
              remaining.set(i, new GrantAllocation(a.grantId(), rest));
            } else {
              remaining.remove(i);
            }
          }
          DeductionCalculator.Restoration r = calculator.reverse(state, remaining, overdraft, amount);
          List<LedgerEntry> entries = new ArrayList<>();
          for (GrantAllocation a : r.restored()) {
            entries.add(new LedgerEntry(account.walletId(), key, entries.size(),
                LedgerEntryType.REVERSAL, a.grantId(), a.amount(), at, originalRequestId, null));
          }
          return new Plan<>(entries, r);
        },
        (all, existing) -> {
          List<GrantAllocation> restored = new ArrayList<>();
          Money total = Money.zero(account.currency());
          for (LedgerEntry e : existing) {
            restored.add(new GrantAllocation(e.grantId(), e.amount()));
            total = total.plus(e.amount());
            if (!originalRequestId.equals(e.reference())) {
              throw conflict(key);
            }
          }
          if (!total.equals(amount)) {
            throw conflict(key);
          }
          return new DeductionCalculator.Restoration(restored,
              fold(account, all.subList(0, lastIndexOf(all, key) + 1)));
        });
  }

  /**
   * Applies wallet credit to an invoice with {@link LedgerEntryType#NET_OFF} entries,
   * idempotent by invoice id; see {@link DeductionCalculator#netOff} for the order.
   *
   * @param account the wallet settings, not null
   * @param invoiceId the invoice id, not blank
   * @param lines the amounts due, not null
   * @param at the invoicing time, not null
   * @return credits applied and amount due; for a repeated invoice id the original result,
   *     never null
   * @throws BillingException as for {@link DeductionCalculator#netOff}, or with
   *     {@link ErrorCode#LEDGER_CONTENTION} if the retry limit is reached
   */
  public NetOffResult netOff(WalletAccount account, String invoiceId, List<DueLine> lines,
      Instant at) {
    CreditGrant.requireText(invoiceId, "invoice_id");
    CreditGrant.require(lines, "lines");
    String key = "netoff:" + invoiceId;
    return run(account, key,
        state -> {
          NetOffResult whole = calculator.netOff(state, invoiceId, lines, at);
          List<LedgerEntry> entries = new ArrayList<>();
          WalletState s = state;
          for (int i = 0; i < lines.size(); i++) {
            NetOffResult one = calculator.netOff(s, invoiceId, List.of(lines.get(i)), at);
            s = one.state();
            for (GrantAllocation a : one.allocations()) {
              entries.add(new LedgerEntry(account.walletId(), key, entries.size(),
                  LedgerEntryType.NET_OFF, a.grantId(), a.amount().negated(), at,
                  invoiceId + "#" + i, null));
            }
          }
          return new Plan<>(entries, whole);
        },
        (all, existing) -> {
          Money zero = Money.zero(account.currency());
          List<Money> perLine = new ArrayList<>();
          Money total = zero;
          for (DueLine line : lines) {
            perLine.add(zero);
            total = total.plus(line.amount());
          }
          List<GrantAllocation> allocations = new ArrayList<>();
          Money applied = zero;
          for (LedgerEntry e : existing) {
            int line = Integer.parseInt(e.reference().substring(e.reference().lastIndexOf('#') + 1));
            if (line >= perLine.size()) {
              throw conflict(key);
            }
            perLine.set(line, perLine.get(line).plus(e.amount().negated()));
            allocations.add(new GrantAllocation(e.grantId(), e.amount().negated()));
            applied = applied.plus(e.amount().negated());
          }
          return new NetOffResult(invoiceId, allocations, perLine, applied,
              total.minus(applied).max(zero),
              fold(account, all.subList(0, lastIndexOf(all, key) + 1)));
        });
  }

  // ------------------------------------------------------------------------------------------

  private record Plan<R>(List<LedgerEntry> entries, R result) {}

  private <R> R run(WalletAccount account, String key, Function<WalletState, Plan<R>> compute,
      BiFunction<List<LedgerEntry>, List<LedgerEntry>, R> replay) {
    return runWithEntries(account, key, (state, all) -> compute.apply(state), replay);
  }

  private <R> R runWithEntries(WalletAccount account, String key,
      BiFunction<WalletState, List<LedgerEntry>, Plan<R>> compute,
      BiFunction<List<LedgerEntry>, List<LedgerEntry>, R> replay) {
    CreditGrant.require(account, "account");
    for (int attempt = 0; attempt < maxAttempts; attempt++) {
      List<LedgerEntry> all = ledger.entries(account.walletId());
      List<LedgerEntry> existing = byKey(all, key);
      if (!existing.isEmpty()) {
        return replay.apply(all, existing);
      }
      Plan<R> plan = compute.apply(fold(account, all), all);
      if (plan.entries().isEmpty()) {
        return plan.result();
      }
      AppendResult res = ledger.append(account.walletId(), key, all.size(), plan.entries());
      switch (res.status()) {
        case APPENDED:
          return plan.result();
        case DUPLICATE:
          return replay.apply(ledger.entries(account.walletId()), res.entries());
        default:
          break;
      }
    }
    throw contention(account);
  }

  private static WalletState fold(WalletAccount account, List<LedgerEntry> entries) {
    CreditGrant.require(account, "account");
    return LedgerFold.fold(account.walletId(), account.currency(), account.overdraftLimit(), entries);
  }

  private static List<LedgerEntry> byKey(List<LedgerEntry> all, String key) {
    List<LedgerEntry> out = new ArrayList<>();
    for (LedgerEntry e : all) {
      if (e.idempotencyKey().equals(key)) {
        out.add(e);
      }
    }
    return out;
  }

  private static int lastIndexOf(List<LedgerEntry> all, String key) {
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).idempotencyKey().equals(key)) {
        return i;
      }
    }
    return -1;
  }

  private static BillingException conflict(String key) {
    return BillingException.invalid(ErrorCode.CONFLICTING_LEDGER_ENTRY, "idempotency_key", key,
        "a key not already used for a different movement");
  }

  private BillingException contention(WalletAccount account) {
    return new BillingException(ErrorCode.LEDGER_CONTENTION, "wallet '" + account.walletId()
        + "' changed under " + maxAttempts + " consecutive compare-and-append attempts");
  }
}

package dev.billwright.credit;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.money.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * each one is computed against every movement before it.
 *
 * <p><b>Replays and conflicts.</b> Every entry records the canonical text of the request that
 * wrote it ({@link LedgerEntry#request()}: for a deduction its amount, code, time and cap mode;
 * for a net-off its due lines and time; for a grant, refund or reversal every field). Using a key
 * (event id, invoice id, grant id, refund id, reversal id) again with the same request is a
 * replay: it appends nothing and returns the original result, rebuilt from the ledger. Using it
 * with any other request is a conflict: {@link ErrorCode#CONFLICTING_LEDGER_ENTRY}, naming the
 * key, the recorded request and the new one, and nothing is written. For entries that carry no
 * request text (written by another writer) only what the entries hold is compared, and a
 * hard-capped deduction must match what was deducted exactly.
 *
 * <p>An operation that moves nothing writes nothing, so its key stays unused and a repeat is
 * evaluated afresh: a refused deduction (hard cap), a deduction of zero or one that nothing could
 * cover (soft cap), a net-off that applied no credit. After a top-up, a retried event that was
 * refused may go through.
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
   *     is of another wallet, {@link ErrorCode#CURRENCY_MISMATCH} naming
   *     {@code grant.amount.currency} for another currency,
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
    CreditGrant.require(account, "account");
    requireWalletCurrency(account, grant.amount(), "grant.amount.currency");
    String key = "grant:" + grant.id();
    String request = grantRequest(type, grant);
    LedgerEntry entry = new LedgerEntry(account.walletId(), key, 0, type, grant.id(),
        grant.amount(), grant.effectiveAt(), null, grant, request);
    run(account, key, request,
        state -> {
          state.withGrant(grant); // validates wallet, currency and id before writing
          return new Plan<Void>(List.of(entry), null);
        },
        (all, existing) -> {
          if (!existing.equals(List.of(entry))) {
            throw conflict(key, describe(existing), request);
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
   * @return the result; for a repeated request id with the same request, the original result,
   *     never null
   * @throws BillingException with {@link ErrorCode#CURRENCY_MISMATCH} naming
   *     {@code deduction.amount.currency} for another currency than the wallet's,
   *     {@link ErrorCode#LEDGER_CONTENTION} if the retry limit is reached,
   *     {@link ErrorCode#CONFLICTING_LEDGER_ENTRY} if the request id was already used for a
   *     deduction with another amount, code, time or cap mode
   */
  public DeductionResult deduct(WalletAccount account, DeductionRequest request) {
    CreditGrant.require(request, "request");
    CreditGrant.require(account, "account");
    requireWalletCurrency(account, request.amount(), "deduction.amount.currency");
    String key = "deduct:" + request.requestId();
    String text = deductionRequest(request);
    return run(account, key, text,
        state -> {
          DeductionResult r = calculator.deduct(state, request);
          List<LedgerEntry> entries = new ArrayList<>();
          for (GrantAllocation a : r.allocations()) {
            entries.add(new LedgerEntry(account.walletId(), key, entries.size(),
                LedgerEntryType.DEDUCTION, a.grantId(), a.amount().negated(), request.at(),
                request.code(), null, text));
          }
          if (r.overdraftUsed().isPositive()) {
            entries.add(new LedgerEntry(account.walletId(), key, entries.size(),
                LedgerEntryType.DEDUCTION, DeductionCalculator.OVERDRAFT,
                r.overdraftUsed().negated(), request.at(), request.code(), null, text));
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
          // entries without request text: a hard cap never leaves anything uncovered
          int covered = deducted.compareTo(request.amount());
          if (!sameCode || covered > 0 || (covered < 0 && request.capMode() == CapMode.HARD)) {
            throw conflict(key, describe(existing), text);
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
            a.grantId(), a.amount().negated(), asOf, null, null, "expiry{as_of=" + asOf + "}"));
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
   * @throws BillingException as for {@link DeductionCalculator#refund}, with
   *     {@link ErrorCode#CURRENCY_MISMATCH} naming {@code refund.amount.currency} for another
   *     currency, or with {@link ErrorCode#CONFLICTING_LEDGER_ENTRY} if the refund id was used
   *     for another grant, amount or time
   */
  public WalletState refund(WalletAccount account, String refundId, String grantId, Money amount,
      Instant at) {
    CreditGrant.requireText(refundId, "refund_id");
    CreditGrant.require(at, "at");
    CreditGrant.require(amount, "amount");
    CreditGrant.require(account, "account");
    requireWalletCurrency(account, amount, "refund.amount.currency");
    String key = "refund:" + refundId;
    String request = "refund{grant_id=" + quote(grantId) + ", amount=" + amount + ", at=" + at + "}";
    LedgerEntry entry = new LedgerEntry(account.walletId(), key, 0, LedgerEntryType.REFUND,
        grantId, amount.negated(), at, null, null, request);
    run(account, key, request,
        state -> {
          calculator.refund(state, grantId, amount);
          return new Plan<Void>(List.of(entry), null);
        },
        (all, existing) -> {
          if (!existing.equals(List.of(entry))) {
            throw conflict(key, describe(existing), request);
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
   *     to reverse, {@link ErrorCode#CURRENCY_MISMATCH} naming {@code reversal.amount.currency}
   *     for another currency, {@link ErrorCode#CONFLICTING_LEDGER_ENTRY} if the reversal id was
   *     already used for another deduction, amount or time
   */
  public DeductionCalculator.Restoration reverse(WalletAccount account, String reversalId,
      String originalRequestId, Money amount, Instant at) {
    CreditGrant.requireText(reversalId, "reversal_id");
    CreditGrant.requireText(originalRequestId, "original_request_id");
    CreditGrant.require(at, "at");
    CreditGrant.require(amount, "amount");
    CreditGrant.require(account, "account");
    requireWalletCurrency(account, amount, "reversal.amount.currency");
    String key = "reversal:" + reversalId;
    String originalKey = "deduct:" + originalRequestId;
    String request = "reversal{original_request_id=" + quote(originalRequestId) + ", amount="
        + amount + ", at=" + at + "}";
    return runWithEntries(account, key, request,
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
                LedgerEntryType.REVERSAL, a.grantId(), a.amount(), at, originalRequestId, null,
                request));
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
              throw conflict(key, describe(existing), request);
            }
          }
          if (!total.equals(amount)) {
            throw conflict(key, describe(existing), request);
          }
          return new DeductionCalculator.Restoration(restored,
              fold(account, all.subList(0, lastIndexOf(all, key) + 1)));
        });
  }

  /**
   * Applies wallet credit to an invoice whose lines may be in another currency than the wallet's,
   * following a {@link WalletCurrency} rule (option {@code wallet_currency}).
   *
   * <p>Lines in the wallet currency, or {@link WalletCurrency#REFUSE} (the default, as Lago and
   * Stripe keep balances per currency), are {@link #netOff(WalletAccount, String, List, Instant)}:
   * a line in another currency is refused. With {@link WalletCurrency#CONVERT}, the rate from the
   * wallet currency to the lines' currency in effect at {@code at} (the invoice's issue instant) is
   * asked for, and each line is netted off in two named rounding steps:
   * <ol>
   *   <li>the wallet amount that covers the line, {@code line / rate} rounded UP to the wallet
   *       currency's minor unit (so a covered line is paid in full), is netted off in the wallet
   *       currency, by the ledger's usual order and idempotency;</li>
   *   <li>what the wallet paid is converted back once, {@code paid × rate} rounded HALF_UP in the
   *       lines' currency, and capped at the line's amount.</li>
   * </ol>
   * The applied credit states the wallet amount and the rate ({@code AppliedCredit.of(sourceId, result)}).
   *
   * @param account the wallet settings, not null
   * @param invoiceId the invoice id, not blank
   * @param lines the amounts due, all in one currency (the invoice's), not null
   * @param at the invoicing time, the instant whose rate applies, not null
   * @param rates the host's exchange rates, not null
   * @param rule refuse (default) or convert, not null
   * @return the net-off in the invoice currency, with the wallet-side result, never null
   * @throws BillingException as {@link #netOff(WalletAccount, String, List, Instant)}; with
   *     {@link ErrorCode#CURRENCY_MISMATCH} naming {@code net_off.lines[i].amount.currency} if the
   *     lines are in several currencies; or {@link ErrorCode#EXCHANGE_RATE_MISSING} naming
   *     {@code net_off.exchange_rate} if the provider has no rate at {@code at}, the wallet left
   *     unchanged
   */
  public ConvertedNetOff netOff(WalletAccount account, String invoiceId, List<DueLine> lines, Instant at,
      dev.billwright.money.ExchangeRateProvider rates, WalletCurrency rule) {
    CreditGrant.require(account, "account");
    CreditGrant.require(lines, "lines");
    CreditGrant.require(rates, "rates");
    CreditGrant.require(rule, "rule");
    java.util.Currency to = lines.isEmpty() ? account.currency() : lines.get(0).amount().currency();
    for (int i = 0; i < lines.size(); i++) {
      CreditGrant.require(lines.get(i), "net_off.lines[" + i + "]");
      if (!lines.get(i).amount().currency().equals(to)) {
        throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, "net_off.lines[" + i + "].amount.currency",
            lines.get(i).amount().currency().getCurrencyCode(), "the currency of the other lines, " + to);
      }
    }
    if (to.equals(account.currency()) || rule == WalletCurrency.REFUSE) {
      NetOffResult r = netOff(account, invoiceId, lines, at);
      return new ConvertedNetOff(r, Optional.empty(), r.appliedPerLine(), r.creditsApplied(), r.amountDue());
    }
    CreditGrant.require(at, "at");
    dev.billwright.money.ExchangeRate rate = rates.quote(account.currency(), to, at).orElseThrow(() ->
        BillingException.invalid(ErrorCode.EXCHANGE_RATE_MISSING, "net_off.exchange_rate",
            account.currency().getCurrencyCode() + "/" + to.getCurrencyCode(),
            "a rate known to the exchange-rate provider at " + at + " (wallet_currency convert)"));
    dev.billwright.money.RoundingPolicy cover = dev.billwright.money.RoundingPolicy.ofCurrency(java.math.RoundingMode.UP);
    List<DueLine> walletLines = new ArrayList<>();
    for (DueLine line : lines) {
      walletLines.add(new DueLine(line.code(), cover.round(Money.of(account.currency(),
          line.amount().amount().divide(rate.rate(), java.math.MathContext.DECIMAL128)))));
    }
    NetOffResult r = netOff(account, invoiceId, walletLines, at);
    List<Money> applied = new ArrayList<>();
    Money total = Money.zero(to);
    Money due = Money.zero(to);
    for (int i = 0; i < lines.size(); i++) {
      Money back = dev.billwright.money.RoundingPolicy.DEFAULT.round(rate.applyExact(r.appliedPerLine().get(i)))
          .min(lines.get(i).amount());
      applied.add(back);
      total = total.plus(back);
      due = due.plus(lines.get(i).amount().minus(back));
    }
    return new ConvertedNetOff(r, Optional.of(rate), applied, total, due);
  }

  /**
   * Applies wallet credit to an invoice with {@link LedgerEntryType#NET_OFF} entries,
   * idempotent by invoice id; see {@link DeductionCalculator#netOff} for the order.
   *
   * @param account the wallet settings, not null
   * @param invoiceId the invoice id, not blank
   * @param lines the amounts due, not null
   * @param at the invoicing time, not null
   * @return credits applied and amount due; for a repeated invoice id with the same lines and
   *     time, the original result, never null
   * @throws BillingException as for {@link DeductionCalculator#netOff} (a line in another
   *     currency is {@link ErrorCode#CURRENCY_MISMATCH} naming
   *     {@code net_off.lines[i].amount.currency}), with {@link ErrorCode#LEDGER_CONTENTION} if
   *     the retry limit is reached, or {@link ErrorCode#CONFLICTING_LEDGER_ENTRY} if the invoice
   *     id was already used for a net-off of other lines (codes, amounts, order) or another time
   */
  public NetOffResult netOff(WalletAccount account, String invoiceId, List<DueLine> lines,
      Instant at) {
    CreditGrant.requireText(invoiceId, "invoice_id");
    CreditGrant.require(lines, "lines");
    CreditGrant.require(at, "at");
    CreditGrant.require(account, "account");
    for (int i = 0; i < lines.size(); i++) {
      CreditGrant.require(lines.get(i), "net_off.lines[" + i + "]");
      requireWalletCurrency(account, lines.get(i).amount(),
          "net_off.lines[" + i + "].amount.currency");
    }
    String key = "netoff:" + invoiceId;
    String request = netOffRequest(lines, at);
    return run(account, key, request,
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
                  invoiceId + "#" + i, null, request));
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
              throw conflict(key, describe(existing), request);
            }
            perLine.set(line, perLine.get(line).plus(e.amount().negated()));
            allocations.add(new GrantAllocation(e.grantId(), e.amount().negated()));
            applied = applied.plus(e.amount().negated());
          }
          // entries without request text: no line can have taken more than it now asks for
          for (int i = 0; i < lines.size(); i++) {
            if (perLine.get(i).compareTo(lines.get(i).amount()) > 0) {
              throw conflict(key, describe(existing), request);
            }
          }
          return new NetOffResult(invoiceId, allocations, perLine, applied,
              total.minus(applied).max(zero),
              fold(account, all.subList(0, lastIndexOf(all, key) + 1)));
        });
  }

  // ------------------------------------------------------------------------------------------

  private record Plan<R>(List<LedgerEntry> entries, R result) {}

  private <R> R run(WalletAccount account, String key, String request,
      Function<WalletState, Plan<R>> compute,
      BiFunction<List<LedgerEntry>, List<LedgerEntry>, R> replay) {
    return runWithEntries(account, key, request, (state, all) -> compute.apply(state), replay);
  }

  private <R> R runWithEntries(WalletAccount account, String key, String request,
      BiFunction<WalletState, List<LedgerEntry>, Plan<R>> compute,
      BiFunction<List<LedgerEntry>, List<LedgerEntry>, R> replay) {
    CreditGrant.require(account, "account");
    for (int attempt = 0; attempt < maxAttempts; attempt++) {
      List<LedgerEntry> all = ledger.entries(account.walletId());
      List<LedgerEntry> existing = byKey(all, key);
      if (!existing.isEmpty()) {
        requireSameRequest(key, existing, request);
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
          requireSameRequest(key, res.entries(), request);
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

  /**
   * Same key, other request: a conflict. Entries without request text are left to the
   * operation's own comparison of what they hold.
   */
  private static void requireSameRequest(String key, List<LedgerEntry> existing, String request) {
    for (LedgerEntry e : existing) {
      if (e.request() != null && !e.request().equals(request)) {
        throw conflict(key, e.request(), request);
      }
    }
  }

  private static BillingException conflict(String key, String recorded, String request) {
    return BillingException.invalid(ErrorCode.CONFLICTING_LEDGER_ENTRY, "idempotency_key", key,
        "a key not already used for another request: it is recorded for " + recorded
            + ", this call asks for " + request + " (same key, same request is a replay;"
            + " use a new key for a new request)");
  }

  /** What a key's entries hold, for an error message. */
  private static String describe(List<LedgerEntry> existing) {
    if (!existing.isEmpty() && existing.get(0).request() != null) {
      return existing.get(0).request();
    }
    StringBuilder b = new StringBuilder("entries [");
    for (int i = 0; i < existing.size(); i++) {
      LedgerEntry e = existing.get(i);
      b.append(i == 0 ? "" : ", ").append(JsonObjectReader.jsonName(e.type())).append(' ')
          .append(e.grantId()).append(' ').append(e.amount());
      if (e.reference() != null) {
        b.append(" reference=").append(quote(e.reference()));
      }
    }
    return b.append("] with no request text").toString();
  }

  private static void requireWalletCurrency(WalletAccount account, Money amount, String field) {
    if (!amount.currency().equals(account.currency())) {
      throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, field,
          amount.currency().getCurrencyCode(), "the currency of wallet '" + account.walletId()
              + "', " + account.currency().getCurrencyCode() + " (amount " + amount + ")");
    }
  }

  // ---------------------------------------------------------------- canonical request texts

  private static String deductionRequest(DeductionRequest r) {
    return "deduction{amount=" + r.amount() + ", code=" + quote(r.code()) + ", at=" + r.at()
        + ", cap_mode=" + JsonObjectReader.jsonName(r.capMode()) + "}";
  }

  private static String netOffRequest(List<DueLine> lines, Instant at) {
    StringBuilder b = new StringBuilder("net_off{at=").append(at).append(", lines=[");
    for (int i = 0; i < lines.size(); i++) {
      b.append(i == 0 ? "" : ", ").append("{code=").append(quote(lines.get(i).code()))
          .append(", amount=").append(lines.get(i).amount()).append('}');
    }
    return b.append("]}").toString();
  }

  private static String grantRequest(LedgerEntryType type, CreditGrant g) {
    StringBuilder b = new StringBuilder(JsonObjectReader.jsonName(type)).append("{id=")
        .append(quote(g.id())).append(", kind=").append(JsonObjectReader.jsonName(g.kind()))
        .append(", amount=").append(g.amount()).append(", conversion_rate=")
        .append(g.conversionRate() == null ? "null"
            : g.conversionRate().stripTrailingZeros().toPlainString())
        .append(", priority=").append(g.priority()).append(", effective_at=")
        .append(g.effectiveAt()).append(", expires_at=").append(g.expiresAt()).append(", scope=[");
    int i = 0;
    for (String code : g.scope().codes()) {
      b.append(i++ == 0 ? "" : ", ").append(quote(code));
    }
    return b.append("]}").toString();
  }

  /** A string in double quotes with backslash escapes, or {@code null}: unambiguous. */
  private static String quote(String s) {
    if (s == null) {
      return "null";
    }
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private BillingException contention(WalletAccount account) {
    return new BillingException(ErrorCode.LEDGER_CONTENTION, "wallet '" + account.walletId()
        + "' changed under " + maxAttempts + " consecutive compare-and-append attempts");
  }
}

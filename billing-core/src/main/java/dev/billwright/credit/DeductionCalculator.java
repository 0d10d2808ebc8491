package dev.billwright.credit;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure wallet arithmetic: deduction, net-off against an invoice, expiry, refund and reversal.
 *
 * <p>Every method takes a {@link WalletState} and returns a result holding the new state; the
 * input is never changed, and bad input throws before anything is computed. Amounts stay exact
 * (Lago keeps precise amounts for wallet maths too); round the rated cost with a
 * {@link dev.billwright.money.RoundingPolicy} before deducting if your wallet should only move
 * whole minor units.
 *
 * <p><b>Order.</b> Grants are consumed in {@link CreditGrant#CONSUMPTION_ORDER}: priority (lower
 * first), then earliest expiry (no expiry last), then oldest {@code effectiveAt}, then grant id.
 * Only grants usable at the event time ({@code effectiveAt <= at < expiresAt}) and whose scope
 * covers the code are used.
 *
 * <p><b>Caps.</b> The wallet never goes below zero except into its overdraft, up to the limit.
 * Under {@link CapMode#HARD} a deduction that grants and overdraft cannot cover is refused whole;
 * under {@link CapMode#SOFT} it is allowed, drawn down to the overdraft limit, and the remainder
 * is reported as {@code uncovered}. Any use of the overdraft flags the deduction.
 *
 * <p>Stateless and thread-safe.
 */
public final class DeductionCalculator {
  /** The default calculator. */
  public static final DeductionCalculator DEFAULT = new DeductionCalculator();

  /** Creates a calculator; prefer {@link #DEFAULT}. */
  public DeductionCalculator() {}

  /**
   * Deducts a rated cost.
   *
   * @param state the wallet before, not null
   * @param request the deduction, in the wallet currency, not null
   * @return the result, with the new state, never null
   * @throws BillingException with {@link ErrorCode#CURRENCY_MISMATCH} naming
   *     {@code deduction.amount.currency} if the request currency is not the wallet's,
   *     {@link ErrorCode#REQUIRED_FIELD_MISSING} if an argument is null
   */
  public DeductionResult deduct(WalletState state, DeductionRequest request) {
    CreditGrant.require(state, "state");
    CreditGrant.require(request, "request");
    requireCurrency(state, request.amount(), "deduction.amount.currency");
    Money amount = request.amount();
    Money zero = Money.zero(state.currency());
    Money available = state.available(request.code(), request.at());
    Money shortfall = amount.minus(available).max(zero);
    Money overdraft = shortfall.min(state.overdraftHeadroom());
    Money uncovered = shortfall.minus(overdraft);
    if (uncovered.isPositive() && request.capMode() == CapMode.HARD) {
      return new DeductionResult(request.requestId(), amount, List.of(), zero, zero,
          DeductionOutcome.REFUSED, state.balance(request.at()), state);
    }
    Take take = take(state, amount.minus(shortfall), request.code(), request.at());
    WalletState next = take.state;
    if (overdraft.isPositive()) {
      next = next.withOverdraftChange(overdraft);
    }
    DeductionOutcome outcome = shortfall.isPositive() ? DeductionOutcome.FLAGGED
        : DeductionOutcome.ALLOWED;
    return new DeductionResult(request.requestId(), amount, take.allocations, overdraft, uncovered,
        outcome, next.balance(request.at()), next);
  }

  /**
   * Applies wallet credit to an invoice: each due line in the given order takes what grants
   * usable at {@code at} and covering its code hold, in consumption order, up to the line amount.
   * The overdraft is never used. Lago applies wallets after taxes and credit notes; pass the
   * amounts at that step.
   *
   * @param state the wallet before, not null
   * @param invoiceId the invoice id, not blank
   * @param lines the amounts due, in the wallet currency, not null, may be empty
   * @param at the invoicing time, not null
   * @return credits applied and amount due, with the new state, never null
   * @throws BillingException with {@link ErrorCode#CURRENCY_MISMATCH} naming
   *     {@code net_off.lines[i].amount.currency} if a line is in another currency,
   *     {@link ErrorCode#REQUIRED_FIELD_MISSING} or {@link ErrorCode#INVALID_VALUE} for a
   *     missing or blank argument
   */
  public NetOffResult netOff(WalletState state, String invoiceId, List<DueLine> lines,
      Instant at) {
    CreditGrant.require(state, "state");
    CreditGrant.requireText(invoiceId, "invoice_id");
    CreditGrant.require(lines, "lines");
    CreditGrant.require(at, "at");
    Money zero = Money.zero(state.currency());
    for (int i = 0; i < lines.size(); i++) {
      CreditGrant.require(lines.get(i), "net_off.lines[" + i + "]");
      requireCurrency(state, lines.get(i).amount(), "net_off.lines[" + i + "].amount.currency");
    }
    WalletState next = state;
    List<GrantAllocation> allocations = new ArrayList<>();
    List<Money> perLine = new ArrayList<>();
    Money applied = zero;
    Money due = zero;
    for (DueLine line : lines) {
      Money take = line.amount().min(next.available(line.code(), at));
      Take t = take(next, take, line.code(), at);
      next = t.state;
      allocations.addAll(t.allocations);
      perLine.add(take);
      applied = applied.plus(take);
      due = due.plus(line.amount().minus(take));
    }
    return new NetOffResult(invoiceId, allocations, perLine, applied, due, next);
  }

  /**
   * Removes the unused part of every grant expired at an instant ({@code expiresAt <= asOf}).
   * Used parts are untouched, so exactly the remaining amount of each expired grant goes.
   *
   * @param state the wallet before, not null
   * @param asOf the instant, not null
   * @return the removed parts and the new state, never null
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} for a null argument
   */
  public ExpiryResult expire(WalletState state, Instant asOf) {
    CreditGrant.require(state, "state");
    CreditGrant.require(asOf, "as_of");
    WalletState next = state;
    List<GrantAllocation> expired = new ArrayList<>();
    for (GrantBalance g : state.grants()) {
      if (g.grant().isExpiredAt(asOf) && g.remaining().isPositive()) {
        expired.add(new GrantAllocation(g.grant().id(), g.remaining()));
        next = next.withGrantChange(g.grant().id(), g.remaining().negated());
      }
    }
    return new ExpiryResult(expired, next);
  }

  /**
   * Refunds part or all of the unused amount of a paid grant (money returned to the customer).
   *
   * @param state the wallet before, not null
   * @param grantId the id of a {@link GrantKind#PAID} grant, not null
   * @param amount the amount to refund, positive, at most the grant's remaining amount
   * @return the new state, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the grant is unknown or
   *     promotional or the amount is not positive, {@link ErrorCode#INSUFFICIENT_BALANCE} if it
   *     exceeds the unused amount, {@link ErrorCode#CURRENCY_MISMATCH} for another currency
   */
  public WalletState refund(WalletState state, String grantId, Money amount) {
    CreditGrant.require(state, "state");
    CreditGrant.require(amount, "amount");
    GrantBalance g = state.find(grantId).orElseThrow(() -> BillingException.invalid(
        ErrorCode.INVALID_VALUE, "grant_id", grantId, "a grant of wallet " + state.walletId()));
    if (g.grant().kind() != GrantKind.PAID) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "grant_id", grantId,
          "a paid grant (promotional credit is never refunded)");
    }
    if (!amount.isPositive()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "amount", amount, "a positive amount");
    }
    if (amount.compareTo(g.remaining()) > 0) {
      throw BillingException.invalid(ErrorCode.INSUFFICIENT_BALANCE, "amount", amount,
          "at most the unused " + g.remaining() + " of grant " + grantId);
    }
    return state.withGrantChange(grantId, amount.negated());
  }

  /**
   * Reverses part of an earlier deduction (after a credit note): gives back up to
   * {@code amount}, first to the overdraft that deduction used, then to its grants in reverse
   * consumption order (the grant used last is refilled first), each up to what it gave and to
   * its granted amount. If the overdraft that deduction used has since been paid back by a
   * top-up, that part goes to the first grants with room, in consumption order. Credit given
   * back to a grant that has expired since is removed by the next {@link #expire}.
   *
   * @param state the wallet before, not null
   * @param original the allocations of the deduction being reversed, less anything already
   *     reversed, not null
   * @param originalOverdraft the overdraft part of that deduction, less anything already
   *     reversed, at least zero
   * @param amount the amount to give back, positive, at most the sum of the two above
   * @return the restored parts (grant id {@link #OVERDRAFT} for the overdraft part) and the new
   *     state, never null
   * @throws BillingException with {@link ErrorCode#CREDIT_EXCEEDS_REMAINING} if the amount is
   *     more than is left to reverse, {@link ErrorCode#INVALID_VALUE} if it is not positive or a
   *     grant is unknown
   */
  public Restoration reverse(WalletState state, List<GrantAllocation> original,
      Money originalOverdraft, Money amount) {
    CreditGrant.require(state, "state");
    CreditGrant.require(original, "original");
    CreditGrant.require(originalOverdraft, "original_overdraft");
    CreditGrant.require(amount, "amount");
    if (!amount.isPositive()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "amount", amount, "a positive amount");
    }
    Money reversible = originalOverdraft;
    for (GrantAllocation a : original) {
      reversible = reversible.plus(a.amount());
    }
    if (amount.compareTo(reversible) > 0) {
      throw BillingException.invalid(ErrorCode.CREDIT_EXCEEDS_REMAINING, "amount", amount,
          "at most the " + reversible + " not yet reversed");
    }
    List<GrantAllocation> restored = new ArrayList<>();
    Money left = amount;
    Money toOverdraft = left.min(originalOverdraft).min(state.overdrawn());
    WalletState next = state;
    if (toOverdraft.isPositive()) {
      next = next.withOverdraftChange(toOverdraft.negated());
      restored.add(new GrantAllocation(OVERDRAFT, toOverdraft));
      left = left.minus(toOverdraft);
    }
    for (int i = original.size() - 1; i >= 0 && left.isPositive(); i--) {
      GrantAllocation a = original.get(i);
      GrantBalance g = next.find(a.grantId()).orElseThrow(() -> BillingException.invalid(
          ErrorCode.INVALID_VALUE, "grant_id", a.grantId(), "a grant of wallet "
              + state.walletId()));
      Money room = g.grant().amount().minus(g.remaining());
      Money give = left.min(a.amount()).min(room);
      if (give.isPositive()) {
        next = next.withGrantChange(a.grantId(), give);
        restored.add(new GrantAllocation(a.grantId(), give));
        left = left.minus(give);
      }
    }
    if (left.isPositive()) {
      // the overdraft was paid back by a later top-up: credit what is left to the first grant
      // that has room, in consumption order, so nothing reversed is lost
      for (GrantBalance g : next.grants()) {
        Money room = g.grant().amount().minus(g.remaining());
        Money give = left.min(room);
        if (give.isPositive()) {
          next = next.withGrantChange(g.grant().id(), give);
          restored.add(new GrantAllocation(g.grant().id(), give));
          left = left.minus(give);
        }
      }
    }
    if (left.isPositive()) {
      throw BillingException.invalid(ErrorCode.CREDIT_EXCEEDS_REMAINING, "amount", amount,
          "an amount the wallet's grants have room to take back");
    }
    return new Restoration(restored, next);
  }

  /** The pseudo grant id that stands for the overdraft in allocations and ledger entries. */
  public static final String OVERDRAFT = "$overdraft";

  /**
   * Credit given back by a reversal.
   *
   * @param restored the parts given back, per grant id or {@link #OVERDRAFT}, in order
   * @param state the wallet state after, not null
   */
  public record Restoration(List<GrantAllocation> restored, WalletState state) {
    /**
     * Creates a restoration, copying the list.
     *
     * @param restored the parts given back
     * @param state the state after
     * @throws NullPointerException if restored is null
     */
    public Restoration {
      restored = List.copyOf(restored);
    }
  }

  private static final class Take {
    final WalletState state;
    final List<GrantAllocation> allocations;

    Take(WalletState state, List<GrantAllocation> allocations) {
      this.state = state;
      this.allocations = allocations;
    }
  }

  private static void requireCurrency(WalletState state, Money amount, String field) {
    if (!amount.currency().equals(state.currency())) {
      throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, field,
          amount.currency().getCurrencyCode(), "the currency of wallet '" + state.walletId()
              + "', " + state.currency().getCurrencyCode() + " (amount " + amount + ")");
    }
  }

    /** Takes exactly {@code amount} (which must be available) from grants in consumption order. */
  private static Take take(WalletState state, Money amount, String code, Instant at) {
    List<GrantAllocation> allocations = new ArrayList<>();
    Money left = amount;
    WalletState next = state;
    for (GrantBalance g : state.grants()) {
      if (!left.isPositive()) {
        break;
      }
      if (!g.grant().isActiveAt(at) || !g.grant().scope().covers(code) || !g.remaining().isPositive()) {
        continue;
      }
      Money part = left.min(g.remaining());
      allocations.add(new GrantAllocation(g.grant().id(), part));
      next = next.withGrantChange(g.grant().id(), part.negated());
      left = left.minus(part);
    }
    return new Take(next, allocations);
  }
}

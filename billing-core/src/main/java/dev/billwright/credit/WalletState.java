package dev.billwright.credit;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Currency;
import org.jspecify.annotations.Nullable;

/**
 * The immutable state of one wallet: its grants with their remaining amounts, its overdraft
 * limit and how much of the overdraft is in use.
 *
 * <p>Two balances are offered. The {@link #ledgerBalance() ledger balance} is
 * {@code Σ remaining − overdrawn} over all grants, and equals the sum of the signed amounts of
 * the wallet's ledger entries (see {@link LedgerFold}). The {@link #balance(Instant) balance at an
 * instant} counts only grants usable then (effective and not expired) and is what a customer may
 * spend.
 *
 * @param walletId the wallet id, not blank
 * @param currency the wallet currency; every grant and amount is in it, not null
 * @param overdraftLimit how far below zero deductions may take the wallet, at least zero
 * @param grants the grants with their remaining amounts, kept in
 *     {@link CreditGrant#CONSUMPTION_ORDER}, ids unique, not null
 * @param overdrawn how much of the overdraft is in use, from zero (it may exceed a limit that was
 *     lowered later)
 */
public record WalletState(String walletId, Currency currency, Money overdraftLimit,
    List<GrantBalance> grants, Money overdrawn) {

  private static final Comparator<GrantBalance> ORDER =
      Comparator.comparing(GrantBalance::grant, CreditGrant.CONSUMPTION_ORDER);

  /**
   * Creates and validates a state; grants are copied and sorted into consumption order.
   *
   * @param walletId the wallet id
   * @param currency the currency
   * @param overdraftLimit the overdraft limit
   * @param grants the grants
   * @param overdrawn the overdraft in use
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} for a missing value,
   *     {@link ErrorCode#INVALID_VALUE} for a negative limit or overdraft, a duplicate grant id
   *     or a grant of another wallet, {@link ErrorCode#CURRENCY_MISMATCH} for a grant in another
   *     currency
   */
  public WalletState {
    CreditGrant.requireText(walletId, "wallet_id");
    CreditGrant.require(currency, "currency");
    CreditGrant.require(overdraftLimit, "overdraft_limit");
    CreditGrant.require(grants, "grants");
    CreditGrant.require(overdrawn, "overdrawn");
    Money zero = Money.zero(currency);
    if (overdraftLimit.compareTo(zero) < 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "overdraft_limit", overdraftLimit,
          "zero or more");
    }
    if (overdrawn.compareTo(zero) < 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "overdrawn", overdrawn, "zero or more");
    }
    List<GrantBalance> copy = new ArrayList<>(grants);
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (GrantBalance g : copy) {
      CreditGrant.require(g, "grants[]");
      if (!ids.add(g.grant().id())) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "grants[].id", g.grant().id(),
            "unique grant ids within a wallet");
      }
      if (!g.grant().walletId().equals(walletId)) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "grants[" + g.grant().id()
            + "].wallet_id", g.grant().walletId(), "wallet " + walletId);
      }
      g.remaining().compareTo(zero); // throws CURRENCY_MISMATCH for a grant in another currency
    }
    copy.sort(ORDER);
    grants = List.copyOf(copy);
  }

  /**
   * Returns an empty wallet.
   *
   * @param walletId the wallet id, not blank
   * @param currency the currency, not null
   * @param overdraftLimit the overdraft limit, at least zero, in the currency
   * @return the state, never null
   * @throws BillingException as for the canonical constructor
   */
  public static WalletState empty(String walletId, Currency currency, Money overdraftLimit) {
    return new WalletState(walletId, currency, overdraftLimit, List.of(), Money.zero(currency));
  }

  /**
   * Returns {@code Σ remaining − overdrawn} over all grants, usable or not: the fold of the
   * ledger.
   *
   * @return the ledger balance, may be negative, never null
   */
  public Money ledgerBalance() {
    Money sum = Money.zero(currency);
    for (GrantBalance g : grants) {
      sum = sum.plus(g.remaining());
    }
    return sum.minus(overdrawn);
  }

  /**
   * Returns the spendable balance at an instant: remaining amounts of the grants usable then,
   * minus the overdraft in use.
   *
   * @param at the instant, not null
   * @return the balance, may be negative down to minus the overdraft limit, never null
   */
  public Money balance(Instant at) {
    Money sum = Money.zero(currency);
    for (GrantBalance g : grants) {
      if (g.grant().isActiveAt(at)) {
        sum = sum.plus(g.remaining());
      }
    }
    return sum.minus(overdrawn);
  }

  /**
   * Returns what grants usable at an instant hold for a charge or meter code (overdraft not
   * included).
   *
   * @param code the charge or meter code, or null for an amount without a code (only unscoped
   *     grants count)
   * @param at the instant, not null
   * @return the available amount, at least zero, never null
   */
  public Money available(@Nullable String code, Instant at) {
    Money sum = Money.zero(currency);
    for (GrantBalance g : grants) {
      if (g.grant().isActiveAt(at) && g.grant().scope().covers(code)) {
        sum = sum.plus(g.remaining());
      }
    }
    return sum;
  }

  /**
   * Returns the unused overdraft: {@code max(0, overdraftLimit − overdrawn)}.
   *
   * @return the headroom, at least zero, never null
   */
  public Money overdraftHeadroom() {
    return overdraftLimit.minus(overdrawn).max(Money.zero(currency));
  }

  /**
   * Finds a grant by id.
   *
   * @param grantId the grant id, may be null
   * @return the grant balance, or empty if there is none with that id
   */
  public Optional<GrantBalance> find(@Nullable String grantId) {
    return grants.stream().filter(g -> g.grant().id().equals(grantId)).findFirst();
  }

  /**
   * Returns the last paid top-up (latest effectiveAt, then highest id), used by the
   * percent-of-last-top-up balance alert.
   *
   * @return the amount of the last paid grant, or empty if none
   */
  public Optional<Money> lastTopUp() {
    return grants.stream().map(GrantBalance::grant).filter(g -> g.kind() == GrantKind.PAID)
        .max(Comparator.comparing(CreditGrant::effectiveAt).thenComparing(CreditGrant::id))
        .map(CreditGrant::amount);
  }

  /**
   * Returns this state with a new grant added. An unscoped new grant first pays back the
   * overdraft in use (the ledger keeps both movements; only the remaining amounts change).
   *
   * @param grant the grant, of this wallet and currency, with a new id
   * @return the new state, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the id is already used or
   *     the grant belongs to another wallet, {@link ErrorCode#CURRENCY_MISMATCH} for another
   *     currency
   */
  public WalletState withGrant(CreditGrant grant) {
    Money settle = grant.scope().isAny() ? grant.amount().min(overdrawn) : Money.zero(currency);
    List<GrantBalance> next = new ArrayList<>(grants);
    next.add(new GrantBalance(grant, grant.amount().minus(settle)));
    return new WalletState(walletId, currency, overdraftLimit, next, overdrawn.minus(settle));
  }

  /**
   * Returns this state with a grant's remaining amount changed.
   *
   * @param grantId the id of an existing grant
   * @param delta the signed change, in the wallet currency
   * @return the new state, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if there is no such grant or
   *     the remaining amount would leave {@code [0, amount]}
   */
  public WalletState withGrantChange(String grantId, Money delta) {
    List<GrantBalance> next = new ArrayList<>(grants.size());
    boolean found = false;
    for (GrantBalance g : grants) {
      if (g.grant().id().equals(grantId)) {
        next.add(new GrantBalance(g.grant(), g.remaining().plus(delta)));
        found = true;
      } else {
        next.add(g);
      }
    }
    if (!found) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "grant_id", grantId,
          "a grant of wallet " + walletId);
    }
    return new WalletState(walletId, currency, overdraftLimit, next, overdrawn);
  }

  /**
   * Returns this state with the overdraft in use changed.
   *
   * @param delta the signed change to {@link #overdrawn()}, in the wallet currency
   * @return the new state, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the overdraft in use would
   *     become negative
   */
  public WalletState withOverdraftChange(Money delta) {
    return new WalletState(walletId, currency, overdraftLimit, grants, overdrawn.plus(delta));
  }

  /**
   * Returns this state with another overdraft limit.
   *
   * @param limit the new limit, at least zero, in the wallet currency
   * @return the new state, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if negative
   */
  public WalletState withOverdraftLimit(Money limit) {
    return new WalletState(walletId, currency, limit, grants, overdrawn);
  }
}

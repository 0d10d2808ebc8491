package dev.billwright.credit;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Decimals;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * A credit grant in a wallet: a paid top-up or a free/promotional grant.
 *
 * <p>The grant is usable in the half-open interval {@code [effectiveAt, expiresAt)}: at
 * {@code expiresAt} itself it is already expired. Grants are consumed in the
 * {@link #CONSUMPTION_ORDER}: lower {@code priority} number first (Lago: priority 1 is applied
 * first; OpenMeter: "lower priority number → earlier expiry → earlier creation"), then earliest
 * expiry (no expiry last), then earliest {@code effectiveAt}, then grant id, so the order is
 * total and deterministic.
 *
 * @param id the grant id, unique within the wallet, not blank
 * @param walletId the wallet (usually the customer id) the grant belongs to, not blank
 * @param kind paid or promotional, not null
 * @param amount the granted value in the wallet currency, positive, exact (not rounded)
 * @param conversionRate credits per one currency unit (for display: 10 means one rupee buys
 *     ten credits), positive, or null when the wallet counts money directly; Lago's
 *     {@code rate_amount} is the inverse (value of one credit)
 * @param priority consumption priority, lower first; any int, usually 1 to 50 as in Lago
 * @param effectiveAt when the grant becomes usable, not null
 * @param expiresAt when the grant stops being usable (exclusive), after effectiveAt, or null for
 *     never
 * @param scope which charges or meters it may pay for, not null
 */
public record CreditGrant(String id, String walletId, GrantKind kind, Money amount,
    BigDecimal conversionRate, int priority, Instant effectiveAt, Instant expiresAt,
    GrantScope scope) {

  /**
   * The documented consumption order: priority ascending, then expiry ascending with no expiry
   * last, then effectiveAt ascending, then id ascending.
   */
  public static final Comparator<CreditGrant> CONSUMPTION_ORDER =
      Comparator.comparingInt(CreditGrant::priority)
          .thenComparing(CreditGrant::expiresAt, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(CreditGrant::effectiveAt)
          .thenComparing(CreditGrant::id);

  /**
   * Creates and validates a grant.
   *
   * @param id the grant id
   * @param walletId the wallet id
   * @param kind the kind
   * @param amount the positive amount
   * @param conversionRate the positive conversion rate or null
   * @param priority the priority
   * @param effectiveAt the start of validity
   * @param expiresAt the exclusive end of validity or null
   * @param scope the scope
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} for a missing value,
   *     {@link ErrorCode#INVALID_VALUE} for a non-positive amount or rate, a blank id, or an
   *     expiry not after the effective time, {@link ErrorCode#DECIMAL_OUT_OF_BOUNDS} for an
   *     unbounded rate
   */
  public CreditGrant {
    requireText(id, "grant.id");
    requireText(walletId, "grant.wallet_id");
    require(kind, "grant.kind");
    require(amount, "grant.amount");
    require(effectiveAt, "grant.effective_at");
    require(scope, "grant.scope");
    if (!amount.isPositive()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "grant.amount", amount,
          "a positive amount");
    }
    if (conversionRate != null) {
      Decimals.checkBounds(conversionRate, "grant.conversion_rate");
      if (conversionRate.signum() <= 0) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "grant.conversion_rate",
            conversionRate, "a positive number of credits per currency unit");
      }
    }
    if (expiresAt != null && !expiresAt.isAfter(effectiveAt)) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "grant.expires_at", expiresAt,
          "an instant after effective_at " + effectiveAt);
    }
  }

  /**
   * Creates an unscoped paid top-up that never expires, with priority 50 (Lago's lowest
   * precedence), so promotional grants with a lower number are used first.
   *
   * @param id the grant id, not blank
   * @param walletId the wallet id, not blank
   * @param amount the positive amount
   * @param effectiveAt when it becomes usable, not null
   * @return the grant, never null
   * @throws BillingException as for the canonical constructor
   */
  public static CreditGrant paid(String id, String walletId, Money amount, Instant effectiveAt) {
    return new CreditGrant(id, walletId, GrantKind.PAID, amount, null, 50, effectiveAt, null,
        GrantScope.ANY);
  }

  /**
   * Returns whether the grant is usable at an instant: {@code effectiveAt <= at < expiresAt}.
   *
   * @param at the instant, not null
   * @return true if usable
   */
  public boolean isActiveAt(Instant at) {
    return !at.isBefore(effectiveAt) && !isExpiredAt(at);
  }

  /**
   * Returns whether the grant has expired at an instant: {@code expiresAt <= at}.
   *
   * @param at the instant, not null
   * @return true if expired; never true for a grant without expiry
   */
  public boolean isExpiredAt(Instant at) {
    return expiresAt != null && !at.isBefore(expiresAt);
  }

  /**
   * Returns the expiry as an optional.
   *
   * @return the exclusive expiry instant, or empty if the grant never expires
   */
  public Optional<Instant> expiry() {
    return Optional.ofNullable(expiresAt);
  }

  /**
   * Converts an amount of this grant's money into credits using the conversion rate (exact).
   *
   * @param value an amount in the grant's currency, not null
   * @return the exact number of credits, or the plain amount when there is no conversion rate
   */
  public BigDecimal toCredits(Money value) {
    return conversionRate == null ? value.amount() : value.amount().multiply(conversionRate);
  }

  static void require(Object value, String field) {
    if (value == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "field '" + field + "' is required");
    }
  }

  static void requireText(String value, String field) {
    require(value, field);
    if (value.isBlank()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, field, value, "a non-blank id");
    }
  }

  /**
   * Creates an unscoped promotional grant that never expires, with priority 1, so it is used
   * before paid top-ups (priority 50, {@link #paid}). Narrow it with {@link #withScope},
   * {@link #expiringAt} and {@link #withPriority} instead of the nine-argument constructor.
   *
   * @param id the grant id, not blank
   * @param walletId the wallet id, not blank
   * @param amount the positive amount
   * @param effectiveAt when it becomes usable, not null
   * @return the grant, never null
   * @throws BillingException as for the canonical constructor
   */
  public static CreditGrant promotional(String id, String walletId, Money amount, Instant effectiveAt) {
    return new CreditGrant(id, walletId, GrantKind.PROMOTIONAL, amount, null, 1, effectiveAt, null, GrantScope.ANY);
  }

  /**
   * Returns a copy that may pay only some charges or meters.
   *
   * @param newScope the scope, not null
   * @return the copy
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if the scope is null
   */
  public CreditGrant withScope(GrantScope newScope) {
    return new CreditGrant(id, walletId, kind, amount, conversionRate, priority, effectiveAt, expiresAt, newScope);
  }

  /**
   * Returns a copy that stops being usable at an instant (exclusive).
   *
   * @param at the expiry, after {@link #effectiveAt()}, not null
   * @return the copy
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if not after the effective time
   */
  public CreditGrant expiringAt(Instant at) {
    require(at, "grant.expires_at");
    return new CreditGrant(id, walletId, kind, amount, conversionRate, priority, effectiveAt, at, scope);
  }

  /**
   * Returns a copy with another consumption priority (lower is used first).
   *
   * @param newPriority the priority, any int
   * @return the copy
   */
  public CreditGrant withPriority(int newPriority) {
    return new CreditGrant(id, walletId, kind, amount, conversionRate, newPriority, effectiveAt, expiresAt, scope);
  }

  /**
   * Returns a copy shown in credits: {@code rate} credits per one currency unit.
   *
   * @param rate the positive rate, within {@link Decimals} bounds, not null
   * @return the copy
   * @throws BillingException as for the canonical constructor, or
   *     {@link ErrorCode#REQUIRED_FIELD_MISSING} if the rate is null
   */
  public CreditGrant withConversionRate(BigDecimal rate) {
    require(rate, "grant.conversion_rate");
    return new CreditGrant(id, walletId, kind, amount, rate, priority, effectiveAt, expiresAt, scope);
  }
}

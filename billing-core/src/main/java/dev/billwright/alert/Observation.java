package dev.billwright.alert;

import dev.billwright.error.BillingException;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a customer's account looks like after a change, as seen by alert rules. Every field but
 * {@code at} may be absent (null or missing map key); a rule whose input is absent leaves its
 * state unchanged.
 *
 * @param at when the observation was made, not null
 * @param balance the spendable wallet balance, or null
 * @param lastTopUp the amount of the last paid top-up, or null
 * @param usage the quantity used so far in the period per meter code, not null
 * @param allowances the included quantity per meter code, not null
 * @param spendInPeriod the rated spend so far in the current period, or null
 * @param projectedDepletion when the balance is projected to reach zero (see
 *     {@link DepletionProjection}), or null if it is not being depleted
 */
public record Observation(Instant at, @Nullable Money balance, @Nullable Money lastTopUp, Map<String, BigDecimal> usage,
    Map<String, BigDecimal> allowances, @Nullable Money spendInPeriod, @Nullable Instant projectedDepletion) {
  /**
   * Creates an observation, copying the maps.
   *
   * @param at the time
   * @param balance the balance or null
   * @param lastTopUp the last top-up or null
   * @param usage the usage per meter
   * @param allowances the allowance per meter
   * @param spendInPeriod the spend or null
   * @param projectedDepletion the projected depletion or null
   * @throws BillingException with {@link dev.billwright.error.ErrorCode#REQUIRED_FIELD_MISSING}
   *     if at or a map is null
   * @throws NullPointerException if a map holds a null key or value
   */
  public Observation {
    if (at == null || usage == null || allowances == null) {
      throw new BillingException(dev.billwright.error.ErrorCode.REQUIRED_FIELD_MISSING,
          "fields 'at', 'usage' and 'allowances' are required");
    }
    usage = Map.copyOf(usage);
    allowances = Map.copyOf(allowances);
  }

  /**
   * Returns an observation with only a time.
   *
   * @param at the time, not null
   * @return the observation, never null
   * @throws BillingException if at is null
   */
  public static Observation at(Instant at) {
    return new Observation(at, null, null, Map.of(), Map.of(), null, null);
  }

  /**
   * Returns a copy with a wallet balance and last top-up.
   *
   * @param newBalance the balance, may be null
   * @param newLastTopUp the last top-up, may be null
   * @return the copy, never null
   */
  public Observation withBalance(@Nullable Money newBalance, @Nullable Money newLastTopUp) {
    return new Observation(at, newBalance, newLastTopUp, usage, allowances, spendInPeriod,
        projectedDepletion);
  }

  /**
   * Returns a copy with the balance usable at this observation's time and the last paid top-up
   * of a wallet.
   *
   * @param wallet the wallet state, not null
   * @return the copy, never null
   */
  public Observation withWallet(dev.billwright.credit.WalletState wallet) {
    return withBalance(wallet.balance(at), wallet.lastTopUp().orElse(null));
  }

  /**
   * Returns a copy with usage of one meter and, optionally, its allowance.
   *
   * @param meterCode the meter code, not null
   * @param used the quantity used, not null
   * @param allowance the allowance, or null to leave it absent
   * @return the copy, never null
   */
  public Observation withUsage(String meterCode, BigDecimal used, @Nullable BigDecimal allowance) {
    Map<String, BigDecimal> u = new java.util.HashMap<>(usage);
    u.put(meterCode, used);
    Map<String, BigDecimal> a = new java.util.HashMap<>(allowances);
    if (allowance != null) {
      a.put(meterCode, allowance);
    }
    return new Observation(at, balance, lastTopUp, u, a, spendInPeriod, projectedDepletion);
  }

  /**
   * Returns a copy with the spend in period.
   *
   * @param spend the spend, may be null
   * @return the copy, never null
   */
  public Observation withSpend(@Nullable Money spend) {
    return new Observation(at, balance, lastTopUp, usage, allowances, spend, projectedDepletion);
  }

  /**
   * Returns a copy with a projected depletion instant.
   *
   * @param depletion the projected instant, may be null
   * @return the copy, never null
   */
  public Observation withProjectedDepletion(@Nullable Instant depletion) {
    return new Observation(at, balance, lastTopUp, usage, allowances, spendInPeriod, depletion);
  }
}

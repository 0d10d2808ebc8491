package dev.billwright.alert;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Projects when a wallet runs out from its recent burn rate.
 *
 * <p>Formula: with {@code S} the amount deducted during the trailing window of {@code W}
 * seconds ending at {@code at}, the burn rate is {@code S / W} per second and the balance
 * {@code B} lasts {@code B × W / S} seconds, computed in BigDecimal and rounded down to whole
 * seconds (so the projection never comes later than the exact one). Depletion is
 * {@code at + floor(B × W / S)} seconds. A balance of zero or less is depleted at {@code at};
 * with no burn ({@code S = 0}) there is no projection.
 */
public final class DepletionProjection {
  private DepletionProjection() {}

  /**
   * Projects the depletion instant.
   *
   * @param balance the spendable balance now, not null
   * @param spentInWindow the amount deducted in the window, zero or more, same currency
   * @param window the length of the trailing window, positive, whole seconds count
   * @param at the end of the window (now), not null
   * @return the projected instant, or empty if nothing is being spent
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} for a negative spend or a
   *     window shorter than one second, {@link ErrorCode#CURRENCY_MISMATCH} for different
   *     currencies, {@link ErrorCode#REQUIRED_FIELD_MISSING} for a null argument
   */
  public static Optional<Instant> project(Money balance, Money spentInWindow, Duration window,
      Instant at) {
    if (balance == null || spentInWindow == null || window == null || at == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING,
          "fields 'balance', 'spent_in_window', 'window' and 'at' are required");
    }
    if (spentInWindow.isNegative()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "spent_in_window", spentInWindow,
          "zero or more");
    }
    if (window.getSeconds() < 1) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "window", window, "at least one second");
    }
    balance.compareTo(spentInWindow);
    if (!balance.isPositive()) {
      return Optional.of(at);
    }
    if (spentInWindow.isZero()) {
      return Optional.empty();
    }
    BigDecimal seconds = balance.amount().multiply(BigDecimal.valueOf(window.getSeconds()))
        .divide(spentInWindow.amount(), 0, RoundingMode.FLOOR);
    BigDecimal max = BigDecimal.valueOf(Instant.MAX.getEpochSecond() - at.getEpochSecond());
    if (seconds.compareTo(max) > 0) {
      return Optional.of(Instant.MAX);
    }
    return Optional.of(at.plusSeconds(seconds.longValueExact()));
  }
}

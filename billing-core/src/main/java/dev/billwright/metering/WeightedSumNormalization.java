package dev.billwright.metering;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Decimals;
import java.math.BigDecimal;
import java.math.MathContext;
import org.jspecify.annotations.Nullable;

/**
 * How a {@code weighted_sum} meter turns its time integral (value-seconds) into the billed
 * quantity (plan format 1.1, meter {@code normalize}): {@code "period"} divides by the length of
 * the period (or window) in seconds, giving the time-weighted average level, as Lago's weighted
 * sum does (storage of 100 GB held for half of a 30-day month bills 50 GB-months); {@code
 * {"divide_by": "3600"}} divides by a constant (value-hours). Without it the quantity stays in
 * value-seconds (plan format version 1).
 *
 * @param perPeriod true to divide by the period's own length in seconds
 * @param divideBy the constant divisor, greater than zero, or null with {@code perPeriod}
 */
public record WeightedSumNormalization(boolean perPeriod, @Nullable BigDecimal divideBy) {
  /** Divide by the period's own length. */
  public static final WeightedSumNormalization PERIOD = new WeightedSumNormalization(true, null);

  /**
   * Validates: exactly one of the two forms.
   *
   * @param perPeriod whether to divide by the period length
   * @param divideBy the divisor, or null
   * @throws BillingException with {@link ErrorCode#INVALID_DEFINITION} if both or neither are
   *     given, or the divisor is not greater than zero or out of bounds
   */
  public WeightedSumNormalization {
    if (perPeriod == (divideBy != null)) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "normalize", divideBy,
          "either \"period\" or {\"divide_by\": \"...\"}");
    }
    if (divideBy != null) {
      Decimals.checkBounds(divideBy, "normalize.divide_by");
      if (divideBy.signum() <= 0) {
        throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "normalize.divide_by",
            divideBy.toPlainString(), "greater than zero");
      }
      divideBy = Decimals.canonical(divideBy, 0);
    }
  }

  /**
   * Returns a normalization dividing by a constant.
   *
   * @param divisor the divisor, greater than zero
   * @return the normalization
   * @throws BillingException if the divisor is invalid
   */
  public static WeightedSumNormalization divideBy(BigDecimal divisor) {
    return new WeightedSumNormalization(false, java.util.Objects.requireNonNull(divisor, "divisor"));
  }

  /**
   * Applies the normalization to a time integral: exact when the quotient terminates, else 34
   * significant digits ({@link MathContext#DECIMAL128}), as avg does.
   *
   * @param valueSeconds the integral in value-seconds
   * @param periodSeconds the length of the period the integral covers, greater than zero
   * @return the normalized quantity, trailing zeros removed
   */
  BigDecimal apply(BigDecimal valueSeconds, BigDecimal periodSeconds) {
    BigDecimal d = perPeriod ? periodSeconds : divideBy;
    try {
      return Decimals.canonical(valueSeconds.divide(d), 0);
    } catch (ArithmeticException nonTerminating) {
      return Decimals.canonical(valueSeconds.divide(d, MathContext.DECIMAL128), 0);
    }
  }
}

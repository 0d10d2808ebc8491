package dev.billwright.money;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Guard rails for the decimals Billwright computes with: amounts, quantities, rates and bounds.
 *
 * <p>{@link BigDecimal} can represent values such as {@code 1e999999999} whose arithmetic would
 * exhaust memory or time. Every decimal that enters the library through a public factory or a
 * parser is checked here: at most {@value #MAX_INTEGER_DIGITS} digits before the decimal point
 * and at most {@value #MAX_SCALE} digits after it. Values are never rounded here.
 */
public final class Decimals {
  /** The largest number of integer digits accepted (values below 10^30 in magnitude). */
  public static final int MAX_INTEGER_DIGITS = 30;
  /** The largest number of fractional digits accepted. */
  public static final int MAX_SCALE = 64;

  private static final Pattern PLAIN_DECIMAL = Pattern.compile("[+-]?\\d+(\\.\\d+)?");

  private Decimals() {}

  /**
   * Checks that a decimal is within the bounds above and returns it unchanged.
   *
   * @param value the value to check, not null
   * @param field the field name used in the error message, such as {@code unit_price}
   * @return {@code value}
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if value is null, or
   *     {@link ErrorCode#DECIMAL_OUT_OF_BOUNDS} if it has more than 30 integer digits or more than
   *     64 fractional digits (after removing trailing zeros)
   */
  public static BigDecimal checkBounds(BigDecimal value, String field) {
    if (value == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "field '" + field + "' is required");
    }
    if (value.signum() == 0) {
      return value;
    }
    // precision - scale = number of integer digits (may be negative for 0.00x values)
    long integerDigits = (long) value.precision() - value.scale();
    if (integerDigits > MAX_INTEGER_DIGITS) {
      throw BillingException.invalid(
          ErrorCode.DECIMAL_OUT_OF_BOUNDS, field, abbreviate(value),
          "at most " + MAX_INTEGER_DIGITS + " integer digits");
    }
    if (value.scale() > MAX_SCALE) {
      BigDecimal stripped = value.stripTrailingZeros();
      if (stripped.scale() > MAX_SCALE) {
        throw BillingException.invalid(
            ErrorCode.DECIMAL_OUT_OF_BOUNDS, field, abbreviate(value),
            "at most " + MAX_SCALE + " decimal places");
      }
    }
    return value;
  }

  /**
   * Parses a plain decimal string such as {@code "1180.00"} or {@code "-0.5"} (no exponent, no
   * grouping) and checks its bounds.
   *
   * @param text the text, not null
   * @param field the field name used in error messages
   * @return the decimal, exactly as written (scale preserved)
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the text is not a plain
   *     decimal, or {@link ErrorCode#DECIMAL_OUT_OF_BOUNDS} as for {@link #checkBounds}
   */
  public static BigDecimal parse(String text, String field) {
    if (text == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "field '" + field + "' is required");
    }
    String trimmed = text.trim();
    if (trimmed.length() > MAX_INTEGER_DIGITS + MAX_SCALE + 2 || !PLAIN_DECIMAL.matcher(trimmed).matches()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, field, abbreviate(text),
          "a plain decimal such as \"12.50\" (no exponent, at most "
              + MAX_INTEGER_DIGITS + " integer and " + MAX_SCALE + " decimal digits)");
    }
    return checkBounds(new BigDecimal(trimmed), field);
  }

  /**
   * Returns the canonical form of a decimal for equality: trailing zeros removed and a scale of
   * at least {@code minScale} (zero becomes {@code 0} at {@code minScale}). Exact: never rounds.
   *
   * @param value the value, not null
   * @param minScale the smallest scale of the result, at least 0
   * @return the canonical decimal, numerically equal to {@code value}
   */
  public static BigDecimal canonical(BigDecimal value, int minScale) {
    int scale = value.scale();
    if (scale <= minScale) {
      // Stripping could only lower the scale, and the result is widened back to minScale: the
      // value at minScale is the answer (itself when already there), without the strip.
      return scale == minScale ? value : value.setScale(minScale, java.math.RoundingMode.UNNECESSARY);
    }
    BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    if (stripped.scale() < minScale) {
      // Widening the scale is exact; the rounding mode can never be used.
      return stripped.setScale(minScale, java.math.RoundingMode.UNNECESSARY);
    }
    return stripped;
  }

  private static String abbreviate(Object value) {
    String s = String.valueOf(value);
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}

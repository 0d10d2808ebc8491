package dev.billwright.pricing;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Decimals;
import java.math.BigDecimal;

/** Validation shared by the price records; every decimal is stored in canonical form. */
final class PriceChecks {
  /** The most decimal places a unit price, rate or fee may carry (plan format, version 1). */
  static final int MAX_PRICE_DECIMALS = 12;

  private PriceChecks() {}

  /** A price, rate or fee: present, bounded, zero or more, at most 12 decimals. */
  static BigDecimal price(BigDecimal value, String field) {
    BigDecimal v = nonNegative(value, field);
    if (v.scale() > MAX_PRICE_DECIMALS) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, field, value.toPlainString(),
          "at most " + MAX_PRICE_DECIMALS + " decimal places");
    }
    return v;
  }

  /** Like {@link #price} but null stays null. */
  static BigDecimal optionalPrice(BigDecimal value, String field) {
    return value == null ? null : price(value, field);
  }

  /** Like {@link #price} but null becomes zero. */
  static BigDecimal priceOrZero(BigDecimal value, String field) {
    return value == null ? BigDecimal.ZERO : price(value, field);
  }

  /** A quantity: present, bounded, zero or more. */
  static BigDecimal nonNegative(BigDecimal value, String field) {
    Decimals.checkBounds(value, field);
    if (value.signum() < 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, field, value.toPlainString(), "zero or more");
    }
    return Decimals.canonical(value, 0);
  }

  /** A quantity: present, bounded, greater than zero. */
  static BigDecimal positive(BigDecimal value, String field) {
    Decimals.checkBounds(value, field);
    if (value.signum() <= 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, field, value.toPlainString(), "greater than zero");
    }
    return Decimals.canonical(value, 0);
  }

  static <T> T required(T value, String field) {
    if (value == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "field '" + field + "' is required");
    }
    return value;
  }
}

package dev.billwright.time;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;

/** Null checks that throw the library's exception, naming the field. */
final class Required {
  private Required() {}

  /**
   * Returns a value, or throws if it is null.
   *
   * @param <T> the type
   * @param value the value
   * @param field the field name for the message
   * @return the value, never null
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if null
   */
  static <T> T nonNull(T value, String field) {
    if (value == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, field, null, "a value");
    }
    return value;
  }
}

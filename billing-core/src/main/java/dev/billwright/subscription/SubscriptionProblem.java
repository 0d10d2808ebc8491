package dev.billwright.subscription;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;

/**
 * One problem {@link SubscriptionValidator} found in a subscription: the field, the value it
 * holds and what was expected, in the form of {@link BillingException#invalid}.
 *
 * @param field the JSON-path-like name of the field, such as
 *     {@code subscriptions[sub_1].changes[2].requested_at}; not blank
 * @param value the offending value as text, never null ({@code "null"} for a missing value)
 * @param expected what the field accepts, such as {@code an instant at or after the start
 *     2026-10-01T00:00:00Z}; not blank
 */
public record SubscriptionProblem(String field, String value, String expected) {
  /**
   * Validates the problem.
   *
   * @param field see the record component
   * @param value see the record component
   * @param expected see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a component is
   *     null or the field or expectation is blank
   */
  public SubscriptionProblem {
    if (field == null || field.isBlank() || value == null || expected == null || expected.isBlank()) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "a subscription problem needs a field, a value"
          + " and an expectation; got field=" + field + ", value=" + value + ", expected=" + expected);
    }
  }

  /**
   * Returns the problem in the words of {@link BillingException#invalid}:
   * {@code field 'F': got 'V', expected E}.
   *
   * @return the message, never null
   */
  public String message() {
    return "field '" + field + "': got '" + value + "', expected " + expected;
  }

  /**
   * Returns {@link #message()}.
   *
   * @return the message
   */
  @Override
  public String toString() {
    return message();
  }
}

package dev.billwright.error;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one unchecked exception type Billwright throws for bad input and illegal operations.
 *
 * <p>Every instance carries a stable {@link ErrorCode} and a message that names what was wrong
 * (the field, the offending value and what was expected), so that a host can both show it to a
 * person and act on the code. Operations that throw leave their inputs unchanged: nothing is
 * half-applied.
 */
public class BillingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The stable error code. */
  private final ErrorCode code;

  /**
   * Creates an exception.
   *
   * @param code the stable error code, not null
   * @param message the human-readable message, not null
   * @throws NullPointerException if code or message is null
   */
  public BillingException(ErrorCode code, String message) {
    super(Objects.requireNonNull(message, "message"));
    this.code = Objects.requireNonNull(code, "code");
  }

  /**
   * Creates an exception with a cause.
   *
   * @param code the stable error code, not null
   * @param message the human-readable message, not null
   * @param cause the underlying cause, may be null
   * @throws NullPointerException if code or message is null
   */
  public BillingException(ErrorCode code, String message, @Nullable Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /**
   * Creates the standard "bad value" exception: {@code field 'F': got 'V', expected E}.
   *
   * @param code the stable error code, not null
   * @param field the name or path of the field, such as {@code charges[2].price.tiers[1].up_to}
   * @param value the offending value (rendered with {@code String.valueOf}), may be null
   * @param expected what the field accepts, such as {@code a positive decimal}
   * @return the exception, never null
   */
  public static BillingException invalid(ErrorCode code, String field, @Nullable Object value, String expected) {
    return new BillingException(
        code, "field '" + field + "': got '" + value + "', expected " + expected);
  }

  /**
   * Returns the stable error code.
   *
   * @return the code, never null
   */
  public ErrorCode code() {
    return code;
  }
}

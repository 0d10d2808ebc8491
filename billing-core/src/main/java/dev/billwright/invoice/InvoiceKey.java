package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.time.BillingPeriod;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The idempotency key of an invoice: who is billed (a subscription id, or an account id for a
 * {@link InvoiceKind#CONSOLIDATED} invoice), for which period, and what kind of invoice.
 *
 * <p>The key is deterministic: the same subscription, period and kind always give the same
 * {@link #value()}, such as {@code sub_1|2026-10-01T00:00Z/2026-11-01T00:00Z|period}, so two
 * bill runs for the same period compute the same key and {@link InvoiceStore#insertIfAbsent}
 * keeps exactly one invoice. {@link #parse(String)} reads {@link #value()} back.
 *
 * @param ownerId the subscription id, or the account id of a consolidated invoice; not blank,
 *     without {@code |}
 * @param period the billing period, not null
 * @param kind the kind of invoice, not null
 */
public record InvoiceKey(String ownerId, BillingPeriod period, InvoiceKind kind) {

  /**
   * Validates the key.
   *
   * @param ownerId see the record component
   * @param period see the record component
   * @param kind see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a component is
   *     null or the owner is blank, or {@link ErrorCode#INVALID_VALUE} if the owner contains
   *     {@code |}
   */
  public InvoiceKey {
    if (ownerId == null || ownerId.isBlank() || period == null || kind == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING,
          "an invoice key needs an owner id, a period and a kind; got owner_id=" + ownerId
              + ", period=" + period + ", kind=" + kind);
    }
    if (ownerId.indexOf('|') >= 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "owner_id", ownerId, "an id without '|'");
    }
  }

  /**
   * Obtains a key.
   *
   * @param ownerId the subscription or account id, not blank, without {@code |}
   * @param period the billing period, not null
   * @param kind the kind, not null
   * @return the key, never null
   * @throws BillingException as for the constructor
   */
  public static InvoiceKey of(String ownerId, BillingPeriod period, InvoiceKind kind) {
    return new InvoiceKey(ownerId, period, kind);
  }

  /**
   * Parses the form written by {@link #value()}: {@code OWNER|START/END|kind}.
   *
   * @param text the text, not null
   * @return the key, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the text is not of that form
   */
  public static InvoiceKey parse(String text) {
    String[] parts = text == null ? new String[0] : text.split("\\|", -1);
    if (parts.length != 3) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "invoice_key", text,
          "OWNER|START/END|kind, such as sub_1|2026-10-01T00:00Z/2026-11-01T00:00Z|period");
    }
    InvoiceKind kind;
    try {
      kind = InvoiceKind.valueOf(parts[2].toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "invoice_key.kind", parts[2],
          "one of period, adjustment, consolidated, one_off, opening, progressive");
    }
    return new InvoiceKey(parts[0], parsePeriod(parts[1]), kind);
  }

  /**
   * Parses {@link BillingPeriod#toString()}, also with region zones whose id contains {@code /}
   * (such as {@code Asia/Kolkata}, which {@link BillingPeriod#parse} does not split correctly):
   * the separator is the first {@code /} outside a {@code [zone]} bracket.
   *
   * @param text the period text, not null
   * @return the period, never null
   * @throws BillingException with {@link ErrorCode#INVALID_PERIOD} if malformed
   */
  static BillingPeriod parsePeriod(String text) {
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
      } else if (c == '/' && depth == 0) {
        try {
          return BillingPeriod.of(ZonedDateTime.parse(text.substring(0, i)), ZonedDateTime.parse(text.substring(i + 1)));
        } catch (DateTimeParseException e) {
          break;
        }
      }
    }
    throw BillingException.invalid(ErrorCode.INVALID_PERIOD, "period", text,
        "START/END as ISO-8601 zoned date-times, such as 2026-10-01T00:00Z/2026-11-01T00:00Z");
  }

  /**
   * Returns the deterministic text of the key: {@code OWNER|START/END|kind} with the period as
   * {@link BillingPeriod#toString()} and the kind in lower case.
   *
   * @return the key text, never null
   */
  public String value() {
    return ownerId + '|' + period + '|' + kind.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Returns {@link #value()}.
   *
   * @return the key text
   */
  @Override
  public String toString() {
    return value();
  }
}

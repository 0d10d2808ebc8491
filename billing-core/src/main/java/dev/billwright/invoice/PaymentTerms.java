package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Payment terms (option {@code payment_terms}): the invoice is due a number of days after it is
 * finalized, counted in calendar days in the invoice's zone. Lago's net payment term behaves so
 * (Lago docs "Net payment term", getlago.com/docs/guide/invoicing/invoicing-settings/net-payment-term:
 * "the number of days ... to settle the invoice after its finalization"; once the
 * {@code payment_due_date} has passed the invoice is {@code payment_overdue}), as does Stripe's
 * {@code days_until_due}.
 *
 * <p>Written {@code net_30} (Lago, and the common "net 30") or {@code P30D} (an ISO-8601 period
 * of whole days, as plan-format.md writes durations); {@code due_on_finalization} is
 * {@code net_0}. There is no default term: without one an invoice has no due date and is never
 * overdue.
 *
 * @param netDays the days from the finalization date to the due date, 0 to 3650
 */
public record PaymentTerms(int netDays) {
  /** Due on the day of finalization ({@code net_0}). */
  public static final PaymentTerms DUE_ON_FINALIZATION = new PaymentTerms(0);

  private static final Pattern NET = Pattern.compile("net_(\\d{1,4})");
  private static final Pattern DAYS = Pattern.compile("P(\\d{1,4})D");

  /**
   * Validates the term.
   *
   * @param netDays see the record component
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if out of 0..3650
   */
  public PaymentTerms {
    if (netDays < 0 || netDays > 3650) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "payment_terms", netDays, "0 to 3650 net days");
    }
  }

  /**
   * Net days after finalization.
   *
   * @param days the days, 0 to 3650
   * @return the terms, never null
   * @throws BillingException as the constructor
   */
  public static PaymentTerms net(int days) {
    return new PaymentTerms(days);
  }

  /**
   * Parses {@code net_N}, {@code PND} or {@code due_on_finalization}.
   *
   * @param text the text, not null
   * @return the terms, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} naming the text if it has
   *     neither shape or the days are out of bounds
   */
  public static PaymentTerms parse(String text) {
    if (text != null) {
      if (text.equals("due_on_finalization")) {
        return DUE_ON_FINALIZATION;
      }
      Matcher m = NET.matcher(text);
      if (!m.matches()) {
        m = DAYS.matcher(text);
      }
      if (m.matches()) {
        return new PaymentTerms(Integer.parseInt(m.group(1)));
      }
    }
    throw BillingException.invalid(ErrorCode.INVALID_VALUE, "payment_terms", text,
        "net_N (such as net_30), PND (such as P30D) or due_on_finalization");
  }

  /**
   * Returns the due date of an invoice finalized at an instant: the finalization's date in the
   * zone plus the net days.
   *
   * @param finalizedAt the finalization instant, not null
   * @param zone the invoice's zone (its period's), not null
   * @return the due date, never null
   */
  public LocalDate dueDate(Instant finalizedAt, ZoneId zone) {
    return finalizedAt.atZone(zone).toLocalDate().plusDays(netDays);
  }

  /**
   * Returns {@code net_N}; {@link #parse} reads it back.
   *
   * @return the text, never null
   */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "net_%d", netDays);
  }
}

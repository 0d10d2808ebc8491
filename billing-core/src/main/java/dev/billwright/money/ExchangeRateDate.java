package dev.billwright.money;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.util.Locale;

/**
 * Which instant's exchange rate converts an invoice line priced in another currency (the option
 * {@code exchange_rate_date}; default {@link #INVOICE_DATE}).
 *
 * <p>The default follows the common rule that a foreign-currency amount is translated at the
 * rate of the date of the transaction (the invoice's issue date; for GST, CGST Rule 34 takes the
 * rate on the date of supply, which for services is the invoice date when issued in time).
 * {@link #PERIOD_END} suits hosts that book usage at the end of the period it was consumed in;
 * {@link #CONTRACT} fixes one rate for the whole subscription (the rate in effect when it
 * started, as a contract's fixed rate). Whichever applies, the line states the rate, its source
 * and its date.
 */
public enum ExchangeRateDate {
  /** The rate in effect at the end of the line's service period. */
  PERIOD_END,
  /** The rate in effect at the invoice's issue instant (the default). */
  INVOICE_DATE,
  /** The rate in effect at the subscription's start, for every invoice of the subscription. */
  CONTRACT;

  /**
   * Returns the JSON name: {@code period_end}, {@code invoice_date} or {@code contract}.
   *
   * @return the lower snake-case name, never null
   */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a JSON name.
   *
   * @param text {@code period_end}, {@code invoice_date} or {@code contract}, not null
   * @param field the field named in an error, not null
   * @return the rule, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} for another text
   */
  public static ExchangeRateDate parse(String text, String field) {
    for (ExchangeRateDate d : values()) {
      if (d.jsonName().equals(text)) {
        return d;
      }
    }
    throw BillingException.invalid(ErrorCode.INVALID_VALUE, field, text, "period_end, invoice_date or contract");
  }
}

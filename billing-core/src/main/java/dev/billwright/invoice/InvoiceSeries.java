package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.time.LocalDate;
import java.time.Month;
import java.util.regex.Pattern;

/**
 * A series of invoice numbers and its format: a fixed prefix followed by the sequence value,
 * zero-padded to a width.
 *
 * <p>Every number must satisfy CGST Rule 46(b): at most 16 characters from {@code A-Z a-z 0-9}
 * and {@code /} and {@code -} (GST reference notes §6.1, regex {@code ^[A-Za-z0-9/-]{1,16}$}).
 * The series is checked when made (prefix plus width fits) and each number when formatted (a
 * value wider than the width still fits only while the total stays within 16).
 *
 * <p>{@link #indianFinancialYear} makes one series per Indian financial year (1 April – 31
 * March; GSTN advises a new series each year): code {@code INV}, date 2026-11-21 → series
 * {@code INV/26-27}, numbers {@code INV/26-27/000123} (16 characters). The long year form
 * {@code INV/2026-27/000123} would be 18 characters, too long for Rule 46(b); use
 * {@link #of} for another layout.
 *
 * @param name the series name the sequence counts in, not blank
 * @param prefix the text before the value, may be empty, from the allowed characters
 * @param width the minimum digits of the value (zero-padded), 1 to 16
 */
public record InvoiceSeries(String name, String prefix, int width) {
  /** The maximum length of an invoice number, CGST Rule 46(b). */
  public static final int MAX_LENGTH = 16;

  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9/-]*");

  /**
   * Validates the series.
   *
   * @param name see the record component
   * @param prefix see the record component
   * @param width see the record component
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the name is blank, the
   *     prefix has characters outside {@code A-Z a-z 0-9 / -}, or prefix plus width exceeds 16
   */
  public InvoiceSeries {
    if (name == null || name.isBlank()) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "series.name", name, "a non-blank name");
    }
    if (prefix == null || !ALLOWED.matcher(prefix).matches()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "series.prefix", prefix,
          "characters from A-Z a-z 0-9 / - only (CGST Rule 46(b))");
    }
    if (width < 1 || prefix.length() + width > MAX_LENGTH) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "series.width", width,
          "1 to " + (MAX_LENGTH - prefix.length()) + " so that prefix '" + prefix
              + "' and the value fit in 16 characters (CGST Rule 46(b))");
    }
  }

  /**
   * Obtains a series.
   *
   * @param name the series name, not blank
   * @param prefix the prefix, from {@code A-Z a-z 0-9 / -}
   * @param width the minimum digits, 1 to {@code 16 − prefix length}
   * @return the series, never null
   * @throws BillingException as for the constructor
   */
  public static InvoiceSeries of(String name, String prefix, int width) {
    return new InvoiceSeries(name, prefix, width);
  }

  /**
   * Obtains the series of the Indian financial year containing a date: name
   * {@code CODE/yy-yy}, prefix {@code CODE/yy-yy/}, such as {@code INV/26-27/}.
   *
   * @param code the series code, such as {@code INV}, from {@code A-Z a-z 0-9 / -}
   * @param documentDate the invoice date, not null
   * @param width the minimum digits of the value
   * @return the series, never null
   * @throws BillingException as for the constructor (for example {@code INV} with width 7 is 17
   *     characters)
   */
  public static InvoiceSeries indianFinancialYear(String code, LocalDate documentDate, int width) {
    String name = code + "/" + financialYearLabel(documentDate);
    return new InvoiceSeries(name, name + "/", width);
  }

  /**
   * Returns the Indian financial year (1 April – 31 March) of a date as {@code yy-yy}: 2026-11-21
   * and 2027-03-31 give {@code 26-27}, 2027-04-01 gives {@code 27-28}.
   *
   * @param date the date, not null
   * @return the label, never null
   */
  public static String financialYearLabel(LocalDate date) {
    int start = date.getMonthValue() >= Month.APRIL.getValue() ? date.getYear() : date.getYear() - 1;
    return String.format("%02d-%02d", Math.floorMod(start, 100), Math.floorMod(start + 1, 100));
  }

  /**
   * Formats a sequence value as an invoice number.
   *
   * @param value the sequence value, at least 1
   * @return the number, at most 16 characters, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the value is below 1 or the
   *     number would exceed 16 characters
   */
  public String format(long value) {
    if (value < 1) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "sequence value", value, "1 or more");
    }
    String digits = Long.toString(value);
    StringBuilder number = new StringBuilder(prefix);
    for (int i = digits.length(); i < width; i++) {
      number.append('0');
    }
    number.append(digits);
    if (number.length() > MAX_LENGTH) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "invoice number", number,
          "at most 16 characters (CGST Rule 46(b)); series " + name + " is exhausted");
    }
    return number.toString();
  }
}

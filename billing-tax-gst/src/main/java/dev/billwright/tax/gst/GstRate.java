package dev.billwright.tax.gst;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Decimals;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One dated entry of a {@link GstRateTable}: the GST rate of the HSN/SAC codes starting with a
 * prefix, between two dates.
 *
 * @param codePrefix the HSN or SAC digits the entry covers (such as {@code 9983}); empty for a
 *     catch-all default; digits only
 * @param ratePercent the total GST rate in percent ({@code 18} means 18 %: IGST 18 % or CGST 9 %
 *     plus SGST/UTGST 9 %), 0 to 100, at most 3 decimals (e-invoice {@code GstRt})
 * @param cessPercent the ad valorem compensation cess rate in percent, 0 when none
 * @param validFrom the first date of supply the entry applies to, inclusive
 * @param validUntil the date the entry stops applying, exclusive; empty when open-ended
 * @param source the notification that sets the rate, such as
 *     {@code "Notification 11/2017-Central Tax (Rate), heading 9983"}
 */
public record GstRate(
    String codePrefix,
    BigDecimal ratePercent,
    BigDecimal cessPercent,
    LocalDate validFrom,
    Optional<LocalDate> validUntil,
    String source) {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /**
   * Validates the entry.
   *
   * @param codePrefix see the record component
   * @param ratePercent see the record component
   * @param cessPercent see the record component
   * @param validFrom see the record component
   * @param validUntil see the record component
   * @param source see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a component is null
   *     or {@link ErrorCode#INVALID_VALUE} if the prefix is not digits, a rate is outside 0–100
   *     or has more than 3 decimals, or the dates are not increasing
   */
  public GstRate {
    if (codePrefix == null || ratePercent == null || cessPercent == null || validFrom == null || validUntil == null
        || source == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "gst_rate", codePrefix, "all components");
    }
    if (!codePrefix.matches("[0-9]{0,8}")) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "code_prefix", codePrefix, "0 to 8 digits");
    }
    checkRate("rate", ratePercent);
    checkRate("cess_rate", cessPercent);
    if (validUntil.isPresent() && !validUntil.get().isAfter(validFrom)) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "valid_until", validUntil.get(),
          "a date after valid_from " + validFrom);
    }
  }

  private static void checkRate(String field, BigDecimal rate) {
    Decimals.checkBounds(rate, field);
    if (rate.signum() < 0 || rate.compareTo(HUNDRED) > 0 || rate.stripTrailingZeros().scale() > 3) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, field, rate, "0 to 100 percent with at most 3 decimals");
    }
  }

  /**
   * Returns an open-ended entry without cess.
   *
   * @param codePrefix the HSN/SAC prefix, digits
   * @param ratePercent the GST rate in percent, such as {@code "18"}
   * @param validFrom the first date, inclusive
   * @param source the notification
   * @return the entry, never null
   * @throws BillingException as the canonical constructor does, or if the rate is not a decimal
   */
  public static GstRate of(String codePrefix, String ratePercent, LocalDate validFrom, String source) {
    return new GstRate(codePrefix, Decimals.parse(ratePercent, "rate"), BigDecimal.ZERO, validFrom, Optional.empty(),
        source);
  }

  /**
   * Returns whether the entry applies on a date.
   *
   * @param date the date of supply, not null
   * @return true if {@code validFrom <= date < validUntil}
   */
  public boolean appliesOn(LocalDate date) {
    return !date.isBefore(validFrom) && validUntil.map(date::isBefore).orElse(true);
  }

  /**
   * Returns a copy that stops applying on a date.
   *
   * @param endExclusive the first date it no longer applies, after {@code validFrom}
   * @return the copy, never null
   * @throws BillingException if the date is not after {@code validFrom}
   */
  public GstRate until(LocalDate endExclusive) {
    return new GstRate(codePrefix, ratePercent, cessPercent, validFrom, Optional.of(endExclusive), source);
  }
}

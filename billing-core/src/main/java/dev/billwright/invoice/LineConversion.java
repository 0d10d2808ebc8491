package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.ExchangeRate;
import dev.billwright.money.ExchangeRateDate;
import dev.billwright.money.Money;
import java.time.Instant;
import java.util.Objects;

/**
 * How an invoice line priced in another currency was converted to the invoice's currency: the
 * exact amount in the price currency, the rate with its source and date, and the rule that chose
 * the rate's date. The line's {@link InvoiceLine#exactAmount()} is
 * {@code priceAmount × rate}, exact; its {@link InvoiceLine#amount()} is that rounded once,
 * in the invoice currency, through the plan's rounding policy.
 *
 * @param priceAmount the line's exact amount in the currency it is priced in, not null
 * @param rate the rate used, from {@code priceAmount}'s currency to the invoice currency, not null
 * @param rule which instant's rate applies, not null
 * @param rateFor the instant the rule named and the rate provider was asked for, not null
 */
public record LineConversion(Money priceAmount, ExchangeRate rate, ExchangeRateDate rule, Instant rateFor) {
  /**
   * Validates the components.
   *
   * @param priceAmount the amount in the price currency
   * @param rate the rate
   * @param rule the rate-date rule
   * @param rateFor the instant the rate was asked for
   * @throws NullPointerException if a component is null
   * @throws BillingException with {@link ErrorCode#CURRENCY_MISMATCH} if the rate does not
   *     convert from the amount's currency
   */
  public LineConversion {
    Objects.requireNonNull(priceAmount, "priceAmount");
    Objects.requireNonNull(rate, "rate");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(rateFor, "rateFor");
    if (!rate.from().equals(priceAmount.currency())) {
      throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, "conversion.rate.from",
          rate.from().getCurrencyCode(), "the price amount's currency " + priceAmount.currency().getCurrencyCode());
    }
  }

  /**
   * Returns the exact converted amount, {@code priceAmount × rate}, in the invoice currency.
   *
   * @return the exact amount, never null
   */
  public Money exactConverted() {
    return rate.applyExact(priceAmount);
  }
}

package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.ExchangeRate;
import dev.billwright.money.ExchangeRateDate;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.time.ProrationFraction;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How an invoice line priced in another currency was converted to the invoice's currency: the
 * exact amount in the price currency, the rate with its source and date, the rule that chose
 * the rate's date, and for a prorated recurring fee the proration fraction.
 *
 * <p>Without a proration, the line's {@link InvoiceLine#exactAmount()} is
 * {@code priceAmount × rate}, exact, and its {@link InvoiceLine#amount()} is that rounded once,
 * in the invoice currency, through the plan's rounding policy.
 *
 * <p>With a proration {@code n/d} (a prorated fee), {@code priceAmount} is the fee's exact amount
 * for the full period, before proration, and the line's amount is
 * {@code priceAmount × rate × n / d} rounded once in the invoice currency
 * ({@link RoundingPolicy#roundRatio}); nothing is rounded in the price currency first. That
 * quotient need not have a finite decimal form, so such a line states its rounded amount as its
 * exact amount too, as a prorated fee in its own currency does.
 *
 * @param priceAmount the exact amount in the currency the line is priced in (the full-period
 *     amount when {@code proration} is present), not null
 * @param rate the rate used, from {@code priceAmount}'s currency to the invoice currency, not null
 * @param rule which instant's rate applies, not null
 * @param rateFor the instant the rule named and the rate provider was asked for, not null
 * @param proration the share of the full period billed, for a prorated fee; empty otherwise (never
 *     a fraction of one: an unprorated line has none), not null
 */
public record LineConversion(Money priceAmount, ExchangeRate rate, ExchangeRateDate rule, Instant rateFor,
    Optional<ProrationFraction> proration) {
  /**
   * Validates the components.
   *
   * @param priceAmount the amount in the price currency
   * @param rate the rate
   * @param rule the rate-date rule
   * @param rateFor the instant the rate was asked for
   * @param proration the proration fraction of a prorated fee, or empty
   * @throws NullPointerException if a component is null
   * @throws BillingException with {@link ErrorCode#CURRENCY_MISMATCH} if the rate does not
   *     convert from the amount's currency, or {@link ErrorCode#INVALID_VALUE} for a proration
   *     of one (an unprorated line)
   */
  public LineConversion {
    Objects.requireNonNull(priceAmount, "priceAmount");
    Objects.requireNonNull(rate, "rate");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(rateFor, "rateFor");
    Objects.requireNonNull(proration, "proration");
    if (!rate.from().equals(priceAmount.currency())) {
      throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, "conversion.rate.from",
          rate.from().getCurrencyCode(), "the price amount's currency " + priceAmount.currency().getCurrencyCode());
    }
    if (proration.isPresent() && proration.get().isOne()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "conversion.proration", proration.get(),
          "a fraction below 1, or no proration for an unprorated line");
    }
  }

  /**
   * A conversion of an unprorated line.
   *
   * @param priceAmount the line's exact amount in its price currency, not null
   * @param rate the rate, not null
   * @param rule the rate-date rule, not null
   * @param rateFor the instant the rate was asked for, not null
   */
  public LineConversion(Money priceAmount, ExchangeRate rate, ExchangeRateDate rule, Instant rateFor) {
    this(priceAmount, rate, rule, rateFor, Optional.empty());
  }

  /**
   * Returns whether this converts a prorated fee (see the class comment).
   *
   * @return true if a proration is present
   */
  public boolean prorated() {
    return proration.isPresent();
  }

  /**
   * Returns the exact converted amount of an unprorated line, {@code priceAmount × rate}, in the
   * invoice currency.
   *
   * @return the exact amount, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} for a prorated conversion, whose
   *     exact amount may have no finite decimal form (use {@link #converted(RoundingPolicy)})
   */
  public Money exactConverted() {
    if (proration.isPresent()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "conversion.proration", proration.get(),
          "an unprorated conversion: a prorated one is rounded from priceAmount × rate × proration with converted()");
    }
    return rate.applyExact(priceAmount);
  }

  /**
   * Returns the converted amount, rounded once in the invoice currency through the policy:
   * {@code round(priceAmount × rate)}, or {@code round(priceAmount × rate × n / d)} from the exact
   * quotient for a prorated fee. The one rounding step of a converted line.
   *
   * @param rounding the line's rounding policy, not null
   * @return the rounded amount in the invoice currency, never null
   */
  public Money converted(RoundingPolicy rounding) {
    Objects.requireNonNull(rounding, "rounding");
    Money exact = rate.applyExact(priceAmount);
    return proration.isPresent()
        ? rounding.roundRatio(exact, proration.get().numerator(), proration.get().denominator())
        : rounding.round(exact);
  }
}

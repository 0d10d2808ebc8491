package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.ExchangeRate;
import dev.billwright.money.Money;
import java.util.Objects;

/**
 * How a credit from a wallet in another currency was converted to the invoice's currency: the
 * amount debited from the wallet, in its currency, and the dated rate from the wallet currency to
 * the invoice currency. The applied credit is {@code walletAmount × rate}, rounded once HALF_UP in
 * the invoice currency, and never more than what the invoice lines left due.
 *
 * @param walletAmount the amount debited from the wallet, in the wallet currency, positive, not null
 * @param rate the rate used, from the wallet currency to the invoice currency, not null
 */
public record CreditConversion(Money walletAmount, ExchangeRate rate) {
  /**
   * Validates the components.
   *
   * @param walletAmount the wallet amount
   * @param rate the rate
   * @throws NullPointerException if a component is null
   * @throws BillingException with {@link ErrorCode#CURRENCY_MISMATCH} if the rate does not convert
   *     from the wallet amount's currency, or {@link ErrorCode#INVALID_VALUE} if the amount is
   *     not positive
   */
  public CreditConversion {
    Objects.requireNonNull(walletAmount, "walletAmount");
    Objects.requireNonNull(rate, "rate");
    if (!rate.from().equals(walletAmount.currency())) {
      throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, "conversion.rate.from",
          rate.from().getCurrencyCode(), "the wallet amount's currency " + walletAmount.currency().getCurrencyCode());
    }
    if (!walletAmount.isPositive()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "conversion.wallet_amount", walletAmount,
          "a positive amount");
    }
  }
}

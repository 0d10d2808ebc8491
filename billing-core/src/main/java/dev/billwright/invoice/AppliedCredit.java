package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import java.util.Optional;

/**
 * Prepaid credit netted off an invoice after tax (a wallet deduction, a credit balance).
 *
 * <p>Credits reduce the amount due, not the taxable value: Lago subtracts prepaid (wallet)
 * credits after taxes ({@code Invoices::ComputeAmountsFromFees}: "− prepaid credits = total due").
 *
 * <p>A credit from a wallet in another currency states its {@link CreditConversion}: the amount
 * debited from the wallet and the rate; {@code amount} is then at most
 * {@code walletAmount × rate} rounded once HALF_UP in the invoice currency.
 *
 * @param sourceId the id of the wallet, grant or balance the credit came from, not blank
 * @param amount the amount netted off, positive, in the invoice currency
 * @param conversion how a credit from a wallet in another currency was converted; empty for one
 *     in the invoice currency; not null
 */
public record AppliedCredit(String sourceId, Money amount, Optional<CreditConversion> conversion) {

  /**
   * A credit in the invoice currency.
   *
   * @param sourceId see the record component
   * @param amount see the record component
   */
  public AppliedCredit(String sourceId, Money amount) {
    this(sourceId, amount, Optional.empty());
  }

  /**
   * Returns the credit a wallet net-off puts on the invoice
   * ({@link InvoiceLifecycle#applyCredits}), with its {@link CreditConversion} when the wallet is
   * in another currency ({@code wallet_currency} convert).
   *
   * @param sourceId the credit's source id, such as {@code wallet:w1}, not blank
   * @param netOff the net-off, not null
   * @return the credit, or empty when nothing was applied
   */
  public static Optional<AppliedCredit> of(String sourceId, dev.billwright.credit.ConvertedNetOff netOff) {
    if (!netOff.creditsApplied().isPositive()) {
      return Optional.empty();
    }
    return Optional.of(new AppliedCredit(sourceId, netOff.creditsApplied(),
        netOff.rate().map(r -> new CreditConversion(netOff.wallet().creditsApplied(), r))));
  }

  /**
   * Validates the credit.
   *
   * @param sourceId see the record component
   * @param amount see the record component
   * @param conversion see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a component is
   *     missing, {@link ErrorCode#INVALID_VALUE} if the amount is not positive, or
   *     {@link ErrorCode#CURRENCY_MISMATCH} if a conversion's rate is not to the amount's currency
   *     or converts to less than the amount
   */
  public AppliedCredit {
    if (conversion == null) {
      conversion = Optional.empty();
    }
    if (sourceId == null || sourceId.isBlank() || amount == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING,
          "an applied credit needs a source id and an amount; got source_id=" + sourceId + ", amount=" + amount);
    }
    if (!amount.isPositive()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "credits_applied." + sourceId + ".amount", amount,
          "a positive amount");
    }
    if (conversion.isPresent()) {
      CreditConversion c = conversion.get();
      if (!c.rate().to().equals(amount.currency())
          || RoundingPolicy.DEFAULT.round(c.rate().applyExact(c.walletAmount())).compareTo(amount) < 0) {
        throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, "credits_applied." + sourceId + ".conversion", c,
            "a rate to " + amount.currency().getCurrencyCode() + " at which the wallet amount converts to at least "
                + amount);
      }
    }
  }
}

package dev.billwright.credit;

import dev.billwright.money.ExchangeRate;
import dev.billwright.money.Money;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A net-off of an invoice, in the invoice's currency, by a wallet that may hold another currency
 * ({@link WalletCurrency#CONVERT}). {@code AppliedCredit.of(sourceId, netOff)} makes the credit to
 * put on the invoice, with its conversion.
 *
 * @param wallet the net-off in the wallet currency (ledger entries, state), not null
 * @param rate the rate from the wallet currency to the invoice currency; empty when they are the
 *     same; not null
 * @param appliedPerLine the credit applied to each due line, in the invoice currency, not null
 * @param creditsApplied their sum, in the invoice currency, not null
 * @param amountDue what the lines leave due, in the invoice currency, not null
 */
public record ConvertedNetOff(NetOffResult wallet, Optional<ExchangeRate> rate, List<Money> appliedPerLine,
    Money creditsApplied, Money amountDue) {
  /**
   * Validates and copies the components.
   *
   * @param wallet see the record component
   * @param rate see the record component
   * @param appliedPerLine see the record component
   * @param creditsApplied see the record component
   * @param amountDue see the record component
   * @throws NullPointerException if a component is null
   */
  public ConvertedNetOff {
    Objects.requireNonNull(wallet, "wallet");
    Objects.requireNonNull(rate, "rate");
    appliedPerLine = List.copyOf(appliedPerLine);
    Objects.requireNonNull(creditsApplied, "creditsApplied");
    Objects.requireNonNull(amountDue, "amountDue");
  }
}

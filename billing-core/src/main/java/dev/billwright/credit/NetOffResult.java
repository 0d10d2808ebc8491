package dev.billwright.credit;

import dev.billwright.money.Money;
import java.util.List;

/**
 * Wallet credit applied to an invoice.
 *
 * @param invoiceId the invoice id, not null
 * @param allocations the amounts taken from grants, in the order taken
 * @param appliedPerLine the credit applied to each due line, in the order of the lines
 * @param creditsApplied the total credit applied, at least zero
 * @param amountDue what is left to pay: the lines' total minus credits applied, at least zero
 * @param state the wallet state after the net-off, not null
 */
public record NetOffResult(String invoiceId, List<GrantAllocation> allocations,
    List<Money> appliedPerLine, Money creditsApplied, Money amountDue, WalletState state) {
  /**
   * Creates a result, copying the lists.
   *
   * @param invoiceId the invoice id
   * @param allocations the grant allocations
   * @param appliedPerLine the credit per line
   * @param creditsApplied the total credit
   * @param amountDue the amount still due
   * @param state the state after
   * @throws NullPointerException if a list is null
   */
  public NetOffResult {
    allocations = List.copyOf(allocations);
    appliedPerLine = List.copyOf(appliedPerLine);
  }
}

package dev.billwright.credit;

import dev.billwright.money.Money;
import java.util.List;

/**
 * The result of a deduction: what was taken from which grant, the balance after and whether the
 * event was allowed.
 *
 * <p>Invariant: {@code Σ allocations + overdraftUsed + uncovered = requested} for an allowed or
 * flagged deduction; for a refused one every part is zero and {@code state} is the input state.
 *
 * @param requestId the request (event or batch) id, not null
 * @param requested the amount asked for, not null
 * @param allocations the amounts taken from grants, in consumption order, each positive
 * @param overdraftUsed the part taken from the overdraft, at least zero
 * @param uncovered the part neither grants nor overdraft could cover (soft cap only), at least
 *     zero
 * @param outcome allowed, flagged or refused, not null
 * @param balanceAfter the spendable balance at the request time after the deduction
 * @param state the wallet state after the deduction, not null
 */
public record DeductionResult(String requestId, Money requested, List<GrantAllocation> allocations,
    Money overdraftUsed, Money uncovered, DeductionOutcome outcome, Money balanceAfter,
    WalletState state) {
  /**
   * Creates a result, copying the allocations.
   *
   * @param requestId the request id
   * @param requested the amount asked for
   * @param allocations the grant allocations
   * @param overdraftUsed the overdraft part
   * @param uncovered the uncovered part
   * @param outcome the outcome
   * @param balanceAfter the balance after
   * @param state the state after
   * @throws NullPointerException if allocations is null
   */
  public DeductionResult {
    allocations = List.copyOf(allocations);
  }

  /**
   * Returns the amount actually taken from the wallet: grants plus overdraft.
   *
   * @return the deducted amount, at least zero, never null
   */
  public Money deducted() {
    return Money.total(requested.currency(), allocations.stream().map(GrantAllocation::amount)
        .toList()).plus(overdraftUsed);
  }
}

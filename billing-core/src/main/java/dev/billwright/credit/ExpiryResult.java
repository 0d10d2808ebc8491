package dev.billwright.credit;

import java.util.List;

/**
 * The unused parts of grants removed at expiry.
 *
 * @param expired the amount removed from each expired grant (its whole remaining amount), in
 *     consumption order; empty if nothing expired
 * @param state the wallet state after expiry, not null
 */
public record ExpiryResult(List<GrantAllocation> expired, WalletState state) {
  /**
   * Creates a result, copying the list.
   *
   * @param expired the expired parts
   * @param state the state after
   * @throws NullPointerException if expired is null
   */
  public ExpiryResult {
    expired = List.copyOf(expired);
  }
}

package dev.billwright.credit;

/**
 * The kind of a wallet ledger movement, with the sign its amount must have.
 */
public enum LedgerEntryType {
  /** A paid top-up adds a {@link GrantKind#PAID} grant; positive. */
  TOP_UP(1),
  /** A free or promotional grant; positive. */
  GRANT(1),
  /** A real-time deduction of a rated cost (from a grant or the overdraft); negative. */
  DEDUCTION(-1),
  /** The unused part of a grant removed at its expiry; negative. */
  EXPIRY(-1),
  /** Unused paid credit returned to the customer; negative. */
  REFUND(-1),
  /** Credit given back after a credit note reverses a deduction; positive. */
  REVERSAL(1),
  /** Credit applied to an invoice; negative. */
  NET_OFF(-1);

  private final int sign;

  LedgerEntryType(int sign) {
    this.sign = sign;
  }

  /**
   * Returns the sign amounts of this type carry.
   *
   * @return 1 for movements into the wallet, -1 for movements out
   */
  public int sign() {
    return sign;
  }
}

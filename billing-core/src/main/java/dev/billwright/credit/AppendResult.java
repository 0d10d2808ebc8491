package dev.billwright.credit;

import java.util.List;

/**
 * The answer of {@link WalletLedger#append}.
 *
 * @param status what happened, not null
 * @param entries the entries now stored under the key: the new ones if appended, the earlier
 *     ones if the key was already used, empty on a version conflict
 * @param version the number of entries in the wallet after the call
 */
public record AppendResult(Status status, List<LedgerEntry> entries, long version) {
  /**
   * Creates a result, copying the entries.
   *
   * @param status the status
   * @param entries the entries
   * @param version the version
   * @throws NullPointerException if entries is null
   */
  public AppendResult {
    entries = List.copyOf(entries);
  }

  /** What an append did. */
  public enum Status {
    /** The entries were appended. */
    APPENDED,
    /** The idempotency key was already used; nothing was appended. */
    DUPLICATE,
    /** The wallet had moved past the expected version; nothing was appended. */
    VERSION_CONFLICT
  }
}

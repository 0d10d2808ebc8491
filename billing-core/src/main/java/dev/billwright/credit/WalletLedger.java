package dev.billwright.credit;

import java.util.List;

/**
 * SPI: the host's append-only store of wallet movements.
 *
 * <p>The balance is never stored: it is the fold of the entries ({@link LedgerFold}). The one
 * write is {@link #append}, an atomic compare-and-append: it appends a batch of entries only if
 * no batch with the same idempotency key exists in the wallet and the wallet still holds exactly
 * {@code expectedVersion} entries. A relational implementation can use a unique index on
 * (wallet id, idempotency key) plus a version column updated in the same transaction; the
 * in-memory one in billing-memory locks per wallet. Entries must come back exactly as appended,
 * {@link LedgerEntry#request()} included: {@link Wallet} compares it to tell a replayed operation
 * from a conflicting one. Implementations must pass
 * {@code dev.billwright.testkit.credit.WalletLedgerContractTest}.
 *
 * <p>Implementations must be thread-safe.
 */
public interface WalletLedger {
  /** Pass as {@code expectedVersion} to append whatever the current version. */
  long ANY_VERSION = -1;

  /**
   * Reads all entries of a wallet in append order.
   *
   * @param walletId the wallet id, not null
   * @return the entries, empty for an unknown wallet, never null; a snapshot that later appends
   *     do not change
   */
  List<LedgerEntry> entries(String walletId);

  /**
   * Appends a batch of entries atomically, if the idempotency key is new and the version
   * matches. The key check comes first: a used key answers {@link AppendResult.Status#DUPLICATE}
   * whatever the version.
   *
   * @param walletId the wallet id, not null
   * @param idempotencyKey the key of the batch, not null; every entry carries it
   * @param expectedVersion the number of entries the caller's view of the wallet holds, or
   *     {@link #ANY_VERSION}
   * @param entries the entries, at least one, all of this wallet and key, indexed 0, 1, 2, …
   * @return what happened, never null
   * @throws dev.billwright.error.BillingException with
   *     {@link dev.billwright.error.ErrorCode#INVALID_VALUE} if the batch is empty or an entry
   *     has another wallet, key or index
   */
  AppendResult append(String walletId, String idempotencyKey, long expectedVersion,
      List<LedgerEntry> entries);
}

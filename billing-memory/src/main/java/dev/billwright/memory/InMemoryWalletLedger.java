package dev.billwright.memory;

import dev.billwright.credit.AppendResult;
import dev.billwright.credit.LedgerEntry;
import dev.billwright.credit.WalletLedger;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory {@link WalletLedger}: one list of entries per wallet, guarded by a lock per
 * wallet (writers to different wallets never contend). For tests, examples and single-process
 * hosts that do not need durability.
 *
 * <p>Thread-safe.
 */
public final class InMemoryWalletLedger implements WalletLedger {
  private final ConcurrentHashMap<String, Log> wallets = new ConcurrentHashMap<>();

  /** Creates an empty ledger. */
  public InMemoryWalletLedger() {}

  private static final class Log {
    final List<LedgerEntry> entries = new ArrayList<>();
    final Map<String, List<LedgerEntry>> byKey = new HashMap<>();
  }

  @Override
  public List<LedgerEntry> entries(String walletId) {
    Objects.requireNonNull(walletId, "walletId");
    Log log = wallets.get(walletId);
    if (log == null) {
      return List.of();
    }
    synchronized (log) {
      return List.copyOf(log.entries);
    }
  }

  @Override
  public AppendResult append(String walletId, String idempotencyKey, long expectedVersion,
      List<LedgerEntry> entries) {
    Objects.requireNonNull(walletId, "walletId");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(entries, "entries");
    if (entries.isEmpty()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "entries", "[]", "at least one entry");
    }
    for (int i = 0; i < entries.size(); i++) {
      LedgerEntry e = entries.get(i);
      if (!e.walletId().equals(walletId) || !e.idempotencyKey().equals(idempotencyKey)
          || e.index() != i) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "entries[" + i + "]", e.entryId(),
            "an entry of wallet " + walletId + " with key " + idempotencyKey + " and index " + i);
      }
    }
    Log log = wallets.computeIfAbsent(walletId, id -> new Log());
    synchronized (log) {
      List<LedgerEntry> existing = log.byKey.get(idempotencyKey);
      if (existing != null) {
        return new AppendResult(AppendResult.Status.DUPLICATE, existing, log.entries.size());
      }
      if (expectedVersion != ANY_VERSION && expectedVersion != log.entries.size()) {
        return new AppendResult(AppendResult.Status.VERSION_CONFLICT, List.of(), log.entries.size());
      }
      List<LedgerEntry> copy = List.copyOf(entries);
      log.entries.addAll(copy);
      log.byKey.put(idempotencyKey, copy);
      return new AppendResult(AppendResult.Status.APPENDED, copy, log.entries.size());
    }
  }
}

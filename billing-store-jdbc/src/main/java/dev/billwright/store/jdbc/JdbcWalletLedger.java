package dev.billwright.store.jdbc;

import dev.billwright.credit.AppendResult;
import dev.billwright.credit.LedgerEntry;
import dev.billwright.credit.LedgerEntryJson;
import dev.billwright.credit.WalletLedger;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.AuditRecord;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The wallet ledger in table {@code bw_ledger_entry}: one row per entry at its position in the
 * wallet (primary key wallet, position), unique by (wallet, idempotency key, index). Compare and
 * append: a batch is written at positions {@code version .. version + n - 1}, so two appends
 * racing for the same version collide on the primary key, the loser's transaction rolls back and
 * it re-reads (then reports {@code VERSION_CONFLICT}, or {@code DUPLICATE} for the same key). Each
 * appended batch is audited ({@code wallet}, its id) in the same transaction.
 */
public final class JdbcWalletLedger implements WalletLedger {
  private final Sql sql;
  private final String actor;
  private final Clock clock;

  JdbcWalletLedger(Sql sql, JdbcAuditLog audit, String actor, Clock clock) {
    this.sql = sql;
    this.actor = actor;
    this.clock = clock;
  }

  /**
   * {@inheritDoc}
   *
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   */
  @Override
  public List<LedgerEntry> entries(String walletId) {
    Objects.requireNonNull(walletId, "walletId");
    return sql.tx("read wallet " + walletId, c -> List.copyOf(read(c, walletId, null)));
  }

  private static List<LedgerEntry> read(Connection c, String walletId, String key) throws SQLException {
    List<LedgerEntry> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT body FROM bw_ledger_entry WHERE wallet_id = ?"
        + (key == null ? "" : " AND idempotency_key = ?") + " ORDER BY position")) {
      ps.setString(1, walletId);
      if (key != null) {
        ps.setString(2, key);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(LedgerEntryJson.read(JsonObjectReader.root(Json.parse(rs.getString(1), "bw_ledger_entry"),
              "bw_ledger_entry")));
        }
      }
    }
    return out;
  }

  private static long size(Connection c, String walletId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM bw_ledger_entry WHERE wallet_id = ?")) {
      ps.setString(1, walletId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the batch is empty or an
   *     entry is not of this wallet, key and index; {@link ErrorCode#STORE_UNAVAILABLE} if the
   *     database fails (nothing appended)
   */
  @Override
  public AppendResult append(String walletId, String idempotencyKey, long expectedVersion, List<LedgerEntry> entries) {
    Objects.requireNonNull(walletId, "walletId");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(entries, "entries");
    if (entries.isEmpty()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "entries", "[]", "at least one entry");
    }
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      LedgerEntry e = entries.get(i);
      if (!e.walletId().equals(walletId) || !e.idempotencyKey().equals(idempotencyKey) || e.index() != i) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "entries[" + i + "]", e.entryId(),
            "an entry of wallet " + walletId + " with key " + idempotencyKey + " and index " + i);
      }
      bodies.add(Json.write(LedgerEntryJson.write(e)));
    }
    List<LedgerEntry> copy = List.copyOf(entries);
    return sql.tx("append to wallet " + walletId, c -> {
      List<LedgerEntry> existing = read(c, walletId, idempotencyKey);
      long version = size(c, walletId);
      if (!existing.isEmpty()) {
        return new AppendResult(AppendResult.Status.DUPLICATE, List.copyOf(existing), version);
      }
      if (expectedVersion != ANY_VERSION && expectedVersion != version) {
        return new AppendResult(AppendResult.Status.VERSION_CONFLICT, List.of(), version);
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO bw_ledger_entry (wallet_id, position,"
          + " idempotency_key, entry_index, body) VALUES (?, ?, ?, ?, ?)")) {
        for (int i = 0; i < copy.size(); i++) {
          ps.setString(1, walletId);
          ps.setLong(2, version + i);
          ps.setString(3, idempotencyKey);
          ps.setInt(4, i);
          ps.setString(5, bodies.get(i));
          ps.addBatch();
        }
        ps.executeBatch();
      } catch (java.sql.BatchUpdateException e) {
        throw e.getNextException() != null && e.getSQLState() == null ? e.getNextException() : e;
      }
      JdbcAuditLog.append(c, AuditRecord.of(AuditRecord.ENTITY_WALLET, walletId, "appended",
          "{\"version\":" + version + "}", "{\"version\":" + (version + copy.size()) + ",\"entries\":["
              + String.join(",", bodies) + "]}", actor, "idempotency key " + idempotencyKey, clock.instant()));
      return new AppendResult(AppendResult.Status.APPENDED, copy, version + copy.size());
    });
  }
}

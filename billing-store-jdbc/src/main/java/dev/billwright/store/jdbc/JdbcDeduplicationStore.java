package dev.billwright.store.jdbc;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.metering.DedupOutcome;
import dev.billwright.metering.DeduplicationStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Exact deduplication in table {@code bw_dedup} (primary key scope, event id; the fingerprint and
 * when the id was first seen). No false positive and no false negative within the
 * {@code dedup_retention} window ({@link JdbcStoreSettings#dedupRetention()}, 34 days by
 * default): {@link #purgeExpired()} forgets ids first seen longer ago than that, after which such
 * an id counts as new again (Metronome's 34-day transaction id window behaves the same way).
 * {@link #firstSeenAll} checks a batch in two round trips.
 */
public final class JdbcDeduplicationStore implements DeduplicationStore {
  private final Sql sql;
  private final Duration retention;
  private final Clock clock;

  JdbcDeduplicationStore(Sql sql, Duration retention, Clock clock) {
    this.sql = sql;
    this.retention = retention;
    this.clock = clock;
  }

  /**
   * The retention window ({@code dedup_retention}).
   *
   * @return the window, positive, never null
   */
  public Duration retention() {
    return retention;
  }

  /**
   * {@inheritDoc}
   *
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   *     (nothing recorded)
   */
  @Override
  public DedupOutcome firstSeen(String scope, String eventId, long fingerprint) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(eventId, "eventId");
    if (sql.dialect() == Dialect.POSTGRESQL) {
      return sql.tx("dedup " + eventId, c -> {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO bw_dedup (scope, event_id, fingerprint, seen_at)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
          ps.setString(1, scope);
          ps.setString(2, eventId);
          ps.setLong(3, fingerprint);
          Sql.setInstant(ps, 4, clock.instant());
          if (ps.executeUpdate() == 1) {
            return DedupOutcome.NEW;
          }
        }
        Long known = fingerprint(c, scope, eventId);
        return known != null && known == fingerprint ? DedupOutcome.DUPLICATE : DedupOutcome.CONFLICT;
      });
    }
    return sql.tx("dedup " + eventId, c -> {
      Long known = fingerprint(c, scope, eventId);
      if (known != null) {
        return known == fingerprint ? DedupOutcome.DUPLICATE : DedupOutcome.CONFLICT;
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO bw_dedup (scope, event_id, fingerprint, seen_at)"
          + " VALUES (?, ?, ?, ?)")) {
        ps.setString(1, scope);
        ps.setString(2, eventId);
        ps.setLong(3, fingerprint);
        Sql.setInstant(ps, 4, clock.instant());
        ps.executeUpdate();
      }
      return DedupOutcome.NEW;
    });
  }

  private static Long fingerprint(Connection c, String scope, String eventId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT fingerprint FROM bw_dedup WHERE scope = ? AND event_id = ?")) {
      ps.setString(1, scope);
      ps.setString(2, eventId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  /**
   * Checks a batch of ids of one scope in one transaction: the outcome of each, as if
   * {@link #firstSeen} were called for each in order (an id repeated within the batch is
   * {@code DUPLICATE} or {@code CONFLICT} against its first occurrence).
   *
   * @param scope the scope, not null
   * @param fingerprints the event ids and their fingerprints, in order, not null
   * @return the outcome per id (of its first occurrence in the batch), in the batch's order, never null
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   *     (nothing recorded)
   */
  public Map<String, DedupOutcome> firstSeenAll(String scope, Map<String, Long> fingerprints) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(fingerprints, "fingerprints");
    if (fingerprints.isEmpty()) {
      return Map.of();
    }
    if (sql.dialect() == Dialect.POSTGRESQL) {
      return sql.tx("dedup batch", c -> firstSeenAllPostgres(c, scope, fingerprints));
    }
    return sql.tx("dedup batch", c -> {
      Map<String, Long> known = new HashMap<>();
      List<String> ids = new ArrayList<>(fingerprints.keySet());
      for (int from = 0; from < ids.size(); from += 1000) {
        List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 1000));
        StringBuilder q = new StringBuilder("SELECT event_id, fingerprint FROM bw_dedup WHERE scope = ? AND event_id IN (");
        for (int i = 0; i < chunk.size(); i++) {
          q.append(i == 0 ? "?" : ",?");
        }
        try (PreparedStatement ps = c.prepareStatement(q.append(')').toString())) {
          ps.setString(1, scope);
          for (int i = 0; i < chunk.size(); i++) {
            ps.setString(i + 2, chunk.get(i));
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              known.put(rs.getString(1), rs.getLong(2));
            }
          }
        }
      }
      Map<String, DedupOutcome> out = new LinkedHashMap<>();
      Instant now = clock.instant();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO bw_dedup (scope, event_id, fingerprint, seen_at)"
          + " VALUES (?, ?, ?, ?)")) {
        int batched = 0;
        for (Map.Entry<String, Long> e : fingerprints.entrySet()) {
          Long k = known.get(e.getKey());
          if (k != null) {
            out.put(e.getKey(), k.longValue() == e.getValue() ? DedupOutcome.DUPLICATE : DedupOutcome.CONFLICT);
            continue;
          }
          out.put(e.getKey(), DedupOutcome.NEW);
          ps.setString(1, scope);
          ps.setString(2, e.getKey());
          ps.setLong(3, e.getValue());
          Sql.setInstant(ps, 4, now);
          ps.addBatch();
          batched++;
        }
        if (batched > 0) {
          // a concurrent writer of one of these ids fails the batch (unique violation): the whole
          // transaction is retried and then reads that id as known
          ps.executeBatch();
        }
      } catch (java.sql.BatchUpdateException e) {
        throw e.getNextException() != null && e.getSQLState() == null ? e.getNextException() : e;
      }
      return out;
    });
  }

  /**
   * PostgreSQL: one array-bound {@code INSERT ... ON CONFLICT DO NOTHING RETURNING event_id} for
   * the whole batch (one round trip when every id is new, the common case), then one array-bound
   * read of the fingerprints of the ids it did not insert. Under read committed that read sees
   * every row the insert skipped: a row stored before, or by a concurrent transaction the insert
   * waited for until it committed.
   */
  private Map<String, DedupOutcome> firstSeenAllPostgres(Connection c, String scope, Map<String, Long> fingerprints)
      throws SQLException {
    String[] ids = new String[fingerprints.size()];
    Long[] prints = new Long[fingerprints.size()];
    int n = 0;
    for (Map.Entry<String, Long> e : fingerprints.entrySet()) {
      ids[n] = e.getKey();
      prints[n++] = e.getValue();
    }
    java.util.Set<String> inserted = new java.util.HashSet<>(fingerprints.size() * 2);
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO bw_dedup (scope, event_id, fingerprint, seen_at)"
        + " SELECT ?, u.e, u.f, ? FROM unnest(?::text[], ?::bigint[]) AS u(e, f) ON CONFLICT DO NOTHING"
        + " RETURNING event_id")) {
      ps.setString(1, scope);
      Sql.setInstant(ps, 2, clock.instant());
      ps.setArray(3, c.createArrayOf("text", ids));
      ps.setArray(4, c.createArrayOf("bigint", prints));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          inserted.add(rs.getString(1));
        }
      }
    }
    Map<String, Long> known = new HashMap<>();
    if (inserted.size() < ids.length) {
      List<String> rest = new ArrayList<>();
      for (String id : ids) {
        if (!inserted.contains(id)) {
          rest.add(id);
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT event_id, fingerprint FROM bw_dedup WHERE scope = ? AND"
          + " event_id = ANY (?)")) {
        ps.setString(1, scope);
        ps.setArray(2, c.createArrayOf("text", rest.toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            known.put(rs.getString(1), rs.getLong(2));
          }
        }
      }
    }
    Map<String, DedupOutcome> out = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : fingerprints.entrySet()) {
      if (inserted.contains(e.getKey())) {
        out.put(e.getKey(), DedupOutcome.NEW);
        continue;
      }
      Long k = known.get(e.getKey());
      if (k == null) {
        // stored and then purged by a concurrent transaction: run the batch again
        throw new SQLException("a dedup id of the batch changed concurrently", "40001");
      }
      out.put(e.getKey(), k.longValue() == e.getValue() ? DedupOutcome.DUPLICATE : DedupOutcome.CONFLICT);
    }
    return out;
  }

  /**
   * Forgets the ids first seen before now minus the retention window.
   *
   * @return how many ids were forgotten
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   */
  public int purgeExpired() {
    Instant cutoff = clock.instant().minus(retention);
    return sql.tx("purge dedup ids", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM bw_dedup WHERE seen_at < ?")) {
        Sql.setInstant(ps, 1, cutoff);
        return ps.executeUpdate();
      }
    });
  }
}

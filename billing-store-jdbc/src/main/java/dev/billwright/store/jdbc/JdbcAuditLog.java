package dev.billwright.store.jdbc;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.AuditLog;
import dev.billwright.invoice.AuditRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The append-only audit log in table {@code bw_audit}. The stores of a {@link JdbcStore} write
 * their records in the transaction of the change they record. On PostgreSQL a trigger refuses
 * any update or delete of the table.
 */
public final class JdbcAuditLog implements AuditLog {
  private static final String SQL = "INSERT INTO bw_audit (entity_type, entity_id, action, before_state, after_state,"
      + " actor, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  private final Sql sql;

  JdbcAuditLog(Sql sql) {
    this.sql = sql;
  }

  /**
   * {@inheritDoc}
   *
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   */
  @Override
  public long append(AuditRecord record) {
    Objects.requireNonNull(record, "record");
    return sql.tx("audit append", c -> insert(c, record, true));
  }

  /** Appends within the caller's transaction (the stores' own records: no position read back). */
  static void append(Connection c, AuditRecord r) throws SQLException {
    insert(c, r, false);
  }

  /** Appends several records within the caller's transaction, as one JDBC batch. */
  static void appendAll(Connection c, List<AuditRecord> records) throws SQLException {
    if (records.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(SQL)) {
      for (AuditRecord r : records) {
        bind(ps, r);
        ps.addBatch();
      }
      Sql.executeBatch(ps);
    }
  }

  /** Sets the eight parameters of {@link #SQL} from one record. */
  private static void bind(PreparedStatement ps, AuditRecord r) throws SQLException {
    ps.setString(1, r.entityType());
    ps.setString(2, r.entityId());
    ps.setString(3, r.action());
    ps.setString(4, r.before().orElse(null));
    ps.setString(5, r.after().orElse(null));
    ps.setString(6, r.actor());
    ps.setString(7, r.reason());
    Sql.setInstant(ps, 8, r.at());
  }

  private static long insert(Connection c, AuditRecord r, boolean position) throws SQLException {
    try (PreparedStatement ps = position ? c.prepareStatement(SQL, java.sql.Statement.RETURN_GENERATED_KEYS)
        : c.prepareStatement(SQL)) {
      bind(ps, r);
      ps.executeUpdate();
      if (!position) {
        return 0;
      }
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   */
  @Override
  public List<AuditRecord> read(String entityType, String entityId) {
    return sql.tx("audit read", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM bw_audit WHERE entity_type = ? AND entity_id = ?"
          + " ORDER BY position")) {
        ps.setString(1, entityType);
        ps.setString(2, entityId);
        return records(ps);
      }
    });
  }

  /**
   * {@inheritDoc}
   *
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   */
  @Override
  public List<AuditRecord> readAfter(long afterPosition, int limit) {
    return sql.tx("audit read", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM bw_audit WHERE position > ? ORDER BY position")) {
        ps.setLong(1, afterPosition);
        ps.setMaxRows(limit);
        return records(ps);
      }
    });
  }

  private static List<AuditRecord> records(PreparedStatement ps) throws SQLException {
    List<AuditRecord> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new AuditRecord(rs.getString("entity_type"), rs.getString("entity_id"), rs.getString("action"),
            Optional.ofNullable(rs.getString("before_state")), Optional.ofNullable(rs.getString("after_state")),
            rs.getString("actor"), rs.getString("reason"), Sql.instant(rs, "at")));
      }
    }
    return out;
  }
}

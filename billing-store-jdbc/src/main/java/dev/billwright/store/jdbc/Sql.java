package dev.billwright.store.jdbc;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Connections and transactions: a small pool of JDBC connections and {@link #tx}, which runs a
 * unit of work in one transaction, commits it whole or rolls it back whole, and retries it from
 * the start when the database reports a race it resolved (unique violation, serialization
 * failure, deadlock, lock timeout) so the work re-reads what the winner wrote.
 */
final class Sql implements AutoCloseable {
  /** How many times a unit of work is retried after a race before giving up. */
  static final int MAX_ATTEMPTS = 100;

  /** One unit of work over a connection in a transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final String url;
  private final @Nullable DataSource dataSource;
  private final Properties props;
  private final Dialect dialect;
  private final int maxIdle;
  private final Deque<Connection> idle = new ArrayDeque<>();
  private boolean closed;

  Sql(String url, @Nullable String user, @Nullable String password, int maxIdle) {
    this.url = Objects.requireNonNull(url, "url");
    this.dataSource = null;
    this.dialect = Dialect.of(url);
    this.props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    if (dialect == Dialect.POSTGRESQL && !url.contains("reWriteBatchedInserts")) {
      // a batch of inserts (a wallet's entries) goes as one multi-row statement
      props.setProperty("reWriteBatchedInserts", "true");
    }
    this.maxIdle = maxIdle;
  }

  /**
   * Connections from a host's {@link DataSource}: the data source pools them, so none are kept
   * idle here (each is closed, that is handed back, after its transaction).
   */
  Sql(DataSource dataSource, String url) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.url = Objects.requireNonNull(url, "url");
    this.dialect = Dialect.of(url);
    this.props = new Properties();
    this.maxIdle = 0;
  }

  /** The data source connections come from, or null when they come from the driver manager. */
  @Nullable DataSource dataSource() {
    return dataSource;
  }

  Dialect dialect() {
    return dialect;
  }

  String url() {
    return url;
  }

  Connection open() throws SQLException {
    return dataSource != null ? dataSource.getConnection() : DriverManager.getConnection(url, props);
  }

  private Connection take() throws SQLException {
    synchronized (idle) {
      if (closed) {
        throw new SQLException("the store is closed", "08003");
      }
      Connection c = idle.pollFirst();
      if (c != null) {
        return c;
      }
    }
    Connection c = open();
    c.setAutoCommit(false);
    c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    return c;
  }

  private void give(Connection c, boolean healthy) {
    synchronized (idle) {
      if (healthy && !closed && idle.size() < maxIdle) {
        idle.addFirst(c);
        return;
      }
    }
    closeQuietly(c);
  }

  /**
   * Runs work in one transaction, retrying after a race the database resolved.
   *
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   *     (the transaction is rolled back: nothing is applied); a {@link BillingException} thrown by
   *     the work rolls back and passes through
   */
  <T> T tx(String what, Work<T> work) {
    return run(what, work, false);
  }

  /**
   * Runs work that is one reading statement, in auto-commit mode: the statement is its own
   * transaction (a consistent snapshot), and no separate commit round trip is made. Retries as
   * {@link #tx} does.
   *
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   */
  <T> T read(String what, Work<T> work) {
    return run(what, work, true);
  }

  private <T> T run(String what, Work<T> work, boolean oneRead) {
    SQLException last = null;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Connection c;
      try {
        c = take();
      } catch (SQLException e) {
        throw unavailable(what, e);
      }
      boolean healthy = true;
      boolean committing = false;
      try {
        if (oneRead) {
          c.setAutoCommit(true);
          try {
            return work.run(c);
          } finally {
            c.setAutoCommit(false);
          }
        }
        T result = work.run(c);
        committing = true;
        c.commit();
        return result;
      } catch (SQLException e) {
        boolean lost = isConnectionLoss(e);
        healthy = rollback(c) && !lost;
        // a connection lost before the commit was sent applied nothing: retry on a new one (a
        // pooled connection the server dropped, a restart); lost during the commit, the outcome
        // is unknown and the caller is told
        boolean retry = isRace(e) || (lost && !committing && attempt < 2);
        if (!retry) {
          throw unavailable(what, e);
        }
        last = e;
        backOff(attempt);
      } catch (RuntimeException e) {
        healthy = rollback(c);
        throw e;
      } finally {
        give(c, healthy);
      }
    }
    throw new BillingException(ErrorCode.STORE_UNAVAILABLE, what + ": still racing other writers after "
        + MAX_ATTEMPTS + " attempts: " + (last == null ? "" : last.getMessage()));
  }

  private static void backOff(int attempt) {
    if (attempt > 2) {
      try {
        Thread.sleep(Math.min(20, attempt));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static boolean rollback(Connection c) {
    try {
      if (c.getAutoCommit()) {
        c.setAutoCommit(false);
        return true;
      }
      c.rollback();
      return true;
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  static BillingException unavailable(String what, SQLException e) {
    return new BillingException(ErrorCode.STORE_UNAVAILABLE, what + " failed and was rolled back (nothing applied):"
        + " SQLState " + e.getSQLState() + ": " + e.getMessage());
  }

  /** A unique violation, a serialization failure, a deadlock, or H2's lock timeout or concurrent update. */
  static boolean isRace(SQLException e) {
    String state = e.getSQLState();
    if (state == null) {
      return false;
    }
    return state.equals("23505") || state.equals("40001") || state.equals("40P01") || state.equals("HYT00")
        || state.equals("90131") || state.equals("55P03");
  }

  static boolean isUniqueViolation(SQLException e) {
    return "23505".equals(e.getSQLState());
  }

  private static boolean isConnectionLoss(SQLException e) {
    String state = e.getSQLState();
    return state == null || state.startsWith("08") || state.startsWith("57P") || state.equals("90067");
  }

  /**
   * Executes a JDBC batch; a failure is rethrown as the exception that carries the database's
   * SQLState (a {@link java.sql.BatchUpdateException} may carry it only in its next exception),
   * so that {@link #tx} recognises a race and retries.
   */
  static int[] executeBatch(PreparedStatement ps) throws SQLException {
    try {
      return ps.executeBatch();
    } catch (java.sql.BatchUpdateException e) {
      throw e.getNextException() != null && e.getSQLState() == null ? e.getNextException() : e;
    }
  }

  static void setInstant(PreparedStatement ps, int index, Instant at) throws SQLException {
    ps.setObject(index, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
  }

  static Instant instant(java.sql.ResultSet rs, String column) throws SQLException {
    Object o = rs.getObject(column);
    if (o == null) {
      return null;
    }
    if (o instanceof OffsetDateTime odt) {
      return odt.toInstant();
    }
    if (o instanceof Timestamp ts) {
      return ts.toInstant();
    }
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException | RuntimeException e) {
      // a broken connection: nothing to do
    }
  }

  @Override
  public void close() {
    synchronized (idle) {
      closed = true;
      idle.forEach(Sql::closeQuietly);
      idle.clear();
    }
  }
}

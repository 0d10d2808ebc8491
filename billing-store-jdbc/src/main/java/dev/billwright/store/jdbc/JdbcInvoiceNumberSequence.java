package dev.billwright.store.jdbc;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.InvoiceNumberSequence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Gap-free number series in table {@code bw_sequence} (one row per series, its last value). A
 * number is taken by an {@code UPDATE ... SET last_value = last_value + 1} in a transaction: the
 * row lock orders concurrent callers, in this process or another, and a rolled-back transaction
 * gives its number back, so the series has no gap and no repeat (CGST Rule 46(b): "a
 * consecutive serial number ... unique for a financial year"). Unlike a database
 * {@code SEQUENCE}, which is not transactional and leaves gaps.
 */
public final class JdbcInvoiceNumberSequence implements InvoiceNumberSequence {
  private final Sql sql;

  JdbcInvoiceNumberSequence(Sql sql) {
    this.sql = sql;
  }

  /** The connections this sequence takes its numbers over (the invoice store shares them). */
  Sql sql() {
    return sql;
  }

  /**
   * {@inheritDoc}
   *
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails (no
   *     number is taken)
   */
  @Override
  public long next(String series) {
    Objects.requireNonNull(series, "series");
    return sql.tx("next number of " + series, c -> next(c, series));
  }

  /**
   * Takes the next {@code count} numbers of a series within the caller's transaction (the caller
   * commits or rolls back): one increment of its row, which stays locked until the commit.
   *
   * @return the last number taken; the numbers are {@code last - count + 1 .. last}
   */
  static long take(Connection c, String series, int count) throws SQLException {
    if (count == 1) {
      return next(c, series);
    }
    try (PreparedStatement up = c.prepareStatement("UPDATE bw_sequence SET last_value = last_value + ? WHERE"
        + " series = ?")) {
      up.setLong(1, count);
      up.setString(2, series);
      if (up.executeUpdate() == 0) {
        // first numbers of the series: a concurrent first insert makes one of us retry (unique violation)
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO bw_sequence (series, last_value) VALUES (?, ?)")) {
          ins.setString(1, series);
          ins.setLong(2, count);
          ins.executeUpdate();
        }
        return count;
      }
    }
    try (PreparedStatement q = c.prepareStatement("SELECT last_value FROM bw_sequence WHERE series = ?")) {
      q.setString(1, series);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Takes the next number within the caller's transaction (the caller commits or rolls back). */
  static long next(Connection c, String series) throws SQLException {
    if (c.getMetaData().getDatabaseProductName().startsWith("PostgreSQL")) {
      // one round trip: the increment returns the value it set
      try (PreparedStatement up = c.prepareStatement("UPDATE bw_sequence SET last_value = last_value + 1 WHERE"
          + " series = ? RETURNING last_value")) {
        up.setString(1, series);
        try (ResultSet rs = up.executeQuery()) {
          if (rs.next()) {
            return rs.getLong(1);
          }
        }
      }
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO bw_sequence (series, last_value) VALUES (?, 1)")) {
        ins.setString(1, series);
        ins.executeUpdate();
      }
      return 1;
    }
    try (PreparedStatement up = c.prepareStatement("UPDATE bw_sequence SET last_value = last_value + 1 WHERE"
        + " series = ?")) {
      up.setString(1, series);
      if (up.executeUpdate() == 0) {
        // first number of the series: a concurrent first insert makes one of us retry (unique violation)
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO bw_sequence (series, last_value) VALUES (?, 1)")) {
          ins.setString(1, series);
          ins.executeUpdate();
        }
        return 1;
      }
    }
    try (PreparedStatement q = c.prepareStatement("SELECT last_value FROM bw_sequence WHERE series = ?")) {
      q.setString(1, series);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}

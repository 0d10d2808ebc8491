package dev.billwright.store.jdbc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.alert.Alert;
import dev.billwright.alert.AlertSink;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.Json;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A transactional outbox of alerts in table {@code bw_alert_outbox}: {@link #emit} records an
 * alert once (keyed by rule id and time, so a re-run emits nothing new), a deliverer reads
 * {@link #pending} and marks each {@link #markDelivered} after sending it (at-least-once
 * delivery: an entry whose send succeeded but whose mark failed is sent again).
 */
public final class JdbcAlertOutbox implements AlertSink {
  private final Sql sql;
  private final Clock clock;

  /**
   * One alert waiting in the outbox.
   *
   * @param sequence the entry's position, from 1
   * @param key the alert key, {@code RULE_ID@INSTANT}
   * @param json the alert as JSON text: {@code rule_id}, {@code at}, {@code message}
   */
  public record Entry(long sequence, String key, String json) {}

  JdbcAlertOutbox(Sql sql, Clock clock) {
    this.sql = sql;
    this.clock = clock;
  }

  /**
   * Records the alert unless an alert of the same rule at the same time is already recorded.
   *
   * @param alert the alert, not null
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   */
  @Override
  public void emit(Alert alert) {
    Objects.requireNonNull(alert, "alert");
    String key = alert.rule().id() + "@" + alert.at();
    ObjectNode body = Json.object();
    body.put("rule_id", alert.rule().id());
    body.put("at", alert.at().toString());
    body.put("message", alert.message());
    String json = Json.write(body);
    sql.tx("emit alert " + key, c -> {
      try (PreparedStatement q = c.prepareStatement("SELECT seq FROM bw_alert_outbox WHERE alert_key = ?")) {
        q.setString(1, key);
        try (ResultSet rs = q.executeQuery()) {
          if (rs.next()) {
            return null;
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO bw_alert_outbox (alert_key, body, created_at)"
          + " VALUES (?, ?, ?)")) {
        ps.setString(1, key);
        ps.setString(2, json);
        Sql.setInstant(ps, 3, clock.instant());
        ps.executeUpdate();
      }
      return null;
    });
  }

  /**
   * The undelivered alerts, oldest first.
   *
   * @param limit the most to return, 1 or more
   * @return the entries, never null
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   */
  public List<Entry> pending(int limit) {
    return sql.tx("read outbox", c -> {
      List<Entry> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT seq, alert_key, body FROM bw_alert_outbox WHERE"
          + " delivered_at IS NULL ORDER BY seq")) {
        ps.setMaxRows(limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3)));
          }
        }
      }
      return out;
    });
  }

  /**
   * Marks an entry delivered.
   *
   * @param sequence the entry's sequence
   * @return whether it was pending (false if already delivered or unknown)
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   */
  public boolean markDelivered(long sequence) {
    return sql.tx("mark alert delivered", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE bw_alert_outbox SET delivered_at = ? WHERE seq = ? AND"
          + " delivered_at IS NULL")) {
        Sql.setInstant(ps, 1, clock.instant());
        ps.setLong(2, sequence);
        return ps.executeUpdate() == 1;
      }
    });
  }
}

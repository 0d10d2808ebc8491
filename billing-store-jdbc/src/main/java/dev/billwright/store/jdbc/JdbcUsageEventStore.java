package dev.billwright.store.jdbc;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.metering.DedupOutcome;
import dev.billwright.metering.UsageEvent;
import dev.billwright.metering.UsageEventJson;
import dev.billwright.metering.UsageEventStore;
import dev.billwright.time.BillingPeriod;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Usage events in table {@code bw_usage_event}, unique by event id (a repeated id is
 * {@link DedupOutcome#DUPLICATE} when the event is equal, {@link DedupOutcome#CONFLICT} when it
 * differs, and stores nothing). The body is the event's NDJSON line ({@link UsageEventJson}); the
 * {@code occurred_at} column (microseconds on PostgreSQL) narrows a read, and the exact
 * timestamp in the body decides it.
 */
public final class JdbcUsageEventStore implements UsageEventStore {
  private static final Duration SLACK = Duration.ofNanos(1000);
  private final Sql sql;

  JdbcUsageEventStore(Sql sql, Clock clock) {
    this.sql = sql;
  }

  /**
   * {@inheritDoc}
   *
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   *     (nothing stored)
   */
  @Override
  public DedupOutcome append(UsageEvent event) {
    Objects.requireNonNull(event, "event");
    String line = UsageEventJson.toLine(event);
    return sql.tx("append event " + event.id(), c -> {
      try (PreparedStatement q = c.prepareStatement("SELECT body FROM bw_usage_event WHERE event_id = ?")) {
        q.setString(1, event.id());
        try (ResultSet rs = q.executeQuery()) {
          if (rs.next()) {
            return UsageEventJson.parse(rs.getString(1), "bw_usage_event").equals(event) ? DedupOutcome.DUPLICATE
                : DedupOutcome.CONFLICT;
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO bw_usage_event (event_id, customer_id, event_type,"
          + " occurred_at, body) VALUES (?, ?, ?, ?, ?)")) {
        ps.setString(1, event.id());
        ps.setString(2, event.customer());
        ps.setString(3, event.eventType());
        Sql.setInstant(ps, 4, event.timestamp());
        ps.setString(5, line);
        ps.executeUpdate();
      }
      return DedupOutcome.NEW;
    });
  }

  /**
   * {@inheritDoc}
   *
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   */
  @Override
  public Stream<UsageEvent> read(String customer, String eventType, BillingPeriod period) {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(period, "period");
    List<UsageEvent> out = sql.tx("read events", c -> {
      List<UsageEvent> events = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT body FROM bw_usage_event WHERE customer_id = ? AND"
          + " event_type = ? AND occurred_at >= ? AND occurred_at <= ?")) {
        ps.setString(1, customer);
        ps.setString(2, eventType);
        Sql.setInstant(ps, 3, period.start().minus(SLACK));
        Sql.setInstant(ps, 4, period.end().plus(SLACK));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            UsageEvent e = UsageEventJson.parse(rs.getString(1), "bw_usage_event");
            if (!e.timestamp().isBefore(period.start()) && e.timestamp().isBefore(period.end())) {
              events.add(e);
            }
          }
        }
      }
      return events;
    });
    out.sort(Comparator.comparing(UsageEvent::timestamp).thenComparing(UsageEvent::id));
    return out.stream();
  }

  /**
   * {@inheritDoc}
   *
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   */
  @Override
  public long size() {
    return sql.tx("count events", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM bw_usage_event");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }
}

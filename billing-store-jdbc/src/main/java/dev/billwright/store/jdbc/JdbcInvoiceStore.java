package dev.billwright.store.jdbc;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.AuditRecord;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceJson;
import dev.billwright.invoice.InvoiceKey;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.invoice.InvoiceStore;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.time.BillingPeriod;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The invoice store in table {@code bw_invoice}: the body in {@link InvoiceJson} form, beside it
 * the key's owner, period start and end and kind, the status and the customer. The unique index
 * {@code bw_invoice_live_key} on (owner, period start, period end, kind) where the status is not
 * void makes {@link #insertIfAbsent} exact across threads and processes: of two concurrent
 * inserts of one key the database keeps one, and the loser reads the winner's invoice. Keys are
 * compared by their instants (two periods with the same instants in different zones are one key
 * here). Every insert and transition is audited ({@code invoice}, its id) in the same
 * transaction.
 */
public final class JdbcInvoiceStore implements InvoiceStore {
  private static final String LIVE = "SELECT body FROM bw_invoice WHERE owner_id = ? AND period_start = ? AND"
      + " period_end = ? AND kind = ? AND status <> 'void'";

  private final Sql sql;
  private final String actor;
  private final Clock clock;

  JdbcInvoiceStore(Sql sql, JdbcAuditLog audit, String actor, Clock clock) {
    this.sql = sql;
    this.actor = actor;
    this.clock = clock;
  }

  static String status(Invoice i) {
    return i.status().name().toLowerCase(Locale.ROOT);
  }

  static String kind(InvoiceKey key) {
    return key.kind().name().toLowerCase(Locale.ROOT);
  }

  private static void bindKey(PreparedStatement ps, int from, InvoiceKey key) throws SQLException {
    ps.setString(from, key.ownerId());
    Sql.setInstant(ps, from + 1, key.period().start());
    Sql.setInstant(ps, from + 2, key.period().end());
    ps.setString(from + 3, kind(key));
  }

  static Invoice parse(String body) {
    JsonObjectReader r = JsonObjectReader.root(Json.parse(body, "bw_invoice"), "bw_invoice");
    Invoice invoice = InvoiceJson.read(r);
    return invoice;
  }

  private static Optional<Invoice> live(Connection c, InvoiceKey key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(LIVE)) {
      bindKey(ps, 1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(parse(rs.getString(1))) : Optional.empty();
      }
    }
  }

  private static Optional<Invoice> byId(Connection c, String id, boolean lock) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT body FROM bw_invoice WHERE id = ?"
        + (lock ? " FOR UPDATE" : ""))) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(parse(rs.getString(1))) : Optional.empty();
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws BillingException with {@link ErrorCode#INVOICE_CONFLICT} if the id is already used
   *     by an invoice of another key or by a void invoice; {@link ErrorCode#STORE_UNAVAILABLE} if
   *     the database fails (nothing stored)
   */
  @Override
  public Invoice insertIfAbsent(Invoice invoice) {
    Objects.requireNonNull(invoice, "invoice");
    String body = Json.write(InvoiceJson.write(invoice));
    return sql.tx("insert invoice " + invoice.id(), c -> {
      // one round trip: the key's live invoice and the invoice holding the id, if any
      Invoice live = null;
      Invoice holder = null;
      try (PreparedStatement ps = c.prepareStatement("SELECT (owner_id = ? AND period_start = ? AND period_end = ?"
          + " AND kind = ? AND status <> 'void') AS live, id = ? AS holds_id, body FROM bw_invoice WHERE id = ? OR"
          + " (owner_id = ? AND period_start = ? AND period_end = ? AND kind = ? AND status <> 'void')")) {
        bindKey(ps, 1, invoice.key());
        ps.setString(5, invoice.id());
        ps.setString(6, invoice.id());
        bindKey(ps, 7, invoice.key());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Invoice row = parse(rs.getString(3));
            if (rs.getBoolean(1)) {
              live = row;
            }
            if (rs.getBoolean(2)) {
              holder = row;
            }
          }
        }
      }
      if (live != null) {
        return live;
      }
      Optional<Invoice> other = Optional.ofNullable(holder);
      if (other.isPresent()) {
        // under read committed each statement sees the latest commit: another writer may have
        // stored this key's invoice after the first read, so read the live invoice again
        Optional<Invoice> now = live(c, invoice.key());
        if (now.isPresent()) {
          return now.get();
        }
        throw conflictingId(invoice, other.get());
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO bw_invoice (id, key_value, owner_id, period_start,"
          + " period_end, kind, status, customer_id, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, invoice.id());
        ps.setString(2, invoice.key().value());
        bindKey(ps, 3, invoice.key());
        ps.setString(7, status(invoice));
        ps.setString(8, invoice.customerId());
        ps.setString(9, body);
        ps.executeUpdate();
      }
      JdbcAuditLog.append(c, AuditRecord.of(AuditRecord.ENTITY_INVOICE, invoice.id(), "created", null, body, actor,
          "key " + invoice.key().value(), clock.instant()));
      return invoice;
    });
  }

  private static BillingException conflictingId(Invoice invoice, Invoice other) {
    return new BillingException(ErrorCode.INVOICE_CONFLICT, "invoice id " + invoice.id() + " is already used by "
        + (other.status() == InvoiceStatus.VOID ? "the void invoice of key " : "key ") + other.key()
        + "; a new invoice of key " + invoice.key() + " needs a new id");
  }

  /**
   * {@inheritDoc}
   *
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   */
  @Override
  public Optional<Invoice> find(InvoiceKey key) {
    return sql.tx("find invoice", c -> live(c, key));
  }

  /**
   * {@inheritDoc}
   *
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   */
  @Override
  public List<Invoice> findAllByKey(InvoiceKey key) {
    return sql.tx("find invoices by key", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT body FROM bw_invoice WHERE owner_id = ? AND"
          + " period_start = ? AND period_end = ? AND kind = ? ORDER BY seq")) {
        bindKey(ps, 1, key);
        return list(ps);
      }
    });
  }

  private static List<Invoice> list(PreparedStatement ps) throws SQLException {
    List<Invoice> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(parse(rs.getString(1)));
      }
    }
    return out;
  }

  /**
   * {@inheritDoc}
   *
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   */
  @Override
  public Optional<Invoice> findById(String id) {
    return sql.tx("find invoice", c -> byId(c, id, false));
  }

  /**
   * {@inheritDoc}
   *
   * @throws BillingException with {@link ErrorCode#INVOICE_CONFLICT} if the stored invoice is
   *     not {@code expected} (or missing), the replacement changes the id or key, or it would make
   *     a void invoice live while its key has another live invoice;
   *     {@link ErrorCode#STORE_UNAVAILABLE} if the database fails (nothing changed)
   */
  @Override
  public Invoice compareAndSet(Invoice expected, Invoice replacement) {
    if (!expected.id().equals(replacement.id()) || !expected.key().equals(replacement.key())) {
      throw new BillingException(ErrorCode.INVOICE_CONFLICT, "a replacement keeps the id and key of invoice "
          + expected.id() + "; got id " + replacement.id() + ", key " + replacement.key());
    }
    String body = Json.write(InvoiceJson.write(replacement));
    return sql.tx("update invoice " + expected.id(), c -> {
        Optional<Invoice> current = byId(c, expected.id(), true);
        if (current.isEmpty() || !current.get().equals(expected)) {
          throw new BillingException(ErrorCode.INVOICE_CONFLICT, "invoice " + expected.id()
              + (current.isEmpty() ? " is not in the store" : " changed since it was read (now "
                  + current.get().status() + ")"));
        }
        if (current.get().status() == InvoiceStatus.VOID && replacement.status() != InvoiceStatus.VOID) {
          Optional<Invoice> live = live(c, current.get().key());
          if (live.isPresent()) {
            throw new BillingException(ErrorCode.INVOICE_CONFLICT, "invoice " + expected.id() + " is void and key "
                + current.get().key() + " has another live invoice, " + live.get().id());
          }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE bw_invoice SET status = ?, body = ? WHERE id = ?")) {
          ps.setString(1, status(replacement));
          ps.setString(2, body);
          ps.setString(3, expected.id());
          ps.executeUpdate();
        }
        JdbcAuditLog.append(c, AuditRecord.of(AuditRecord.ENTITY_INVOICE, expected.id(), action(expected, replacement),
            Json.write(InvoiceJson.write(expected)), body, actor, "", clock.instant()));
        return replacement;
      });
  }

  private static String action(Invoice before, Invoice after) {
    if (before.status() == after.status()) {
      return "updated";
    }
    return switch (after.status()) {
      case VOID -> "voided";
      case PAID -> "paid";
      case DRAFT -> "reopened";
      default -> before.status() == InvoiceStatus.DRAFT ? "finalized" : "status_" + status(after);
    };
  }

  /**
   * {@inheritDoc}
   *
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   */
  @Override
  public List<Invoice> listByCustomer(String customerId, BillingPeriod period) {
    return sql.tx("list invoices", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT body FROM bw_invoice WHERE customer_id = ? AND"
          + " period_start < ? AND period_end > ?")) {
        ps.setString(1, customerId);
        Sql.setInstant(ps, 2, period.end());
        Sql.setInstant(ps, 3, period.start());
        List<Invoice> out = list(ps);
        // sorted here, not by the database, so ids order by Java's String order whatever its collation
        out.sort(java.util.Comparator.comparing((Invoice i) -> i.period().start()).thenComparing(Invoice::id));
        return out;
      }
    });
  }
}

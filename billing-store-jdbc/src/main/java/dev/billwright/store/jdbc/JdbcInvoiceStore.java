package dev.billwright.store.jdbc;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.AuditRecord;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceJson;
import dev.billwright.invoice.InvoiceKey;
import dev.billwright.invoice.InvoiceNumberSequence;
import dev.billwright.invoice.InvoiceSeries;
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
import java.util.function.Function;

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

  /**
   * {@inheritDoc}
   *
   * <p>One transaction for the whole list: one read of the stored invoices the list's keys or
   * ids touch (on PostgreSQL one array-bound query; on H2 one prepared query per invoice), one
   * JDBC batch of inserts (a multi-row insert on PostgreSQL) and one batch of audit records, one
   * commit. A concurrent writer of one of the keys makes the unique index refuse the batch; the
   * transaction is then run again and reads the winner's invoice.
   *
   * @throws BillingException with {@link ErrorCode#INVOICE_CONFLICT} if an invoice's id is
   *     already used by an invoice of another key or by a void invoice (nothing is stored);
   *     {@link ErrorCode#STORE_UNAVAILABLE} if the database fails (nothing stored)
   */
  @Override
  public List<Invoice> insertAllIfAbsent(List<Invoice> invoices) {
    Objects.requireNonNull(invoices, "invoices");
    if (invoices.isEmpty()) {
      return List.of();
    }
    List<String> bodies = new ArrayList<>(invoices.size());
    for (Invoice i : invoices) {
      bodies.add(Json.write(InvoiceJson.write(Objects.requireNonNull(i, "invoices[]"))));
    }
    return sql.tx("insert " + invoices.size() + " invoices", c -> {
      java.util.Map<String, Invoice> liveByKey = new java.util.HashMap<>();
      java.util.Map<String, Invoice> byIdStored = new java.util.HashMap<>();
      if (sql.dialect() == Dialect.POSTGRESQL) {
        readTouchedPostgres(c, invoices, liveByKey, byIdStored);
      } else {
        try (PreparedStatement ps = c.prepareStatement("SELECT body FROM bw_invoice WHERE id = ? OR (owner_id = ?"
            + " AND period_start = ? AND period_end = ? AND kind = ? AND status <> 'void')")) {
          for (Invoice i : invoices) {
            ps.setString(1, i.id());
            bindKey(ps, 2, i.key());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                touched(parse(rs.getString(1)), liveByKey, byIdStored);
              }
            }
          }
        }
      }
      List<Invoice> out = new ArrayList<>(invoices.size());
      List<AuditRecord> audit = new ArrayList<>();
      java.time.Instant now = clock.instant();
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO bw_invoice (id, key_value, owner_id, period_start,"
          + " period_end, kind, status, customer_id, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (int n = 0; n < invoices.size(); n++) {
          Invoice invoice = invoices.get(n);
          Invoice live = liveByKey.get(instantKey(invoice.key()));
          if (live != null) {
            out.add(live);
            continue;
          }
          Invoice holder = byIdStored.get(invoice.id());
          if (holder != null) {
            Optional<Invoice> now2 = live(c, invoice.key()); // a writer may have stored the key since the read
            if (now2.isPresent()) {
              out.add(now2.get());
              continue;
            }
            throw conflictingId(invoice, holder);
          }
          ins.setString(1, invoice.id());
          ins.setString(2, invoice.key().value());
          bindKey(ins, 3, invoice.key());
          ins.setString(7, status(invoice));
          ins.setString(8, invoice.customerId());
          ins.setString(9, bodies.get(n));
          ins.addBatch();
          audit.add(AuditRecord.of(AuditRecord.ENTITY_INVOICE, invoice.id(), "created", null, bodies.get(n), actor,
              "key " + invoice.key().value(), now));
          touched(invoice, liveByKey, byIdStored);
          out.add(invoice);
        }
        if (!audit.isEmpty()) {
          Sql.executeBatch(ins);
        }
      }
      JdbcAuditLog.appendAll(c, audit);
      return out;
    });
  }

  /** A key by its instants, as the unique index compares it. */
  private static String instantKey(InvoiceKey key) {
    return key.ownerId() + '\u0000' + key.period().start() + '\u0000' + key.period().end() + '\u0000' + kind(key);
  }

  private static void touched(Invoice row, java.util.Map<String, Invoice> liveByKey,
      java.util.Map<String, Invoice> byId) {
    byId.put(row.id(), row);
    if (row.status() != InvoiceStatus.VOID) {
      liveByKey.put(instantKey(row.key()), row);
    }
  }

  /** PostgreSQL: the rows holding one of the ids, or live under one of the keys, in one query. */
  private static void readTouchedPostgres(Connection c, List<Invoice> invoices, java.util.Map<String, Invoice> liveByKey,
      java.util.Map<String, Invoice> byId) throws SQLException {
    int n = invoices.size();
    String[] ids = new String[n];
    String[] owners = new String[n];
    String[] starts = new String[n];
    String[] ends = new String[n];
    String[] kinds = new String[n];
    for (int i = 0; i < n; i++) {
      Invoice inv = invoices.get(i);
      ids[i] = inv.id();
      owners[i] = inv.key().ownerId();
      starts[i] = inv.key().period().start().toString();
      ends[i] = inv.key().period().end().toString();
      kinds[i] = kind(inv.key());
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT body FROM bw_invoice WHERE id = ANY (?::text[]) UNION"
        + " SELECT b.body FROM bw_invoice b JOIN unnest(?::text[], ?::text[]::timestamptz[], ?::text[]::timestamptz[],"
        + " ?::text[]) AS k(o, s, e, t) ON b.owner_id = k.o AND b.period_start = k.s AND b.period_end = k.e AND"
        + " b.kind = k.t WHERE b.status <> 'void'")) {
      ps.setArray(1, c.createArrayOf("text", ids));
      ps.setArray(2, c.createArrayOf("text", owners));
      ps.setArray(3, c.createArrayOf("text", starts));
      ps.setArray(4, c.createArrayOf("text", ends));
      ps.setArray(5, c.createArrayOf("text", kinds));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          touched(parse(rs.getString(1)), liveByKey, byId);
        }
      }
    }
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
    return sql.read("find invoice", c -> live(c, key));
  }

  /**
   * {@inheritDoc}
   *
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   */
  @Override
  public List<Invoice> findAllByKey(InvoiceKey key) {
    return sql.read("find invoices by key", c -> {
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
    return sql.read("find invoice", c -> byId(c, id, false));
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
        replace(c, expected, replacement, body, "");
        return replacement;
      });
  }

  /** Stores {@code replacement} (its JSON {@code body}) over {@code expected} and audits the change, in {@code c}'s transaction. */
  private void replace(Connection c, Invoice expected, Invoice replacement, String body, String reason)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE bw_invoice SET status = ?, body = ? WHERE id = ?")) {
      ps.setString(1, status(replacement));
      ps.setString(2, body);
      ps.setString(3, expected.id());
      ps.executeUpdate();
    }
    JdbcAuditLog.append(c, AuditRecord.of(AuditRecord.ENTITY_INVOICE, expected.id(), action(expected, replacement),
        Json.write(InvoiceJson.write(expected)), body, actor, reason, clock.instant()));
  }

  /**
   * {@inheritDoc}
   *
   * @return true for the number sequence of the same {@link JdbcStore}
   *     ({@link JdbcStore#invoiceNumbers()}): one database, one transaction
   */
  @Override
  public boolean sharesTransactionWith(InvoiceNumberSequence numbers) {
    return numbers instanceof JdbcInvoiceNumberSequence j && j.sql() == sql;
  }

  /**
   * {@inheritDoc}
   *
   * <p>With this store's own sequence: one transaction locks the invoice row, compares it with
   * {@code expected}, takes the number ({@code bw_sequence}), stores the finalized invoice and its
   * audit record, and commits; a failure or a lost connection rolls it all back, the number
   * included. With another sequence: the two-step default.
   *
   * @throws BillingException with {@link ErrorCode#INVOICE_CONFLICT} if the stored invoice is not
   *     {@code expected} or the replacement changes the id or key (no number taken);
   *     {@link ErrorCode#STORE_UNAVAILABLE} if the database fails (nothing taken or changed)
   */
  @Override
  public Invoice finalizeWithNumber(Invoice expected, InvoiceNumberSequence numbers, InvoiceSeries series,
      Function<String, Invoice> finalized) {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(finalized, "finalized");
    if (!sharesTransactionWith(numbers)) {
      return InvoiceStore.super.finalizeWithNumber(expected, numbers, series, finalized);
    }
    return sql.tx("finalize invoice " + expected.id(), c -> {
      Optional<Invoice> current = byId(c, expected.id(), true);
      if (current.isEmpty() || !current.get().equals(expected)) {
        throw new BillingException(ErrorCode.INVOICE_CONFLICT, "invoice " + expected.id()
            + (current.isEmpty() ? " is not in the store" : " changed since it was read (now "
                + current.get().status() + ")") + "; no number was taken");
      }
      String number = series.format(JdbcInvoiceNumberSequence.next(c, series.name()));
      Invoice replacement = finalized.apply(number);
      if (!expected.id().equals(replacement.id()) || !expected.key().equals(replacement.key())) {
        throw new BillingException(ErrorCode.INVOICE_CONFLICT, "a replacement keeps the id and key of invoice "
            + expected.id() + "; got id " + replacement.id() + ", key " + replacement.key() + "; no number was taken");
      }
      String body = Json.write(InvoiceJson.write(replacement));
      replace(c, expected, replacement, body, "number " + number);
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
    return sql.read("list invoices", c -> {
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

package dev.billwright.store.jdbc;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.invoice.AuditDiff;
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
 * transaction: an insert with the whole body ({@code created}, no state before), a transition
 * with the {@link AuditDiff shallow diff} of the stored body and the new one, so that replaying
 * an invoice's records rebuilds each stored version exactly.
 *
 * <p>The store remembers the JSON it wrote or read for the last {@value #REMEMBERED} invoice
 * objects (by identity: invoices are immutable), so a draft it has just inserted is compared and
 * diffed when it is finalized without being written to JSON again.
 */
public final class JdbcInvoiceStore implements InvoiceStore {
  private static final String LIVE = "SELECT body FROM bw_invoice WHERE owner_id = ? AND period_start = ? AND"
      + " period_end = ? AND kind = ? AND status <> 'void'";

  /** How many invoices' JSON forms are remembered. */
  static final int REMEMBERED = 1024;

  private final Sql sql;
  private final String actor;
  private final Clock clock;
  private final java.util.Map<String, Written> remembered = new java.util.LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(java.util.Map.Entry<String, Written> eldest) {
      return size() > REMEMBERED;
    }
  };

  /** An invoice object with its JSON tree and the compact text of that tree (never changed). */
  record Written(Invoice invoice, ObjectNode tree, String body) {}

  JdbcInvoiceStore(Sql sql, JdbcAuditLog audit, String actor, Clock clock) {
    this.sql = sql;
    this.actor = actor;
    this.clock = clock;
  }

  /** The JSON of an invoice: remembered if this very object was written or read here, else written now. */
  Written written(Invoice invoice) {
    Written w;
    synchronized (remembered) {
      w = remembered.get(invoice.id());
    }
    if (w != null && w.invoice() == invoice) {
      return w;
    }
    JsonNode tree = InvoiceJson.write(invoice);
    return new Written(invoice, (ObjectNode) tree, Bodies.write(tree));
  }

  private void remember(Written w) {
    synchronized (remembered) {
      remembered.put(w.invoice().id(), w);
    }
  }

  /**
   * The tree a transition is diffed against: the stored text's, which is {@code expected}'s own
   * JSON when the texts are equal (the common case, nothing parsed), else the stored text parsed
   * (an equal invoice written in another form, such as by an earlier version).
   */
  private static ObjectNode storedTree(Written expected, String storedBody) {
    if (storedBody.equals(expected.body())) {
      return expected.tree();
    }
    return (ObjectNode) Json.parse(storedBody, "bw_invoice");
  }

  /** Whether a stored text is the JSON this store writes for {@code expected} (then equal without parsing). */
  private boolean same(String storedBody, Invoice expected) {
    return storedBody.equals(written(expected).body());
  }

  /** The audit record of a transition: the shallow diff from the stored tree to the replacement's. */
  private AuditRecord transition(Invoice expected, Invoice replacement, ObjectNode storedTree, ObjectNode tree,
      String reason, java.time.Instant at) {
    AuditDiff.Halves d = AuditDiff.of(storedTree, tree);
    return AuditRecord.of(AuditRecord.ENTITY_INVOICE, expected.id(), action(expected, replacement),
        Bodies.write(d.before()), Bodies.write(d.after()), actor, reason, at);
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
    return bodyById(c, id, lock).map(JdbcInvoiceStore::parse);
  }

  private static Optional<String> bodyById(Connection c, String id, boolean lock) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT body FROM bw_invoice WHERE id = ?"
        + (lock ? " FOR UPDATE" : ""))) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
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
    Written written = written(invoice);
    String body = written.body();
    if (sql.dialect() == Dialect.POSTGRESQL && insertedInOneStatement(invoice, body)) {
      remember(written);
      return invoice;
    }
    Invoice stored = sql.tx("insert invoice " + invoice.id(), c -> {
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
    if (stored == invoice) {
      remember(written);
    }
    return stored;
  }

  /**
   * PostgreSQL, the common case of a new key and a new id: one statement, its own transaction
   * (auto-commit), inserts the invoice unless a unique index refuses it ({@code ON CONFLICT DO
   * NOTHING}: a live invoice of the key, or a row holding the id; a concurrent insert of either
   * is waited for) and appends its audit record from the inserted row. One round trip, one
   * durable commit.
   *
   * @return whether the invoice was inserted; if not, nothing was written and the caller reads
   *     what refused it
   */
  private boolean insertedInOneStatement(Invoice invoice, String body) {
    return sql.read("insert invoice " + invoice.id(), c -> {
      try (PreparedStatement ps = c.prepareStatement("WITH ins AS (INSERT INTO bw_invoice (id, key_value, owner_id,"
          + " period_start, period_end, kind, status, customer_id, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT DO NOTHING RETURNING id, body), aud AS (INSERT INTO bw_audit (entity_type, entity_id,"
          + " action, before_state, after_state, actor, reason, at) SELECT ?, id, 'created', NULL, body, ?, ?, ?"
          + " FROM ins) SELECT count(*) FROM ins")) {
        ps.setString(1, invoice.id());
        ps.setString(2, invoice.key().value());
        bindKey(ps, 3, invoice.key());
        ps.setString(7, status(invoice));
        ps.setString(8, invoice.customerId());
        ps.setString(9, body);
        ps.setString(10, AuditRecord.ENTITY_INVOICE);
        ps.setString(11, actor);
        ps.setString(12, "key " + invoice.key().value());
        Sql.setInstant(ps, 13, clock.instant());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() && rs.getLong(1) == 1;
        }
      }
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>PostgreSQL: one array-bound query for every key, ordered by insertion. H2: one query per
   * key, in one transaction.
   *
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   */
  @Override
  public java.util.Map<InvoiceKey, List<Invoice>> findAllByKeys(java.util.Collection<InvoiceKey> keys) {
    Objects.requireNonNull(keys, "keys");
    List<InvoiceKey> list = new ArrayList<>(new java.util.LinkedHashSet<>(keys));
    java.util.Map<InvoiceKey, List<Invoice>> out = new java.util.HashMap<>();
    if (list.isEmpty()) {
      return out;
    }
    if (sql.dialect() != Dialect.POSTGRESQL) {
      return sql.tx("find invoices by " + list.size() + " keys", c -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT body FROM bw_invoice WHERE owner_id = ? AND"
            + " period_start = ? AND period_end = ? AND kind = ? ORDER BY seq")) {
          for (InvoiceKey key : list) {
            bindKey(ps, 1, key);
            List<Invoice> found = list(ps);
            if (!found.isEmpty()) {
              out.put(key, found);
            }
          }
        }
        return out;
      });
    }
    java.util.Map<String, InvoiceKey> byInstants = new java.util.HashMap<>();
    int n = list.size();
    String[] owners = new String[n];
    String[] starts = new String[n];
    String[] ends = new String[n];
    String[] kinds = new String[n];
    for (int i = 0; i < n; i++) {
      InvoiceKey key = list.get(i);
      byInstants.putIfAbsent(instantKey(key), key);
      owners[i] = key.ownerId();
      starts[i] = key.period().start().toString();
      ends[i] = key.period().end().toString();
      kinds[i] = kind(key);
    }
    return sql.read("find invoices by " + n + " keys", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT b.body FROM bw_invoice b JOIN (SELECT DISTINCT * FROM"
          + " unnest(?::text[], ?::text[]::timestamptz[], ?::text[]::timestamptz[], ?::text[])) AS k(o, s, e, t)"
          + " ON b.owner_id = k.o AND b.period_start = k.s AND b.period_end = k.e AND b.kind = k.t ORDER BY b.seq")) {
        ps.setArray(1, c.createArrayOf("text", owners));
        ps.setArray(2, c.createArrayOf("text", starts));
        ps.setArray(3, c.createArrayOf("text", ends));
        ps.setArray(4, c.createArrayOf("text", kinds));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Invoice row = parse(rs.getString(1));
            InvoiceKey key = byInstants.get(instantKey(row.key()));
            if (key != null) {
              out.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
            }
          }
        }
      }
      return out;
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
    List<Written> writtens = new ArrayList<>(invoices.size());
    List<String> bodies = new ArrayList<>(invoices.size());
    for (Invoice i : invoices) {
      Written w = written(Objects.requireNonNull(i, "invoices[]"));
      writtens.add(w);
      bodies.add(w.body());
    }
    boolean postgres = sql.dialect() == Dialect.POSTGRESQL;
    List<Invoice> stored = sql.tx("insert " + invoices.size() + " invoices", c -> {
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
      List<Integer> fresh = new ArrayList<>();
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
          if (postgres) {
            fresh.add(n);
          } else {
            ins.setString(1, invoice.id());
            ins.setString(2, invoice.key().value());
            bindKey(ins, 3, invoice.key());
            ins.setString(7, status(invoice));
            ins.setString(8, invoice.customerId());
            ins.setString(9, bodies.get(n));
            ins.addBatch();
          }
          audit.add(AuditRecord.of(AuditRecord.ENTITY_INVOICE, invoice.id(), "created", null, bodies.get(n), actor,
              "key " + invoice.key().value(), now));
          touched(invoice, liveByKey, byIdStored);
          out.add(invoice);
        }
        if (!audit.isEmpty() && !postgres) {
          Sql.executeBatch(ins);
        }
      }
      if (postgres) {
        insertWithAudit(c, invoices, bodies, fresh, now);
      } else {
        JdbcAuditLog.appendAll(c, audit);
      }
      return out;
    });
    for (int n = 0; n < invoices.size(); n++) {
      if (stored.get(n) == invoices.get(n)) {
        remember(writtens.get(n));
      }
    }
    return stored;
  }

  /**
   * PostgreSQL: inserts the invoices at the positions {@code fresh} and their audit records in
   * one array-bound statement (each body sent once; a unique violation fails it, and the
   * transaction is run again).
   */
  private void insertWithAudit(Connection c, List<Invoice> invoices, List<String> bodies, List<Integer> fresh,
      java.time.Instant now) throws SQLException {
    if (fresh.isEmpty()) {
      return;
    }
    int n = fresh.size();
    String[][] cols = new String[9][n];
    for (int j = 0; j < n; j++) {
      Invoice i = invoices.get(fresh.get(j));
      cols[0][j] = i.id();
      cols[1][j] = i.key().value();
      cols[2][j] = i.key().ownerId();
      cols[3][j] = i.key().period().start().toString();
      cols[4][j] = i.key().period().end().toString();
      cols[5][j] = kind(i.key());
      cols[6][j] = status(i);
      cols[7][j] = i.customerId();
      cols[8][j] = bodies.get(fresh.get(j));
    }
    try (PreparedStatement ps = c.prepareStatement("WITH u AS (SELECT * FROM unnest(?::text[], ?::text[], ?::text[],"
        + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS u(i, k, o, s, e, t,"
        + " st, cu, b, n)), ins AS (INSERT INTO bw_invoice (id, key_value, owner_id, period_start, period_end, kind,"
        + " status, customer_id, body) SELECT i, k, o, s::timestamptz, e::timestamptz, t, st, cu, b FROM u ORDER BY n"
        + " RETURNING id) INSERT INTO bw_audit (entity_type, entity_id, action, before_state, after_state, actor,"
        + " reason, at) SELECT ?, u.i, 'created', NULL, u.b, ?, 'key ' || u.k, ? FROM u JOIN ins ON ins.id = u.i"
        + " ORDER BY u.n")) {
      for (int k = 0; k < 9; k++) {
        ps.setArray(k + 1, c.createArrayOf("text", cols[k]));
      }
      ps.setString(10, AuditRecord.ENTITY_INVOICE);
      ps.setString(11, actor);
      Sql.setInstant(ps, 12, now);
      ps.executeUpdate();
    }
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
    Written next = written(replacement);
    Invoice done = sql.tx("update invoice " + expected.id(), c -> {
        Optional<String> text = bodyById(c, expected.id(), true);
        Optional<Invoice> current = text.map(t -> same(t, expected) ? expected : parse(t));
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
        replace(c, expected, text.get(), next, "");
        return replacement;
      });
    remember(next);
    return done;
  }

  /**
   * Stores {@code next} over {@code expected} (stored as {@code storedBody}) and audits the
   * change as a shallow diff, in {@code c}'s transaction.
   */
  private void replace(Connection c, Invoice expected, String storedBody, Written next, String reason)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE bw_invoice SET status = ?, body = ? WHERE id = ?")) {
      ps.setString(1, status(next.invoice()));
      ps.setString(2, next.body());
      ps.setString(3, expected.id());
      ps.executeUpdate();
    }
    JdbcAuditLog.append(c, transition(expected, next.invoice(), storedTree(written(expected), storedBody),
        next.tree(), reason, clock.instant()));
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
    Written[] next = new Written[1];
    Invoice done = sql.tx("finalize invoice " + expected.id(), c -> {
      Optional<String> text = bodyById(c, expected.id(), true);
      Optional<Invoice> current = text.map(t -> same(t, expected) ? expected : parse(t));
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
      next[0] = written(replacement);
      replace(c, expected, text.get(), next[0], "number " + number);
      return replacement;
    });
    remember(next[0]);
    return done;
  }

  /**
   * {@inheritDoc}
   *
   * <p>With this store's own sequence, one transaction: locks the rows (in order of id), compares
   * each with its {@code expected}, takes each series' numbers with one increment of its
   * {@code bw_sequence} row (rows locked in order of series name), stores every finalized
   * invoice (on PostgreSQL one array-bound update) and its audit record (one batch), and
   * commits once; a failure or a lost connection rolls it all back, the numbers included. With
   * another sequence: {@link #finalizeWithNumber} for each, as the default.
   *
   * @throws BillingException with {@link ErrorCode#INVOICE_CONFLICT} if a stored invoice is not
   *     its {@code expected}, a replacement changes its id or key, or an id is listed twice (none
   *     finalized, no number taken); {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   *     (nothing taken or changed)
   */
  @Override
  public List<Invoice> finalizeAllWithNumbers(List<Finalization> finalizations, InvoiceNumberSequence numbers) {
    Objects.requireNonNull(finalizations, "finalizations");
    if (!sharesTransactionWith(numbers)) {
      return InvoiceStore.super.finalizeAllWithNumbers(finalizations, numbers);
    }
    if (finalizations.isEmpty()) {
      return List.of();
    }
    java.util.TreeMap<String, String> sortedIds = new java.util.TreeMap<>();
    java.util.TreeMap<String, Integer> perSeries = new java.util.TreeMap<>();
    for (Finalization f : finalizations) {
      Objects.requireNonNull(f, "finalizations[]");
      if (sortedIds.put(f.expected().id(), f.expected().id()) != null) {
        throw new BillingException(ErrorCode.INVOICE_CONFLICT, "invoice " + f.expected().id()
            + " is listed twice among the invoices to finalize; no number was taken");
      }
      perSeries.merge(f.series().name(), 1, Integer::sum);
    }
    List<Written> expectedJson = new ArrayList<>(finalizations.size());
    for (Finalization f : finalizations) {
      expectedJson.add(written(f.expected()));
    }
    boolean postgres = sql.dialect() == Dialect.POSTGRESQL;
    List<Written> next = new ArrayList<>(finalizations.size());
    List<Invoice> done = sql.tx("finalize " + finalizations.size() + " invoices", c -> {
      next.clear();
      // the tree each transition is diffed against: the stored text's
      List<ObjectNode> base = postgres ? checkDigests(c, finalizations, expectedJson, new ArrayList<>(sortedIds.keySet()))
          : checkBodies(c, finalizations, expectedJson, lockBodies(c, new ArrayList<>(sortedIds.keySet())));
      java.util.Map<String, Long> nextValue = new java.util.HashMap<>();
      for (java.util.Map.Entry<String, Integer> e : perSeries.entrySet()) {
        long last = JdbcInvoiceNumberSequence.take(c, e.getKey(), e.getValue());
        nextValue.put(e.getKey(), last - e.getValue() + 1);
      }
      List<Invoice> out = new ArrayList<>(finalizations.size());
      String[] ids = new String[finalizations.size()];
      String[] statuses = new String[finalizations.size()];
      String[] bodies = new String[finalizations.size()];
      List<AuditRecord> audit = new ArrayList<>(finalizations.size());
      java.time.Instant now = clock.instant();
      for (int i = 0; i < finalizations.size(); i++) {
        Finalization f = finalizations.get(i);
        Invoice expected = f.expected();
        long value = nextValue.merge(f.series().name(), 1L, Long::sum) - 1;
        String number = f.series().format(value);
        Invoice replacement = f.finalized().apply(number);
        if (!expected.id().equals(replacement.id()) || !expected.key().equals(replacement.key())) {
          throw new BillingException(ErrorCode.INVOICE_CONFLICT, "a replacement keeps the id and key of invoice "
              + expected.id() + "; got id " + replacement.id() + ", key " + replacement.key()
              + "; no invoice of the batch was finalized and no number was taken");
        }
        Written w = written(replacement);
        next.add(w);
        ids[i] = expected.id();
        statuses[i] = status(replacement);
        bodies[i] = w.body();
        audit.add(transition(expected, replacement, base.get(i), w.tree(), "number " + number, now));
        out.add(replacement);
      }
      if (postgres) {
        updateWithAudit(c, ids, statuses, bodies, audit, now);
        return out;
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE bw_invoice SET status = ?, body = ? WHERE id = ?")) {
        for (int i = 0; i < ids.length; i++) {
          ps.setString(1, statuses[i]);
          ps.setString(2, bodies[i]);
          ps.setString(3, ids[i]);
          ps.addBatch();
        }
        Sql.executeBatch(ps);
      }
      JdbcAuditLog.appendAll(c, audit);
      return out;
    });
    next.forEach(this::remember);
    return done;
  }

  /**
   * PostgreSQL: one statement updates the rows and appends their audit records (in list order),
   * and fails with a serialization failure, so that the transaction is run again, if it updated
   * another number of rows than it was given.
   */
  private void updateWithAudit(Connection c, String[] ids, String[] statuses, String[] bodies, List<AuditRecord> audit,
      java.time.Instant now) throws SQLException {
    int n = ids.length;
    String[] actions = new String[n];
    String[] reasons = new String[n];
    String[] before = new String[n];
    String[] after = new String[n];
    for (int i = 0; i < n; i++) {
      AuditRecord r = audit.get(i);
      actions[i] = r.action();
      reasons[i] = r.reason();
      before[i] = r.before().orElseThrow();
      after[i] = r.after().orElseThrow();
    }
    try (PreparedStatement ps = c.prepareStatement("WITH u AS (SELECT * FROM unnest(?::text[], ?::text[], ?::text[],"
        + " ?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS u(i, s, b, a, r, bs, aft, n)), upd AS"
        + " (UPDATE bw_invoice b SET status = u.s, body = u.b FROM u WHERE b.id = u.i RETURNING b.id) INSERT INTO"
        + " bw_audit (entity_type, entity_id, action, before_state, after_state, actor, reason, at) SELECT ?, u.i,"
        + " u.a, u.bs, u.aft, ?, u.r, ? FROM u WHERE (SELECT count(*) FROM upd) = ? ORDER BY u.n")) {
      ps.setArray(1, c.createArrayOf("text", ids));
      ps.setArray(2, c.createArrayOf("text", statuses));
      ps.setArray(3, c.createArrayOf("text", bodies));
      ps.setArray(4, c.createArrayOf("text", actions));
      ps.setArray(5, c.createArrayOf("text", reasons));
      ps.setArray(6, c.createArrayOf("text", before));
      ps.setArray(7, c.createArrayOf("text", after));
      ps.setString(8, AuditRecord.ENTITY_INVOICE);
      ps.setString(9, actor);
      Sql.setInstant(ps, 10, now);
      ps.setLong(11, n);
      if (ps.executeUpdate() != n) {
        throw new SQLException("finalizing " + n + " invoices updated another number of rows", "40001");
      }
    }
  }

  /**
   * H2: compares each locked stored body with its expected invoice (the texts first, the
   * invoices only if they differ) and returns the stored trees in list order.
   *
   * @throws BillingException with {@link ErrorCode#INVOICE_CONFLICT} if a row is missing or holds
   *     another invoice
   */
  private static List<ObjectNode> checkBodies(Connection c, List<Finalization> finalizations, List<Written> expected,
      java.util.Map<String, String> stored) {
    List<ObjectNode> out = new ArrayList<>(finalizations.size());
    for (int i = 0; i < finalizations.size(); i++) {
      Finalization f = finalizations.get(i);
      String body = stored.get(f.expected().id());
      if (body != null && body.equals(expected.get(i).body())) {
        out.add(expected.get(i).tree()); // the stored text is the expected invoice's: equal without parsing it
        continue;
      }
      Invoice current = body == null ? null : parse(body);
      if (current == null || !current.equals(f.expected())) {
        throw new BillingException(ErrorCode.INVOICE_CONFLICT, "invoice " + f.expected().id()
            + (current == null ? " is not in the store" : " changed since it was read (now " + current.status()
                + ")") + "; no invoice of the batch was finalized and no number was taken");
      }
      out.add(storedTree(expected.get(i), body));
    }
    return out;
  }

  /**
   * PostgreSQL: locks the rows of the ids (given in order) and compares each stored body with its
   * expected invoice by the MD5 digest of the text (32 characters back per row instead of the
   * body); a body whose digest differs (another text of an equal invoice, such as one written by
   * an earlier version) is read and compared as an invoice. Returns the stored trees in list
   * order (the expected invoice's own tree where the digests agree).
   *
   * @throws BillingException with {@link ErrorCode#INVOICE_CONFLICT} if a row is missing or holds
   *     another invoice
   */
  private static List<ObjectNode> checkDigests(Connection c, List<Finalization> finalizations, List<Written> expected,
      List<String> sortedIds) throws SQLException {
    java.util.Map<String, String> digests = new java.util.HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT id, md5(body) FROM bw_invoice WHERE id = ANY (?::text[])"
        + " ORDER BY id FOR UPDATE")) {
      ps.setArray(1, c.createArrayOf("text", sortedIds.toArray(new String[0])));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          digests.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    List<ObjectNode> out = new ArrayList<>(finalizations.size());
    for (int i = 0; i < finalizations.size(); i++) {
      Finalization f = finalizations.get(i);
      String digest = digests.get(f.expected().id());
      if (digest != null && digest.equals(md5(expected.get(i).body()))) {
        out.add(expected.get(i).tree());
        continue;
      }
      Optional<String> body = digest == null ? Optional.empty() : bodyById(c, f.expected().id(), false);
      Optional<Invoice> current = body.map(JdbcInvoiceStore::parse);
      if (current.isEmpty() || !current.get().equals(f.expected())) {
        throw new BillingException(ErrorCode.INVOICE_CONFLICT, "invoice " + f.expected().id()
            + (current.isEmpty() ? " is not in the store" : " changed since it was read (now "
                + current.get().status() + ")") + "; no invoice of the batch was finalized and no number was taken");
      }
      out.add(storedTree(expected.get(i), body.get()));
    }
    return out;
  }
  /** The MD5 digest of a text's UTF-8 bytes in lower-case hex, as PostgreSQL's {@code md5(text)}. */
  private static String md5(String text) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("MD5").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is a required JDK algorithm", e);
    }
  }

  /** Locks the rows of the ids (given in order) and returns their bodies by id; missing ids are absent. */
  private java.util.Map<String, String> lockBodies(Connection c, List<String> ids) throws SQLException {
    java.util.Map<String, String> out = new java.util.HashMap<>();
    if (sql.dialect() == Dialect.POSTGRESQL) {
      try (PreparedStatement ps = c.prepareStatement("SELECT id, body FROM bw_invoice WHERE id = ANY (?::text[])"
          + " ORDER BY id FOR UPDATE")) {
        ps.setArray(1, c.createArrayOf("text", ids.toArray(new String[0])));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getString(1), rs.getString(2));
          }
        }
      }
      return out;
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT body FROM bw_invoice WHERE id = ? FOR UPDATE")) {
      for (String id : ids) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            out.put(id, rs.getString(1));
          }
        }
      }
    }
    return out;
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

package dev.billwright.store.jdbc;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.AuditRecord;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.CreditNoteJson;
import dev.billwright.invoice.CreditNoteStore;
import dev.billwright.invoice.InvoiceSeries;
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
import java.util.Optional;

/**
 * Credit notes in table {@code bw_credit_note}, idempotent by id (primary key) and numbered from
 * their own series in {@code bw_sequence} in the same transaction as the insert: a note is stored
 * with its number or not at all, and a repeated id takes no number. Every note stored is audited
 * ({@code credit_note}, its id).
 */
public final class JdbcCreditNoteStore implements CreditNoteStore {
  private final Sql sql;
  private final String actor;
  private final Clock clock;

  JdbcCreditNoteStore(Sql sql, JdbcAuditLog audit, String actor, Clock clock) {
    this.sql = sql;
    this.actor = actor;
    this.clock = clock;
  }

  /**
   * {@inheritDoc}
   *
   * @throws BillingException with {@link ErrorCode#INVOICE_CONFLICT} if the id is used for
   *     another invoice; {@link ErrorCode#STORE_UNAVAILABLE} if the database fails (nothing stored,
   *     no number taken)
   */
  @Override
  public CreditNote insertIfAbsent(CreditNote note, InvoiceSeries series) {
    Objects.requireNonNull(note, "note");
    Objects.requireNonNull(series, "series");
    return sql.tx("store credit note " + note.id(), c -> {
      Optional<CreditNote> existing = byId(c, note.id());
      if (existing.isPresent()) {
        if (!existing.get().invoiceId().equals(note.invoiceId())) {
          throw new BillingException(ErrorCode.INVOICE_CONFLICT, "credit note id " + note.id()
              + " is already used for invoice " + existing.get().invoiceId() + ", not " + note.invoiceId());
        }
        return existing.get();
      }
      CreditNote numbered = note.number().isPresent() ? note
          : note.withNumber(series.format(JdbcInvoiceNumberSequence.next(c, series.name())));
      String body = Json.write(CreditNoteJson.write(numbered));
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO bw_credit_note (id, invoice_id, number, body)"
          + " VALUES (?, ?, ?, ?)")) {
        ps.setString(1, numbered.id());
        ps.setString(2, numbered.invoiceId());
        ps.setString(3, numbered.number().orElseThrow());
        ps.setString(4, body);
        ps.executeUpdate();
      }
      JdbcAuditLog.append(c, AuditRecord.of(AuditRecord.ENTITY_CREDIT_NOTE, numbered.id(), "created", null, body,
          actor, numbered.reasonText(), clock.instant()));
      return numbered;
    });
  }

  private static CreditNote parse(String body) {
    return CreditNoteJson.read(JsonObjectReader.root(Json.parse(body, "bw_credit_note"), "bw_credit_note"));
  }

  private static Optional<CreditNote> byId(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT body FROM bw_credit_note WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(parse(rs.getString(1))) : Optional.empty();
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   */
  @Override
  public Optional<CreditNote> findById(String id) {
    return sql.tx("find credit note", c -> byId(c, id));
  }

  /**
   * {@inheritDoc}
   *
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   */
  @Override
  public List<CreditNote> listByInvoice(String invoiceId) {
    return sql.tx("list credit notes", c -> {
      List<CreditNote> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT body FROM bw_credit_note WHERE invoice_id = ? ORDER BY"
          + " seq")) {
        ps.setString(1, invoiceId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(parse(rs.getString(1)));
          }
        }
      }
      return out;
    });
  }
}

package dev.billwright.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.invoice.AuditDiff;
import dev.billwright.invoice.AuditRecord;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceJson;
import dev.billwright.invoice.InvoiceKey;
import dev.billwright.invoice.InvoiceKind;
import dev.billwright.invoice.InvoiceLifecycle;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.InvoiceSeries;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.invoice.InvoiceStore;
import dev.billwright.invoice.LineKind;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.money.Money;
import dev.billwright.time.BillingPeriod;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The audit log rebuilds every version of every invoice: random invoice histories (inserted one
 * by one or in batches, finalized one by one or in batches, paid, voided, marked uncollectible,
 * their metadata or lines changed by compare-and-set) are written through {@link
 * JdbcInvoiceStore}, and replaying each invoice's records ({@link AuditDiff#replay}) yields
 * exactly the stored versions, in order, on H2 and on PostgreSQL; also for rows written in the
 * older form (an indented body, transition records carrying two whole documents).
 */
class AuditReplayTest {
  private static final List<JdbcStore> OPENED = new ArrayList<>();
  private static final AtomicInteger IDS = new AtomicInteger();
  private static final InvoiceSeries SERIES = InvoiceSeries.of("INV", "INV-", 6);
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  @AfterAll
  static void close() {
    OPENED.forEach(JdbcStore::close);
  }

  @Test
  void replayRebuildsEveryVersionOnH2() {
    replayRebuildsEveryVersion(Databases.newH2(), 60);
  }

  @Test
  void replayRebuildsEveryVersionOnPostgres() {
    replayRebuildsEveryVersion(Databases.newPostgres(), 60);
  }

  @Test
  void olderRowsAndRecordsReplayTooOnH2() throws SQLException {
    olderRowsAndRecordsReplay(Databases.newH2());
  }

  @Test
  void olderRowsAndRecordsReplayTooOnPostgres() throws SQLException {
    olderRowsAndRecordsReplay(Databases.newPostgres());
  }

  @Test
  void aTransitionRecordCarriesOnlyTheChangedTopLevelFields() {
    JdbcStore db = open(Databases.newH2());
    JdbcInvoiceStore store = db.invoices();
    Invoice draft = store.insertIfAbsent(draft("inv_f", 2, new SplittableRandom(1)));
    Invoice open = store.finalizeWithNumber(draft, db.invoiceNumbers(), SERIES,
        n -> InvoiceLifecycle.finalize(draft, n, T0));
    List<AuditRecord> trail = db.auditLog().read(AuditRecord.ENTITY_INVOICE, "inv_f");
    assertThat(trail).extracting(AuditRecord::action).containsExactly("created", "finalized");
    assertThat(trail.get(0).before()).isEmpty();
    assertThat(tree(trail.get(0).after().orElseThrow())).isEqualTo(InvoiceJson.write(draft));
    ObjectNode before = (ObjectNode) tree(trail.get(1).before().orElseThrow());
    ObjectNode after = (ObjectNode) tree(trail.get(1).after().orElseThrow());
    assertThat(before.get("status").asText()).isEqualTo("draft");
    assertThat(after.get("status").asText()).isEqualTo("finalized");
    assertThat(after.get("number").asText()).isEqualTo(open.number().orElseThrow());
    assertThat(after.has("lines")).isFalse(); // unchanged: not carried
    assertThat(before.has("lines")).isFalse();
    assertThat(trail.get(1).after().orElseThrow().length())
        .isLessThan(trail.get(0).after().orElseThrow().length() / 2);
  }

  private static JdbcStore open(String url) {
    JdbcStore db = Databases.open(url);
    OPENED.add(db);
    return db;
  }

  private static void replayRebuildsEveryVersion(String url, int examples) {
    JdbcStore db = open(url);
    qt().withExamples(examples).withShrinkCycles(20)
        .forAll(integers().between(1, 4), lists().of(integers().between(0, 7)).ofSizeBetween(0, 8),
            longs().all())
        .checkAssert((invoices, ops, seed) -> {
          SplittableRandom random = new SplittableRandom(seed);
          JdbcInvoiceStore store = db.invoices();
          // now and then a store of its own, which remembers nothing it did not write or read itself
          java.util.function.Supplier<JdbcInvoiceStore> pick = () -> random.nextInt(3) == 0 ? db.invoices() : store;
          List<List<Invoice>> versions = new ArrayList<>();
          List<Invoice> drafts = new ArrayList<>();
          for (int i = 0; i < invoices; i++) {
            drafts.add(draft("inv_" + IDS.incrementAndGet(), 1 + random.nextInt(3), random));
          }
          List<Invoice> current = random.nextBoolean() ? store.insertAllIfAbsent(drafts)
              : drafts.stream().map(store::insertIfAbsent).toList();
          current = new ArrayList<>(current);
          for (Invoice d : current) {
            versions.add(new ArrayList<>(List.of(d)));
          }
          for (int op : ops) {
            if (op == 0) { // finalize every draft in one batch
              List<InvoiceStore.Finalization> fs = new ArrayList<>();
              List<Integer> at = new ArrayList<>();
              for (int i = 0; i < current.size(); i++) {
                Invoice d = current.get(i);
                if (d.status() == InvoiceStatus.DRAFT) {
                  fs.add(new InvoiceStore.Finalization(d, SERIES, n -> InvoiceLifecycle.finalize(d, n, T0)));
                  at.add(i);
                }
              }
              if (!fs.isEmpty()) {
                List<Invoice> done = pick.get().finalizeAllWithNumbers(fs, db.invoiceNumbers());
                for (int k = 0; k < at.size(); k++) {
                  set(current, versions, at.get(k), done.get(k));
                }
              }
              continue;
            }
            int i = random.nextInt(current.size());
            Invoice inv = current.get(i);
            InvoiceStatus s = inv.status();
            Invoice next = switch (op) {
              case 1 -> s == InvoiceStatus.DRAFT ? pick.get().finalizeWithNumber(inv, db.invoiceNumbers(), SERIES,
                  n -> InvoiceLifecycle.finalize(inv, n, T0.plusSeconds(random.nextInt(1000)))) : null;
              case 2 -> s == InvoiceStatus.FINALIZED || s == InvoiceStatus.UNCOLLECTIBLE
                  ? pick.get().compareAndSet(inv, InvoiceLifecycle.markPaid(inv, T0.plusSeconds(5000))) : null;
              case 3 -> s == InvoiceStatus.FINALIZED || s == InvoiceStatus.UNCOLLECTIBLE
                  ? pick.get().compareAndSet(inv, InvoiceLifecycle.voidInvoice(inv, T0.plusSeconds(6000))) : null;
              case 4 -> s == InvoiceStatus.FINALIZED
                  ? pick.get().compareAndSet(inv, InvoiceLifecycle.markUncollectible(inv, T0.plusSeconds(7000))) : null;
              case 5, 6 -> pick.get().compareAndSet(inv, inv.withMetadata(metadata(random)));
              default -> s == InvoiceStatus.DRAFT
                  ? pick.get().compareAndSet(inv, inv.withLines(lines(inv.key().period(), 1 + random.nextInt(3), random)))
                  : pick.get().compareAndSet(inv, inv); // an unchanged invoice: an empty diff
            };
            if (next != null) {
              set(current, versions, i, next);
            }
          }
          for (List<Invoice> history : versions) {
            String id = history.get(0).id();
            List<ObjectNode> replayed = AuditDiff.replay(db.auditLog().read(AuditRecord.ENTITY_INVOICE, id));
            assertExactly(replayed, history);
            assertThat(store.findById(id)).contains(history.get(history.size() - 1));
          }
        });
  }

  /**
   * A row stored in another text form than this store writes (indented, as {@code Json.write})
   * with its creation record, then a transition recorded the older way (two whole documents),
   * then transitions through the store: the replay still yields every version.
   */
  private static void olderRowsAndRecordsReplay(String url) throws SQLException {
    JdbcStore db = open(url);
    Invoice v1 = draft("inv_old_" + IDS.incrementAndGet(), 3, new SplittableRandom(7));
    Invoice v2 = v1.withMetadata(Map.of("po", "PO-1"));
    boolean pg = url.startsWith("jdbc:postgresql:");
    try (Connection c = pg ? DriverManager.getConnection(url, "postgres", "") : DriverManager.getConnection(url)) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO bw_invoice (id, key_value, owner_id, period_start,"
          + " period_end, kind, status, customer_id, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, v1.id());
        ps.setString(2, v1.key().value());
        ps.setString(3, v1.key().ownerId());
        Sql.setInstant(ps, 4, v1.key().period().start());
        Sql.setInstant(ps, 5, v1.key().period().end());
        ps.setString(6, "period");
        ps.setString(7, "draft");
        ps.setString(8, v1.customerId());
        ps.setString(9, Json.write(InvoiceJson.write(v2)));
        ps.executeUpdate();
      }
      JdbcAuditLog.appendAll(c, List.of(
          AuditRecord.of(AuditRecord.ENTITY_INVOICE, v1.id(), "created", null, Json.write(InvoiceJson.write(v1)),
              "old", "", T0),
          AuditRecord.of(AuditRecord.ENTITY_INVOICE, v1.id(), "updated", Json.write(InvoiceJson.write(v1)),
              Json.write(InvoiceJson.write(v2)), "old", "", T0)));
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
    JdbcInvoiceStore store = db.invoices();
    Invoice v3 = store.finalizeAllWithNumbers(List.of(new InvoiceStore.Finalization(v2, SERIES,
        n -> InvoiceLifecycle.finalize(v2, n, T0))), db.invoiceNumbers()).get(0);
    Invoice v4 = store.compareAndSet(v3, InvoiceLifecycle.markPaid(v3, T0.plusSeconds(60)));
    assertExactly(AuditDiff.replay(db.auditLog().read(AuditRecord.ENTITY_INVOICE, v1.id())), List.of(v1, v2, v3, v4));

    // and one more older row finalized one by one
    Invoice w1 = draft("inv_old_" + IDS.incrementAndGet(), 2, new SplittableRandom(8));
    try (Connection c = pg ? DriverManager.getConnection(url, "postgres", "") : DriverManager.getConnection(url)) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO bw_invoice (id, key_value, owner_id, period_start,"
          + " period_end, kind, status, customer_id, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, w1.id());
        ps.setString(2, w1.key().value());
        ps.setString(3, w1.key().ownerId());
        Sql.setInstant(ps, 4, w1.key().period().start());
        Sql.setInstant(ps, 5, w1.key().period().end());
        ps.setString(6, "period");
        ps.setString(7, "draft");
        ps.setString(8, w1.customerId());
        ps.setString(9, Json.write(InvoiceJson.write(w1)));
        ps.executeUpdate();
      }
      JdbcAuditLog.appendAll(c, List.of(AuditRecord.of(AuditRecord.ENTITY_INVOICE, w1.id(), "created", null,
          Json.write(InvoiceJson.write(w1)), "old", "", T0)));
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
    Invoice w2 = store.finalizeWithNumber(w1, db.invoiceNumbers(), SERIES, n -> InvoiceLifecycle.finalize(w1, n, T0));
    assertExactly(AuditDiff.replay(db.auditLog().read(AuditRecord.ENTITY_INVOICE, w1.id())), List.of(w1, w2));
  }

  private static void set(List<Invoice> current, List<List<Invoice>> versions, int i, Invoice next) {
    current.set(i, next);
    versions.get(i).add(next);
  }

  /** Each replayed version is the invoice's JSON tree, and reads back as the invoice. */
  private static void assertExactly(List<ObjectNode> replayed, List<Invoice> history) {
    assertThat(replayed).hasSameSizeAs(history);
    for (int v = 0; v < history.size(); v++) {
      Invoice expected = history.get(v);
      assertThat(replayed.get(v)).as("version %d of %s", v, expected.id())
          .isEqualTo(tree(Json.write(InvoiceJson.write(expected))));
      Invoice read = InvoiceJson.read(JsonObjectReader.root(replayed.get(v), "replayed"));
      assertThat(read).as("version %d of %s read back", v, expected.id()).isEqualTo(expected);
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode tree(String text) {
    return Json.parse(text, "test");
  }

  private static Map<String, String> metadata(SplittableRandom random) {
    Map<String, String> m = new TreeMap<>();
    int n = random.nextInt(4);
    for (int k = 0; k < n; k++) {
      m.put("k" + random.nextInt(5), "v" + random.nextInt(100));
    }
    return m;
  }

  private static List<InvoiceLine> lines(BillingPeriod period, int n, SplittableRandom random) {
    List<InvoiceLine> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      Money money = Money.of("INR", random.nextInt(1, 1_000_000) + "." + String.format("%02d", random.nextInt(100)));
      out.add(InvoiceLine.builder()
          .lineId(InvoiceLine.lineIdOf("sub_x", "charge_" + k, Map.of(), LineKind.RECURRING_FEE))
          .subscriptionId("sub_x")
          .chargeCode("charge_" + k)
          .kind(LineKind.RECURRING_FEE)
          .servicePeriod(period)
          .exactAmount(money)
          .amount(money)
          .build());
    }
    return out;
  }

  /** A draft of its own key (the subscription is the invoice id), with {@code n} lines and random metadata. */
  private static Invoice draft(String id, int n, SplittableRandom random) {
    BillingPeriod period = BillingPeriod.ofDates(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 1), ZoneOffset.UTC);
    List<InvoiceLine> lines = lines(period, n, random);
    return Invoice.builder()
        .id(id)
        .key(InvoiceKey.of("sub_" + id, period, InvoiceKind.PERIOD))
        .customerId("cus_1")
        .addSubscriptionIds("sub_x")
        .currency(lines.get(0).amount().currency())
        .addAllLines(lines)
        .putAllMetadata(metadata(random))
        .issuedAt(period.end())
        .build();
  }
}

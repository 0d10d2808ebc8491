package dev.billwright.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanCatalog;
import dev.billwright.catalog.PlanJson;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceKey;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.InvoiceNumberSequence;
import dev.billwright.invoice.InvoiceStore;
import dev.billwright.invoice.LineKind;
import dev.billwright.json.Json;
import dev.billwright.money.Money;
import dev.billwright.time.BillingPeriod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Small in-test SPIs (billing-core tests cannot use billing-testkit) and golden-file helpers. */
final class BillingFixtures {
  private BillingFixtures() {}

  static final Path GOLDEN = Path.of("src", "test", "resources", "golden", "billing");

  static boolean update() {
    return "1".equals(System.getenv("BILLWRIGHT_UPDATE_GOLDEN"))
        || "1".equals(System.getProperty("BILLWRIGHT_UPDATE_GOLDEN"));
  }

  /** Compares a JSON document byte for byte with a golden file (rewritten with BILLWRIGHT_UPDATE_GOLDEN=1). */
  static void assertGolden(String name, ObjectNode node) throws IOException {
    String text = Json.write(node);
    Path file = GOLDEN.resolve(name);
    if (update()) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, text);
    }
    assertThat(Files.exists(file)).as(file + " exists (create it with BILLWRIGHT_UPDATE_GOLDEN=1)").isTrue();
    assertThat(text).as(name).isEqualTo(Files.readString(file));
  }

  static Plan plan(String json) {
    return PlanJson.read(Json.parse(json, "test-plan"), "test-plan");
  }

  /** A map-backed catalog. */
  static final class MapCatalog implements PlanCatalog {
    private final Map<String, TreeMap<Integer, Plan>> plans = new HashMap<>();

    MapCatalog(Plan... initial) {
      for (Plan p : initial) {
        publish(p);
      }
    }

    @Override
    public synchronized void publish(Plan plan) {
      plans.computeIfAbsent(plan.code(), k -> new TreeMap<>()).put(plan.version(), plan);
    }

    @Override
    public synchronized Optional<Plan> find(String code, int version) {
      return Optional.ofNullable(plans.getOrDefault(code, new TreeMap<>()).get(version));
    }

    @Override
    public synchronized List<Plan> versions(String code) {
      return List.copyOf(plans.getOrDefault(code, new TreeMap<>()).values());
    }
  }

  /** A map-backed store with the SPI's insert-if-absent and compare-and-set semantics. */
  static final class MapStore implements InvoiceStore {
    final Map<String, Invoice> byKey = new java.util.LinkedHashMap<>();

    @Override
    public synchronized Invoice insertIfAbsent(Invoice invoice) {
      return byKey.computeIfAbsent(invoice.key().value(), k -> invoice);
    }

    @Override
    public synchronized Optional<Invoice> find(InvoiceKey key) {
      return Optional.ofNullable(byKey.get(key.value()));
    }

    @Override
    public synchronized Optional<Invoice> findById(String id) {
      return byKey.values().stream().filter(i -> i.id().equals(id)).findFirst();
    }

    @Override
    public synchronized List<Invoice> findAllByKey(InvoiceKey key) {
      return find(key).map(List::of).orElse(List.of()); // these tests never void an invoice
    }

    @Override
    public synchronized Invoice compareAndSet(Invoice expected, Invoice replacement) {
      Invoice current = byKey.get(expected.key().value());
      if (current == null || !current.equals(expected)) {
        throw new BillingException(ErrorCode.INVOICE_CONFLICT, "stale " + expected.id());
      }
      byKey.put(expected.key().value(), replacement);
      return replacement;
    }

    @Override
    public synchronized List<Invoice> listByCustomer(String customerId, BillingPeriod period) {
      List<Invoice> out = new ArrayList<>();
      for (Invoice i : byKey.values()) {
        if (i.customerId().equals(customerId) && i.period().overlaps(period)) {
          out.add(i);
        }
      }
      return out;
    }
  }

  /** A counter per series. */
  static final class Counter implements InvoiceNumberSequence {
    private final Map<String, Long> next = new HashMap<>();

    @Override
    public synchronized long next(String series) {
      return next.merge(series, 1L, Long::sum);
    }
  }

  /** The amount of the only line of a kind and charge. */
  static Money amount(Invoice invoice, String chargeCode, LineKind kind) {
    List<InvoiceLine> found = invoice.lines().stream()
        .filter(l -> l.chargeCode().equals(chargeCode) && l.kind() == kind).toList();
    assertThat(found).as(chargeCode + " " + kind + " in " + invoice.lines()).hasSize(1);
    return found.get(0).amount();
  }

  static Money usd(String amount) {
    return Money.of("USD", amount);
  }
}

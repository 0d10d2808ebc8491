package dev.billwright.payment;

import dev.billwright.money.Money;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches provider payments to invoices and wallet top-ups: a pure function of two lists.
 *
 * <p>A provider payment matches an expectation by its {@code idempotency_key} metadata (which the
 * Stripe and Razorpay adapters write); failing that, an invoice by {@code invoice_id} or a top-up
 * by {@code wallet_id} and the same amount. Then, per expectation: payments that add up to the
 * expected amount are a match (one payment, or partial payments); otherwise, when one of them
 * alone equals the amount, it is the match and every other one is a duplicate
 * ({@code collected_twice}); otherwise the expectation is an amount mismatch. A reference that
 * appears twice in the provider list is a {@code repeated_reference} duplicate. What is left on
 * either side is reported unmatched.
 */
public final class Reconciliation {
  private Reconciliation() {}

  /**
   * Reconciles.
   *
   * @param expected what Billwright expects, not null
   * @param provider what the provider reports, not null
   * @return the report, never null
   */
  public static ReconciliationReport reconcile(List<ExpectedPayment> expected, List<ProviderPayment> provider) {
    List<ReconciliationReport.Duplicate> duplicates = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<ProviderPayment> distinct = new ArrayList<>();
    for (ProviderPayment p : provider) {
      if (seen.add(p.reference())) {
        distinct.add(p);
      } else {
        duplicates.add(new ReconciliationReport.Duplicate(p, "repeated_reference", null));
      }
    }
    Map<ExpectedPayment, List<ProviderPayment>> byExpected = new LinkedHashMap<>();
    expected.forEach(e -> byExpected.put(e, new ArrayList<>()));
    List<ProviderPayment> unmatched = new ArrayList<>();
    for (ProviderPayment p : distinct) {
      ExpectedPayment e = find(expected, p);
      if (e == null) {
        unmatched.add(p);
      } else {
        byExpected.get(e).add(p);
      }
    }
    List<ReconciliationReport.Match> matched = new ArrayList<>();
    List<ReconciliationReport.Mismatch> mismatches = new ArrayList<>();
    List<ExpectedPayment> missing = new ArrayList<>();
    for (Map.Entry<ExpectedPayment, List<ProviderPayment>> entry : byExpected.entrySet()) {
      ExpectedPayment e = entry.getKey();
      List<ProviderPayment> ps = new ArrayList<>(entry.getValue());
      ps.sort(Comparator.comparing(ProviderPayment::at).thenComparing(ProviderPayment::reference));
      if (ps.isEmpty()) {
        missing.add(e);
        continue;
      }
      boolean sameCurrency = ps.stream().allMatch(p -> p.amount().currency().equals(e.amount().currency()));
      Money sum = sameCurrency ? Money.total(e.amount().currency(), ps.stream().map(ProviderPayment::amount).toList())
          : ps.get(0).amount();
      if (sameCurrency && sum.equals(e.amount())) {
        matched.add(new ReconciliationReport.Match(e, List.copyOf(ps)));
        continue;
      }
      ProviderPayment exact = sameCurrency
          ? ps.stream().filter(p -> p.amount().equals(e.amount())).findFirst().orElse(null) : null;
      if (exact != null) {
        matched.add(new ReconciliationReport.Match(e, List.of(exact)));
        for (ProviderPayment p : ps) {
          if (p != exact) {
            duplicates.add(new ReconciliationReport.Duplicate(p, "collected_twice", e));
          }
        }
        continue;
      }
      Money difference = sameCurrency ? sum.minus(e.amount()) : sum;
      mismatches.add(new ReconciliationReport.Mismatch(e, List.copyOf(ps), sum, difference));
    }
    return new ReconciliationReport(matched, mismatches, duplicates, unmatched, missing);
  }

  private static ExpectedPayment find(List<ExpectedPayment> expected, ProviderPayment p) {
    String key = p.metadata().get("idempotency_key");
    if (key != null) {
      for (ExpectedPayment e : expected) {
        if (e.idempotencyKey().equals(key)) {
          return e;
        }
      }
    }
    for (ExpectedPayment e : expected) {
      String field = e.kind() == ExpectedPayment.Kind.INVOICE ? "invoice_id" : "wallet_id";
      if (e.documentId().equals(p.metadata().get(field))
          && (e.kind() == ExpectedPayment.Kind.INVOICE || e.amount().equals(p.amount()))) {
        return e;
      }
    }
    return null;
  }
}

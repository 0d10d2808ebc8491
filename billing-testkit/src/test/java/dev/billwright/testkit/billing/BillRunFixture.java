package dev.billwright.testkit.billing;

import dev.billwright.billing.BillRun;
import dev.billwright.billing.BillRunRequest;
import dev.billwright.billing.InvoiceAssembler;
import dev.billwright.catalog.Plan;
import dev.billwright.credit.CreditGrant;
import dev.billwright.credit.DueLine;
import dev.billwright.credit.NetOffResult;
import dev.billwright.credit.Wallet;
import dev.billwright.credit.WalletAccount;
import dev.billwright.invoice.AppliedCredit;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceNumberSequence;
import dev.billwright.invoice.InvoiceStore;
import dev.billwright.memory.InMemoryInvoiceStore;
import dev.billwright.memory.InMemoryPlanCatalog;
import dev.billwright.memory.InMemoryWalletLedger;
import dev.billwright.money.Money;
import dev.billwright.rating.PeriodUsage;
import dev.billwright.rating.UsageSource;
import dev.billwright.subscription.Subscription;
import dev.billwright.testkit.generators.BillingGenerators;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Subscriptions on a monthly plan (fee 10.00 USD in advance, 0.01 per API call in arrears), each
 * customer with a prepaid wallet of 25.00 netted off at invoicing, billed from 1 January to
 * 1 April 2026: per subscription an opening invoice and three month ends.
 */
final class BillRunFixture {
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant AS_OF = Instant.parse("2026-04-01T00:00:00Z");
  static final Currency USD = Currency.getInstance("USD");
  static final Plan PLAN = BillingGenerators.plan("p", "{\"cadence\":\"P1M\",\"alignment\":\"calendar\","
      + "\"time_zone\":\"UTC\",\"proration\":\"seconds\"}", new BigDecimal("10"), new BigDecimal("0.01"));
  static final InMemoryPlanCatalog CATALOG = InMemoryPlanCatalog.of(List.of(PLAN));

  final List<Subscription> subs = new ArrayList<>();
  final Wallet wallet = new Wallet(new InMemoryWalletLedger());
  final InMemoryInvoiceStore store = new InMemoryInvoiceStore();
  final CountingSequence numbers = new CountingSequence();
  final AtomicInteger creditCalls = new AtomicInteger();

  BillRunFixture(int subscriptions) {
    for (int i = 0; i < subscriptions; i++) {
      Subscription s = Subscription.builder().id("sub_" + i).customerId("cus_" + i).planCode("p").planVersion(1)
          .start(START).build();
      subs.add(s);
      wallet.topUp(account(s.customerId()), CreditGrant.paid("top_" + i, s.customerId(), usd("25.00"), START));
    }
  }

  static Money usd(String amount) {
    return Money.of(USD, new BigDecimal(amount));
  }

  static WalletAccount account(String customer) {
    return WalletAccount.of(customer, USD);
  }

  /** 1000 + 100 × (subscription index) calls a month: 10.00, 11.00… */
  static final UsageSource USAGE = (sub, window) -> PeriodUsage.ofQuantities(Map.of("api_calls",
      BigDecimal.valueOf(1000 + 100L * Integer.parseInt(sub.id().substring(4)))));

  /** The prepaid wallet's net-off, as a host wires it (idempotent by invoice id). */
  List<AppliedCredit> credits(Invoice invoice) {
    creditCalls.incrementAndGet();
    NetOffResult r = wallet.netOff(account(invoice.customerId()), invoice.id(),
        List.of(new DueLine(null, invoice.totals().total())), invoice.issuedAt());
    return r.creditsApplied().isPositive() ? List.of(new AppliedCredit("wallet:" + invoice.customerId(),
        r.creditsApplied())) : List.of();
  }

  BillRunRequest request() {
    return BillRunRequest.of(subs, USAGE, AS_OF).withCredits(this::credits);
  }

  /** A copy of a request with another usage source. */
  static BillRunRequest withUsage(BillRunRequest r, UsageSource usage) {
    return new BillRunRequest(r.subscriptions(), usage, r.tax(), r.coupons(), r.asOf(), r.finalizeInvoices(),
        r.series(), r.credits(), r.earlierCreditNotes());
  }

  BillRun run() {
    return run(store, numbers);
  }

  static BillRun run(InvoiceStore store, InvoiceNumberSequence numbers) {
    return new BillRun(CATALOG, store, numbers, InvoiceAssembler.DEFAULT);
  }

  /** Every stored invoice, by key. */
  Map<String, Invoice> stored() {
    Map<String, Invoice> out = new TreeMap<>();
    for (Subscription s : subs) {
      for (Invoice i : store.listByCustomer(s.customerId(), BillingPeriod.of(Instant.parse("2025-01-01T00:00:00Z"),
          Instant.parse("2027-01-01T00:00:00Z"), ZoneOffset.UTC))) {
        out.put(i.key().value(), i);
      }
    }
    return out;
  }

  /** The balance of every wallet, by customer. */
  Map<String, Money> balances() {
    Map<String, Money> out = new TreeMap<>();
    for (Subscription s : subs) {
      out.put(s.customerId(), wallet.state(account(s.customerId())).balance(AS_OF.plusSeconds(1)));
    }
    return out;
  }

  /** The numbers on the stored invoices, sorted. */
  List<String> numbersUsed() {
    return stored().values().stream().map(i -> i.number().orElse("(none)")).sorted(Comparator.naturalOrder())
        .toList();
  }

  static List<String> expectedNumbers(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(String.format("INV-%06d", i));
    }
    return out;
  }

  /** An in-memory sequence that counts the values it handed out. */
  static final class CountingSequence implements InvoiceNumberSequence {
    final Map<String, Long> taken = new TreeMap<>();

    @Override
    public synchronized long next(String series) {
      return taken.merge(series, 1L, Long::sum);
    }

    synchronized long taken() {
      return taken.values().stream().mapToLong(Long::longValue).sum();
    }
  }
}

package dev.billwright.testkit.billing;

import static dev.billwright.testkit.billing.BillRunFixture.expectedNumbers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.billing.BillRun;
import dev.billwright.billing.BillRunRequest;
import dev.billwright.billing.BillRunResult;
import dev.billwright.billing.TaxContext;
import dev.billwright.rating.UsageSource;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceKey;
import dev.billwright.invoice.InvoiceSeries;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.invoice.InvoiceStore;
import dev.billwright.money.Money;
import dev.billwright.time.BillingPeriod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A bill run's previews, failed finalizations, stale claims and SPI exceptions (issue 13, items
 * 2, 5 and 9). The reference in each test is a run of the same request on fresh stores without
 * any failure: 3 subscriptions × 4 invoices, numbered INV-000001…INV-000012.
 */
class BillRunReliabilityTest {

  /** A real run on fresh stores, with nothing failing. */
  static BillRunFixture reference() {
    BillRunFixture alone = new BillRunFixture(3);
    BillRunResult r = alone.run().run(alone.request());
    assertThat(r.failures()).isEmpty();
    assertThat(r.created()).hasSize(12);
    return alone;
  }

  /**
   * Regression (item 2): a preview called the credits hook (netting real wallet money off) and
   * stored its drafts, which the real run then finalized with the preview's credits.
   */
  @Test
  void aPreviewHasNoSideEffectAndTheRealRunAfterItEqualsARealRunAlone() {
    BillRunFixture f = new BillRunFixture(3);
    Map<String, Money> before = f.balances();
    BillRunResult preview = f.run().run(f.request().asPreview());

    assertThat(preview.failures()).isEmpty();
    assertThat(preview.created()).hasSize(12)
        .allMatch(i -> i.status() == InvoiceStatus.DRAFT && i.number().isEmpty() && i.creditsApplied().isEmpty());
    assertThat(f.stored()).isEmpty();
    assertThat(f.numbers.taken()).isZero();
    assertThat(f.creditCalls).hasValue(0);
    assertThat(f.balances()).isEqualTo(before);

    BillRunResult real = f.run().run(f.request());
    BillRunFixture alone = new BillRunFixture(3);
    BillRunResult reference = alone.run().run(alone.request());
    assertThat(real).isEqualTo(reference);
    assertThat(f.stored()).isEqualTo(alone.stored());
    assertThat(f.balances()).isEqualTo(alone.balances());
    // the preview showed the lines the real run billed
    assertThat(preview.created()).extracting(Invoice::lines)
        .isEqualTo(reference.created().stream().map(Invoice::lines).toList());
  }

  /**
   * Regression (item 5): a store error after the number was taken escaped the run (the other
   * subscriptions were never billed) and lost the number; the draft stayed claimed for ever.
   * Now the failure names the invoice, key and number, the number is kept on the released
   * draft, and the next run finalizes the invoice with it: 12 numbers for 12 invoices.
   */
  @Test
  void aStoreErrorAfterTheNumberIsReportedAndTheNextRunUsesTheKeptNumber() {
    BillRunFixture f = new BillRunFixture(3);
    AtomicBoolean once = new AtomicBoolean();
    InvoiceStore store = failingOnce(f.store, once, (expected, replacement) ->
        replacement.status() == InvoiceStatus.FINALIZED && replacement.subscriptionIds().contains("sub_1")
            && replacement.finalizedAt().equals(Optional.of(Instant.parse("2026-02-01T00:00:00Z"))));
    BillRun run = BillRunFixture.run(store, f.numbers);

    BillRunResult first = run.run(f.request());
    assertThat(once).isTrue();
    assertThat(first.failures()).singleElement().satisfies(failure -> {
      assertThat(failure.subscriptionId()).isEqualTo("sub_1");
      assertThat(failure.code()).isEqualTo(ErrorCode.INVOICE_FINALIZATION_FAILED.code());
      // sub_0 took INV-000001..4, sub_1 INV-000005 on 1 January; its invoice of 1 February took INV-000006
      assertThat(failure.message()).contains("INV-000006", "disk full", "kept on the released draft");
    });
    Invoice draft = f.stored().values().stream().filter(i -> i.status() == InvoiceStatus.DRAFT).findFirst()
        .orElseThrow();
    assertThat(first.failures().get(0).message()).contains(draft.id(), draft.key().value());
    assertThat(draft.metadata()).containsEntry("billwright.number", "INV-000006")
        .doesNotContainKey("billwright.finalizing");
    // the other subscriptions were billed: sub_0 and sub_2 whole, sub_1's opening invoice
    assertThat(first.created()).hasSize(9);

    BillRunResult second = run.run(f.request());
    assertThat(second.failures()).isEmpty();
    assertThat(second.created()).hasSize(3);
    assertThat(second.created().get(0).number()).contains("INV-000006");
    assertThat(f.stored().values()).hasSize(12).allMatch(i -> i.status() == InvoiceStatus.FINALIZED
        && i.metadata().isEmpty());
    assertThat(f.numbersUsed()).isEqualTo(expectedNumbers(12));
    assertThat(f.numbers.taken()).isEqualTo(12);
    BillRunFixture alone = reference();
    assertThat(f.balances()).isEqualTo(alone.balances());
    assertThat(totalsByKey(f)).isEqualTo(totalsByKey(alone));
  }

  /**
   * Regression (item 5): an exhausted series left the draft claimed for ever, and every later run
   * reported it as existing with no failure. Now the draft is released and a run with a new
   * series finalizes it.
   */
  @Test
  void anExhaustedSeriesIsReportedAndTheDraftIsReleasedForTheNextRun() {
    BillRunFixture f = new BillRunFixture(3);
    // 15 characters of prefix and one digit: INV-ABCDEFGHIJ-1 … 9 fit the 16 characters of
    // CGST Rule 46(b); the 10th value does not
    InvoiceSeries small = InvoiceSeries.of("SMALL", "INV-ABCDEFGHIJ-", 1);
    BillRunResult first = f.run().run(f.request().withSeries(i -> small));
    assertThat(first.created()).hasSize(9);
    assertThat(first.failures()).singleElement().satisfies(failure -> {
      assertThat(failure.subscriptionId()).isEqualTo("sub_2");
      assertThat(failure.code()).isEqualTo(ErrorCode.INVOICE_FINALIZATION_FAILED.code());
      assertThat(failure.message()).contains("exhausted", "no number was taken", "released");
    });
    assertThat(f.stored().values()).noneMatch(i -> i.metadata().containsKey("billwright.finalizing"));

    InvoiceSeries next = InvoiceSeries.of("NEXT", "INV-B-", 6);
    BillRunResult second = f.run().run(f.request().withSeries(i -> next));
    assertThat(second.failures()).isEmpty();
    assertThat(second.created()).extracting(i -> i.number().orElseThrow())
        .containsExactly("INV-B-000001", "INV-B-000002", "INV-B-000003");
    assertThat(f.stored().values()).hasSize(12).allMatch(i -> i.status() == InvoiceStatus.FINALIZED);
  }

  /**
   * A claim left by a run that died (simulated: a claimed draft in the store) is respected while
   * its lease runs, taken over by a run once it is older than the lease, and by recover() at
   * once; a claim of an earlier version (no claim time) is stale.
   */
  @Test
  void aClaimLeftByADeadRunIsTakenOverAfterItsLeaseOrByRecover() {
    Instant claimedAt = Instant.parse("2026-04-01T08:00:00Z");
    for (String how : List.of("lease", "recover", "legacy")) {
      BillRunFixture f = new BillRunFixture(1);
      // the dead run stored sub_0's opening draft claimed, then died
      Invoice opening = f.run().run(f.request().asPreview()).created().get(0);
      Map<String, String> claim = how.equals("legacy") ? Map.of("billwright.finalizing", "true")
          : Map.of("billwright.finalizing", "dead-run", "billwright.claimed_at", claimedAt.toString());
      f.store.insertIfAbsent(withMetadata(opening, claim));

      BillRun soon = f.run().withClaimLease(Duration.ofMinutes(15), Clock.fixed(claimedAt.plusSeconds(300),
          ZoneOffset.UTC));
      BillRunResult r = how.equals("recover") ? soon.recover(f.request()) : soon.run(f.request());
      if (how.equals("lease")) {
        // within the lease: the claim is another run's, left alone; the later cycles are billed
        assertThat(r.failures()).isEmpty();
        assertThat(r.existing()).singleElement().satisfies(i -> assertThat(i.status()).isEqualTo(InvoiceStatus.DRAFT));
        assertThat(r.created()).hasSize(3);
        r = f.run().withClaimLease(Duration.ofMinutes(15), Clock.fixed(claimedAt.plusSeconds(901), ZoneOffset.UTC))
            .run(f.request());
        assertThat(r.created()).singleElement().satisfies(i -> assertThat(i.id()).isEqualTo(opening.id()));
      } else {
        assertThat(r.created()).hasSize(4);
      }
      assertThat(r.failures()).as(how).isEmpty();
      assertThat(f.stored().values()).as(how).hasSize(4).allMatch(i -> i.status() == InvoiceStatus.FINALIZED
          && i.metadata().isEmpty());
      assertThat(f.numbersUsed()).as(how).hasSize(4).doesNotHaveDuplicates();
      assertThat(f.numbers.taken()).as(how).isEqualTo(4);
    }
  }

  /** A failure injected into one SPI call while billing sub_1; the name is the test's label. */
  record Injected(String name, Function<BillRunFixture, BillRunRequest> request, String code) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> spiFailures() {
    Predicate<String> sub1 = "sub_1"::equals;
    UsageSource usage = BillRunFixture.USAGE;
    return Stream.of(
        new Injected("usage source throws", f -> BillRunFixture.withUsage(f.request(), (s, window) -> {
          if (sub1.test(s.id()) && window.period().start().getEpochSecond() > 1_770_000_000L) {
            throw new IllegalStateException("usage database unreachable");
          }
          return usage.usage(s, window);
        }), ErrorCode.BILL_RUN_INTERNAL_FAILURE.code()),
        new Injected("arithmetic overflow", f -> BillRunFixture.withUsage(f.request(), (s, window) -> {
          if (sub1.test(s.id())) {
            throw new ArithmeticException("Overflow");
          }
          return usage.usage(s, window);
        }), ErrorCode.BILL_RUN_INTERNAL_FAILURE.code()),
        new Injected("tax throws", f -> f.request().withTax(s -> {
          if (sub1.test(s.id())) {
            throw new IllegalStateException("tax service timeout");
          }
          return TaxContext.none();
        }), ErrorCode.BILL_RUN_INTERNAL_FAILURE.code()),
        new Injected("credits hook throws", f -> f.request().withCredits(i -> {
          if (i.subscriptionIds().contains("sub_1") && i.period().start().getEpochSecond() > 1_770_000_000L) {
            throw new IllegalStateException("wallet service timeout");
          }
          return f.credits(i);
        }), ErrorCode.INVOICE_FINALIZATION_FAILED.code()),
        new Injected("series throws", f -> f.request().withSeries(i -> {
          if (i.subscriptionIds().contains("sub_1")) {
            throw new IllegalStateException("series table locked");
          }
          return InvoiceSeries.of("INV", "INV-", 6);
        }), ErrorCode.INVOICE_FINALIZATION_FAILED.code()))
        .map(Arguments::of);
  }

  /**
   * Regression (item 9): a RuntimeException of an SPI or an ArithmeticException escaped run(), so
   * the subscriptions after it were never billed. Now it is sub_1's failure, with the cause's
   * message; sub_0 and sub_2 are billed, no claim is left, and a rerun completes the month with
   * the reference's invoices, numbers and wallet balances.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("spiFailures")
  void aRuntimeExceptionOfAnySpiIsSubscriptionsFailureAndTheOthersAreBilled(Injected injected) {
    BillRunFixture f = new BillRunFixture(3);
    BillRunResult first = f.run().run(injected.request().apply(f));
    assertThat(first.failures()).singleElement().satisfies(failure -> {
      assertThat(failure.subscriptionId()).isEqualTo("sub_1");
      assertThat(failure.code()).isEqualTo(injected.code());
      assertThat(failure.message()).containsAnyOf("unreachable", "Overflow", "timeout", "locked");
    });
    assertThat(first.created()).extracting(i -> i.subscriptionIds().get(0)).contains("sub_0", "sub_2")
        .filteredOn("sub_0"::equals).hasSize(4);
    assertThat(f.stored().values()).noneMatch(i -> i.metadata().containsKey("billwright.finalizing"));

    BillRunResult second = f.run().run(f.request());
    assertThat(second.failures()).isEmpty();
    BillRunFixture alone = reference();
    assertThat(f.stored().values()).hasSize(12).allMatch(i -> i.status() == InvoiceStatus.FINALIZED);
    assertThat(f.numbersUsed()).isEqualTo(expectedNumbers(12));
    assertThat(totalsByKey(f)).isEqualTo(totalsByKey(alone));
    assertThat(f.balances()).isEqualTo(alone.balances());
  }

  static Map<String, Money> totalsByKey(BillRunFixture f) {
    Map<String, Money> out = new java.util.TreeMap<>();
    f.stored().forEach((k, i) -> out.put(k, i.totals().amountDue()));
    return out;
  }

  /** A store whose compareAndSet throws once when the predicate matches, before any effect. */
  static InvoiceStore failingOnce(InvoiceStore d, AtomicBoolean once,
      java.util.function.BiPredicate<Invoice, Invoice> when) {
    return new InvoiceStore() {
      @Override
      public Invoice insertIfAbsent(Invoice invoice) {
        return d.insertIfAbsent(invoice);
      }

      @Override
      public Optional<Invoice> find(InvoiceKey key) {
        return d.find(key);
      }

      @Override
      public Optional<Invoice> findById(String id) {
        return d.findById(id);
      }

      @Override
      public List<Invoice> findAllByKey(InvoiceKey key) {
        return d.findAllByKey(key);
      }

      @Override
      public Invoice compareAndSet(Invoice expected, Invoice replacement) {
        if (when.test(expected, replacement) && once.compareAndSet(false, true)) {
          throw new IllegalStateException("disk full");
        }
        return d.compareAndSet(expected, replacement);
      }

      @Override
      public List<Invoice> listByCustomer(String customerId, BillingPeriod period) {
        return d.listByCustomer(customerId, period);
      }
    };
  }

  static Invoice withMetadata(Invoice i, Map<String, String> metadata) {
    return Invoice.builder().id(i.id()).key(i.key()).number(i.number()).customerId(i.customerId())
        .addAllSubscriptionIds(i.subscriptionIds()).currency(i.currency()).status(i.status())
        .addAllLines(i.lines()).addAllDiscountLines(i.discountLines()).addAllCreditsApplied(i.creditsApplied())
        .issuedAt(i.issuedAt()).dueDate(i.dueDate()).putAllMetadata(metadata).build();
  }
}

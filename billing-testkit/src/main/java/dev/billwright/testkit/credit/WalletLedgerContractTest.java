package dev.billwright.testkit.credit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.billwright.credit.AppendResult;
import dev.billwright.credit.CapMode;
import dev.billwright.credit.CreditGrant;
import dev.billwright.credit.DeductionOutcome;
import dev.billwright.credit.DeductionRequest;
import dev.billwright.credit.DeductionResult;
import dev.billwright.credit.LedgerEntry;
import dev.billwright.credit.LedgerEntryType;
import dev.billwright.credit.LedgerFold;
import dev.billwright.credit.Wallet;
import dev.billwright.credit.WalletAccount;
import dev.billwright.credit.WalletLedger;
import dev.billwright.credit.WalletState;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link WalletLedger} must meet. Extend it in your implementation's test
 * module and return a fresh, empty ledger from {@link #createLedger()}.
 *
 * <p>It checks append order, idempotency by key (checked before the version), compare-and-append
 * on the version, rejection of malformed batches with nothing appended, snapshot reads, wallet
 * isolation, and that concurrent deductions through {@link Wallet} never overspend: with a
 * bounded thread pool, a fixed number of equal deductions and a hard cap, exactly as many are
 * allowed as balance plus overdraft can pay, whatever the interleaving; that entries keep their
 * request text; and that concurrent replays of one key with different content apply it once.
 */
public abstract class WalletLedgerContractTest {
  /** A fixed instant for entries. */
  protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** The ledger under test, fresh for each test. */
  protected WalletLedger ledger;

  /** Creates the contract test. */
  protected WalletLedgerContractTest() {}

  /**
   * Creates a fresh, empty ledger.
   *
   * @return the ledger, never null
   */
  protected abstract WalletLedger createLedger();

  /** Creates the ledger under test. */
  @BeforeEach
  public void setUpLedger() {
    ledger = createLedger();
  }

  private static LedgerEntry topUp(String wallet, String key, int index, String grantId, String amount) {
    CreditGrant g = CreditGrant.paid(grantId, wallet, Money.of("INR", amount), T0);
    return new LedgerEntry(wallet, key, index, LedgerEntryType.TOP_UP, grantId, g.amount(), T0,
        null, g);
  }

  /** An unknown wallet has no entries. */
  @Test
  public void unknownWalletIsEmpty() {
    assertThat(ledger.entries("nobody")).isEmpty();
  }

  /**
   * Entries come back exactly as appended, request text included: {@link Wallet} compares it to
   * tell a replay (same key, same request) from a conflict (same key, another request), so a
   * store that drops or alters it loses that check.
   */
  @Test
  public void entriesKeepTheirRequestText() {
    CreditGrant g = CreditGrant.paid("g1", "w", Money.of("INR", "10"), T0);
    LedgerEntry top = new LedgerEntry("w", "grant:g1", 0, LedgerEntryType.TOP_UP, "g1", g.amount(),
        T0, null, g, "top_up{id=\"g1\"}");
    LedgerEntry d = new LedgerEntry("w", "deduct:e1", 0, LedgerEntryType.DEDUCTION, "g1",
        Money.of("INR", "-1.505"), T0, "api_calls", null,
        "deduction{amount=INR 1.505, code=\"api_calls\", quote=\\\" é ✓}");
    ledger.append("w", "grant:g1", 0, List.of(top));
    ledger.append("w", "deduct:e1", 1, List.of(d));
    assertThat(ledger.entries("w")).containsExactly(top, d);
    assertThat(ledger.entries("w")).extracting(LedgerEntry::request)
        .containsExactly(top.request(), d.request());
    assertThat(ledger.append("w", "deduct:e1", 2, List.of(d)).entries()).containsExactly(d);
  }

  /** Appends keep order and report the new version. */
  @Test
  public void appendsInOrder() {
    AppendResult a = ledger.append("w", "k1", 0, List.of(topUp("w", "k1", 0, "g1", "10")));
    AppendResult b = ledger.append("w", "k2", 1,
        List.of(topUp("w", "k2", 0, "g2", "20"), topUp("w", "k2", 1, "g3", "30")));
    assertThat(a.status()).isEqualTo(AppendResult.Status.APPENDED);
    assertThat(a.version()).isEqualTo(1);
    assertThat(b.status()).isEqualTo(AppendResult.Status.APPENDED);
    assertThat(b.version()).isEqualTo(3);
    assertThat(ledger.entries("w")).extracting(LedgerEntry::grantId).containsExactly("g1", "g2", "g3");
  }

  /** A used key answers DUPLICATE with the stored entries, whatever the version, appending nothing. */
  @Test
  public void duplicateKeyAppendsNothing() {
    LedgerEntry first = topUp("w", "k", 0, "g1", "10");
    ledger.append("w", "k", 0, List.of(first));
    AppendResult again = ledger.append("w", "k", 1, List.of(topUp("w", "k", 0, "g9", "99")));
    AppendResult stale = ledger.append("w", "k", 0, List.of(topUp("w", "k", 0, "g9", "99")));
    assertThat(again.status()).isEqualTo(AppendResult.Status.DUPLICATE);
    assertThat(again.entries()).containsExactly(first);
    assertThat(stale.status()).isEqualTo(AppendResult.Status.DUPLICATE);
    assertThat(ledger.entries("w")).containsExactly(first);
  }

  /** A stale expected version answers VERSION_CONFLICT and appends nothing. */
  @Test
  public void staleVersionConflicts() {
    ledger.append("w", "k1", 0, List.of(topUp("w", "k1", 0, "g1", "10")));
    AppendResult r = ledger.append("w", "k2", 0, List.of(topUp("w", "k2", 0, "g2", "10")));
    assertThat(r.status()).isEqualTo(AppendResult.Status.VERSION_CONFLICT);
    assertThat(r.version()).isEqualTo(1);
    assertThat(ledger.entries("w")).hasSize(1);
    AppendResult ahead = ledger.append("w", "k3", 5, List.of(topUp("w", "k3", 0, "g3", "10")));
    assertThat(ahead.status()).isEqualTo(AppendResult.Status.VERSION_CONFLICT);
  }

  /** ANY_VERSION appends whatever the version. */
  @Test
  public void anyVersionAppends() {
    ledger.append("w", "k1", 0, List.of(topUp("w", "k1", 0, "g1", "10")));
    AppendResult r = ledger.append("w", "k2", WalletLedger.ANY_VERSION,
        List.of(topUp("w", "k2", 0, "g2", "10")));
    assertThat(r.status()).isEqualTo(AppendResult.Status.APPENDED);
    assertThat(ledger.entries("w")).hasSize(2);
  }

  /** Malformed batches are rejected and nothing is appended. */
  @Test
  public void malformedBatchesRejected() {
    assertThatThrownBy(() -> ledger.append("w", "k", 0, List.of()))
        .isInstanceOfSatisfying(BillingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE));
    assertThatThrownBy(() -> ledger.append("w", "k", 0, List.of(topUp("other", "k", 0, "g", "1"))))
        .isInstanceOf(BillingException.class);
    assertThatThrownBy(() -> ledger.append("w", "k", 0, List.of(topUp("w", "other", 0, "g", "1"))))
        .isInstanceOf(BillingException.class);
    assertThatThrownBy(() -> ledger.append("w", "k", 0,
        List.of(topUp("w", "k", 0, "g1", "1"), topUp("w", "k", 2, "g2", "1"))))
        .isInstanceOf(BillingException.class);
    assertThat(ledger.entries("w")).isEmpty();
    assertThat(ledger.append("w", "k", 0, List.of(topUp("w", "k", 0, "g", "1"))).status())
        .isEqualTo(AppendResult.Status.APPENDED);
  }

  /** Reads are snapshots that later appends do not change. */
  @Test
  public void readsAreSnapshots() {
    ledger.append("w", "k1", 0, List.of(topUp("w", "k1", 0, "g1", "10")));
    List<LedgerEntry> snapshot = ledger.entries("w");
    ledger.append("w", "k2", 1, List.of(topUp("w", "k2", 0, "g2", "10")));
    assertThat(snapshot).hasSize(1);
    assertThatThrownBy(() -> snapshot.add(topUp("w", "k3", 0, "g3", "1")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  /** Keys and versions are per wallet. */
  @Test
  public void walletsAreIsolated() {
    ledger.append("a", "k", 0, List.of(topUp("a", "k", 0, "g", "10")));
    AppendResult b = ledger.append("b", "k", 0, List.of(topUp("b", "k", 0, "g", "20")));
    assertThat(b.status()).isEqualTo(AppendResult.Status.APPENDED);
    assertThat(ledger.entries("a")).extracting(LedgerEntry::amount)
        .containsExactly(Money.of("INR", "10"));
    assertThat(ledger.entries("b")).extracting(LedgerEntry::amount)
        .containsExactly(Money.of("INR", "20"));
  }

  /**
   * 8 threads race 400 hard-capped deductions of INR 1.00 against a top-up of INR 100.00 and an
   * overdraft of INR 10.00: exactly 110 are allowed, the balance ends at exactly INR -10.00, the
   * sum deducted equals the sum of allowed requests, and the ledger folds to the same balance.
   *
   * @throws Exception if a worker fails
   */
  @Test
  public void concurrentDeductionsNeverOverspend() throws Exception {
    WalletAccount account = new WalletAccount("w", Money.currency("INR"), Money.of("INR", "10"));
    Wallet wallet = new Wallet(ledger);
    wallet.topUp(account, CreditGrant.paid("g1", "w", Money.of("INR", "100"), T0));
    int threads = 8;
    int perThread = 50;
    List<DeductionResult> results = runConcurrently(threads, perThread, (t, i) ->
        wallet.deduct(account, new DeductionRequest("e-" + t + "-" + i, Money.of("INR", "1"),
            "api_calls", T0.plusSeconds(1), CapMode.HARD)));
    long allowed = results.stream().filter(r -> r.outcome().isAllowed()).count();
    assertThat(allowed).isEqualTo(110);
    Money deducted = Money.total(account.currency(),
        results.stream().map(DeductionResult::deducted).toList());
    assertThat(deducted).isEqualTo(Money.of("INR", "110"));
    WalletState state = wallet.state(account);
    assertThat(state.balance(T0.plusSeconds(1))).isEqualTo(Money.of("INR", "-10"));
    assertThat(LedgerFold.sum(account.currency(), ledger.entries("w")))
        .isEqualTo(state.ledgerBalance());
    assertThat(results).filteredOn(r -> r.outcome() == DeductionOutcome.REFUSED).hasSize(290);
  }

  /**
   * 8 threads send the same event id 25 times each: it is deducted once and every caller gets
   * the same allocations.
   *
   * @throws Exception if a worker fails
   */
  @Test
  public void concurrentRepeatsDeductOnce() throws Exception {
    WalletAccount account = WalletAccount.of("w", Money.currency("INR"));
    Wallet wallet = new Wallet(ledger);
    wallet.topUp(account, CreditGrant.paid("g1", "w", Money.of("INR", "100"), T0));
    List<DeductionResult> results = runConcurrently(8, 25, (t, i) ->
        wallet.deduct(account, new DeductionRequest("same-event", Money.of("INR", "7.50"),
            "api_calls", T0.plusSeconds(1), CapMode.HARD)));
    assertThat(results).allSatisfy(r -> {
      assertThat(r.deducted()).isEqualTo(Money.of("INR", "7.50"));
      assertThat(r.balanceAfter()).isEqualTo(Money.of("INR", "92.50"));
    });
    assertThat(ledger.entries("w")).filteredOn(e -> e.type() == LedgerEntryType.DEDUCTION).hasSize(1);
  }

  /**
   * 8 threads replay the same 20 event ids, hard-capped, against INR 50.00 and no overdraft:
   * even threads ask INR 5.00 per event, odd threads INR 7.00, so every id is also sent with
   * conflicting content. Whatever the interleaving: the only failures are
   * {@code credit.conflicting_ledger_entry}; each id is deducted at most once, with one amount;
   * every allowed answer for an id carries that amount, fully covered; the balance is INR 50.00
   * minus the recorded amounts and never below zero; afterwards the recorded content replays
   * and the other content conflicts.
   *
   * @throws Exception if a worker fails
   */
  @Test
  public void concurrentReplaysWithConflictingContentApplyEachKeyOnce() throws Exception {
    WalletAccount account = WalletAccount.of("w", Money.currency("INR"));
    Wallet wallet = new Wallet(ledger);
    wallet.topUp(account, CreditGrant.paid("g1", "w", Money.of("INR", "50"), T0));
    int threads = 8;
    int keys = 20;
    int rounds = 3;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<List<Object>> outcomes = new ArrayList<>();
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<Object>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          List<Object> out = new ArrayList<>();
          for (int i = 0; i < keys * rounds; i++) {
            int k = (i + 3 * thread) % keys;
            try {
              out.add(wallet.deduct(account, request(k, thread)));
            } catch (BillingException e) {
              out.add(e);
            }
          }
          return out;
        }));
      }
      start.countDown();
      for (Future<List<Object>> f : futures) {
        outcomes.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    java.util.Map<String, Money> winner = new java.util.HashMap<>();
    for (List<Object> out : outcomes) {
      for (Object o : out) {
        if (o instanceof BillingException e) {
          assertThat(e.code()).isEqualTo(ErrorCode.CONFLICTING_LEDGER_ENTRY);
          continue;
        }
        DeductionResult r = (DeductionResult) o;
        if (r.outcome().isAllowed()) {
          assertThat(r.uncovered()).isEqualTo(Money.of("INR", "0"));
          assertThat(r.deducted()).isEqualTo(r.requested());
          Money earlier = winner.putIfAbsent(r.requestId(), r.deducted());
          assertThat(earlier == null || earlier.equals(r.deducted())).as(r.requestId()).isTrue();
        }
      }
    }
    Money recorded = Money.zero(account.currency());
    for (int k = 0; k < keys; k++) {
      String key = "deduct:ev-" + k;
      Money sum = LedgerFold.sum(account.currency(), ledger.entries("w").stream()
          .filter(e -> e.idempotencyKey().equals(key)).toList()).negated();
      assertThat(sum).isEqualTo(winner.getOrDefault("ev-" + k, Money.zero(account.currency())));
      recorded = recorded.plus(sum);
    }
    Money balance = wallet.state(account).balance(T0);
    assertThat(balance).isEqualTo(Money.of("INR", "50").minus(recorded));
    assertThat(balance.isNegative()).isFalse();
    assertThat(winner).isNotEmpty();
    for (int k = 0; k < keys; k++) {
      Money won = winner.get("ev-" + k);
      if (won == null) {
        continue;
      }
      int key = k;
      int same = won.equals(Money.of("INR", "5")) ? 0 : 1;
      assertThat(wallet.deduct(account, request(k, same)).deducted()).isEqualTo(won);
      assertThatThrownBy(() -> wallet.deduct(account, request(key, 1 - same)))
          .isInstanceOfSatisfying(BillingException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICTING_LEDGER_ENTRY));
    }
    assertThat(wallet.state(account).balance(T0)).isEqualTo(balance);
  }

  private static DeductionRequest request(int key, int thread) {
    return new DeductionRequest("ev-" + key, Money.of("INR", thread % 2 == 0 ? "5" : "7"),
        "api_calls", T0.plusSeconds(1), CapMode.HARD);
  }

  /**
   * Property: 4 threads each deduct a generated list of amounts (soft and hard caps mixed)
   * from one wallet. The balance never ends below minus the overdraft limit, what was deducted
   * equals the drop in the ledger balance, and the ledger folds to the sum of its entries.
   */
  @Test
  public void concurrentDeductionsPropertyNeverBelowOverdraft() {
    qt().withExamples(40).forAll(lists().of(integers().between(1, 3000)).ofSizeBetween(1, 25),
        integers().between(0, 5000), integers().between(0, 2000)).checkAssert((amounts, top, od) -> {
          WalletLedger fresh = createLedger();
          Money overdraft = Money.of(Money.currency("INR"), BigDecimal.valueOf(od, 2));
          WalletAccount account = new WalletAccount("w", Money.currency("INR"), overdraft);
          Wallet wallet = new Wallet(fresh);
          if (top > 0) {
            wallet.topUp(account, CreditGrant.paid("g", "w",
                Money.of(Money.currency("INR"), BigDecimal.valueOf(top, 2)), T0));
          }
          Money before = wallet.state(account).ledgerBalance();
          List<DeductionResult> results;
          try {
            results = runConcurrently(4, amounts.size(), (t, i) -> wallet.deduct(account,
                new DeductionRequest("e" + t + "-" + i,
                    Money.of(Money.currency("INR"), BigDecimal.valueOf(amounts.get(i), 2)),
                    null, T0, (t + i) % 2 == 0 ? CapMode.HARD : CapMode.SOFT)));
          } catch (Exception e) {
            throw new AssertionError(e);
          }
          WalletState after = wallet.state(account);
          Money deducted = Money.total(account.currency(),
              results.stream().map(DeductionResult::deducted).toList());
          assertThat(after.balance(T0)).isGreaterThanOrEqualTo(overdraft.negated());
          assertThat(before.minus(after.ledgerBalance())).isEqualTo(deducted);
          assertThat(LedgerFold.sum(account.currency(), fresh.entries("w")))
              .isEqualTo(after.ledgerBalance());
        });
  }

  /** A task run by {@link #runConcurrently}. */
  @FunctionalInterface
  protected interface Task {
    /**
     * Runs one call.
     *
     * @param thread the thread number
     * @param call the call number within the thread
     * @return the deduction result
     */
    DeductionResult run(int thread, int call);
  }

  /**
   * Runs {@code perThread} calls on each of {@code threads} workers of a fixed pool, released
   * together by a latch; waits for all and returns every result.
   *
   * @param threads the number of workers
   * @param perThread the calls per worker
   * @param task the call
   * @return all results, grouped by worker
   * @throws Exception if a worker fails
   */
  protected static List<DeductionResult> runConcurrently(int threads, int perThread, Task task)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<DeductionResult>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        Callable<List<DeductionResult>> worker = () -> {
          start.await();
          List<DeductionResult> out = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            out.add(task.run(thread, i));
          }
          return out;
        };
        futures.add(pool.submit(worker));
      }
      start.countDown();
      List<DeductionResult> all = new ArrayList<>();
      for (Future<List<DeductionResult>> f : futures) {
        all.addAll(f.get());
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }
}

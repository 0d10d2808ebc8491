package dev.billwright.testkit.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.billing.BillRun;
import dev.billwright.billing.BillRunRequest;
import dev.billwright.billing.BillRunResult;
import dev.billwright.billing.InvoiceAssembler;
import dev.billwright.billing.WalletNetOff;
import dev.billwright.catalog.PlanJson;
import dev.billwright.credit.CreditGrant;
import dev.billwright.credit.GrantScope;
import dev.billwright.credit.Wallet;
import dev.billwright.credit.WalletAccount;
import dev.billwright.invoice.AppliedCredit;
import dev.billwright.invoice.Invoice;
import dev.billwright.money.Money;
import dev.billwright.rating.PeriodUsage;
import dev.billwright.rating.UsageSource;
import dev.billwright.subscription.Subscription;
import dev.billwright.testkit.catalog.InMemoryPlanCatalog;
import dev.billwright.testkit.credit.InMemoryWalletLedger;
import dev.billwright.testkit.invoice.InMemoryInvoiceNumberSequence;
import dev.billwright.testkit.invoice.InMemoryInvoiceStore;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link BillRunRequest#withWalletNetOff}: prepaid credit off each invoice in one call. */
class WalletNetOffTest {
  private static final String PLAN = """
      {"code": "api", "version": 1, "status": "active", "currency": "USD",
       "charges": [
         {"code": "platform", "kind": "recurring", "price": {"model": "flat", "amount": "49.00"}},
         {"code": "requests", "kind": "usage", "meter": "requests",
          "price": {"model": "graduated", "tiers": [
            {"up_to": "100000", "unit_price": "0"}, {"up_to": null, "unit_price": "0.0004"}]}}]}""";
  private static final Instant OCT_1 = Instant.parse("2026-10-01T00:00:00Z");
  private static final Instant NOV_1 = Instant.parse("2026-11-01T00:00:00Z");
  private static final WalletAccount ACCOUNT = WalletAccount.of("w_cus_1", Money.currency("USD"));

  private final InMemoryPlanCatalog catalog = InMemoryPlanCatalog.of(List.of(PlanJson.read(PLAN, "api.json")));
  private final Subscription sub = Subscription.builder().id("sub_1").customerId("cus_1")
      .planCode("api").planVersion(1).start(OCT_1).build();
  private final Subscription other = Subscription.builder().id("sub_2").customerId("cus_2")
      .planCode("api").planVersion(1).start(OCT_1).build();
  private final UsageSource usage = (s, w) -> PeriodUsage.ofQuantities(Map.of("requests", new BigDecimal("250000")));
  private final BillRun run = new BillRun(catalog, new InMemoryInvoiceStore(), new InMemoryInvoiceNumberSequence(),
      InvoiceAssembler.DEFAULT);

  @Test
  void netsTheWalletOffEachInvoiceOnceAndLeavesOtherCustomersAlone() {
    Wallet wallet = new Wallet(new InMemoryWalletLedger());
    wallet.topUp(ACCOUNT, CreditGrant.paid("topup-1", ACCOUNT.walletId(), Money.of("USD", "100.00"), OCT_1));
    BillRunRequest request = BillRunRequest.of(List.of(sub, other), usage, NOV_1)
        .withWalletNetOff(wallet, Map.of("cus_1", ACCOUNT));

    BillRunResult result = run.run(request);

    assertThat(result.failures()).isEmpty();
    List<Invoice> mine = result.created().stream().filter(i -> i.customerId().equals("cus_1")).toList();
    assertThat(mine).extracting(i -> i.totals().total())
        .containsExactly(Money.of("USD", "49.00"), Money.of("USD", "109.00"));
    // 100.00 pays October's 49.00 in full and 51.00 of November's 109.00
    assertThat(mine).extracting(i -> i.totals().creditsApplied())
        .containsExactly(Money.of("USD", "49.00"), Money.of("USD", "51.00"));
    assertThat(mine.get(1).creditsApplied())
        .containsExactly(new AppliedCredit("wallet:w_cus_1", Money.of("USD", "51.00")));
    assertThat(mine).extracting(i -> i.totals().amountDue())
        .containsExactly(Money.of("USD", "0.00"), Money.of("USD", "58.00"));
    assertThat(wallet.state(ACCOUNT).balance(NOV_1)).isEqualTo(Money.of("USD", "0.00"));
    assertThat(result.created().stream().filter(i -> i.customerId().equals("cus_2")))
        .allSatisfy(i -> assertThat(i.creditsApplied()).isEmpty());

    // a re-run bills nothing and takes nothing more from the wallet
    wallet.topUp(ACCOUNT, CreditGrant.paid("topup-2", ACCOUNT.walletId(), Money.of("USD", "10.00"), NOV_1));
    assertThat(run.run(request).created()).isEmpty();
    assertThat(wallet.state(ACCOUNT).balance(NOV_1)).isEqualTo(Money.of("USD", "10.00"));
  }

  @Test
  void aScopedGrantPaysOnlyItsChargesLine() {
    Wallet wallet = new Wallet(new InMemoryWalletLedger());
    wallet.topUp(ACCOUNT, CreditGrant.paid("prepaid-requests", ACCOUNT.walletId(), Money.of("USD", "500.00"), OCT_1)
        .withScope(GrantScope.of("requests")));

    BillRunResult result = run.run(BillRunRequest.of(List.of(sub), usage, NOV_1)
        .withCredits(WalletNetOff.of(wallet, Map.of("cus_1", ACCOUNT))));

    // October's opening invoice is the platform fee only: the grant cannot pay it
    assertThat(result.created().get(0).creditsApplied()).isEmpty();
    // November: the usage line (60.00) is paid, the fee (49.00) is not
    assertThat(result.created().get(1).totals().creditsApplied()).isEqualTo(Money.of("USD", "60.00"));
    assertThat(result.created().get(1).totals().amountDue()).isEqualTo(Money.of("USD", "49.00"));
  }

  @Test
  void aPreviewTakesNothingFromTheWallet() {
    Wallet wallet = new Wallet(new InMemoryWalletLedger());
    wallet.topUp(ACCOUNT, CreditGrant.paid("topup-1", ACCOUNT.walletId(), Money.of("USD", "100.00"), OCT_1));
    run.run(BillRunRequest.of(List.of(sub), usage, NOV_1).withWalletNetOff(wallet, Map.of("cus_1", ACCOUNT))
        .asPreview());
    assertThat(wallet.state(ACCOUNT).balance(NOV_1)).isEqualTo(Money.of("USD", "100.00"));
  }
}

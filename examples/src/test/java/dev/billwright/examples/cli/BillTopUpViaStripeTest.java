package dev.billwright.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.credit.Wallet;
import dev.billwright.credit.WalletAccount;
import dev.billwright.memory.InMemoryWalletLedger;
import dev.billwright.money.Money;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bill --top-up-via stripe-stub}: the prepaid customer's top-ups go through the Stripe
 * adapter (the real stripe-java SDK) to the local stub of Stripe's API and are credited from the
 * signed webhook, once.
 */
class BillTopUpViaStripeTest {
  @TempDir
  Path tmp;

  @Test
  void theBundledMonthTopsUpThroughStripeAndBillsTheSame() throws IOException {
    Cli direct = Cli.run("bill", "--events", "20000", "--store", "memory", "--out", tmp.resolve("direct").toString());
    Cli stripe = Cli.run("bill", "--events", "20000", "--store", "memory", "--top-up-via", "stripe-stub",
        "--out", tmp.resolve("stripe").toString());
    assertThat(stripe.code).as(stripe.toString()).isZero();
    assertThat(direct.code).as(direct.toString()).isZero();
    // without the option the output is the golden text, byte for byte (standard output does not depend on the store)
    assertThat(direct.out).isEqualTo(Files.readString(BillCommandTest.GOLDEN.resolve("bill-otp-india-20000.txt"),
        StandardCharsets.UTF_8));
    List<String> via = stripe.out.lines().filter(l -> l.contains("via Stripe (local stub)")).toList();
    long topUps = direct.out.lines().filter(l -> l.matches("  cus_\\S+  \\S+  (auto )?top-up .*")).count();
    assertThat(topUps).isPositive();
    assertThat(via).hasSize((int) topUps);
    assertThat(via).allMatch(l -> l.contains("signature verified, processed (wallet credited); redelivered: duplicate,"
        + " not credited again"));
    assertThat(via.get(0)).contains("cus_tiffinbox  2026-10-01    via Stripe (local stub): PaymentIntent pi_stub_1"
        + " pending; webhook evt_stub_1");
    // Same balances after every step (credited once each, never twice) and the same invoices, byte for byte.
    assertThat(stripe.out.lines().filter(l -> !l.contains("via Stripe (local stub)")).toList())
        .isEqualTo(direct.out.lines().toList());
    assertThat(files(tmp.resolve("stripe/invoices"))).isEqualTo(files(tmp.resolve("direct/invoices")));
  }

  @Test
  void aTopUpRetriedWithItsKeyAndARedeliveredWebhookCreditOnce() {
    WalletAccount account = WalletAccount.of("cus_tiffinbox", Money.currency("INR"));
    Wallet wallet = new Wallet(new InMemoryWalletLedger());
    Instant at = Instant.parse("2026-10-01T00:00:00Z");
    try (StripeStubTopUps channel = new StripeStubTopUps()) {
      Optional<String> first = channel.topUp(wallet, account, "topup-cus_tiffinbox-0", Money.of("INR", "10000.00"), at);
      Optional<String> retry = channel.topUp(wallet, account, "topup-cus_tiffinbox-0", Money.of("INR", "10000.00"), at);
      assertThat(first.orElseThrow()).contains("pi_stub_1", "evt_stub_1", "processed (wallet credited)");
      // the same key: Stripe replays the same PaymentIntent, and its one Event is a duplicate
      assertThat(retry.orElseThrow()).contains("pi_stub_1", "evt_stub_1", "duplicate (credited before)");
      assertThat(wallet.state(account).balance(at.plusSeconds(60))).isEqualTo(Money.of("INR", "10000.00"));
      channel.topUp(wallet, account, "topup-cus_tiffinbox-1", Money.of("INR", "2500.00"), at.plusSeconds(3600));
      assertThat(wallet.state(account).balance(at.plusSeconds(7200))).isEqualTo(Money.of("INR", "12500.00"));
    }
  }

  @Test
  void anUnknownChannelIsRejected() {
    Cli r = Cli.run("bill", "--events", "10", "--store", "memory", "--top-up-via", "paypal",
        "--out", tmp.resolve("x").toString());
    assertThat(r.code).isNotZero();
    assertThat(r.err).contains("--top-up-via", "paypal", "stripe-stub");
  }

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().map(p -> {
        try {
          return p.getFileName() + "\n" + Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }
}

package dev.billwright.billing;

import dev.billwright.credit.DueLine;
import dev.billwright.credit.NetOffResult;
import dev.billwright.credit.Wallet;
import dev.billwright.credit.WalletAccount;
import dev.billwright.credit.WalletLedger;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.AppliedCredit;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.money.Money;
import dev.billwright.tax.TaxLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Nets prepaid wallet credit off each invoice of a bill run, in one call:
 * {@code request.withWalletNetOff(wallet, Map.of("cus_1", WalletAccount.of("cus_1", inr)))}, or
 * {@code request.withCredits(WalletNetOff.of(wallet, accounts))}.
 *
 * <p>For an invoice whose customer has a wallet, it calls {@link Wallet#netOff} with the invoice
 * id as the idempotency key (so a bill run that retries a finalization nets off once) and the
 * invoice's issue instant, and returns one {@link AppliedCredit} with source id
 * {@code wallet:<wallet id>} for the credit applied (none when nothing was applied). The amounts
 * due are the invoice's lines, each with its charge code (so a grant scoped to that code can pay
 * it) and its taxable amount plus the collectible tax of the line: together the invoice
 * {@code total}. When a line is negative (a proration credit), or the draft already carries
 * credits, it is one amount without a code instead, {@code totals.amount_due}, which only unscoped
 * grants pay. An invoice with nothing due, or whose customer has no wallet, is left alone.
 *
 * <p>Stateless apart from the wallet; thread-safe when the wallet's ledger is.
 */
public final class WalletNetOff implements Function<Invoice, List<AppliedCredit>> {
  private final Wallet wallet;
  private final Function<String, Optional<WalletAccount>> accountOfCustomer;

  private WalletNetOff(Wallet wallet, Function<String, Optional<WalletAccount>> accountOfCustomer) {
    this.wallet = Objects.requireNonNull(wallet, "wallet");
    this.accountOfCustomer = Objects.requireNonNull(accountOfCustomer, "accountOfCustomer");
  }

  /**
   * Nets off the wallets a function names per customer id.
   *
   * @param wallet the wallet service, not null
   * @param accountOfCustomer the wallet of a customer id, empty for a customer without one; not
   *     null, never returning null
   * @return the net-off, never null
   * @throws NullPointerException if an argument is null
   */
  public static WalletNetOff of(Wallet wallet, Function<String, Optional<WalletAccount>> accountOfCustomer) {
    return new WalletNetOff(wallet, accountOfCustomer);
  }

  /**
   * Nets off the wallets of a map of customer id to wallet (copied).
   *
   * @param wallet the wallet service, not null
   * @param accountsByCustomer the wallet of each customer that has one, not null
   * @return the net-off, never null
   * @throws NullPointerException if an argument, key or value is null
   */
  public static WalletNetOff of(Wallet wallet, Map<String, WalletAccount> accountsByCustomer) {
    Map<String, WalletAccount> copy = Map.copyOf(accountsByCustomer);
    return new WalletNetOff(wallet, customer -> Optional.ofNullable(copy.get(customer)));
  }

  /**
   * Nets off wallets kept in a ledger, through a {@link Wallet} with its default settings.
   *
   * @param ledger the ledger, not null
   * @param accountsByCustomer the wallet of each customer that has one, not null
   * @return the net-off, never null
   * @throws NullPointerException if an argument, key or value is null
   */
  public static WalletNetOff of(WalletLedger ledger, Map<String, WalletAccount> accountsByCustomer) {
    return of(new Wallet(ledger), accountsByCustomer);
  }

  /**
   * Nets the customer's wallet off a draft invoice.
   *
   * @param invoice the draft, not null
   * @return the credit applied, one element or none, never null
   * @throws BillingException as {@link Wallet#netOff}: with {@link ErrorCode#CURRENCY_MISMATCH}
   *     when the wallet is in another currency than the invoice (a bill run reports it as the
   *     subscription's failure, never nets off at a made-up rate), or
   *     {@link ErrorCode#CONFLICTING_LEDGER_ENTRY} when the invoice id was netted off before with
   *     other amounts
   */
  @Override
  public List<AppliedCredit> apply(Invoice invoice) {
    Optional<WalletAccount> account = accountOfCustomer.apply(invoice.customerId());
    Objects.requireNonNull(account, "the wallet of customer " + invoice.customerId());
    Money due = invoice.totals().amountDue();
    if (account.isEmpty() || !due.isPositive()) {
      return List.of();
    }
    NetOffResult r = wallet.netOff(account.get(), invoice.id(), dueLines(invoice), invoice.issuedAt());
    if (!r.creditsApplied().isPositive()) {
      return List.of();
    }
    return List.of(new AppliedCredit("wallet:" + account.get().walletId(), r.creditsApplied()));
  }

  /**
   * The amounts due of an invoice, as described in the class comment.
   *
   * @param invoice the invoice, not null
   * @return the due lines, never null, their sum the invoice's amount due
   */
  static List<DueLine> dueLines(Invoice invoice) {
    Money due = invoice.totals().amountDue();
    List<DueLine> lines = new ArrayList<>();
    Money sum = Money.zero(invoice.currency());
    for (InvoiceLine line : invoice.lines()) {
      Money amount = line.taxableAmount();
      for (TaxLine t : line.taxLines()) {
        if (t.collectible()) {
          amount = amount.plus(t.taxAmount());
        }
      }
      if (amount.isNegative()) {
        return List.of(new DueLine(null, due));
      }
      lines.add(new DueLine(line.chargeCode(), amount));
      sum = sum.plus(amount);
    }
    return sum.equals(due) ? List.copyOf(lines) : List.of(new DueLine(null, due));
  }
}

package dev.billwright.store.jdbc;

import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceKey;
import dev.billwright.invoice.InvoiceKind;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.InvoiceSeries;
import dev.billwright.invoice.LineKind;
import dev.billwright.money.Money;
import dev.billwright.time.BillingPeriod;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * A JVM that dies between taking an invoice number and storing the finalized invoice, for
 * {@link KilledFinalizationTest}: stores {@link #draft()}, then finalizes it with
 * {@code finalizeWithNumber}; once the number is taken (inside the transaction) it prints
 * {@code TAKEN number} and halts the JVM at once (no shutdown hook, no commit).
 */
public final class FinalizeKillChild {
  /** The series the child numbers from. */
  static final InvoiceSeries SERIES = InvoiceSeries.of("K", "K-", 6);

  private FinalizeKillChild() {}

  /** The draft the child stores and tries to finalize. */
  static Invoice draft() {
    BillingPeriod period = BillingPeriod.ofDates(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 1), ZoneOffset.UTC);
    Money money = Money.of("INR", "1000.00");
    return Invoice.builder().id("inv_k").key(InvoiceKey.of("sub_k", period, InvoiceKind.PERIOD)).customerId("cus_k")
        .addSubscriptionIds("sub_k").currency(money.currency())
        .addLines(InvoiceLine.builder().lineId(InvoiceLine.lineIdOf("sub_k", "base", Map.of(), LineKind.RECURRING_FEE))
            .subscriptionId("sub_k").chargeCode("base").kind(LineKind.RECURRING_FEE).servicePeriod(period)
            .exactAmount(money).amount(money).build())
        .issuedAt(period.end()).build();
  }

  /**
   * Runs the child.
   *
   * @param args the JDBC URL and the user (or {@code -} for none)
   */
  public static void main(String[] args) {
    java.util.logging.Logger.getLogger("org.flywaydb").setLevel(java.util.logging.Level.WARNING);
    JdbcStore db = JdbcStore.open(args[0], args[1].equals("-") ? null : args[1], null);
    Invoice draft = db.invoices().insertIfAbsent(draft());
    db.invoices().finalizeWithNumber(draft, db.invoiceNumbers(), SERIES, number -> {
      System.out.println("TAKEN " + number);
      System.out.flush();
      Runtime.getRuntime().halt(9);
      throw new AssertionError("halted");
    });
  }
}

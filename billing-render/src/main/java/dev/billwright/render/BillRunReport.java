package dev.billwright.render;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A bill run as one HTML page: totals per customer and charge, revenue by charge and usage by
 * day as inline SVG charts, prepaid wallet balances and alerts, unclaimed and rejected usage.
 * Amounts are the invoices' amounts, summed exactly per currency (never converted).
 *
 * @param title the title, such as {@code Bill run otp-india 2026-10}
 * @param invoices the finalized invoices of the run
 * @param creditNotes the credit notes of the run
 * @param customerNames the customers' names by id (a customer without a name shows its id)
 * @param usageByDay per meter code, the quantity per day of the billing month
 * @param wallets the wallet rows (customer, balance and what happened), printed as given
 * @param alerts the alerts raised, printed as given
 * @param unclaimed the usage no subscription took, one line each
 * @param rejected the usage that could not be used (unusable values, conflicts), one line each
 */
public record BillRunReport(String title, List<Invoice> invoices, List<CreditNote> creditNotes,
    Map<String, String> customerNames, Map<String, SortedMap<LocalDate, BigDecimal>> usageByDay,
    List<String> wallets, List<String> alerts, List<String> unclaimed, List<String> rejected) {

  /**
   * Checks and copies the values.
   *
   * @param title see the record component
   * @param invoices see the record component
   * @param creditNotes see the record component
   * @param customerNames see the record component
   * @param usageByDay see the record component
   * @param wallets see the record component
   * @param alerts see the record component
   * @param unclaimed see the record component
   * @param rejected see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a component is
   *     null
   */
  public BillRunReport {
    if (title == null || invoices == null || creditNotes == null || customerNames == null || usageByDay == null
        || wallets == null || alerts == null || unclaimed == null || rejected == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "report", title, "all components");
    }
    invoices = List.copyOf(invoices);
    creditNotes = List.copyOf(creditNotes);
    customerNames = Map.copyOf(customerNames);
    Map<String, SortedMap<LocalDate, BigDecimal>> usage = new LinkedHashMap<>();
    usageByDay.forEach((k, v) -> usage.put(k, java.util.Collections.unmodifiableSortedMap(new TreeMap<>(v))));
    usageByDay = java.util.Collections.unmodifiableMap(usage);
    wallets = List.copyOf(wallets);
    alerts = List.copyOf(alerts);
    unclaimed = List.copyOf(unclaimed);
    rejected = List.copyOf(rejected);
  }

  /**
   * Returns one row per customer, charge and currency with the summed line amounts (before
   * discount and tax), the customer's rows together, customers by id, charges by code.
   *
   * @return the rows, never null
   */
  public List<Row> customerCharges() {
    Map<String, Money> sums = new TreeMap<>();
    Map<String, String[]> keys = new LinkedHashMap<>();
    for (Invoice i : invoices) {
      for (InvoiceLine l : i.lines()) {
        String k = i.customerId() + "\u0000" + l.chargeCode() + "\u0000" + i.currency().getCurrencyCode();
        sums.merge(k, l.amount(), Money::plus);
        keys.putIfAbsent(k, new String[] {i.customerId(), l.chargeCode()});
      }
    }
    List<Row> rows = new ArrayList<>();
    sums.forEach((k, m) -> rows.add(new Row(name(keys.get(k)[0]), keys.get(k)[1], m.currency().getCurrencyCode(),
        Formats.western(m))));
    return rows;
  }

  /**
   * Returns one row per customer and currency with the invoices' totals (after discount and tax)
   * and, in {@link Row#charge()}, the amount due.
   *
   * @return the rows, customers by id, never null
   */
  public List<Row> customerTotals() {
    Map<String, Money[]> sums = new TreeMap<>();
    for (Invoice i : invoices) {
      String k = i.customerId() + "\u0000" + i.currency().getCurrencyCode();
      sums.merge(k, new Money[] {i.totals().total(), i.totals().amountDue()},
          (a, b) -> new Money[] {a[0].plus(b[0]), a[1].plus(b[1])});
    }
    List<Row> rows = new ArrayList<>();
    sums.forEach((k, m) -> rows.add(new Row(name(k.substring(0, k.indexOf('\u0000'))), "due " + Formats.western(m[1]),
        m[0].currency().getCurrencyCode(), Formats.western(m[0]))));
    return rows;
  }

  /**
   * Returns the run's invoice totals per currency, such as {@code INR 1,234,567.00} (Western
   * grouping: the report mixes currencies), then the credit notes' totals per currency.
   *
   * @return one text per currency, never null
   */
  public List<String> totals() {
    Map<Currency, Money> t = new TreeMap<>(Comparator.comparing(Currency::getCurrencyCode));
    invoices.forEach(i -> t.merge(i.currency(), i.totals().total(), Money::plus));
    List<String> out = new ArrayList<>();
    t.forEach((c, m) -> out.add(c.getCurrencyCode() + " " + Formats.western(m)));
    creditNotes.stream().map(CreditNote::currency).distinct().forEach(c -> out.add("credit notes " + c.getCurrencyCode()
        + " " + Formats.western(Money.total(c, creditNotes.stream().filter(n -> n.currency().equals(c))
            .map(CreditNote::total).toList()))));
    return out;
  }

  /**
   * Returns the revenue-by-charge charts, one per currency: summed line amounts per charge code,
   * largest first.
   *
   * @return the charts, never null
   */
  public List<BarChart> revenueByCharge() {
    Map<Currency, Map<String, Money>> by = new TreeMap<>(Comparator.comparing(Currency::getCurrencyCode));
    for (Invoice i : invoices) {
      for (InvoiceLine l : i.lines()) {
        by.computeIfAbsent(i.currency(), c -> new TreeMap<>()).merge(l.chargeCode(), l.amount(), Money::plus);
      }
    }
    List<BarChart> charts = new ArrayList<>();
    by.forEach((c, m) -> {
      Map<String, BigDecimal> values = new LinkedHashMap<>();
      Map<String, String> text = new LinkedHashMap<>();
      m.entrySet().stream().sorted(Map.Entry.<String, Money>comparingByValue().reversed()).forEach(e -> {
        values.put(e.getKey(), e.getValue().amount());
        text.put(e.getKey(), Formats.western(e.getValue()));
      });
      charts.add(BarChart.horizontal("Revenue by charge, " + c.getCurrencyCode(), values, text));
    });
    return charts;
  }

  /**
   * Returns the usage-by-day charts, one per meter.
   *
   * @return the charts, never null
   */
  public List<BarChart> usageCharts() {
    List<BarChart> charts = new ArrayList<>();
    usageByDay.forEach((meter, days) -> {
      Map<String, BigDecimal> values = new LinkedHashMap<>();
      days.forEach((d, q) -> values.put(Integer.toString(d.getDayOfMonth()), q));
      charts.add(BarChart.columns("Usage by day, " + meter, values));
    });
    return charts;
  }

  private String name(String customerId) {
    String n = customerNames.get(customerId);
    return n == null ? customerId : n + " (" + customerId + ")";
  }

  /**
   * A table row.
   *
   * @param customer the customer's name and id
   * @param charge the charge code (or a note)
   * @param currency the currency code
   * @param amount the amount as printed
   */
  public record Row(String customer, String charge, String currency, String amount) {}
}

package dev.billwright.examples.cli;

import dev.billwright.examples.data.Customer;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.Invoice;
import dev.billwright.metering.UnusableEvent;
import dev.billwright.render.BillRunReport;
import dev.billwright.render.DocumentRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The documents and the report of a bill run ({@code bill --render}, {@code bill --report}). */
final class Documents {
  private Documents() {}

  /**
   * Writes one document per invoice and credit note of the month into {@code dir} (old ones of
   * that format removed), those an earlier run had stored included: billing again with a store
   * renders the same documents.
   */
  static int write(MonthRun.Outcome r, Path dir, RenderCommand.Format format) {
    try {
      Files.createDirectories(dir);
      try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "*." + format.extension())) {
        for (Path p : old) {
          Files.delete(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int n = 0;
    List<Invoice> invoices = allInvoices(r);
    for (Invoice i : invoices) {
      RenderCommand.write(dir.resolve(name(i.number().orElse(i.id()), format)),
          RenderCommand.render(r.data, i, format, false, null));
      n++;
    }
    for (CreditNote cn : allCreditNotes(r)) {
      Invoice original = invoices.stream().filter(i -> i.id().equals(cn.invoiceId())).findFirst().orElseThrow();
      RenderCommand.write(dir.resolve(name(cn.number().orElse(cn.id()), format)),
          RenderCommand.render(r.data, cn, original, format, false));
      n++;
    }
    return n;
  }

  /** The month's invoices: those an earlier run had stored, then those this run created. */
  static List<Invoice> allInvoices(MonthRun.Outcome r) {
    List<Invoice> all = new ArrayList<>(r.existing);
    all.addAll(r.invoices);
    return all;
  }

  /** The month's credit notes: those an earlier run had stored, then those this run created. */
  static List<CreditNote> allCreditNotes(MonthRun.Outcome r) {
    List<CreditNote> all = new ArrayList<>(r.existingCreditNotes);
    all.addAll(r.creditNotes);
    return all;
  }

  private static String name(String number, RenderCommand.Format format) {
    return number.replace('/', '-') + "." + format.extension();
  }

  /** The bill-run report's HTML. */
  static String report(MonthRun.Outcome r) {
    Map<String, String> names = new LinkedHashMap<>();
    for (Customer c : r.data.customers()) {
      names.put(c.id(), c.party().legalName());
    }
    List<String> alerts = new ArrayList<>();
    r.alerts.forEach(a -> alerts.add(a.at() + "  " + a.message()));
    List<String> unclaimed = new ArrayList<>();
    r.unclaimed.counts().forEach((customer, meters) -> meters.forEach((meter, count) ->
        unclaimed.add(names.getOrDefault(customer, customer) + " (" + customer + "): " + count + " " + meter
            + " event(s) no subscription meters at their time")));
    r.unclaimed.ambiguous().forEach(a -> unclaimed.add("ambiguous: " + a));
    List<String> rejected = new ArrayList<>();
    for (UnusableEvent u : r.aggregation.unusable()) {
      rejected.add("unusable " + u.event().id() + " for meter " + u.meterCode() + ": " + u.reason());
    }
    r.aggregation.conflicts().forEach(c -> rejected.add("conflicting id: " + c));
    r.failures.forEach(f -> rejected.add("failed " + f.subscriptionId() + " [" + f.code() + "]: " + f.message()));
    if (rejected.size() > 500) {
      int more = rejected.size() - 500;
      rejected.subList(500, rejected.size()).clear();
      rejected.add("... and " + more + " more");
    }
    String title = "Bill run " + r.data.name() + " " + r.data.month() + " (" + r.data.zone() + ")";
    return DocumentRenderer.DEFAULT.html(new BillRunReport(title, allInvoices(r), allCreditNotes(r), names, r.eventsByDay,
        r.walletLog, alerts, unclaimed, rejected));
  }
}

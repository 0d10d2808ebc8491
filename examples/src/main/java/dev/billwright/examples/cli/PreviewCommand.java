package dev.billwright.examples.cli;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.examples.data.Customer;
import dev.billwright.examples.data.Dataset;
import dev.billwright.invoice.Invoice;
import dev.billwright.money.Money;
import dev.billwright.subscription.ChangeTiming;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionChange;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code billwright preview}: the upcoming invoice of one subscription as at an instant (usage so
 * far, as drafts that are never numbered), or the effect of a change made at that instant
 * (upgrade/downgrade to a plan version, seats, cancellation) with its proration lines.
 */
@Command(name = "preview", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Preview the upcoming invoice of a subscription, or the effect of a change.",
    footerHeading = "%nExample:%n",
    footer = {"  billwright preview --subscription sub_kiranakart",
        "      --change upgrade:otp-scale@1 --at 2026-10-20T00:00:00+05:30"})
public final class PreviewCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--subscription", paramLabel = "ID", required = true, description = "The subscription id.")
  private String subscription;

  @Option(names = "--change", paramLabel = "CHANGE",
      description = "upgrade:PLAN@VERSION, downgrade:PLAN@VERSION, seats:N or cancel (immediate, at --at).")
  private String change;

  @Option(names = "--at", paramLabel = "INSTANT",
      description = "As at this instant, ISO-8601 with offset (default: the 20th of the bundled month, 00:00 local).")
  private String at;

  @Option(names = "--events", paramLabel = "N", defaultValue = "200000",
      description = "Events generated for the whole month; those before --at are counted (default: ${DEFAULT-VALUE}).")
  private long events;

  @Option(names = "--example", paramLabel = "NAME", description = "Bundled data set (default otp-india).")
  private String example;

  @Option(names = "--meters", converter = OptionTypes.InputFile.class, paramLabel = "FILE", description = "Meters JSON.")
  private Path meters;

  @Option(names = "--plans", converter = OptionTypes.InputFile.class, paramLabel = "FILE", description = "Plans JSON.")
  private Path plans;

  @Option(names = "--customers", converter = OptionTypes.InputFile.class, paramLabel = "FILE", description = "Customers JSON.")
  private Path customers;

  /** Creates the command; used by picocli. */
  public PreviewCommand() {}

  @Override
  public Integer call() {
    // every argument is checked before the month's events are generated (which takes a while)
    if (events < 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "--events", events, "0 or more");
    }
    Instant given = at == null ? null : instant(at);
    Dataset data = BillCommand.dataset(example, meters, plans, customers);
    Customer customer = data.customers().stream().filter(c -> c.subscriptions().stream()
            .anyMatch(s -> s.id().equals(subscription))).findFirst()
        .orElseThrow(() -> BillingException.invalid(ErrorCode.INVALID_VALUE, "--subscription", subscription,
            "a subscription of the data set: " + data.customers().stream()
                .flatMap(c -> c.subscriptions().stream()).map(Subscription::id).toList()));
    Subscription current = customer.subscriptions().stream().filter(s -> s.id().equals(subscription)).findFirst()
        .orElseThrow();
    Instant when = given == null ? data.month().atDay(20).atStartOfDay(data.zone()).toInstant() : given;
    if (!data.period().contains(when)) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "--at", at, "an instant in " + data.period());
    }
    Subscription changed = null;
    if (change != null) {
      SubscriptionChange c = change(when);
      if (c.planCode() != null && data.plans().stream()
          .noneMatch(p -> p.code().equals(c.planCode()) && c.planVersion() != null && p.version() == c.planVersion())) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "--change", change, "a plan of the data set: "
            + data.plans().stream().map(p -> p.code() + "@" + p.version()).toList());
      }
      changed = current.withChange(c);
    }
    PrintWriter out = spec.commandLine().getOut();
    MonthRun.Outcome before = preview(data, current, when);
    out.println("Upcoming invoice of " + subscription + " as at " + when.atZone(data.zone()).toOffsetDateTime()
        + " (usage so far; a draft, not numbered):");
    Money base = print(before, customer, data, out);
    if (changed != null) {
      MonthRun.Outcome after = preview(data, changed, when);
      out.println();
      out.println("With the change " + change + " at " + when.atZone(data.zone()).toOffsetDateTime() + ":");
      Money with = print(after, customer, data, out);
      out.println("Effect of the change on the upcoming invoice: " + Text.money(with.minus(base)));
    }
    out.flush();
    return 0;
  }

  private MonthRun.Outcome preview(Dataset data, Subscription sub, Instant when) {
    MonthRun.Options o = new MonthRun.Options();
    o.data = data;
    o.events = events;
    o.writeEvents = false;
    o.eventFilter = e -> e.timestamp().isBefore(when);
    o.onlySubscriptions = Set.of(sub.id());
    o.subscriptionOverride = Map.of(sub.id(), sub);
    o.preview = true;
    return MonthRun.run(o);
  }

  private static Money print(MonthRun.Outcome r, Customer customer, Dataset data, PrintWriter out) {
    if (!r.failures.isEmpty()) {
      var f = r.failures.get(0);
      throw new BillingException(ErrorCode.INVALID_VALUE, f.subscriptionId() + ": " + f.message());
    }
    Money total = null;
    List<Invoice> drafts = r.drafts;
    for (Invoice i : drafts) {
      out.print(InvoiceText.render(i, customer, data.zone(), true, MonthRun.notes(i)));
      total = total == null ? i.totals().total() : total.plus(i.totals().total());
    }
    for (dev.billwright.invoice.CreditNote cn : r.creditNotes) {
      Invoice original = r.invoices.stream().filter(i -> i.id().equals(cn.invoiceId())).findFirst().orElseThrow();
      out.print(InvoiceText.renderCreditNote(cn, original, customer, data.zone()));
      total = total == null ? cn.total().negated() : total.minus(cn.total());
    }
    if (total == null) {
      out.println("(nothing to invoice)");
      return Money.zero(data.plans().get(0).currency());
    }
    return total;
  }

  private SubscriptionChange change(Instant when) {
    String[] parts = change.split(":", 2);
    String kind = parts[0];
    switch (kind) {
      case "upgrade":
      case "downgrade": {
        String[] pv = parts.length == 2 ? parts[1].split("@", 2) : new String[0];
        if (pv.length != 2) {
          throw BillingException.invalid(ErrorCode.INVALID_VALUE, "--change", change, kind + ":PLAN@VERSION");
        }
        int version;
        try {
          version = Integer.parseInt(pv[1]);
        } catch (NumberFormatException e) {
          throw BillingException.invalid(ErrorCode.INVALID_VALUE, "--change", change, "an integer plan version");
        }
        return SubscriptionChange.planChange("preview", kind.equals("upgrade") ? SubscriptionChange.Kind.UPGRADE
            : SubscriptionChange.Kind.DOWNGRADE, when, ChangeTiming.IMMEDIATE, pv[0], version);
      }
      case "seats":
        if (parts.length != 2) {
          throw BillingException.invalid(ErrorCode.INVALID_VALUE, "--change", change, "seats:N");
        }
        return SubscriptionChange.seats("preview", when, ChangeTiming.IMMEDIATE,
            dev.billwright.money.Decimals.parse(parts[1], "--change seats"));
      case "cancel":
        return SubscriptionChange.cancel("preview", when, ChangeTiming.IMMEDIATE);
      default:
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "--change", change,
            "upgrade:PLAN@VERSION, downgrade:PLAN@VERSION, seats:N or cancel");
    }
  }

  private static Instant instant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "--at", text,
          "an ISO-8601 date-time with offset, such as 2026-10-20T00:00:00+05:30");
    }
  }
}

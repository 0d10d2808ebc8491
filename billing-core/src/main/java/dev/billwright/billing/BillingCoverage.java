package dev.billwright.billing;

import dev.billwright.catalog.PlanCatalog;
import dev.billwright.error.BillingException;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceKind;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.invoice.LineKind;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionPhase;
import dev.billwright.time.BillingPeriod;
import dev.billwright.time.ScheduledPeriod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which invoices billed each billing period of one subscription, from its start to an as-of
 * instant, and what is wrong with that: gaps, overlapping invoices and periods billed twice. A
 * pure function of the subscription, the catalog and the invoices ({@link #of}); an audit a host
 * can run over its store after any bill run.
 *
 * <p>Definitions:
 * <ul>
 *   <li><b>Periods</b>: the subscription's billing periods ({@link SubscriptionCycles}: the
 *       schedule periods clipped to its life) that start at or before {@code asOf}; a period is
 *       <em>closed</em> when it ends at or before {@code asOf} (its invoice is due).
 *   <li>An invoice <b>bills</b> a period when it is an invoice of the subscription (its
 *       {@code subscription_ids} contain it) and either its key's period is the period (the
 *       invoice issued at the period's end, which may hold only the next period's fees) or one of
 *       its lines for the subscription has a service period overlapping the period. Only live
 *       invoices (not {@link InvoiceStatus#VOID}) bill; void ones are listed apart.
 *   <li>A <b>gap</b> is a closed period no live invoice bills. (A closed period with nothing to
 *       bill at all, which a bill run leaves without an invoice, is also a gap: the invoices
 *       alone cannot tell it from a period never billed; a period inside a
 *       {@linkplain dev.billwright.subscription.SubscriptionPhase#paused() pause} is not.)
 *   <li>An <b>overlap</b> is two live invoices of the subscription, of the same
 *       {@link InvoiceKind}, whose key periods overlap without being equal (invoices on two
 *       different period grids).
 *   <li>A period is <b>billed twice</b> when two different live invoices have lines for the
 *       subscription of the same charge and the same kind ({@link LineKind#RECURRING_FEE},
 *       {@link LineKind#USAGE} or {@link LineKind#ONE_TIME}) whose service periods overlap each
 *       other inside the period. Proration, true-up and adjustment lines are corrections of
 *       those lines and are not counted.
 * </ul>
 *
 * @param subscriptionId the subscription's id, not null
 * @param asOf the instant coverage is computed up to, not null
 * @param periods every period from the start to {@code asOf}, in order, never null
 * @param gaps the closed periods no live invoice bills, in order, never null
 * @param overlaps the pairs of live invoices whose key periods overlap, never null
 * @param billedTwice the periods billed twice, per charge and line kind, never null
 */
public record BillingCoverage(String subscriptionId, Instant asOf, List<PeriodCoverage> periods,
    List<BillingPeriod> gaps, List<Overlap> overlaps, List<DoubleBilling> billedTwice) {

  /** The line kinds a period may be billed by only once per charge. */
  private static final Set<LineKind> BILLING_KINDS = EnumSet.of(LineKind.RECURRING_FEE, LineKind.USAGE,
      LineKind.ONE_TIME);

  /**
   * Copies the lists.
   *
   * @param subscriptionId see the record component
   * @param asOf see the record component
   * @param periods see the record component
   * @param gaps see the record component
   * @param overlaps see the record component
   * @param billedTwice see the record component
   * @throws NullPointerException if a component is null
   */
  public BillingCoverage {
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    Objects.requireNonNull(asOf, "asOf");
    periods = List.copyOf(periods);
    gaps = List.copyOf(gaps);
    overlaps = List.copyOf(overlaps);
    billedTwice = List.copyOf(billedTwice);
  }

  /**
   * One billing period and the invoices that billed it.
   *
   * @param period the period (clipped to the subscription), not null
   * @param closed true if the period ends at or before the as-of instant
   * @param invoiceIds the live invoices that bill it, in the order given to {@link #of}, never
   *     null, empty for a gap (or an open period not billed yet)
   * @param voidInvoiceIds the void invoices that billed it before they were voided, never null
   */
  public record PeriodCoverage(BillingPeriod period, boolean closed, List<String> invoiceIds,
      List<String> voidInvoiceIds) {
    /**
     * Copies the lists.
     *
     * @param period see the record component
     * @param closed see the record component
     * @param invoiceIds see the record component
     * @param voidInvoiceIds see the record component
     * @throws NullPointerException if a component is null
     */
    public PeriodCoverage {
      Objects.requireNonNull(period, "period");
      invoiceIds = List.copyOf(invoiceIds);
      voidInvoiceIds = List.copyOf(voidInvoiceIds);
    }
  }

  /**
   * Two live invoices of the same kind whose key periods overlap without being equal.
   *
   * @param invoiceId the invoice whose period starts first (then the smaller id), not null
   * @param otherInvoiceId the other invoice, not null
   * @param intersection the time both periods cover, not null
   */
  public record Overlap(String invoiceId, String otherInvoiceId, BillingPeriod intersection) {}

  /**
   * A period billed twice for one charge.
   *
   * @param period the period, not null
   * @param chargeCode the charge billed twice, not null
   * @param kind the kind of the lines, not null
   * @param invoiceIds the live invoices with overlapping lines of that charge and kind, at least
   *     two, never null
   */
  public record DoubleBilling(BillingPeriod period, String chargeCode, LineKind kind, List<String> invoiceIds) {
    /**
     * Copies the list.
     *
     * @param period see the record component
     * @param chargeCode see the record component
     * @param kind see the record component
     * @param invoiceIds see the record component
     * @throws NullPointerException if a component is null
     */
    public DoubleBilling {
      Objects.requireNonNull(period, "period");
      Objects.requireNonNull(chargeCode, "chargeCode");
      Objects.requireNonNull(kind, "kind");
      invoiceIds = List.copyOf(invoiceIds);
    }
  }

  /**
   * Returns whether no closed period is a gap, no invoices overlap and nothing is billed twice.
   *
   * @return true if the coverage is complete and clean
   */
  public boolean isClean() {
    return gaps.isEmpty() && overlaps.isEmpty() && billedTwice.isEmpty();
  }

  /** Whether a period lies in a paused stretch (nothing is billed for it: not a gap). */
  private static boolean paused(Subscription subscription, PlanCatalog catalog, BillingPeriod p) {
    return subscription.resolve(catalog).phaseAt(p.start()).paused();
  }

  /**
   * Computes the coverage of one subscription.
   *
   * @param subscription the subscription, not null
   * @param catalog where its plans are looked up, not null
   * @param invoices the invoices to consider, in any order, of any subscriptions (those not of
   *     this subscription are ignored), void ones included or not; not null
   * @param asOf the instant to compute up to (inclusive, as a bill run's {@code asOf}), not null
   * @return the coverage, never null
   * @throws BillingException as {@link SubscriptionCycles#cycles} does, if the subscription's
   *     plans cannot be resolved
   */
  public static BillingCoverage of(Subscription subscription, PlanCatalog catalog, List<Invoice> invoices,
      Instant asOf) {
    String sub = subscription.id();
    List<Invoice> live = new ArrayList<>();
    List<Invoice> voided = new ArrayList<>();
    for (Invoice invoice : invoices) {
      if (invoice.subscriptionIds().contains(sub)) {
        (invoice.status() == InvoiceStatus.VOID ? voided : live).add(invoice);
      }
    }
    List<BillingPeriod> periods = new ArrayList<>();
    if (!asOf.isBefore(subscription.start())) {
      for (BillingCycle cycle : SubscriptionCycles.cycles(subscription, catalog, subscription.start(), asOf)) {
        cycle.closing().map(ScheduledPeriod::period).ifPresent(periods::add);
        cycle.opening().map(ScheduledPeriod::period).filter(p -> p.end().isAfter(asOf)).ifPresent(periods::add);
      }
    }
    // a fee line covering a pause was credited from the pause on (a cancellation credit note):
    // the resume bills the rest of its period anew, which is not billing it twice
    List<Instant> pauses = new ArrayList<>();
    if (!asOf.isBefore(subscription.start())) {
      subscription.resolve(catalog).phases().stream().filter(SubscriptionPhase::paused)
          .forEach(ph -> pauses.add(ph.start()));
    }
    List<PeriodCoverage> covered = new ArrayList<>();
    List<BillingPeriod> gaps = new ArrayList<>();
    List<DoubleBilling> twice = new ArrayList<>();
    for (BillingPeriod p : periods) {
      boolean closed = !p.end().isAfter(asOf);
      List<String> ids = billing(live, sub, p);
      covered.add(new PeriodCoverage(p, closed, ids, billing(voided, sub, p)));
      if (closed && ids.isEmpty() && !paused(subscription, catalog, p)) {
        gaps.add(p);
      }
      twice.addAll(billedTwice(live, sub, p, pauses));
    }
    List<Overlap> overlaps = new ArrayList<>();
    List<Invoice> byStart = new ArrayList<>(live);
    byStart.sort(Comparator.comparing((Invoice i) -> i.period().start()).thenComparing(Invoice::id));
    for (int i = 0; i < byStart.size(); i++) {
      for (int j = i + 1; j < byStart.size(); j++) {
        Invoice a = byStart.get(i);
        Invoice b = byStart.get(j);
        if (a.key().kind() == b.key().kind() && a.period().overlaps(b.period()) && !a.period().equals(b.period())) {
          overlaps.add(new Overlap(a.id(), b.id(), a.period().intersection(b.period())));
        }
      }
    }
    return new BillingCoverage(sub, asOf, covered, gaps, overlaps, twice);
  }

  /**
   * Computes the coverage of several subscriptions over one list of invoices.
   *
   * @param subscriptions the subscriptions, not null
   * @param catalog where their plans are looked up, not null
   * @param invoices the invoices, not null
   * @param asOf the instant to compute up to, not null
   * @return one coverage per subscription, in the order given, never null
   * @throws BillingException as for {@link #of}
   */
  public static List<BillingCoverage> ofEach(List<Subscription> subscriptions, PlanCatalog catalog,
      List<Invoice> invoices, Instant asOf) {
    List<BillingCoverage> out = new ArrayList<>();
    for (Subscription s : subscriptions) {
      out.add(of(s, catalog, invoices, asOf));
    }
    return out;
  }

  private static List<String> billing(List<Invoice> invoices, String sub, BillingPeriod p) {
    Set<String> ids = new LinkedHashSet<>();
    for (Invoice invoice : invoices) {
      if (invoice.key().kind() == InvoiceKind.PERIOD && invoice.period().equals(p)) {
        ids.add(invoice.id());
        continue;
      }
      for (InvoiceLine line : invoice.lines()) {
        if (belongs(invoice, line, sub) && line.servicePeriod().overlaps(p)) {
          ids.add(invoice.id());
          break;
        }
      }
    }
    return List.copyOf(ids);
  }

  /** A line is the subscription's if it names it, or if it names none on the subscription's own invoice. */
  private static boolean belongs(Invoice invoice, InvoiceLine line, String sub) {
    return line.subscriptionId().map(sub::equals).orElse(invoice.subscriptionIds().equals(List.of(sub)));
  }

  /** A line's service period up to the first pause inside it (what the pause left billed). */
  private static BillingPeriod billed(InvoiceLine line, List<Instant> pauses) {
    BillingPeriod span = line.servicePeriod();
    for (Instant t : pauses) {
      if (line.kind() == LineKind.RECURRING_FEE && span.start().isBefore(t) && span.end().isAfter(t)) {
        return BillingPeriod.of(span.start(), t, span.zone());
      }
    }
    return span;
  }

  private static List<DoubleBilling> billedTwice(List<Invoice> invoices, String sub, BillingPeriod p,
      List<Instant> pauses) {
    List<DoubleBilling> out = new ArrayList<>();
    Set<String> reported = new java.util.HashSet<>();
    for (int i = 0; i < invoices.size(); i++) {
      for (InvoiceLine a : invoices.get(i).lines()) {
        if (!BILLING_KINDS.contains(a.kind()) || !belongs(invoices.get(i), a, sub) || !a.servicePeriod().overlaps(p)) {
          continue;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int j = i + 1; j < invoices.size(); j++) {
          for (InvoiceLine b : invoices.get(j).lines()) {
            if (b.kind() == a.kind() && b.chargeCode().equals(a.chargeCode()) && belongs(invoices.get(j), b, sub)
                && b.servicePeriod().overlaps(p) && billed(b, pauses).overlaps(billed(a, pauses))) {
              ids.add(invoices.get(j).id());
            }
          }
        }
        if (!ids.isEmpty() && reported.add(a.chargeCode() + "|" + a.kind())) {
          List<String> all = new ArrayList<>();
          all.add(invoices.get(i).id());
          all.addAll(ids);
          out.add(new DoubleBilling(p, a.chargeCode(), a.kind(), all));
        }
      }
    }
    return out;
  }
}

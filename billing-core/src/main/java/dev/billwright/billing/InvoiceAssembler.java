package dev.billwright.billing;

import dev.billwright.rating.BilledUsage;
import dev.billwright.rating.PeriodUsage;
import dev.billwright.rating.TimedUsageSource;
import dev.billwright.rating.UsageRater;
import dev.billwright.rating.UsageSource;
import dev.billwright.rating.UsageWindows;
import dev.billwright.rating.UsageWindow;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.catalog.Charge;
import dev.billwright.catalog.ChargeKind;
import dev.billwright.catalog.ChargeTiming;
import dev.billwright.catalog.Plan;
import dev.billwright.catalog.UsageTiersAcrossChange;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.Coupon;
import dev.billwright.invoice.CouponDuration;
import dev.billwright.invoice.CouponRedemption;
import dev.billwright.invoice.DiscountCalculator;
import dev.billwright.invoice.DocumentIds;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceKey;
import dev.billwright.invoice.InvoiceKind;
import dev.billwright.invoice.InvoiceLifecycle;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.LineKind;
import dev.billwright.invoice.LineOrigin;
import dev.billwright.invoice.ReportingTotals;
import dev.billwright.money.ExchangeRateDate;
import dev.billwright.money.ExchangeRateProvider;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.pricing.ChargeAmount;
import dev.billwright.pricing.ChargePrice;
import dev.billwright.pricing.ChargePricing;
import dev.billwright.pricing.ExplanationJson;
import dev.billwright.pricing.PricingInput;
import dev.billwright.subscription.ResolvedSubscription;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionPhase;
import dev.billwright.tax.TaxRequest;
import dev.billwright.tax.TaxResult;
import dev.billwright.time.BillingPeriod;
import dev.billwright.time.ProrationCalculator;
import dev.billwright.time.ScheduledPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the draft invoice of one billing cycle of a subscription: a pure function of an
 * {@link InvoiceRequest}.
 *
 * <p>What goes on the invoice issued at a cycle's boundary. Each charge is billed on its own
 * periods ({@link BillingCycle#closing(String)}, {@link BillingCycle#opening(String)}: a yearly
 * fee only at yearly boundaries, monthly usage at monthly ones), prorated against that charge's
 * own full period:
 * <ol>
 *   <li>usage (billed in arrears): one usage line per usage charge and usage window ending since
 *       the previous boundary (per group for grouped charges not priced by a matrix); a
 *       charge's windows are its own schedule's periods ({@link UsageWindows}), cut at plan
 *       changes, each priced by the plan of its own phase, so usage across a plan change inside a
 *       period is split (tiers restart or continue across the change as the plan's
 *       {@code usage_tiers_across_change} says), with its explanation; a minimum-spend true-up
 *       line when a charge's minimum is not reached;</li>
 *   <li>for each charge whose period closes (billed in arrears): in-arrears recurring fees per
 *       plan phase, prorated;</li>
 *   <li>proration lines for immediate plan or seat changes since the previous boundary that keep
 *       the billing periods, and for a change to other billing periods at this boundary (a
 *       credit for the unused part of each in-advance fee already billed, computed from that
 *       billed line's own taxable amount (after its coupons and discounts) and span and never
 *       more than what remains of it, with the proration basis of the plan the change moves to;
 *       and, for a change that keeps the periods, a charge for the new price from the change to
 *       the end of each charge's period, each rounded as its own line); and, when the plan's own
 *       period closes, the minimum commitment true-up over it;</li>
 *   <li>for each charge whose period opens (billed in advance): recurring fees of the plan in
 *       effect at the boundary, prorated when the period is partial (first or last period, the
 *       first period after a change to another cadence, or the end of a trial inside it), and,
 *       on the first invoice, one-time charges;</li>
 *   <li>coupons and charge discounts, applied before tax ({@link DiscountCalculator}); then tax
 *       lines from the tax SPI, per line.</li>
 * </ol>
 * A charge is rated in the invoice currency when the plan is priced in it or the charge's
 * {@code prices} give it; otherwise in the plan's currency, and the line is then converted to
 * the invoice currency before discounts and tax ({@link #withExchangeRates}), as is the minimum
 * commitment.
 * Every line is rounded once, through the plan's {@link RoundingPolicy}; invoice totals are sums
 * of rounded lines. Trials: recurring fees are not billed for the part of a period inside the
 * trial; usage is billed as metered. While {@linkplain SubscriptionPhase#paused() paused}, no
 * recurring fee, usage or minimum commitment is billed (the in-advance fees billed for time after
 * the pause are credited by the bill run's cancellation credit notes, and the resume's invoice
 * bills the rest of each period). The invoice's id and issue time derive from its
 * idempotency key and boundary, so assembling the same request twice gives equal invoices.
 *
 * <p>Usage lines are rated by a {@link UsageRater}, which applies each usage charge's spend
 * bounds. Stateless and thread-safe; {@link #DEFAULT} uses {@link ChargePricing#DEFAULT},
 * {@link ProrationCalculator#DEFAULT} and a {@link UsageRater} over the same pricing.
 */
public final class InvoiceAssembler {
  /** The default assembler. */
  public static final InvoiceAssembler DEFAULT = new InvoiceAssembler(ChargePricing.DEFAULT, ProrationCalculator.DEFAULT);

  private final ChargePricing pricing;
  private final UsageRater rater;
  private final ProrationCalculator proration;
  private final FeeLines fees;
  private final ProrationLines prorationLines;
  private final CommitmentTrueUp commitmentTrueUp;
  private final LineConverter converter;
  /** The reporting currency whose totals each assembled invoice states, or empty. */
  private final Optional<Currency> reporting;

  /**
   * Creates an assembler with its strategies.
   *
   * @param pricing prices charges, not null
   * @param proration computes proration fractions, not null
   */
  public InvoiceAssembler(ChargePricing pricing, ProrationCalculator proration) {
    this(pricing, proration, new UsageRater(java.util.Objects.requireNonNull(pricing, "pricing")));
  }

  /**
   * Creates an assembler with its strategies and its usage rater.
   *
   * @param pricing prices fees and one-time charges, not null
   * @param proration computes proration fractions, not null
   * @param rater rates usage lines (spend bounds of usage charges included), not null
   */
  public InvoiceAssembler(ChargePricing pricing, ProrationCalculator proration, UsageRater rater) {
    this(pricing, proration, rater, LineConverter.NONE, Optional.empty());
  }

  private InvoiceAssembler(ChargePricing pricing, ProrationCalculator proration, UsageRater rater,
      LineConverter converter, Optional<Currency> reporting) {
    this.converter = java.util.Objects.requireNonNull(converter, "converter");
    this.reporting = java.util.Objects.requireNonNull(reporting, "reporting");
    this.pricing = java.util.Objects.requireNonNull(pricing, "pricing");
    this.rater = java.util.Objects.requireNonNull(rater, "rater");
    this.proration = java.util.Objects.requireNonNull(proration, "proration");
    this.fees = new FeeLines(pricing, proration, converter);
    this.prorationLines = new ProrationLines(proration, fees);
    this.commitmentTrueUp = new CommitmentTrueUp(proration);
  }

  /**
   * Returns an assembler like this one that converts lines priced in another currency than the
   * invoice's (a subscription {@code currency} a charge has no price in) at dated rates from a
   * provider: each line is rated in its price currency, then its exact amount is multiplied by
   * the rate and rounded once, in the invoice currency, through the plan's rounding policy; the
   * line states the rate, its source, its date and the rule ({@link InvoiceLine#conversion()}).
   * A plan's minimum commitment is converted by the same rule (stated in the true-up line's
   * explanation). Without a provider ({@link #DEFAULT}) such a line is refused with
   * {@link ErrorCode#EXCHANGE_RATE_MISSING}.
   *
   * @param rates the rate source, not null
   * @param rule which instant's rate applies (option {@code exchange_rate_date}; default
   *     {@link ExchangeRateDate#INVOICE_DATE}), not null
   * @return the new assembler, never null
   * @throws NullPointerException if an argument is null
   */
  public InvoiceAssembler withExchangeRates(ExchangeRateProvider rates, ExchangeRateDate rule) {
    return new InvoiceAssembler(pricing, proration, rater,
        new LineConverter(Optional.of(java.util.Objects.requireNonNull(rates, "rates")), rule), reporting);
  }

  /**
   * Returns an assembler like this one whose invoices state their totals in a reporting
   * currency ({@link Invoice#reportingTotals()}, {@code reporting_totals} in the invoice JSON):
   * {@link ReportingTotals#of} at the rate in effect at the invoice's issue instant, from this
   * assembler's provider, each figure rounded once through the plan's rounding policy (in the
   * reporting currency's minor units). An invoice already in the reporting currency states its
   * own totals, without a rate. A missing rate fails the invoice with
   * {@link ErrorCode#EXCHANGE_RATE_MISSING}.
   *
   * @param currency the reporting currency, not null
   * @return the new assembler, never null
   * @throws IllegalStateException if this assembler has no rate provider
   *     ({@link #withExchangeRates} first)
   */
  public InvoiceAssembler withReportingCurrency(Currency currency) {
    java.util.Objects.requireNonNull(currency, "currency");
    if (converter.provider().isEmpty()) {
      throw new IllegalStateException("reporting totals need an exchange-rate provider: call withExchangeRates first");
    }
    return new InvoiceAssembler(pricing, proration, rater, converter, Optional.of(currency));
  }

  /** The invoice with its reporting totals (stated again) when this assembler states them. */
  Invoice withReporting(Invoice invoice, RoundingPolicy rounding) {
    return reporting.isEmpty() ? invoice : invoice.withReportingTotals(
        ReportingTotals.of(invoice, reporting.get(), converter.provider().orElseThrow(), rounding));
  }

  /** Whether this assembler converts lines priced in another currency (it has a rate provider). */
  boolean converts() {
    return converter != LineConverter.NONE;
  }

  /** The proration calculator this assembler prorates with (a bill run's cancellation credits use it too). */
  ProrationCalculator proration() {
    return proration;
  }

  /**
   * Assembles the draft invoice of a cycle.
   *
   * @param request the inputs, not null
   * @return the draft invoice, or empty when the cycle bills nothing (an opening boundary with
   *     no in-advance fee, or a trial covering the whole opening period)
   * @throws BillingException with {@link ErrorCode#INVALID_DEFINITION} if a plan cannot be
   *     resolved, a price rejects its input (for
   *     example a matrix with no matching cell and no default), or the tax SPI fails; with
   *     {@link ErrorCode#USAGE_WINDOW_MISMATCH} if the usage source holds usage for a period that
   *     is not one of the subscription's usage windows; with {@link ErrorCode#INVALID_VALUE} if a
   *     usage total is below zero
   */
  public Optional<Invoice> assemble(InvoiceRequest request) {
    return assemble(request, request.subscription().resolve(request.catalog()));
  }

  /**
   * Assembles the draft invoice of a cycle of a subscription already resolved (a bill run
   * resolves each subscription once and assembles all its cycles from that).
   *
   * @param request the inputs, not null
   * @param resolved the request's subscription resolved against the request's catalog
   *     ({@link Subscription#resolve}), not null
   * @return the draft invoice, or empty as for {@link #assemble(InvoiceRequest)}
   * @throws BillingException as {@link #assemble(InvoiceRequest)} does
   * @throws IllegalArgumentException if {@code resolved} is not the request's subscription
   */
  public Optional<Invoice> assemble(InvoiceRequest request, ResolvedSubscription resolved) {
    return assemble(request, resolved, BilledUsage.NONE);
  }

  /**
   * Assembles a cycle's draft whose usage lines bill only the rest of the period: each usage
   * line is the period's whole rating less what {@code billed} says its progressive invoices
   * already billed ({@link BilledUsage#rest}).
   */
  Optional<Invoice> assemble(InvoiceRequest request, ResolvedSubscription resolved, BilledUsage billed) {
    Subscription sub = request.subscription();
    if (!resolved.subscription().equals(sub)) {
      throw new IllegalArgumentException("resolved subscription " + resolved.subscription().id()
          + " is not the request's subscription " + sub.id());
    }
    List<SubscriptionPhase> phases = resolved.phases();
    Currency currency = resolved.currency();
    RoundingPolicy rounding = resolved.rounding();
    Instant trialEnd = resolved.trialEnd();
    BillingCycle cycle = request.cycle();
    List<InvoiceLine> lines = new ArrayList<>();

    if (cycle.span().isPresent()) {
      List<InvoiceLine> usage = new ArrayList<>();
      usageLines(request, request.usage(), w -> true, resolved, currency, cycle.span().get(), rounding, usage);
      lines.addAll(billed.rest(usage));
      arrearsFees(sub, resolved, phases, currency, cycle, trialEnd, rounding, lines);
      if (cycle.index() == 1) {
        oneTimeLines(sub, phases.get(0), currency, cycle.span().get(), ChargeTiming.IN_ARREARS, rounding, lines);
      }
      prorationLines.add(resolved, cycle, request.billedInAdvance(), lines);
      if (cycle.closing().isPresent()) {
        ScheduledPeriod closing = cycle.closing().get();
        SubscriptionPhase atEnd = resolved.phaseAt(closing.period().end().minusNanos(1));
        convert(lines, currency, cycle, sub, rounding);
        if (!atEnd.paused()) { // no minimum commitment is billed for a paused stretch
          commitmentTrueUp.add(sub, atEnd.plan(), currency, closing, request.billedInAdvance(), rounding, lines,
              converter, cycle.boundary());
        }
      }
    }
    if (cycle.openingCharges().size() + (cycle.opening().isPresent() ? 1 : 0) > 0) {
      SubscriptionPhase atStart = resolved.phaseAt(cycle.boundary());
      advanceFees(sub, resolved, atStart, currency, cycle, trialEnd, rounding, lines);
      if (cycle.index() == 0 && cycle.opening().isPresent()) {
        oneTimeLines(sub, atStart, currency, cycle.opening().get().period(), ChargeTiming.IN_ADVANCE, rounding, lines);
      }
    }
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    convert(lines, currency, cycle, sub, rounding);

    List<Coupon> coupons = new ArrayList<>();
    for (CouponRedemption r : request.coupons()) {
      // a duration in months (Stripe) is a calendar window from the redemption, which the bill
      // run takes as the subscription's start; a duration in invoices is the count used so far
      if (r.appliesToNextPeriod() && r.coupon().duration().appliesAt(sub.start(), cycle.boundary(),
          resolved.firstPhase().plan().billing().zone())) {
        coupons.add(r.nextPeriodCoupon()); // a coupon carrying its rest gives what remains of it
      }
    }
    Set<String> discounted = new java.util.LinkedHashSet<>();
    for (SubscriptionPhase phase : phases) {
      for (Charge c : phase.plan().charges()) {
        if (c.discountPercent().isPresent() && discounted.add(c.code())) {
          coupons.add(Coupon.percentage("charge-discount:" + c.code(), c.discountPercent().get(), CouponDuration.FOREVER)
              .withChargeScope(Set.of(c.code())));
        }
      }
    }
    Map<String, String> couponRates = new LinkedHashMap<>();
    coupons = convertFixedCoupons(coupons, currency, cycle, sub, rounding, couponRates);
    DiscountCalculator.Result discountedLines = new DiscountCalculator(rounding).apply(lines, coupons);

    InvoiceKey key = keyOf(sub, cycle);
    String id = invoiceId(key);
    java.util.function.Supplier<Invoice.Builder> fields = () -> Invoice.builder()
        .id(id)
        .key(key)
        .customerId(sub.customerId())
        .addSubscriptionIds(sub.id())
        .currency(currency)
        .addAllDiscountLines(discountedLines.discountLines())
        .issuedAt(cycle.boundary())
        .putAllMetadata(sub.metadata())
        .putAllMetadata(couponRates);
    Invoice draft = fields.get().addAllLines(discountedLines.lines()).build();
    // the taxed invoice built once from the draft's fields (InvoiceLifecycle.applyTax)
    return Optional.of(withReporting(InvoiceLifecycle.applyTax(draft,
        tax(request, currency, cycle, draft.lines(), resolved.firstPhase().plan()), fields.get()), rounding));
  }

  /**
   * Returns the deterministic invoice id of an idempotency key: {@code inv_} and the first 20
   * hexadecimal digits of the SHA-256 of the key's text ({@link DocumentIds#invoiceId} revision 0;
   * a {@link BillRun} re-billing a key after a void uses the next revision).
   *
   * @param key the key, not null
   * @return the id, never null
   */
  public static String invoiceId(InvoiceKey key) {
    return DocumentIds.invoiceId(key, 0);
  }

  /**
   * The idempotency key of a cycle's invoice: one per (subscription, boundary). For a boundary
   * after the start, the span from the previous boundary to it (for a plan with one cadence, the
   * closing period, as before per-charge cadences); for the start boundary, the start to the end
   * of the plan's own <em>unclipped</em> first period, so that the key does not change when a
   * cancellation or an end inside the first period is added after the opening invoice was issued.
   * The key does not depend on which charges close or open at the boundary, and the boundaries
   * before an instant come only from the phases in effect before it, so a change recorded later
   * (a new plan with a charge of another cadence, from its effective instant on) never changes
   * the key of an invoice already issued.
   *
   * @param sub the subscription, not null
   * @param cycle one of its cycles, not null
   * @return the key, never null
   */
  static InvoiceKey keyOf(Subscription sub, BillingCycle cycle) {
    if (cycle.span().isPresent()) {
      return InvoiceKey.of(sub.id(), cycle.span().get(), InvoiceKind.PERIOD);
    }
    ScheduledPeriod opening = cycle.opening().orElseThrow();
    return InvoiceKey.of(sub.id(), opening.period().withEnd(opening.fullPeriod().end()), InvoiceKind.OPENING);
  }

  // ---------------------------------------------------------------- usage

  /**
   * One usage line (or group of lines) per usage window ending in the cycle's span
   * {@code (p.start, p.end]} (the previous boundary to this one), each priced by the plan of its own phase: a plan change inside the
   * period splits the usage (see {@link UsageWindows}). With the plan's
   * {@code usage_tiers_across_change: continue}, a window after a change inside its schedule
   * period is priced as {@code price(q_before + q) - price(q_before)} under its own plan, where
   * {@code q_before} is the usage of the earlier windows of the same charge and schedule period.
   */
  private void usageLines(InvoiceRequest request, UsageSource source, java.util.function.Predicate<UsageWindow> include,
      ResolvedSubscription resolved, Currency currency, BillingPeriod p, RoundingPolicy rounding,
      List<InvoiceLine> lines) {
    Subscription sub = request.subscription();
    List<UsageWindow> windows = UsageWindows.of(resolved, p.end());
    Set<String> billedCharges = new java.util.HashSet<>();
    for (UsageWindow w : windows) {
      if (!w.period().end().isAfter(p.start()) || w.period().end().isAfter(p.end())
          || source instanceof InvoiceRequest.ClosingPeriodUsage c && !c.billsWindow(w)) {
        continue;
      }
      if (!include.test(w)) {
        billedCharges.add(w.chargeCode());
        continue;
      }
      Plan plan = resolved.phaseAt(w.period().start()).plan();
      Charge charge = plan.charge(w.chargeCode()).orElseThrow();
      Currency ratedIn = FeeLines.ratedIn(charge, plan, currency);
      ChargePrice cp = charge.priceIn(ratedIn, plan.currency());
      PeriodUsage usage = source.usage(sub, w);
      // the first window of a charge on the invoice keeps the plain line id; a later one (after
      // a plan change inside the period) is told apart by its start
      Optional<Instant> windowStart = billedCharges.add(w.chargeCode()) ? Optional.empty()
          : Optional.of(w.period().start());
      Map<Map<String, String>, BigDecimal> before = Map.of();
      if (plan.billing().usageTiersAcrossChange() == UsageTiersAcrossChange.CONTINUE && !w.startsPeriod()
          && !cp.price().needsEvents()) {
        before = usageBefore(request, source, windows, w);
      }
      lines.addAll(rater.rate(sub.id(), charge, cp, ratedIn, w, usage, before, rounding, windowStart));
    }
  }

  /** The usage of the windows of the same charge and schedule period before a window, per group. */
  private static Map<Map<String, String>, BigDecimal> usageBefore(InvoiceRequest request, UsageSource source,
      List<UsageWindow> windows, UsageWindow w) {
    Map<Map<String, String>, BigDecimal> out = new LinkedHashMap<>();
    for (UsageWindow e : windows) {
      if (e.chargeCode().equals(w.chargeCode()) && e.fullPeriod().equals(w.fullPeriod())
          && !e.period().end().isAfter(w.period().start())) {
        source.usage(request.subscription(), e).groups(e.chargeCode())
            .forEach((g, q) -> out.merge(g, q, BigDecimal::add));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- progressive billing

  /** The line kinds a progressive invoice bills and the period's later invoices take off. */
  static final Set<LineKind> PROGRESSIVE_KINDS =
      java.util.EnumSet.of(LineKind.USAGE, LineKind.ADJUSTMENT, LineKind.MINIMUM_TRUE_UP);

  /**
   * The usage lines of a cycle's span rated to date: each usage window of the span that has
   * started by {@code through} rated on the usage through it (events at or before it), spend
   * maximums applied, minimum-spend true-ups left for the period's end.
   */
  List<InvoiceLine> usageToDate(InvoiceRequest request, ResolvedSubscription resolved, TimedUsageSource timed,
      Instant through) {
    BillingPeriod span = request.cycle().span().orElseThrow();
    UsageSource cut = (s, w) -> timed.usageThrough(s, w, through);
    List<InvoiceLine> lines = new ArrayList<>();
    usageLines(request, cut, w -> !w.period().start().isAfter(through), resolved, resolved.currency(), span,
        resolved.rounding(), lines);
    lines.removeIf(l -> l.kind() == LineKind.MINIMUM_TRUE_UP);
    return lines;
  }

  /**
   * The draft of a progressive-billing invoice: the span's usage rated to date at the crossing,
   * less what the period's earlier progressive invoices billed; no fees and no coupons (those are
   * on the period's own invoice); taxed through the request's tax SPI at the crossing's date.
   * Issued at the crossing instant, keyed {@link DocumentIds#progressiveKey}; its metadata
   * {@code billwright.usage_threshold} is the threshold level reached and
   * {@code billwright.usage_threshold_crossing} the crossing's ordinal.
   */
  Invoice progressive(InvoiceRequest request, ResolvedSubscription resolved, TimedUsageSource timed,
      Instant at, int crossing, BigDecimal level, BilledUsage billed) {
    Subscription sub = request.subscription();
    List<InvoiceLine> lines = billed.rest(usageToDate(request, resolved, timed, at));
    InvoiceKey key = DocumentIds.progressiveKey(sub.id(), ProgressiveInvoices.keyPeriod(request.cycle()), crossing);
    Invoice draft = Invoice.builder()
        .id(DocumentIds.invoiceId(key, 0))
        .key(key)
        .customerId(sub.customerId())
        .addSubscriptionIds(sub.id())
        .currency(resolved.currency())
        .addAllLines(lines)
        .issuedAt(at)
        .putAllMetadata(sub.metadata())
        .putMetadata("billwright.usage_threshold", level.toPlainString())
        .putMetadata("billwright.usage_threshold_crossing", Integer.toString(crossing))
        .build();
    Plan plan = resolved.firstPhase().plan();
    return withReporting(InvoiceLifecycle.applyTax(draft, request.tax().calculator().calculate(TaxRequest.invoice(
        at.atZone(plan.billing().zone()).toLocalDate(), resolved.currency(), request.tax().supplier(),
        request.tax().customer(), draft.lines().stream().map(InvoiceLine::toTaxableLine).toList()))),
        resolved.rounding());
  }

  // ---------------------------------------------------------------- fees

  private void advanceFees(Subscription sub, ResolvedSubscription resolved, SubscriptionPhase phase,
      Currency currency, BillingCycle cycle, Instant trialEnd, RoundingPolicy rounding, List<InvoiceLine> lines) {
    if (phase.paused()) {
      return; // no recurring fee while paused
    }
    for (Charge charge : phase.plan().charges()) {
      if (charge.kind() == ChargeKind.RECURRING && charge.timing() == ChargeTiming.IN_ADVANCE) {
        Optional<ScheduledPeriod> opening = cycle.opening(charge.code());
        Optional<BillingPeriod> billable = opening.flatMap(o -> FeeLines.afterTrial(o.period(), trialEnd))
            .map(b -> TerminationDays.extend(b, opening.get().fullPeriod(), resolved));
        if (billable.isPresent()) {
          lines.add(fees.fee(sub, phase, charge, FeeLines.ratedIn(charge, phase.plan(), currency), billable.get(), opening.get().fullPeriod(),
              LineKind.RECURRING_FEE, rounding, currency, cycle.boundary()));
        }
      }
    }
  }

  private void arrearsFees(Subscription sub, ResolvedSubscription resolved, List<SubscriptionPhase> phases,
      Currency currency, BillingCycle cycle, Instant trialEnd, RoundingPolicy rounding, List<InvoiceLine> lines) {
    for (SubscriptionPhase phase : phases) {
      if (phase.paused()) {
        continue; // no recurring fee while paused
      }
      for (Charge charge : phase.plan().charges()) {
        if (charge.kind() != ChargeKind.RECURRING || charge.timing() != ChargeTiming.IN_ARREARS) {
          continue;
        }
        Optional<ScheduledPeriod> closing = cycle.closing(charge.code());
        if (closing.isEmpty()) {
          continue;
        }
        Optional<BillingPeriod> segment = clip(closing.get().period(), phase)
            .flatMap(s -> FeeLines.afterTrial(s, trialEnd))
            .map(s -> TerminationDays.extend(s, closing.get().fullPeriod(), resolved));
        if (segment.isEmpty()) {
          continue;
        }
        if (!charge.prorated() && !phase.contains(closing.get().period().end().minusNanos(1))) {
          continue; // a non-prorated fee is billed once, by the phase in effect at the period's end
        }
        lines.add(fees.fee(sub, phase, charge, FeeLines.ratedIn(charge, phase.plan(), currency), segment.get(), closing.get().fullPeriod(), LineKind.RECURRING_FEE,
            rounding, currency, cycle.boundary()));
      }
    }
  }

  private void oneTimeLines(Subscription sub, SubscriptionPhase phase, Currency currency, BillingPeriod p,
      ChargeTiming timing, RoundingPolicy rounding, List<InvoiceLine> lines) {
    for (Charge charge : phase.plan().charges()) {
      if (charge.kind() == ChargeKind.ONE_TIME && charge.timing() == timing) {
        Currency ratedIn = FeeLines.ratedIn(charge, phase.plan(), currency);
        ChargeAmount a = pricing.price(charge.priceIn(ratedIn, phase.plan().currency()),
            PricingInput.ofQuantity(phase.seats()), ratedIn);
        lines.add(line(sub, charge, LineKind.ONE_TIME, p, Map.of(), phase.seats(), a.total(), rounding, charge.name(),
            ExplanationJson.deferred(a.rated().explanation())));
      }
    }
  }

  // ---------------------------------------------------------------- conversion

  /** The conversion step: lines priced in another currency, converted in place ({@link LineConverter}). */
  private void convert(List<InvoiceLine> lines, Currency currency, BillingCycle cycle, Subscription sub,
      RoundingPolicy rounding) {
    List<InvoiceLine> converted = converter.convert(lines, currency, cycle.boundary(), sub.start(), rounding);
    lines.clear();
    lines.addAll(converted);
  }

  /**
   * Fixed-amount coupons in another currency than the invoice's, converted by the invoice's rule
   * (the rate for the cycle's span, or the issue instant for an opening invoice) and rounded once
   * in the invoice currency; each conversion is stated in the invoice's metadata under
   * {@code exchange_rate.coupon.ID}: {@code "USD 5.00 × 0.92 (USD/EUR, source, published …,
   * rule …) = EUR 4.60"}.
   */
  private List<Coupon> convertFixedCoupons(List<Coupon> coupons, Currency currency, BillingCycle cycle,
      Subscription sub, RoundingPolicy rounding, Map<String, String> stated) {
    List<Coupon> out = new ArrayList<>(coupons.size());
    for (Coupon c : coupons) {
      if (c.amountOff().isEmpty() || c.amountOff().get().currency().equals(currency)) {
        out.add(c);
        continue;
      }
      Money off = c.amountOff().get();
      Instant at = cycle.span().map(p -> converter.rateFor(p, cycle.boundary(), sub.start()))
          .orElse(converter.rule() == dev.billwright.money.ExchangeRateDate.CONTRACT ? sub.start() : cycle.boundary());
      dev.billwright.money.ExchangeRate rate = converter.rate(off.currency(), currency, at,
          "coupons[" + c.id() + "].amount_off.exchange_rate");
      Money converted = rounding.round(rate.applyExact(off));
      stated.put("exchange_rate.coupon." + c.id(), off.currency().getCurrencyCode() + " " + off.amount().toPlainString()
          + " × " + rate.rate().toPlainString() + " (" + off.currency().getCurrencyCode() + "/"
          + currency.getCurrencyCode() + ", " + rate.source() + ", published " + rate.publishedAt() + ", rule "
          + converter.rule().jsonName() + ") = " + currency.getCurrencyCode() + " " + converted.amount().toPlainString());
      out.add(new Coupon(c.id(), c.type(), c.percentOff(), Optional.of(converted), c.duration(), c.chargeScope()));
    }
    return out;
  }

  // ---------------------------------------------------------------- tax

  private static TaxResult tax(InvoiceRequest request, Currency currency, BillingCycle cycle,
      List<InvoiceLine> lines, Plan plan) {
    return request.tax().calculator().calculate(TaxRequest.invoice(
        cycle.boundary().atZone(plan.billing().zone()).toLocalDate(), currency, request.tax().supplier(),
        request.tax().customer(), lines.stream().map(InvoiceLine::toTaxableLine).toList()));
  }

  // ---------------------------------------------------------------- helpers

  private static InvoiceLine line(Subscription sub, Charge charge, LineKind kind, BillingPeriod p,
      Map<String, String> group, BigDecimal quantity, Money exact, RoundingPolicy rounding, String description,
      ObjectNode explanation) {
    return line(sub, charge, kind, p, group, quantity, exact, rounding, description, explanation, Optional.empty());
  }

  /** A line whose id names its usage window's start when an invoice bills several windows of a charge. */
  private static InvoiceLine line(Subscription sub, Charge charge, LineKind kind, BillingPeriod p,
      Map<String, String> group, BigDecimal quantity, Money exact, RoundingPolicy rounding, String description,
      ObjectNode explanation, Optional<Instant> windowStart) {
    InvoiceLine.Builder b = InvoiceLine.builder();
    if (!group.isEmpty()) {
      b.putAllGroupKey(group); // an empty group key is the default
    }
    return b
        .lineId(DocumentIds.lineId(sub.id(), charge.code(), group, kind, windowStart))
        .subscriptionId(sub.id())
        .chargeCode(charge.code())
        .description(description)
        .kind(kind)
        .origin(new LineOrigin.Priced())
        .servicePeriod(p)
        .quantity(quantity)
        .exactAmount(exact)
        .amount(rounding.round(exact))
        .taxCode(charge.taxCode().orElse(""))
        .explanation(explanation)
        .build();
  }

  private static Optional<BillingPeriod> clip(BillingPeriod p, SubscriptionPhase phase) {
    Instant s = p.start().isAfter(phase.start()) ? p.start() : phase.start();
    Instant e = phase.endOptional().filter(end -> !p.end().isBefore(end)).orElse(p.end());
    return e.isAfter(s) ? Optional.of(BillingPeriod.of(s, e, p.zone())) : Optional.empty();
  }
}

package dev.billwright.catalog;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.internal.BillwrightStyle;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.Period;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * One version of a price plan: its code and version, status, effective dates, currency, billing
 * settings, trial, charges and minimum commitment.
 *
 * <p>A plan is identified by {@code (code, version)}. An {@link PlanStatus#ACTIVE} version never
 * changes: a change is published as a new version, and subscriptions keep the version they were
 * created on until moved. JSON form: see {@link PlanJson} (plan format version 1).
 *
 * <p>Invariants, checked at construction: version ≥ 1; charge codes unique; effective-to after
 * effective-from; the commitment in the plan's currency; trial a positive period; a currency with
 * minor units (not XXX, XAU, XDR…); a rounding mode other than UNNECESSARY.
 */
@Value.Immutable
@BillwrightStyle
public abstract class Plan implements WithPlan {
  /** Package-private: use {@link #builder()}. */
  Plan() {}

  /**
   * Returns a new builder.
   *
   * @return the builder, never null
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The plan code, such as {@code otp-growth}.
   *
   * @return the code, never null or empty
   */
  public abstract String code();

  /**
   * The version number, from 1.
   *
   * @return the version, at least 1
   */
  public abstract int version();

  /**
   * The lifecycle status of this version.
   *
   * @return the status, never null
   */
  @Value.Default
  public PlanStatus status() {
    return PlanStatus.DRAFT;
  }

  /**
   * The display name; defaults to the code.
   *
   * @return the name, never null
   */
  @Value.Default
  public String name() {
    return code();
  }

  /**
   * The first instant this version may be used for new subscriptions.
   *
   * @return the instant, empty for "from the beginning of time"
   */
  public abstract Optional<Instant> effectiveFrom();

  /**
   * The first instant this version may no longer be used for new subscriptions (exclusive).
   *
   * @return the instant, empty for "no end"
   */
  public abstract Optional<Instant> effectiveTo();

  /**
   * The plan's currency; charge prices are in it unless a charge lists other currencies.
   *
   * @return the currency, never null
   */
  public abstract Currency currency();

  /**
   * Cadence, alignment, zone and proration.
   *
   * @return the billing settings, never null
   */
  @Value.Default
  public BillingSettings billing() {
    return BillingSettings.DEFAULT;
  }

  /**
   * The convention preset the plan was written with ({@code "conventions": "lago"}): its options
   * are already resolved into {@link #billing()}, {@link #rounding()} and the prices (an option
   * given explicitly beside it won); kept so a bill run and coupons can follow the same peer
   * ({@link Conventions#prorationCreditNotes()}, {@link Conventions#couponCarryRemaining()}).
   *
   * @return the preset, empty when the plan names none
   */
  public abstract Optional<Conventions> conventions();

  /**
   * The free trial at the start of a subscription, such as 14 days ({@code P14D}): recurring
   * fees are not billed for it; usage during a trial is free unless the host bills it.
   *
   * @return the trial period, empty for none
   */
  public abstract Optional<Period> trial();

  /**
   * The charges, in the order they appear on invoices.
   *
   * @return the charges, never null
   */
  public abstract List<Charge> charges();

  /**
   * The minimum commitment per billing period in the plan's currency: when the period's charges
   * (before tax) sum to less, a true-up line bills the difference (Lago's "minimum commitment",
   * Orb's "minimum").
   *
   * @return the commitment, empty for none
   */
  public abstract Optional<Money> minimumCommitment();

  /**
   * How invoice lines are rounded: the currency's minor units, HALF_UP, unless the plan says
   * {@code "rounding": {"mode": "half_even"}}. Never {@link RoundingMode#UNNECESSARY}, which
   * would throw on the first inexact line instead of billing it.
   *
   * @return the rounding policy, never null
   */
  @Value.Default
  public RoundingPolicy rounding() {
    return RoundingPolicy.DEFAULT;
  }

  /**
   * Returns the charge with a code.
   *
   * @param chargeCode the code, not null
   * @return the charge, if the plan has it
   */
  public Optional<Charge> charge(String chargeCode) {
    for (Charge c : charges()) {
      if (c.code().equals(chargeCode)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns whether this version may be used for a new subscription at an instant: active and
   * within its effective dates.
   *
   * @param at the instant, not null
   * @return true if available
   */
  public boolean isAvailableAt(Instant at) {
    return status() == PlanStatus.ACTIVE
        && effectiveFrom().map(f -> !at.isBefore(f)).orElse(true)
        && effectiveTo().map(t -> at.isBefore(t)).orElse(true);
  }

  /**
   * Returns the plan reference {@code code@version}, such as {@code otp-growth@3}.
   *
   * @return the reference, never null
   */
  public String reference() {
    return code() + "@" + version();
  }

  /**
   * Checks the invariants.
   *
   * @throws BillingException with {@link ErrorCode#INVALID_DEFINITION} naming the field
   */
  @Value.Check
  protected void check() {
    if (code().isBlank()) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "code", code(), "a non-empty plan code");
    }
    if (version() < 1) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "version", version(), "1 or more");
    }
    Set<String> codes = new HashSet<>();
    for (int i = 0; i < charges().size(); i++) {
      if (!codes.add(charges().get(i).code())) {
        throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "charges[" + i + "].code",
            charges().get(i).code(), "a charge code unique within plan " + code());
      }
    }
    if (effectiveFrom().isPresent() && effectiveTo().isPresent()
        && !effectiveTo().get().isAfter(effectiveFrom().get())) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "effective_to", effectiveTo().get(),
          "an instant after effective_from " + effectiveFrom().get());
    }
    minimumCommitment().ifPresent(m -> {
      if (!m.currency().equals(currency()) || m.isNegative()) {
        throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "minimum_commitment.amount", m,
            "a non-negative amount in the plan's currency " + currency().getCurrencyCode());
      }
    });
    trial().ifPresent(t -> {
      if (t.isNegative() || t.isZero()) {
        throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "trial", t, "a positive ISO-8601 period such as P14D");
      }
    });
    if (rounding().mode() == RoundingMode.UNNECESSARY) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "rounding.mode", "unnecessary", ROUNDING_MODES);
    }
    if (currency().getDefaultFractionDigits() < 0) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "currency", currency().getCurrencyCode(),
          PlanJson.BILLING_CURRENCY);
    }
  }

  /** What {@code rounding.mode} accepts: every mode that cannot throw. */
  static final String ROUNDING_MODES = "a rounding mode that always gives an amount: one of [up, down, ceiling, floor, "
      + "half_up, half_down, half_even] (unnecessary throws on the first line that is not already in minor units)";

  /** Builds {@link Plan}s; strict: each field is set at most once. */
  public static final class Builder extends ImmutablePlan.Builder {
    /** Creates an empty builder. */
    public Builder() {}
  }
}

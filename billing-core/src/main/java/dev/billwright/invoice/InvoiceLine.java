package dev.billwright.invoice;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.internal.BillwrightStyle;
import dev.billwright.json.Json;
import dev.billwright.money.Decimals;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.tax.TaxLine;
import dev.billwright.tax.TaxableLine;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One line of an invoice: a charge of one subscription for one service period, with its exact
 * and rounded amounts, its discount, its taxable value and its tax lines.
 *
 * <p>The {@link #exactAmount()} is what pricing computed, unrounded; the {@link #amount()} is the
 * same amount rounded once, per line, through a {@link RoundingPolicy} by the caller (use
 * {@link Builder#exactAmount(Money, RoundingPolicy)}). Every sum on the invoice is a sum of
 * rounded line amounts (CGST Rule 46 and the IRP require header totals to equal the sums of line
 * amounts; see the GST reference notes §5). The {@link #taxableAmount()} is
 * {@code amount − discountAmount} (Rule 46(k): taxable value "taking into account discount").
 * The {@link #taxLines()} come from the tax SPI ({@link dev.billwright.tax.TaxCalculator}) and
 * are summed, never recomputed.
 *
 * <p>Immutable. The {@link #explanation()} node is the line's own: do not modify it (copy it with
 * {@code deepCopy()} first).
 */
@Value.Immutable
@BillwrightStyle
public abstract class InvoiceLine implements WithInvoiceLine {
  InvoiceLine() {}

  /**
   * Returns a new builder.
   *
   * @return the builder, never null
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds {@link InvoiceLine}s; {@link #build()} throws {@link BillingException} or
   * {@link IllegalStateException} (a required attribute missing) on bad input.
   */
  public static final class Builder extends ImmutableInvoiceLine.Builder {
    /** Creates an empty builder; use {@link InvoiceLine#builder()}. */
    Builder() {}

    /**
     * Sets the exact amount and the amount rounded from it through a policy (the per-line
     * rounding step).
     *
     * @param exact the exact, unrounded amount, not null
     * @param policy the rounding policy, not null
     * @return this builder
     */
    public Builder exactAmount(Money exact, RoundingPolicy policy) {
      exactAmount(exact);
      amount(policy.round(exact));
      return this;
    }
  }

  /**
   * Returns the deterministic line id {@code subscriptionId/chargeCode/groupKey/kind}, with the
   * group key written {@code k=v,k=v} in key order and the kind in lower case, such as
   * {@code sub_1/api_calls/channel=web,country=IN/usage}. Ids stay stable across re-runs, so a
   * credit note or a correction can refer to them. The same as {@link DocumentIds#lineId}, where
   * every other line id shape is built too.
   *
   * @param subscriptionId the subscription id, or empty for a line without subscription
   * @param chargeCode the charge code, not null
   * @param groupKey the group key, not null, may be empty
   * @param kind the line kind, not null
   * @return the id, never null
   */
  public static String lineIdOf(String subscriptionId, String chargeCode, Map<String, String> groupKey, LineKind kind) {
    return DocumentIds.lineId(subscriptionId, chargeCode, groupKey, kind);
  }

  /**
   * Returns the line id, unique within an invoice (see {@link #lineIdOf}).
   *
   * @return the id, not blank
   */
  public abstract String lineId();

  /**
   * Returns the subscription billed, empty for a line outside any subscription.
   *
   * @return the subscription id
   */
  public abstract Optional<String> subscriptionId();

  /**
   * Returns the charge code from the plan.
   *
   * @return the code, not blank
   */
  public abstract String chargeCode();

  /**
   * Returns the description shown to the customer; empty by default.
   *
   * @return the description, never null
   */
  @Value.Default
  public String description() {
    return "";
  }

  /**
   * Returns what the line bills.
   *
   * @return the kind, never null
   */
  public abstract LineKind kind();

  /**
   * Returns where the line comes from: what code reads to decide which line a credit or a
   * correction refers to (never the {@link #explanation()}). By default
   * {@link LineOrigin#defaultFor} the {@link #kind()}; a linked origin must suit the kind
   * ({@link LineOrigin#allows}).
   *
   * @return the origin, never null
   */
  @Value.Default
  public LineOrigin origin() {
    return LineOrigin.defaultFor(kind());
  }

  /**
   * Returns the service period the line covers.
   *
   * @return the period, never null
   */
  public abstract BillingPeriod servicePeriod();

  /**
   * Returns the quantity billed (units, as rated); 1 by default. Informational: amounts are
   * never recomputed from it here.
   *
   * @return the quantity, within the bounds of {@link Decimals}
   */
  @Value.Default
  public BigDecimal quantity() {
    return BigDecimal.ONE;
  }

  /**
   * Returns the group key (dimension values of a grouped charge, such as
   * {@code country=IN, channel=web}); empty by default.
   *
   * @return the group key, never null
   */
  public abstract Map<String, String> groupKey();

  /**
   * Returns the exact, unrounded amount from pricing.
   *
   * @return the exact amount, never null
   */
  public abstract Money exactAmount();

  /**
   * Returns the amount rounded per line, in the same currency as the exact amount; may be
   * negative (a proration credit).
   *
   * @return the rounded amount, never null
   */
  public abstract Money amount();

  /**
   * Returns the discount applied before tax (see {@link DiscountCalculator}); zero by default.
   * At least zero and, for a positive amount, at most the amount; zero when the amount is not
   * positive.
   *
   * @return the discount, never null
   */
  @Value.Default
  public Money discountAmount() {
    return Money.zero(amount().currency());
  }

  /**
   * Returns the taxable value: {@code amount − discountAmount} (CGST Rule 46(k)).
   *
   * @return the taxable amount, never null
   */
  @Value.Derived
  public Money taxableAmount() {
    // amount − 0 is the amount itself (same value and scale); a zero in another currency still
    // fails in minus, as before
    Money discount = discountAmount();
    return discount.isZero() && discount.currency().equals(amount().currency()) ? amount()
        : amount().minus(discount);
  }

  /**
   * Returns the tax code (an HSN/SAC code for GST) the tax SPI rates the line by; empty when
   * none.
   *
   * @return the tax code, never null
   */
  @Value.Default
  public String taxCode() {
    return "";
  }

  /**
   * Returns the tax lines from the tax SPI for this line (one per head, such as CGST and SGST),
   * each with this line's id; empty until tax is applied.
   *
   * @return the tax lines, never null
   */
  public abstract List<TaxLine> taxLines();

  /**
   * Returns the explanation of the amount (the JSON written by pricing); an empty object by
   * default. Documentation for people only: no code decides anything from its keys (read
   * {@link #origin()}). Do not modify the returned node.
   *
   * @return the explanation, never null
   */
  @Value.Default
  public ObjectNode explanation() {
    return Json.object();
  }

  /**
   * Returns the tax amount of all tax lines of this line.
   *
   * @return the sum, never null
   */
  public Money taxAmount() {
    return Money.total(amount().currency(), taxLines().stream().map(TaxLine::taxAmount).toList());
  }

  /**
   * Returns a copy with another quantity, exact and rounded amount and explanation, everything
   * else (id, kind, origin, service period, group, tax code, discount) kept: the rest of a usage
   * line once what earlier invoices of its period billed is taken off (progressive billing,
   * corrections; {@code dev.billwright.rating.BilledUsage}).
   *
   * @param newQuantity the quantity, not null
   * @param newExactAmount the unrounded amount, not null, in the line's currency
   * @param newAmount the rounded amount, not null, in the line's currency
   * @param newExplanation the explanation, not null
   * @return the copy, never null
   * @throws BillingException as the line's checks do (for example an amount in another currency)
   */
  public InvoiceLine withRatedAmounts(BigDecimal newQuantity, Money newExactAmount, Money newAmount,
      ObjectNode newExplanation) {
    return ImmutableInvoiceLine.copyOf(this).withQuantity(newQuantity).withExactAmount(newExactAmount)
        .withAmount(newAmount).withExplanation(newExplanation);
  }

  /**
   * Returns a copy with another discount and without tax lines (tax must be reapplied after a
   * discount changes the taxable value).
   *
   * @param discount the discount, same currency, not null
   * @return the new line, never null
   * @throws BillingException as for {@link Builder#build()}
   */
  public InvoiceLine withDiscount(Money discount) {
    if (taxLines().isEmpty() && discountAmount().equals(discount)) {
      return this; // already so: an immutable line equal to the copy
    }
    return ImmutableInvoiceLine.copyOf(this).withDiscountAmount(discount).withTaxLines((Iterable<TaxLine>) List.<TaxLine>of());
  }

  /**
   * Returns a copy converted to another currency (the conversion step, before discounts and tax):
   * its exact amount becomes {@code priceAmount × rate} in the rate's target currency and its
   * amount that exact amount rounded once through the policy. For a prorated fee (a conversion
   * with a proration {@code n/d}), the amount is {@code priceAmount × rate × n / d} rounded once
   * ({@link LineConversion#converted(RoundingPolicy)}) and stated as the exact amount too.
   *
   * @param conversion the conversion, whose price amount is this line's exact amount (for a
   *     prorated fee: whose full-period price amount, prorated and rounded by the same policy in
   *     the price currency, is this line's amount), not null
   * @param rounding the line's rounding policy, not null
   * @return the converted line, never null
   * @throws BillingException with {@link ErrorCode#CURRENCY_MISMATCH} if the conversion's price
   *     amount is not this line's exact amount, or with {@link ErrorCode#INVALID_VALUE} if the
   *     line already has a discount or tax lines
   */
  public InvoiceLine withConversion(LineConversion conversion, RoundingPolicy rounding) {
    if (conversion.prorated()) {
      Money stated = rounding.roundRatio(conversion.priceAmount(), conversion.proration().get().numerator(),
          conversion.proration().get().denominator());
      if (!conversion.priceAmount().currency().equals(exactAmount().currency()) || stated.compareTo(amount()) != 0) {
        throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, "lines[" + lineId() + "].conversion.price_amount",
            conversion.priceAmount(), "a full-period amount whose prorated share " + conversion.proration().get()
                + " is the line's amount " + amount());
      }
    } else if (conversion.priceAmount().compareTo(exactAmount()) != 0) {
      throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, "lines[" + lineId() + "].conversion.price_amount",
          conversion.priceAmount(), "the line's exact amount " + exactAmount());
    }
    if (!discountAmount().isZero() || !taxLines().isEmpty()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "lines[" + lineId() + "]", lineId(),
          "a line without discount or tax lines: conversion comes before both");
    }
    Money rounded = conversion.converted(rounding);
    Money exact = conversion.prorated() ? rounded : conversion.exactConverted();
    return builder()
        .lineId(lineId())
        .subscriptionId(subscriptionId())
        .chargeCode(chargeCode())
        .description(description())
        .kind(kind())
        .origin(origin())
        .servicePeriod(servicePeriod())
        .quantity(quantity())
        .putAllGroupKey(groupKey())
        .exactAmount(exact)
        .amount(rounded)
        .discountAmount(Money.zero(exact.currency()))
        .taxCode(taxCode())
        .explanation(explanation())
        .conversion(conversion)
        .build();
  }

  /**
   * Returns a copy with other tax lines.
   *
   * @param lines the tax lines for this line, each with this line's id, not null
   * @return the new line, never null
   * @throws BillingException if a tax line names another line or currency
   */
  public InvoiceLine withTax(List<TaxLine> lines) {
    return ImmutableInvoiceLine.copyOf(this).withTaxLines((Iterable<TaxLine>) lines);
  }

  /**
   * Returns the line as input for the tax SPI: its id, tax code, description, quantity and
   * taxable amount, with the discount.
   *
   * @return the taxable line, never null
   */
  public TaxableLine toTaxableLine() {
    return new TaxableLine(lineId(), taxCode(), description(), quantity(), Optional.empty(), taxableAmount(),
        discountAmount().isZero() ? Optional.empty() : Optional.of(discountAmount()));
  }

  /**
   * Returns how the line was converted from the currency it is priced in to the invoice's
   * currency; empty when it is priced in the invoice currency.
   *
   * @return the conversion, never null
   */
  public abstract Optional<LineConversion> conversion();

  @Value.Check
  void check() {
    if (lineId().isBlank()) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "lines.line_id", lineId(), "a non-blank id");
    }
    if (chargeCode().isBlank()) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, where() + ".charge_code", chargeCode(),
          "a non-blank charge code");
    }
    java.math.BigDecimal q = quantity();
    if (q.signum() != 0 && ((long) q.precision() - q.scale() > Decimals.MAX_INTEGER_DIGITS
        || q.scale() > Decimals.MAX_SCALE)) {
      Decimals.checkBounds(q, where() + ".quantity"); // the field is named only when it may fail
    }
    if (!origin().allows(kind())) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, where() + ".origin", origin(),
          "an origin that suits a line of kind " + kind() + " (see LineOrigin.allows)");
    }
    if (!amount().currency().equals(exactAmount().currency())) {
      throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, where() + ".amount", amount(),
          "the currency of the exact amount " + exactAmount().currency());
    }
    if (conversion().isPresent() && (!conversion().get().rate().to().equals(amount().currency())
        || (conversion().get().prorated() ? exactAmount().compareTo(amount()) != 0
            : conversion().get().exactConverted().compareTo(exactAmount()) != 0))) {
      throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, where() + ".conversion", conversion().get(),
          "a conversion to " + amount().currency() + " whose price amount times rate is the exact amount "
              + exactAmount() + " (for a prorated fee, an exact amount equal to the rounded amount)");
    }
    if (!discountAmount().currency().equals(amount().currency())) {
      throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, where() + ".discount_amount", discountAmount(),
          "an amount in " + amount().currency());
    }
    if (discountAmount().isNegative()
        || (!discountAmount().isZero() && discountAmount().compareTo(amount()) > 0)) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, where() + ".discount_amount", discountAmount(),
          "zero, or at most the line amount " + amount());
    }
    for (TaxLine t : taxLines()) {
      if (!t.lineId().equals(lineId())) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, where() + ".tax_lines.line_id", t.lineId(),
            "the id of its line " + lineId());
      }
      if (!t.taxAmount().currency().equals(amount().currency())) {
        throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, where() + ".tax_lines." + t.head(), t.taxAmount(),
            "an amount in " + amount().currency());
      }
    }
  }

  /** The line's place in error messages: {@code lines[ID]} (built only when a check fails). */
  private String where() {
    return "lines[" + lineId() + "]";
  }
}

package dev.billwright.examples.data;

import dev.billwright.json.JsonObjectReader;
import dev.billwright.money.Money;
import dev.billwright.subscription.ChangeTiming;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionChange;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A customer of a data set: who they are for tax, their subscription, an optional coupon, an
 * optional prepaid wallet and the shape of their traffic for the event generator.
 *
 * @param id the customer id, the {@code customer} of their usage events
 * @param party the customer as a tax party
 * @param subscription the subscription (with its plan changes)
 * @param coupon a percentage coupon on the subscription, or empty
 * @param prepaid the prepaid wallet settings, or empty for a postpaid customer
 * @param traffic the traffic mix for the generator, or empty (no generated events)
 * @param additionalSubscriptions the customer's other subscriptions ({@code additional_subscriptions}),
 *     billed on their own; no coupon or wallet applies to them
 */
public record Customer(String id, Party party, Subscription subscription, Optional<CouponSpec> coupon,
    Optional<Prepaid> prepaid, Optional<Traffic> traffic, List<Subscription> additionalSubscriptions) {

  /**
   * Copies the list.
   *
   * @param id the id
   * @param party the party
   * @param subscription the subscription
   * @param coupon the coupon
   * @param prepaid the prepaid settings
   * @param traffic the traffic
   * @param additionalSubscriptions the other subscriptions
   */
  public Customer {
    additionalSubscriptions = List.copyOf(additionalSubscriptions);
  }

  /**
   * Returns every subscription of the customer: the main one, then the additional ones.
   *
   * @return the subscriptions, never empty
   */
  public List<Subscription> subscriptions() {
    List<Subscription> all = new java.util.ArrayList<>();
    all.add(subscription);
    all.addAll(additionalSubscriptions);
    return List.copyOf(all);
  }

  /**
   * A percentage coupon redeemed at the subscription's start.
   *
   * @param id the coupon id
   * @param percent the percentage off, 0 to 100
   * @param periods the number of billing periods it applies to
   */
  public record CouponSpec(String id, BigDecimal percent, int periods) {}

  /**
   * A prepaid wallet: an initial paid top-up at the subscription's start, an automatic top-up
   * when the balance falls below a level, and a low-balance alert (fires at or below
   * {@code alertBelow}, re-arms above {@code alertBelow + alertBand}).
   *
   * @param initialTopUp the first top-up, in the plan's currency
   * @param autoTopUpBelow top up when the balance after a deduction is below this
   * @param autoTopUpAmount the automatic top-up's amount
   * @param alertBelow the low-balance alert's threshold
   * @param alertBand the alert's re-arm band
   */
  public record Prepaid(Money initialTopUp, Money autoTopUpBelow, Money autoTopUpAmount, Money alertBelow,
      Money alertBand) {}

  /**
   * The traffic of a customer: their share of all events and the weights of countries and
   * channels (sampling weights for the generator, not billing quantities).
   *
   * @param share the share of all events, 0 to 1
   * @param countries country code → weight, in file order
   * @param channels channel → weight, in file order
   * @param subscriptions subscription id → weight: each event names one of these subscriptions
   *     (its {@code subscription} field); empty for events that name none
   */
  public record Traffic(BigDecimal share, Map<String, BigDecimal> countries, Map<String, BigDecimal> channels,
      Map<String, BigDecimal> subscriptions) {}

  static Customer read(JsonObjectReader r) {
    String id = r.text("id");
    Party party = Party.read(r);
    Subscription sub = subscription(r.object("subscription"), id);
    List<Subscription> more = r.objects("additional_subscriptions", o -> subscription(o, id));
    Optional<CouponSpec> coupon = r.optionalObject("coupon").map(c -> {
      CouponSpec spec = new CouponSpec(c.text("id"), c.decimal("percent"), c.integer("periods"));
      c.end();
      return spec;
    });
    java.util.Currency currency = Money.currency("INR");
    Optional<Prepaid> prepaid = r.optionalObject("prepaid").map(p -> {
      Prepaid spec = new Prepaid(Money.of(currency, p.decimal("initial_top_up")),
          Money.of(currency, p.decimal("auto_top_up_below")), Money.of(currency, p.decimal("auto_top_up_amount")),
          Money.of(currency, p.decimal("alert_below")), Money.of(currency, p.decimal("alert_band")));
      p.end();
      return spec;
    });
    Optional<Traffic> traffic = r.optionalObject("traffic").map(t -> {
      Traffic spec = new Traffic(t.decimal("share"), new LinkedHashMap<>(t.map("countries", JsonObjectReader::decimalOf)),
          new LinkedHashMap<>(t.map("channels", JsonObjectReader::decimalOf)),
          new LinkedHashMap<>(t.map("subscriptions", JsonObjectReader::decimalOf)));
      t.end();
      return spec;
    });
    return new Customer(id, party, sub, coupon, prepaid, traffic, more);
  }

  private static Subscription subscription(JsonObjectReader s, String customerId) {
    Subscription.Builder sb = Subscription.builder().id(s.text("id")).customerId(customerId).planCode(s.text("plan"))
        .planVersion(s.integer("version")).start(instant(s, "start"));
    s.optionalDecimal("seats").ifPresent(sb::seats);
    s.optionalText("currency").ifPresent(c -> sb.currency(Money.currency(c)));
    s.optionalText("time_zone").ifPresent(z -> {
      try {
        sb.timeZone(java.time.ZoneId.of(z));
      } catch (java.time.DateTimeException e) {
        throw JsonObjectReader.error(s.pathOf("time_zone"), z, "a time zone id such as Asia/Kolkata");
      }
    });
    Subscription sub = sb.build();
    for (SubscriptionChange change : s.objects("changes", c -> {
      SubscriptionChange ch = change(c);
      c.end();
      return ch;
    })) {
      sub = sub.withChange(change);
    }
    s.end();
    return sub;
  }

  private static SubscriptionChange change(JsonObjectReader c) {
    String id = c.text("id");
    String kind = c.text("kind");
    Instant at = instant(c, "at");
    ChangeTiming timing = c.optionalEnum("timing", ChangeTiming.class).orElse(ChangeTiming.IMMEDIATE);
    switch (kind) {
      case "upgrade":
      case "downgrade":
        return SubscriptionChange.planChange(id, SubscriptionChange.Kind.valueOf(kind.toUpperCase(Locale.ROOT)), at,
            timing, c.text("plan"), c.integer("version"));
      case "seats":
        return SubscriptionChange.seats(id, at, timing, c.decimal("seats"));
      case "cancel":
        return SubscriptionChange.cancel(id, at, timing);
      default:
        throw JsonObjectReader.error(c.pathOf("kind"), kind, "upgrade, downgrade, seats or cancel");
    }
  }

  static Instant instant(JsonObjectReader r, String field) {
    String text = r.text(field);
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw JsonObjectReader.error(r.pathOf(field), text, "an ISO-8601 date-time with offset");
    }
  }
}

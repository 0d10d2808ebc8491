package dev.billwright.testkit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.pricing.ChargeAmount;
import dev.billwright.pricing.ChargePrice;
import dev.billwright.pricing.ChargePricing;
import dev.billwright.pricing.PriceJson;
import dev.billwright.pricing.PricedEvent;
import dev.billwright.pricing.PricingInput;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs {@code kind: price} cases (docs/conformance.md): a {@code price} with optional
 * {@code quantity_transform}, {@code minimum}, {@code maximum}, {@code included} and
 * {@code commitment} beside it (as on a charge), applied through
 * {@link ChargePricing#DEFAULT} to a {@code quantity}, to {@code events}
 * ({@code [{"value", "properties", "id"?}]}) or to {@code groups}
 * ({@code [{"dimensions": {...}, "quantity"}]}, pre-grouped matrix input).
 *
 * <p>{@code rounding} is {@code currency} (default: round to the currency's minor units with
 * {@code rounding_mode}, default {@code half_up}) or {@code exact}. {@code expected} holds
 * {@code amount} (line plus true-up), and optionally {@code line} (the line alone) and
 * {@code true_up}; or {@code error}, an {@link ErrorCode#code()} the case must fail with.
 * Amounts compare as decimals ({@code "35"} equals {@code "35.00"}).
 */
public final class PriceCaseKind implements CaseKind {
  @Override
  public String kind() {
    return "price";
  }

  @Override
  public List<Mismatch> run(JsonObjectReader c) {
    JsonObjectReader expected = c.object("expected");
    String expectedError = expected.optionalText("error").orElse(null);
    BigDecimal expectedAmount = expected.optionalDecimal("amount").orElse(null);
    BigDecimal expectedLine = expected.optionalDecimal("line").orElse(null);
    BigDecimal expectedTrueUp = expected.optionalDecimal("true_up").orElse(null);
    expected.end();
    if (expectedError == null && expectedAmount == null) {
      throw new BillingException(ErrorCode.INVALID_DOCUMENT,
          "at " + expected.path() + ": expected 'amount' or 'error'");
    }
    Currency currency = Money.currency(c.text("currency"));
    String rounding = c.optionalText("rounding").orElse("currency");
    if (!rounding.equals("currency") && !rounding.equals("exact")) {
      throw JsonObjectReader.error(c.pathOf("rounding"), rounding, "currency or exact");
    }
    RoundingMode mode = c.optionalText("rounding_mode")
        .map(m -> roundingMode(m, c.pathOf("rounding_mode"))).orElse(RoundingMode.HALF_UP);
    ChargeAmount result;
    try {
      PricingInput input = input(c);
      ChargePrice charge = PriceJson.readChargePrice(c);
      result = ChargePricing.DEFAULT.price(charge, input, currency);
    } catch (BillingException e) {
      if (expectedError != null) {
        // The rejected input stops reading early; the case's remaining known fields are not unknown.
        c.markRead("price", "quantity_transform", "minimum", "maximum", "price_per", "included", "commitment",
            "quantity", "events", "groups");
        return e.code().code().equals(expectedError) ? List.of()
            : List.of(new Mismatch("error", expectedError, e.code().code() + " (" + e.getMessage() + ")"));
      }
      throw e;
    }
    if (expectedError != null) {
      return List.of(new Mismatch("error", expectedError, "amount " + result.total().amount().toPlainString()));
    }
    RoundingPolicy policy = rounding.equals("exact") ? null : RoundingPolicy.ofCurrency(mode);
    List<Mismatch> mismatches = new ArrayList<>();
    compare("amount", expectedAmount, round(policy, result.amount()).plus(round(policy, result.trueUp())), mismatches);
    compare("line", expectedLine, round(policy, result.amount()), mismatches);
    compare("true_up", expectedTrueUp, round(policy, result.trueUp()), mismatches);
    return mismatches;
  }

  private static PricingInput input(JsonObjectReader c) {
    BigDecimal quantity = c.optionalDecimal("quantity").orElse(null);
    boolean hasEvents = c.has("events");
    boolean hasGroups = c.has("groups");
    if ((quantity != null ? 1 : 0) + (hasEvents ? 1 : 0) + (hasGroups ? 1 : 0) != 1) {
      throw new BillingException(ErrorCode.INVALID_DOCUMENT,
          "at " + c.path() + ": expected exactly one of 'quantity', 'events' or 'groups'");
    }
    if (quantity != null) {
      return PricingInput.ofQuantity(quantity);
    }
    if (hasEvents) {
      return PricingInput.ofEvents(c.objects("events", e -> {
        PricedEvent event = new PricedEvent(e.optionalText("id").orElse(null), e.decimal("value"),
            e.map("properties", PriceCaseKind::text));
        e.end();
        return event;
      }));
    }
    c.markRead("events");
    Map<Map<String, String>, BigDecimal> groups = new LinkedHashMap<>();
    for (Map.Entry<Map<String, String>, BigDecimal> g : c.objects("groups", g -> {
      Map.Entry<Map<String, String>, BigDecimal> entry =
          Map.entry(g.map("dimensions", PriceCaseKind::text), g.decimal("quantity"));
      g.end();
      return entry;
    })) {
      groups.merge(g.getKey(), g.getValue(), BigDecimal::add);
    }
    return PricingInput.ofGroups(groups);
  }

  private static String text(JsonNode node, String path) {
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isNumber() || node.isBoolean()) {
      return node.asText();
    }
    throw JsonObjectReader.error(path, node, "a string");
  }

  private static RoundingMode roundingMode(String name, String path) {
    try {
      return RoundingMode.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw JsonObjectReader.error(path, name, "a rounding mode such as half_up or half_even");
    }
  }

  private static Money round(RoundingPolicy policy, Money amount) {
    return policy == null ? amount : policy.round(amount);
  }

  private static void compare(String field, BigDecimal expected, Money actual, List<Mismatch> out) {
    if (expected != null && expected.compareTo(actual.amount()) != 0) {
      out.add(new Mismatch(field, expected.toPlainString(), actual.amount().toPlainString()));
    }
  }
}

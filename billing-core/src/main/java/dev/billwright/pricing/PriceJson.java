package dev.billwright.pricing;

import java.nio.file.Path;
import java.io.InputStream;
import dev.billwright.json.JsonDocuments;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.time.TimeBucket;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * JSON codec for prices, quantity transforms and spend bounds, with the field names of the plan
 * format, version 1 (docs/plan-format.md): decimals are JSON strings (numbers are accepted on
 * read), enums lower case, unknown fields rejected with their JSON path. {@code write} then
 * {@code read} returns an equal value.
 */
public final class PriceJson {
  private PriceJson() {}

  /**
   * Reads a price object ({@code {"model": "graduated", ...}}) and checks it has no unknown field.
   * A matrix cell's {@code price} (and its {@code default}) may be a price object or a decimal
   * string, which means a {@code per_unit} price of that amount.
   *
   * @param r the reader positioned on the price object, not null
   * @return the price
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} naming the JSON path when a
   *     field is missing, malformed or unknown, or the code of the failed validation (such as
   *     {@link ErrorCode#INVALID_TIERS}) with the JSON path prefixed to its message
   */
  public static Price read(JsonObjectReader r) {
    String model = r.text("model");
    Price price = at(r, () -> switch (model) {
      case "flat" -> new FlatPrice(r.decimal("amount"));
      case "per_unit" -> new PerUnitPrice(r.decimal("unit_price"), r.optionalDecimal("free_units").orElse(null));
      case "package" -> new PackagePrice(r.decimal("package_size"), r.decimal("package_price"),
          r.optionalDecimal("free_units").orElse(null),
          r.optionalEnum("round", PackageRounding.class).orElse(null));
      case "graduated" -> new GraduatedPrice(tiers(r), r.bool("bill_first_tier_at_zero", true));
      case "volume" -> new VolumePrice(tiers(r), r.bool("bill_first_tier_at_zero", true));
      case "stairstep" -> new StairstepPrice(tiers(r), r.bool("bill_first_tier_at_zero", true));
      case "graduated_percentage" -> new GraduatedPercentagePrice(
          r.objects("tiers", t -> at(t, () -> {
            PercentageTier tier = new PercentageTier(t.optionalDecimal("up_to").orElse(null),
                t.decimal("rate"), t.optionalDecimal("flat_fee").orElse(null));
            t.end();
            return tier;
          })), r.bool("bill_first_tier_at_zero", true));
      case "percentage" -> new PercentagePrice(r.decimal("rate"),
          r.optionalDecimal("fixed_fee_per_event").orElse(null),
          r.optionalInteger("free_events").orElse(null), r.optionalDecimal("free_amount").orElse(null),
          r.optionalDecimal("min_per_event").orElse(null), r.optionalDecimal("max_per_event").orElse(null));
      case "matrix" -> new MatrixPrice(r.texts("dimensions"),
          r.objects("cells", c -> at(c, () -> {
            Map<String, String> when = c.map("when", PriceJson::text);
            if (!c.has("when")) {
              throw new BillingException(ErrorCode.INVALID_DOCUMENT,
                  "at " + c.pathOf("when") + ": missing required field 'when', expected an object");
            }
            MatrixCell cell = new MatrixCell(when, nested(c, "price"));
            c.end();
            return cell;
          })), r.has("default") ? nested(r, "default") : absent(r, "default"));
      case "dynamic" -> new DynamicPrice(r.optionalText("amount_property").orElse(null));
      case "capacity" -> new CapacityPrice(r.objects("tiers", t -> at(t, () -> {
        Map<String, BigDecimal> limits = t.map("limits", JsonObjectReader::decimalOf);
        CapacityTier tier = new CapacityTier(limits, t.decimal("flat_fee"));
        t.end();
        return tier;
      })));
      default -> throw new BillingException(ErrorCode.INVALID_DOCUMENT, "at " + r.pathOf("model")
          + ": got \"" + model + "\", expected one of [flat, per_unit, package, graduated, volume,"
          + " stairstep, percentage, graduated_percentage, matrix, dynamic, capacity]");
    });
    r.end();
    return price;
  }

  /**
   * Writes a price object.
   *
   * @param price the price, not null
   * @return a new JSON object that {@link #read(JsonObjectReader)} reads back to an equal price
   */
  public static ObjectNode write(Price price) {
    ObjectNode o = Json.object();
    o.put("model", price.model());
    if (price instanceof FlatPrice) {
      o.put("amount", str(((FlatPrice) price).amount()));
    } else if (price instanceof PerUnitPrice) {
      PerUnitPrice p = (PerUnitPrice) price;
      o.put("unit_price", str(p.unitPrice()));
      putIfPositive(o, "free_units", p.freeUnits());
    } else if (price instanceof PackagePrice) {
      PackagePrice p = (PackagePrice) price;
      o.put("package_size", str(p.packageSize()));
      o.put("package_price", str(p.packagePrice()));
      putIfPositive(o, "free_units", p.freeUnits());
      o.put("round", p.round().name().toLowerCase(Locale.ROOT));
    } else if (price instanceof GraduatedPrice) {
      writeTiers(o, ((GraduatedPrice) price).tiers(), false, ((GraduatedPrice) price).billFirstTierAtZero());
    } else if (price instanceof VolumePrice) {
      writeTiers(o, ((VolumePrice) price).tiers(), false, ((VolumePrice) price).billFirstTierAtZero());
    } else if (price instanceof StairstepPrice) {
      writeTiers(o, ((StairstepPrice) price).tiers(), true, ((StairstepPrice) price).billFirstTierAtZero());
    } else if (price instanceof GraduatedPercentagePrice) {
      GraduatedPercentagePrice p = (GraduatedPercentagePrice) price;
      ArrayNode tiers = o.putArray("tiers");
      for (PercentageTier t : p.tiers()) {
        ObjectNode tier = tiers.addObject();
        tier.put("up_to", t.upTo() == null ? null : str(t.upTo()));
        tier.put("rate", str(t.rate()));
        putIfPositive(tier, "flat_fee", t.flatFee());
      }
      if (!p.billFirstTierAtZero()) {
        o.put("bill_first_tier_at_zero", false);
      }
    } else if (price instanceof PercentagePrice) {
      PercentagePrice p = (PercentagePrice) price;
      o.put("rate", str(p.rate()));
      putIfPositive(o, "fixed_fee_per_event", p.fixedFeePerEvent());
      if (p.freeEvents() != null) {
        o.put("free_events", p.freeEvents().intValue());
      }
      putIfPresent(o, "free_amount", p.freeAmount());
      putIfPresent(o, "min_per_event", p.minPerEvent());
      putIfPresent(o, "max_per_event", p.maxPerEvent());
    } else if (price instanceof MatrixPrice) {
      MatrixPrice p = (MatrixPrice) price;
      ArrayNode dims = o.putArray("dimensions");
      p.dimensions().forEach(dims::add);
      ArrayNode cells = o.putArray("cells");
      for (MatrixCell c : p.cells()) {
        ObjectNode cell = cells.addObject();
        ObjectNode when = cell.putObject("when");
        c.when().forEach(when::put);
        cell.set("price", write(c.price()));
      }
      if (p.defaultPrice() != null) {
        o.set("default", write(p.defaultPrice()));
      }
    } else if (price instanceof CapacityPrice) {
      ArrayNode tiers = o.putArray("tiers");
      for (CapacityTier t : ((CapacityPrice) price).tiers()) {
        ObjectNode tier = tiers.addObject();
        ObjectNode limits = tier.putObject("limits");
        t.limits().forEach((k, v) -> limits.put(k, str(v)));
        tier.put("flat_fee", str(t.flatFee()));
      }
    } else if (price instanceof DynamicPrice) {
      String property = ((DynamicPrice) price).amountProperty();
      if (property != null) {
        o.put("amount_property", property);
      }
    }
    return o;
  }

  /**
   * Reads a {@code quantity_transform} object ({@code divide_by}, {@code round}: up, down or
   * none; round defaults to up) and checks it has no unknown field.
   *
   * @param r the reader positioned on the transform object, not null
   * @return the transform
   * @throws BillingException if a field is missing, malformed, unknown or invalid (message
   *     prefixed with the JSON path)
   */
  public static QuantityTransform readTransform(JsonObjectReader r) {
    QuantityTransform t = at(r, () -> new QuantityTransform(r.decimal("divide_by"),
        r.optionalEnum("round", QuantityRounding.class).orElse(null)));
    r.end();
    return t;
  }

  /**
   * Writes a {@code quantity_transform} object.
   *
   * @param transform the transform, not null
   * @return a new JSON object
   */
  public static ObjectNode writeTransform(QuantityTransform transform) {
    ObjectNode o = Json.object();
    o.put("divide_by", str(transform.divideBy()));
    o.put("round", transform.round().name().toLowerCase(Locale.ROOT));
    return o;
  }

  /**
   * Reads {@code minimum} and {@code maximum} from the object that holds them (a charge or a
   * conformance case), marking them read; it does not check for unknown fields.
   *
   * @param r the reader positioned on the holding object, not null
   * @return the bounds ({@link SpendBounds#NONE} when neither is present)
   * @throws BillingException if a bound is malformed or invalid
   */
  public static SpendBounds readBounds(JsonObjectReader r) {
    return at(r, () -> new SpendBounds(r.optionalDecimal("minimum").orElse(null),
        r.optionalDecimal("maximum").orElse(null)));
  }

  /**
   * Writes the non-null bounds as {@code minimum} and {@code maximum} into an object.
   *
   * @param bounds the bounds, not null
   * @param into the object to write into, not null
   */
  public static void writeBounds(SpendBounds bounds, ObjectNode into) {
    putIfPresent(into, "minimum", bounds.minimum());
    putIfPresent(into, "maximum", bounds.maximum());
  }

  /**
   * Reads {@code price}, {@code quantity_transform}, {@code minimum}, {@code maximum} and the
   * usage terms of plan format 1.1 ({@code price_per}: period or bucket, {@code included}:
   * {@code {"quantity", "reset"}}, {@code commitment}: {@code {"amount", "overage_factor",
   * "true_up"}}) from the object that holds them (a charge), marking them read; it does not check
   * that object for unknown fields (the {@code included} and {@code commitment} objects are
   * checked).
   *
   * @param r the reader positioned on the holding object, not null
   * @return the charge price
   * @throws BillingException if a field is missing, malformed, unknown (inside {@code included}
   *     or {@code commitment}) or invalid, naming its JSON path
   */
  public static ChargePrice readChargePrice(JsonObjectReader r) {
    return readChargePrice(r, null);
  }

  /**
   * Reads a charge price like {@link #readChargePrice(JsonObjectReader)}; a price in another
   * currency ({@code prices.EUR}) that does not set {@code price_per} or {@code included} takes
   * them from the charge's main price. A commitment is an amount in one currency: when the main
   * price has one, the other currency's price must give its own.
   *
   * @param r the reader positioned on the holding object, not null
   * @param main the charge's main price whose usage terms are inherited, or null
   * @return the charge price
   * @throws BillingException if a field is missing, malformed, unknown or invalid, naming its
   *     JSON path, or the main price has a commitment and this one does not
   */
  public static ChargePrice readChargePrice(JsonObjectReader r, ChargePrice main) {
    Price price = read(r.object("price"));
    QuantityTransform transform = r.optionalObject("quantity_transform").map(PriceJson::readTransform)
        .orElse(null);
    SpendBounds bounds = readBounds(r);
    PricePer pricePer = r.optionalEnum("price_per", PricePer.class)
        .orElse(main == null ? PricePer.PERIOD : main.pricePer());
    Included included = r.optionalObject("included").map(i -> {
      Included inc = at(i, () -> new Included(i.decimal("quantity"),
          i.optionalText("reset").map(t -> TimeBucket.parse("reset", t)).orElse(null)));
      i.end();
      return inc;
    }).orElse(main == null ? null : main.included());
    Commitment commitment = r.optionalObject("commitment").map(c -> {
      Commitment com = at(c, () -> new Commitment(c.decimal("amount"),
          c.optionalDecimal("overage_factor").orElse(null), c.bool("true_up", false)));
      c.end();
      return com;
    }).orElse(null);
    if (commitment == null && main != null && main.commitment() != null) {
      throw new BillingException(ErrorCode.INVALID_DOCUMENT, "at " + r.pathOf("commitment")
          + ": missing required field 'commitment', expected the committed amount in this currency (the main"
          + " price commits " + main.commitment().amount().toPlainString() + ")");
    }
    return at(r, () -> new ChargePrice(price, transform, bounds, pricePer, included, commitment));
  }

  /**
   * Writes {@code price}, {@code quantity_transform}, the bounds and the usage terms (only those
   * that differ from the defaults) into an object.
   *
   * @param charge the charge price, not null
   * @param into the object to write into, not null
   */
  public static void writeChargePrice(ChargePrice charge, ObjectNode into) {
    into.set("price", write(charge.price()));
    if (charge.transform() != null) {
      into.set("quantity_transform", writeTransform(charge.transform()));
    }
    writeBounds(charge.bounds(), into);
    if (charge.pricePer() != PricePer.PERIOD) {
      into.put("price_per", charge.pricePer().name().toLowerCase(Locale.ROOT));
    }
    if (charge.included() != null) {
      ObjectNode i = into.putObject("included");
      i.put("quantity", str(charge.included().quantity()));
      if (charge.included().reset() != null) {
        i.put("reset", charge.included().reset().toString());
      }
    }
    if (charge.commitment() != null) {
      ObjectNode c = into.putObject("commitment");
      c.put("amount", str(charge.commitment().amount()));
      c.put("overage_factor", str(charge.commitment().overageFactor()));
      c.put("true_up", charge.commitment().trueUp());
    }
  }

  private static List<Tier> tiers(JsonObjectReader r) {
    return r.objects("tiers", t -> at(t, () -> {
      if (t.has("unit_price") && (t.has("block_size") || t.has("block_price"))) {
        throw new BillingException(ErrorCode.INVALID_DOCUMENT, "at " + t.pathOf("unit_price")
            + ": expected either unit_price or block_size with block_price, not both");
      }
      Tier tier = new Tier(t.optionalDecimal("up_to").orElse(null),
          t.optionalDecimal("unit_price").orElse(null), t.optionalDecimal("flat_fee").orElse(null),
          t.optionalDecimal("block_size").orElse(null), t.optionalDecimal("block_price").orElse(null));
      t.end();
      return tier;
    }));
  }

  private static void writeTiers(ObjectNode o, List<Tier> tiers, boolean flatOnly, boolean billFirst) {
    ArrayNode array = o.putArray("tiers");
    for (Tier t : tiers) {
      ObjectNode tier = array.addObject();
      tier.put("up_to", t.upTo() == null ? null : str(t.upTo()));
      if (t.perBlock()) {
        tier.put("block_size", str(t.blockSize()));
        tier.put("block_price", str(t.blockPrice()));
        putIfPositive(tier, "flat_fee", t.flatFee());
      } else if (!flatOnly) {
        tier.put("unit_price", str(t.unitPrice()));
        putIfPositive(tier, "flat_fee", t.flatFee());
      } else {
        tier.put("flat_fee", str(t.flatFee()));
      }
    }
    if (!billFirst) {
      o.put("bill_first_tier_at_zero", false);
    }
  }

  private static Price nested(JsonObjectReader r, String field) {
    JsonNode node = r.node().get(field);
    r.markRead(field);
    if (node != null && node.isTextual()) {
      BigDecimal unitPrice = JsonObjectReader.decimalOf(node, r.pathOf(field));
      return at(r, () -> PerUnitPrice.of(unitPrice));
    }
    return read(r.object(field));
  }

  private static String text(JsonNode node, String path) {
    if (!node.isTextual()) {
      throw JsonObjectReader.error(path, node, "a string");
    }
    return node.textValue();
  }

  /** Runs a constructor; a validation error gets the JSON path of the object in front. */
  private static <T> T at(JsonObjectReader r, Supplier<T> build) {
    try {
      return build.get();
    } catch (BillingException e) {
      if (e.code() == ErrorCode.INVALID_DOCUMENT) {
        throw e;
      }
      throw new BillingException(e.code(), "at " + r.path() + ": " + e.getMessage(), e);
    }
  }

  private static String str(BigDecimal value) {
    return value.toPlainString();
  }

  private static void putIfPositive(ObjectNode o, String field, BigDecimal value) {
    if (value.signum() != 0) {
      o.put(field, str(value));
    }
  }

  private static void putIfPresent(ObjectNode o, String field, BigDecimal value) {
    if (value != null) {
      o.put(field, str(value));
    }
  }

  private static Price absent(JsonObjectReader r, String field) {
    r.markRead(field);
    return null;
  }

  // One reader shape for every document (see JsonDocuments): read(source) for a document of one
  // price, readAll(source) for {"prices": [ … ]}.

  /**
   * Reads a document of one price from a file: JSON, or YAML when the name ends in
   * {@code .yaml} or {@code .yml}.
   *
   * @param file the file, not null
   * @return the price, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} naming the file and JSON path
   *     when the file is unreadable, malformed or has an unknown field, or the codes of
   *     {@link #read(JsonObjectReader)}
   */
  public static Price read(Path file) {
    return read(JsonDocuments.parse(file), file.toString());
  }

  /**
   * Reads a document of one price from a UTF-8 stream (not closed), as {@link #read(Path)}.
   *
   * @param in the stream, not null
   * @param source the document's name for messages; a name ending in {@code .yaml} or
   *     {@code .yml} reads YAML
   * @return the price, never null
   * @throws BillingException as {@link #read(Path)}
   */
  public static Price read(InputStream in, String source) {
    return read(JsonDocuments.parse(in, source), source);
  }

  /**
   * Reads a document of one price from text, as {@link #read(Path)}.
   *
   * @param text the JSON (or YAML) text, not null
   * @param source the document's name for messages; a name ending in {@code .yaml} or
   *     {@code .yml} reads YAML
   * @return the price, never null
   * @throws BillingException as {@link #read(Path)}
   */
  public static Price read(String text, String source) {
    return read(JsonDocuments.parse(text, source), source);
  }

  /**
   * Reads a document of one price already parsed to a tree; a field the price does not have is
   * rejected.
   *
   * @param node the price object, not null
   * @param source the document's name for messages, such as a file name; may be empty
   * @return the price, never null
   * @throws BillingException as {@link #read(Path)}
   */
  public static Price read(JsonNode node, String source) {
    return JsonDocuments.one(node, source, PriceJson::read);
  }

  /**
   * Reads a document of many: {@code {"prices": [ price, … ]}} or a bare JSON array of them,
   * from a file (JSON, or YAML by its name).
   *
   * @param file the file, not null
   * @return the values in document order, unmodifiable, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} naming the file and JSON path
   *     when the file is unreadable or malformed, {@code prices} is missing, another field is
   *     present, or an element is invalid (the codes of {@link #read(JsonObjectReader)})
   */
  public static List<Price> readAll(Path file) {
    return readAll(JsonDocuments.parse(file), file.toString());
  }

  /**
   * Reads a document of many from a UTF-8 stream (not closed), as {@link #readAll(Path)}.
   *
   * @param in the stream, not null
   * @param source the document's name for messages; a name ending in {@code .yaml} or
   *     {@code .yml} reads YAML
   * @return the values in document order, unmodifiable, never null
   * @throws BillingException as {@link #readAll(Path)}
   */
  public static List<Price> readAll(InputStream in, String source) {
    return readAll(JsonDocuments.parse(in, source), source);
  }

  /**
   * Reads a document of many from text, as {@link #readAll(Path)}.
   *
   * @param text the JSON (or YAML) text, not null
   * @param source the document's name for messages; a name ending in {@code .yaml} or
   *     {@code .yml} reads YAML
   * @return the values in document order, unmodifiable, never null
   * @throws BillingException as {@link #readAll(Path)}
   */
  public static List<Price> readAll(String text, String source) {
    return readAll(JsonDocuments.parse(text, source), source);
  }

  /**
   * Reads a document of many already parsed to a tree, as {@link #readAll(Path)}.
   *
   * @param node the root: an object with {@code prices} or an array, not null
   * @param source the document's name for messages; may be empty
   * @return the values in document order, unmodifiable, never null
   * @throws BillingException as {@link #readAll(Path)}
   */
  public static List<Price> readAll(JsonNode node, String source) {
    return JsonDocuments.many(node, source, "prices", PriceJson::read);
  }
}

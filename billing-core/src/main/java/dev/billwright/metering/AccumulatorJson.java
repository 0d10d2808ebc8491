package dev.billwright.metering;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.time.BillingPeriod;
import dev.billwright.time.ProrationBasis;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The versioned serial form of an {@link Accumulator}'s state (durable metering: a run killed
 * part-way resumes from a saved state and gives exactly the one-pass result).
 *
 * <p>The form is a JSON object with {@code "format": 1} and a {@code "kind"} (count, sum, avg,
 * min, max, latest, unique_count, weighted_sum, prorated_sum, bucketed), plus everything the kind
 * needs to go on adding and merging: the meter code and value property, the exact running
 * values as decimal strings (never rounded: an avg keeps its sum and count, a prorated sum its
 * exact fraction {@code numerator}/{@code denominator}), the event count, and the period,
 * carry-in and normalisation for weighted_sum, the window, full period and proration basis for
 * prorated_sum, the meter ({@link MeterJson}) and one nested state per bucket for bucketed.
 * Periods are written as {@link BillingPeriod#toString()}, instants as ISO-8601. The form is
 * described field by field in docs/storage.md ("Durable metering").
 *
 * <p>{@code read(write(a))} continues exactly as {@code a} would: same {@link Accumulator#result()},
 * {@link Accumulator#eventCount()} and {@link Accumulator#buckets()}, and the same results after
 * further adds and merges.
 */
public final class AccumulatorJson {
  /** The version of the serial form written by {@link #write} and the only one {@link #read} accepts. */
  public static final int FORMAT = 1;

  private AccumulatorJson() {}

  /**
   * Writes an accumulator's state.
   *
   * @param accumulator an accumulator made by {@link Accumulator#create} or
   *     {@link Accumulator#prorated}, not null
   * @return the state as a new JSON object with {@code "format": 1}, never null
   * @throws IllegalArgumentException if the accumulator is not one of Billwright's kinds
   */
  public static ObjectNode write(Accumulator accumulator) {
    Objects.requireNonNull(accumulator, "accumulator");
    ObjectNode o = Json.object();
    o.put("format", FORMAT);
    if (accumulator instanceof Accumulators.Count c) {
      o.put("kind", "count");
      o.put("count", c.count);
      return o;
    }
    if (accumulator instanceof Accumulators.Bucketed b) {
      o.put("kind", "bucketed");
      o.set("meter", MeterJson.write(b.meter));
      o.put("period", b.period.toString());
      ArrayNode buckets = o.putArray("buckets");
      b.buckets.forEach((start, acc) -> {
        ObjectNode e = buckets.addObject();
        e.put("start", start.toString());
        e.set("state", write(acc));
      });
      return o;
    }
    if (!(accumulator instanceof Accumulators.Valued v)) {
      throw new IllegalArgumentException("not a Billwright accumulator: " + accumulator.getClass().getName());
    }
    o.put("kind", kind(v));
    o.put("meter", v.meter);
    o.put("property", v.property);
    o.put("count", v.count);
    if (v instanceof Accumulators.Sum s) {
      o.put("sum", s.total().toString());
    } else if (v instanceof Accumulators.Extreme x) {
      if (x.best != null) {
        o.put("best", x.best.toString());
      }
    } else if (v instanceof Accumulators.Latest l) {
      if (l.timestamp != null) {
        o.put("timestamp", l.timestamp.toString());
        o.put("id", l.id);
        o.put("value", l.value.toString());
      }
    } else if (v instanceof Accumulators.UniqueCount u) {
      ArrayNode values = o.putArray("values");
      u.values.stream().sorted().forEach(values::add);
    } else if (v instanceof Accumulators.WeightedSum w) {
      o.put("period", w.period.toString());
      o.put("carry_in", w.carryIn.toString());
      if (w.normalize != null) {
        ObjectNode n = o.putObject("normalize");
        n.put("per_period", w.normalize.perPeriod());
        if (w.normalize.divideBy() != null) {
          n.put("divide_by", w.normalize.divideBy().toString());
        }
      }
      o.put("weighted", w.weighted.toString());
    } else if (v instanceof Accumulators.ProratedSum p) {
      o.put("window", p.window.toString());
      o.put("full_period", p.full.toString());
      o.put("basis", p.basis.jsonName());
      o.put("numerator", p.numerator.toString());
      o.put("denominator", p.denominator.toString());
    }
    return o;
  }

  private static String kind(Accumulators.Valued v) {
    if (v instanceof Accumulators.Avg) {
      return "avg";
    }
    if (v instanceof Accumulators.Sum) {
      return "sum";
    }
    if (v instanceof Accumulators.Extreme x) {
      return x.max ? "max" : "min";
    }
    if (v instanceof Accumulators.Latest) {
      return "latest";
    }
    if (v instanceof Accumulators.UniqueCount) {
      return "unique_count";
    }
    if (v instanceof Accumulators.WeightedSum) {
      return "weighted_sum";
    }
    if (v instanceof Accumulators.ProratedSum) {
      return "prorated_sum";
    }
    throw new IllegalArgumentException("not a Billwright accumulator: " + v.getClass().getName());
  }

  /**
   * Reads an accumulator's state written by {@link #write}.
   *
   * @param node the JSON object, not null
   * @param source where it came from, for messages (such as {@code "checkpoint run-7"}), not null
   * @return a new accumulator with that state, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} naming {@code format} if the
   *     format is not {@value #FORMAT} (a state written by another version of Billwright), or
   *     another code naming the JSON path if a field is missing, unknown or invalid
   */
  public static Accumulator read(JsonNode node, String source) {
    return read(JsonObjectReader.root(node, source));
  }

  /**
   * Reads an accumulator's state at a reader's position.
   *
   * @param r the reader at the state object, not null; it is ended ({@link JsonObjectReader#end()})
   * @return a new accumulator with that state, never null
   * @throws BillingException as for {@link #read(JsonNode, String)}
   */
  public static Accumulator read(JsonObjectReader r) {
    checkFormat(r);
    String kind = r.text("kind");
    Accumulator out;
    switch (kind) {
      case "count" -> {
        Accumulators.Count c = new Accumulators.Count();
        c.count = count(r);
        out = c;
      }
      case "bucketed" -> out = bucketed(r);
      default -> out = valued(r, kind);
    }
    r.end();
    return out;
  }

  /**
   * Checks a state's {@code format} field.
   *
   * @param r the reader at the state object, not null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the format is missing or not
   *     {@value #FORMAT}
   */
  static void checkFormat(JsonObjectReader r) {
    JsonNode f = r.node().get("format");
    if (f == null || !f.isInt() || f.intValue() != FORMAT) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, r.pathOf("format"), f,
          "format " + FORMAT + " (a metering state written by a Billwright version that uses another format"
              + " cannot be resumed by this one)");
    }
    r.markRead("format");
  }

  private static long count(JsonObjectReader r) {
    long n = r.optionalLong("count").orElseThrow(() -> JsonObjectReader.error(r.pathOf("count"), null,
        "an event count"));
    if (n < 0) {
      throw JsonObjectReader.error(r.pathOf("count"), n, "an event count of at least 0");
    }
    return n;
  }

  private static BillingPeriod period(JsonObjectReader r, String field) {
    String text = r.text(field);
    try {
      return BillingPeriod.parse(text);
    } catch (RuntimeException e) {
      throw JsonObjectReader.error(r.pathOf(field), text, "a period such as written by BillingPeriod.toString ("
          + e.getMessage() + ")");
    }
  }

  private static Instant instant(JsonObjectReader r, String field) {
    String text = r.text(field);
    try {
      return Instant.parse(text);
    } catch (RuntimeException e) {
      throw JsonObjectReader.error(r.pathOf(field), text, "an ISO-8601 instant");
    }
  }

  private static Accumulator bucketed(JsonObjectReader r) {
    Meter meter = MeterJson.read(r.object("meter"));
    if (meter.bucket().isEmpty()) {
      throw JsonObjectReader.error(r.pathOf("meter"), meter.code(), "a meter with a bucket");
    }
    Accumulators.Bucketed b = new Accumulators.Bucketed(meter, period(r, "period"));
    List<JsonObjectReader> entries = r.objects("buckets", x -> x);
    for (JsonObjectReader e : entries) {
      Instant start = instant(e, "start");
      Accumulator acc = read(e.object("state"));
      e.end();
      b.buckets.put(start, acc);
    }
    return b;
  }

  private static final java.util.Set<String> VALUED = java.util.Set.of("sum", "avg", "min", "max", "latest",
      "unique_count", "weighted_sum", "prorated_sum");

  private static Accumulator valued(JsonObjectReader r, String kind) {
    if (!VALUED.contains(kind)) {
      throw JsonObjectReader.error(r.pathOf("kind"), kind, "one of count, sum, avg, min, max, latest,"
          + " unique_count, weighted_sum, prorated_sum, bucketed");
    }
    String meter = r.text("meter");
    String property = r.text("property");
    long count = count(r);
    Accumulators.Valued v;
    switch (kind) {
      case "sum", "avg" -> {
        Accumulators.Sum s = kind.equals("sum") ? new Accumulators.Sum(meter, property)
            : new Accumulators.Avg(meter, property);
        s.sum = r.decimal("sum");
        v = s;
      }
      case "min", "max" -> {
        Accumulators.Extreme x = new Accumulators.Extreme(meter, property, kind.equals("max"));
        x.best = r.optionalDecimal("best").orElse(null);
        v = x;
      }
      case "latest" -> {
        Accumulators.Latest l = new Accumulators.Latest(meter, property);
        if (r.has("timestamp")) {
          l.timestamp = instant(r, "timestamp");
          l.id = r.text("id");
          l.value = r.decimal("value");
        }
        v = l;
      }
      case "unique_count" -> {
        Accumulators.UniqueCount u = new Accumulators.UniqueCount(meter, property);
        u.values.addAll(r.texts("values"));
        v = u;
      }
      case "weighted_sum" -> {
        WeightedSumNormalization normalize = r.optionalObject("normalize").map(n -> {
          WeightedSumNormalization w = new WeightedSumNormalization(n.bool("per_period", false),
              n.optionalDecimal("divide_by").orElse(null));
          n.end();
          return w;
        }).orElse(null);
        Accumulators.WeightedSum w = new Accumulators.WeightedSum(meter, property, period(r, "period"),
            r.decimal("carry_in"), normalize);
        w.weighted = r.decimal("weighted");
        v = w;
      }
      case "prorated_sum" -> {
        String basisName = r.text("basis");
        ProrationBasis basis;
        try {
          basis = ProrationBasis.fromJsonName(basisName);
        } catch (RuntimeException e) {
          throw JsonObjectReader.error(r.pathOf("basis"), basisName, "a proration basis (" + e.getMessage() + ")");
        }
        Accumulators.ProratedSum p = new Accumulators.ProratedSum(meter, property, period(r, "window"),
            period(r, "full_period"), basis);
        p.numerator = r.decimal("numerator");
        String d = r.text("denominator");
        BigInteger den;
        try {
          den = new BigInteger(d);
        } catch (NumberFormatException e) {
          den = BigInteger.ZERO;
        }
        if (den.signum() <= 0 || d.length() > 4000) {
          throw JsonObjectReader.error(r.pathOf("denominator"), d, "a positive integer");
        }
        p.denominator = den;
        v = p;
      }
      default -> throw new IllegalStateException(kind);
    }
    v.count = count;
    return v;
  }
}

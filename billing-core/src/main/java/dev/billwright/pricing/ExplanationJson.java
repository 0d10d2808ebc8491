package dev.billwright.pricing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.json.Json;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Writes an {@link Explanation} as JSON for invoice lines and previews: snake_case fields,
 * decimals as strings, exact (unrounded) amounts in major units.
 */
public final class ExplanationJson {
  private ExplanationJson() {}

  /**
   * Writes an explanation. Every object has {@code model}, {@code quantity} and {@code amount};
   * tiered models add {@code steps} ({@code tier}, {@code from}, {@code to}, {@code units},
   * {@code unit_price} or {@code rate} or, for a tier priced per block, {@code block_size},
   * {@code blocks} and {@code block_price}; {@code flat_fee}, {@code subtotal}); single-rate models
   * add {@code lines} ({@code label}, {@code quantity}, {@code unit_price}, {@code subtotal});
   * percentage adds {@code events}, {@code free_events}, {@code paid_events},
   * {@code free_amount_used}, {@code percentage_amount}, {@code fixed_fees},
   * {@code min_adjusted_events}, {@code min_adjustment}, {@code max_adjusted_events},
   * {@code max_adjustment}; matrix adds {@code groups} ({@code dimensions}, {@code matched_when}
   * or null for the default, {@code priced}); a charge priced per bucket adds {@code buckets}
   * ({@code start}, {@code quantity}, {@code priced}).
   *
   * @param explanation the explanation, not null
   * @return a new JSON object
   */
  public static ObjectNode write(Explanation explanation) {
    return write(Json.object(), explanation);
  }

  /**
   * Writes an explanation that starts at the events: a {@code metering} object first
   * ({@code meter}, {@code aggregation}, {@code events_counted}, {@code duplicates_excluded},
   * {@code late_excluded}, and {@code first_event_at} and {@code last_event_at} when events were
   * counted), then the fields of {@link #write(Explanation)}.
   *
   * @param explanation the explanation, not null
   * @param events the statistics of the events behind the quantity, not null
   * @return a new JSON object
   */
  public static ObjectNode write(Explanation explanation, EventStatistics events) {
    ObjectNode o = Json.object();
    o.set("metering", writeEvents(events));
    return write(o, explanation);
  }

  /**
   * Writes an explanation's fields into an object node, after the fields it already has: the
   * fields of {@link #write(Explanation)}, in the same order. For a writer of
   * {@link Json#deferredObject} that adds fields of its own after the explanation's.
   *
   * @param into the node written to, not null
   * @param explanation the explanation, not null
   * @return {@code into}
   */
  public static ObjectNode writeTo(ObjectNode into, Explanation explanation) {
    return write(into, explanation);
  }

  /**
   * Writes an explanation that starts at the events into an object node, after the fields it
   * already has: the fields of {@link #write(Explanation, EventStatistics)}, in the same order.
   *
   * @param into the node written to, not null
   * @param explanation the explanation, not null
   * @param events the statistics of the events behind the quantity, not null
   * @return {@code into}
   */
  public static ObjectNode writeTo(ObjectNode into, Explanation explanation, EventStatistics events) {
    into.set("metering", writeEvents(events));
    return write(into, explanation);
  }

  /**
   * Returns an explanation as a JSON object written when first read ({@link Json#deferredObject}):
   * equal to {@link #write(Explanation)}, field for field and byte for byte once serialised, but
   * built only if something reads, compares or serialises it. The explanation must not change
   * (every {@link Explanation} of this package is immutable).
   *
   * @param explanation the explanation, not null
   * @return a new JSON object
   * @throws NullPointerException if {@code explanation} is null
   */
  public static ObjectNode deferred(Explanation explanation) {
    java.util.Objects.requireNonNull(explanation, "explanation");
    return Json.deferredObject(o -> write(o, explanation));
  }

  /**
   * Writes event statistics as the {@code metering} object of {@link #write(Explanation,
   * EventStatistics)}.
   *
   * @param events the statistics, not null
   * @return a new JSON object
   */
  public static ObjectNode writeEvents(EventStatistics events) {
    return writeEventsNode(events);
  }

  /**
   * A count as the JSON number node a parser reads back for it (an int node when it fits an int,
   * else a long node), so an explanation read back from stored JSON equals the one written: a
   * store's compare-and-set compares invoices by equality.
   */
  private static com.fasterxml.jackson.databind.JsonNode count(long n) {
    return n == (int) n ? com.fasterxml.jackson.databind.node.IntNode.valueOf((int) n)
        : com.fasterxml.jackson.databind.node.LongNode.valueOf(n);
  }

  private static ObjectNode writeEventsNode(EventStatistics events) {
    ObjectNode m = Json.object();
    m.put("meter", events.meterCode());
    m.put("aggregation", events.aggregation());
    m.set("events_counted", count(events.eventsCounted()));
    m.set("duplicates_excluded", count(events.duplicatesExcluded()));
    m.set("late_excluded", count(events.lateExcluded()));
    events.firstEventAt().ifPresent(t -> m.put("first_event_at", t.toString()));
    events.lastEventAt().ifPresent(t -> m.put("last_event_at", t.toString()));
    return m;
  }

  private static ObjectNode write(ObjectNode o, Explanation explanation) {
    o.put("model", explanation.model());
    o.put("quantity", str(explanation.quantity()));
    o.put("amount", money(explanation.amount()));
    if (explanation instanceof LineExplanation) {
      ArrayNode lines = o.putArray("lines");
      for (LineExplanation.Line l : ((LineExplanation) explanation).lines()) {
        ObjectNode line = lines.addObject();
        line.put("label", l.label());
        line.put("quantity", str(l.quantity()));
        line.put("unit_price", l.unitPrice() == null ? null : str(l.unitPrice()));
        line.put("subtotal", money(l.subtotal()));
      }
    } else if (explanation instanceof TierExplanation) {
      ArrayNode steps = o.putArray("steps");
      for (TierExplanation.Step s : ((TierExplanation) explanation).steps()) {
        ObjectNode step = steps.addObject();
        step.put("tier", s.tier());
        step.put("from", str(s.from()));
        step.put("to", s.to() == null ? null : str(s.to()));
        step.put("units", str(s.units()));
        if (s.rate() != null) {
          step.put("rate", str(s.rate()));
        } else if (s.blockSize() != null) {
          step.put("block_size", str(s.blockSize()));
          step.put("blocks", str(s.blocks()));
          step.put("block_price", str(s.blockPrice()));
        } else {
          step.put("unit_price", str(s.unitPrice()));
        }
        step.put("flat_fee", str(s.flatFee()));
        step.put("subtotal", money(s.subtotal()));
      }
    } else if (explanation instanceof PercentageExplanation) {
      PercentageExplanation p = (PercentageExplanation) explanation;
      o.put("events", p.events());
      o.put("free_events", p.freeEvents());
      o.put("paid_events", p.paidEvents());
      o.put("free_amount_used", str(p.freeAmountUsed()));
      o.put("percentage_amount", money(p.percentageAmount()));
      o.put("fixed_fees", money(p.fixedFees()));
      o.put("min_adjusted_events", p.minAdjustedEvents());
      o.put("min_adjustment", money(p.minAdjustment()));
      o.put("max_adjusted_events", p.maxAdjustedEvents());
      o.put("max_adjustment", money(p.maxAdjustment()));
    } else if (explanation instanceof MatrixExplanation) {
      ArrayNode groups = o.putArray("groups");
      for (MatrixExplanation.Group g : ((MatrixExplanation) explanation).groups()) {
        ObjectNode group = groups.addObject();
        map(group.putObject("dimensions"), g.dimensions());
        if (g.matchedWhen() == null) {
          group.putNull("matched_when");
        } else {
          map(group.putObject("matched_when"), g.matchedWhen());
        }
        group.set("priced", write(g.priced()));
      }
    } else if (explanation instanceof BucketExplanation) {
      ArrayNode buckets = o.putArray("buckets");
      for (BucketExplanation.Bucket b : ((BucketExplanation) explanation).buckets()) {
        ObjectNode bucket = buckets.addObject();
        bucket.put("start", b.start().toString());
        bucket.put("quantity", str(b.quantity()));
        bucket.set("priced", write(b.priced()));
      }
    }
    return o;
  }

  private static void map(ObjectNode into, Map<String, String> values) {
    values.forEach(into::put);
  }

  private static String money(Money m) {
    return m.amount().toPlainString();
  }

  private static String str(BigDecimal value) {
    return value.toPlainString();
  }
}

package dev.billwright.kafka;

import dev.billwright.billing.Correction;
import dev.billwright.billing.InvoiceRequest;
import dev.billwright.billing.LateUsageCorrector;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.Invoice;
import dev.billwright.metering.LateEvent;
import dev.billwright.rating.SubscriptionUsageAggregator;
import dev.billwright.rating.UsageSource;
import dev.billwright.time.BillingPeriod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The consumer side of the late-events topic: reads late events and turns them into
 * {@link LateUsageCorrector} corrections of the invoices that already billed their periods. The
 * periods are re-rated with the streamed aggregates plus the late events ({@link
 * KafkaUsage#including}), so each correction settles exactly what the late events change.
 *
 * <p>The host supplies its invoices and how it builds a re-rate request ({@link Host}); the
 * consumer is the host's (any {@code Consumer<String, byte[]>} subscribed to the late topic, with
 * {@code isolation.level=read_committed}); commit its offsets after storing the corrections.
 * Stateless and thread-safe apart from the consumer.
 */
public final class LateUsageCorrections {
  /** What the host knows about its invoices. */
  public interface Host {
    /**
     * Returns the invoice that billed a subscription's usage over a period, if one was issued.
     *
     * @param subscriptionId the subscription, not null
     * @param period the usage window's period, not null
     * @return the finalized or paid invoice, or empty (nothing to correct yet)
     */
    Optional<Invoice> original(String subscriptionId, BillingPeriod period);

    /**
     * Builds the request that re-assembles the original invoice's cycle with this usage.
     *
     * @param original the original invoice, not null
     * @param usage the usage with the late events, not null
     * @return the request, not null
     */
    InvoiceRequest rerate(Invoice original, UsageSource usage);

    /**
     * Returns the credit notes already issued against the original.
     *
     * @param original the original invoice, not null
     * @return the credit notes, not null
     */
    List<CreditNote> creditNotes(Invoice original);

    /**
     * Returns the adjustment (and progressive) invoices already issued for the original's period.
     *
     * @param original the original invoice, not null
     * @return the invoices, not null
     */
    List<Invoice> adjustments(Invoice original);
  }

  private final SubscriptionUsageAggregator aggregator;
  private final LateUsageCorrector corrector;

  private LateUsageCorrections(SubscriptionUsageAggregator aggregator, LateUsageCorrector corrector) {
    this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
    this.corrector = Objects.requireNonNull(corrector, "corrector");
  }

  /**
   * Corrections by the default corrector.
   *
   * @param aggregator the topology's aggregator without its invoiced windows (so that late events
   *     count when re-rating), not null
   * @return the corrections, never null
   */
  public static LateUsageCorrections of(SubscriptionUsageAggregator aggregator) {
    return new LateUsageCorrections(aggregator, LateUsageCorrector.DEFAULT);
  }

  /**
   * Reads the late events available within a poll.
   *
   * @param consumer a consumer subscribed to the late topic, not null
   * @param timeout the poll timeout, not null
   * @return the late events read, in the consumer's order, never null
   * @throws dev.billwright.error.BillingException if a record is not a late event of format
   *     {@value MeteringSerdes#LATE_FORMAT}
   */
  public static List<LateEvent> poll(Consumer<String, byte[]> consumer, Duration timeout) {
    List<LateEvent> out = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
      out.add(MeteringSerdes.readLate(r.value(), r.topic() + "-" + r.partition() + "@" + r.offset()));
    }
    return out;
  }

  /**
   * Corrects every invoiced period the late events fall in: re-rates it with the streamed usage
   * plus the late events and settles the difference with an adjustment invoice or a credit note.
   *
   * @param streamed the streamed aggregates (which exclude late events), not null
   * @param late the late events, not null
   * @param host the host's invoices, not null
   * @param at when the corrections are issued, not null
   * @return the non-empty corrections, one per (subscription, period) with an original, never null
   */
  public List<Correction> correct(KafkaUsage streamed, List<LateEvent> late, Host host, Instant at) {
    KafkaUsage all = streamed.including(late, aggregator);
    UsageSource usage = all.usageSource();
    List<Correction> out = new ArrayList<>();
    for (String key : KafkaUsage.keysOf(late, aggregator)) {
      int cut = key.indexOf('\u0000');
      Optional<Invoice> original = host.original(key.substring(0, cut), BillingPeriod.parse(key.substring(cut + 1)));
      if (original.isEmpty()) {
        continue;
      }
      Invoice o = original.get();
      Correction c = corrector.correct(host.rerate(o, usage), o, host.creditNotes(o), host.adjustments(o), at);
      if (!c.isEmpty()) {
        out.add(c);
      }
    }
    return out;
  }
}

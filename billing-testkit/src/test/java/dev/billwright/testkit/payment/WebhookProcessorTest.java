package dev.billwright.testkit.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.memory.InMemoryDeadLetterStore;
import dev.billwright.memory.InMemoryWebhookEventStore;
import dev.billwright.money.Money;
import dev.billwright.payment.webhook.PaymentEvent;
import dev.billwright.payment.webhook.PaymentEventType;
import dev.billwright.payment.webhook.RetryPolicy;
import dev.billwright.payment.webhook.WebhookProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WebhookProcessorTest {
  static final Instant T0 = Instant.parse("2026-11-02T00:00:00Z");
  static final RetryPolicy THREE = new RetryPolicy(3, Duration.ofMinutes(1), 2, Duration.ofMinutes(30));

  static PaymentEvent event(String id) {
    return new PaymentEvent(id, "stripe", "payment_intent.succeeded", PaymentEventType.PAYMENT_SUCCEEDED, "pi_1",
        Optional.of(Money.of("INR", "10.00")), T0, Optional.empty(), Map.of("invoice_id", "inv_1"));
  }

  @Test
  void backoffDoublesUpToTheCap() {
    assertThat(List.of(1, 2, 3, 4, 5, 6, 7)).extracting(RetryPolicy.DEFAULT::delayBefore).containsExactly(
        Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(8),
        Duration.ofMinutes(16), Duration.ofMinutes(32), Duration.ofHours(1));
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofMinutes(1), 2, Duration.ofMinutes(1)))
        .isInstanceOf(BillingException.class).hasMessageContaining("max_attempts");
  }

  @Test
  void aFailingHandlerIsRetriedWithBackoffThenDeadLetteredAndReplayed() {
    AtomicInteger calls = new AtomicInteger();
    List<String> applied = new ArrayList<>();
    boolean[] broken = {true};
    InMemoryWebhookEventStore events = new InMemoryWebhookEventStore();
    InMemoryDeadLetterStore dead = new InMemoryDeadLetterStore();
    WebhookProcessor p = new WebhookProcessor(events, dead, THREE, e -> {
      calls.incrementAndGet();
      if (broken[0]) {
        throw new IllegalStateException("ledger unavailable");
      }
      applied.add(e.eventId());
    });
    WebhookProcessor.Outcome first = p.process(event("evt_1"), T0);
    assertThat(first.status()).isEqualTo(WebhookProcessor.Status.RETRY_SCHEDULED);
    assertThat(first.nextAttemptAt()).contains(T0.plus(Duration.ofMinutes(1)));
    assertThat(first.error()).contains("IllegalStateException: ledger unavailable");
    assertThat(p.retryDue(T0.plusSeconds(59))).isEmpty(); // not due yet
    WebhookProcessor.Outcome second = p.retryDue(T0.plusSeconds(60)).get(0);
    assertThat(second.attempts()).isEqualTo(2);
    assertThat(second.nextAttemptAt()).contains(T0.plusSeconds(60).plus(Duration.ofMinutes(2)));
    WebhookProcessor.Outcome third = p.retryDue(T0.plus(Duration.ofMinutes(3))).get(0);
    assertThat(third.status()).isEqualTo(WebhookProcessor.Status.DEAD_LETTERED);
    assertThat(third.attempts()).isEqualTo(3);
    assertThat(p.retryDue(T0.plus(Duration.ofDays(1)))).isEmpty();
    assertThat(dead.list()).singleElement().satisfies(l -> {
      assertThat(l.attempts()).isEqualTo(3);
      assertThat(l.event().eventId()).isEqualTo("evt_1");
    });
    broken[0] = false;
    assertThat(p.replay("evt_1", T0.plus(Duration.ofDays(1))).status()).isEqualTo(WebhookProcessor.Status.PROCESSED);
    assertThat(dead.list()).isEmpty();
    assertThat(applied).containsExactly("evt_1");
    assertThat(p.process(event("evt_1"), T0.plus(Duration.ofDays(2))).status())
        .isEqualTo(WebhookProcessor.Status.DUPLICATE);
    assertThat(calls.get()).isEqualTo(4);
    assertThatThrownBy(() -> p.replay("evt_none", T0)).isInstanceOf(BillingException.class)
        .hasMessageContaining("dead-letter store");
  }

  @Test
  void concurrentDeliveriesOfOneEventApplyItOnce() throws Exception {
    AtomicInteger applied = new AtomicInteger();
    WebhookProcessor p = new WebhookProcessor(new InMemoryWebhookEventStore(), new InMemoryDeadLetterStore(),
        RetryPolicy.DEFAULT, e -> applied.incrementAndGet());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<WebhookProcessor.Outcome>> outcomes = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        outcomes.add(pool.submit(() -> p.process(event("evt_c"), T0)));
      }
      int processed = 0;
      for (Future<WebhookProcessor.Outcome> f : outcomes) {
        processed += f.get().status() == WebhookProcessor.Status.PROCESSED ? 1 : 0;
      }
      assertThat(processed).isEqualTo(1);
      assertThat(applied.get()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }
}

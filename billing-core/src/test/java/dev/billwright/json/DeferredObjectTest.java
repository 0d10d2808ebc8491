package dev.billwright.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@link Json#deferredObject}: the same node as one written at once, written once, when first used. */
class DeferredObjectTest {
  private static final Consumer<ObjectNode> WRITER = o -> {
    o.put("model", "graduated");
    o.put("quantity", new BigDecimal("1500").toPlainString());
    o.putArray("steps").addObject().put("tier", 1).put("to", (String) null);
    o.putObject("metering").put("events_counted", 3);
    o.put("prorated", true);
  };

  private static ObjectNode eager() {
    ObjectNode o = Json.object();
    WRITER.accept(o);
    return o;
  }

  @Test
  void equalsHashesAndSerialisesAsTheNodeWrittenAtOnce() throws Exception {
    ObjectNode deferred = Json.deferredObject(WRITER);
    ObjectNode eager = eager();
    assertThat(deferred).isEqualTo(eager);
    assertThat(eager).isEqualTo(deferred);
    assertThat(deferred.hashCode()).isEqualTo(eager.hashCode());
    assertThat(Json.mapper().writeValueAsString(Json.deferredObject(WRITER)))
        .isEqualTo(Json.mapper().writeValueAsString(eager));
    assertThat(Json.deferredObject(WRITER).toString()).isEqualTo(eager.toString());
    assertThat(Json.deferredObject(WRITER).deepCopy()).isEqualTo(eager);
    ObjectNode tree = Json.object();
    tree.set("explanation", Json.deferredObject(WRITER));
    ObjectNode eagerTree = Json.object();
    eagerTree.set("explanation", eager);
    assertThat(Json.mapper().writeValueAsString(tree)).isEqualTo(Json.mapper().writeValueAsString(eagerTree));
  }

  @Test
  void readsAndWritesLikeAnObjectNode() {
    ObjectNode deferred = Json.deferredObject(WRITER);
    List<String> names = new ArrayList<>();
    deferred.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("model", "quantity", "steps", "metering", "prorated");
    assertThat(deferred.size()).isEqualTo(5);
    assertThat(deferred.get("model").asText()).isEqualTo("graduated");
    assertThat(deferred.path("steps").get(0).get("to").isNull()).isTrue();
    assertThat(deferred.at("/metering/events_counted").asInt()).isEqualTo(3);
    deferred.put("extra", "x");
    deferred.remove("prorated");
    assertThat(deferred.has("extra")).isTrue();
    assertThat(deferred.has("prorated")).isFalse();
    assertThat(deferred.size()).isEqualTo(5);
  }

  @Test
  void writesOnlyWhenFirstUsedAndOnlyOnce() {
    AtomicInteger runs = new AtomicInteger();
    ObjectNode deferred = Json.deferredObject(o -> {
      runs.incrementAndGet();
      WRITER.accept(o);
    });
    assertThat(runs).hasValue(0);
    assertThat(deferred.isObject()).isTrue(); // no field touched
    assertThat(runs).hasValue(0);
    assertThat(deferred.isEmpty()).isFalse();
    deferred.size();
    deferred.toString();
    assertThat(deferred).isEqualTo(eager());
    assertThat(runs).hasValue(1);
  }

  @Test
  void aWriterThatFailsRunsAgainOnTheNextUse() {
    AtomicInteger runs = new AtomicInteger();
    ObjectNode deferred = Json.deferredObject(o -> {
      o.put("partial", 1);
      if (runs.incrementAndGet() == 1) {
        throw new IllegalStateException("first run fails");
      }
      o.put("done", true);
    });
    org.assertj.core.api.Assertions.assertThatThrownBy(deferred::size).isInstanceOf(IllegalStateException.class);
    assertThat(deferred.size()).isEqualTo(2);
    assertThat(deferred.get("done").asBoolean()).isTrue();
  }

  @Test
  void threadsSharingANodeSeeItWrittenOnce() throws Exception {
    for (int round = 0; round < 50; round++) {
      AtomicInteger runs = new AtomicInteger();
      ObjectNode deferred = Json.deferredObject(o -> {
        runs.incrementAndGet();
        WRITER.accept(o);
      });
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      List<Integer> sizes = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int t = 0; t < 4; t++) {
        Thread th = new Thread(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          sizes.add(deferred.size());
        });
        th.start();
        threads.add(th);
      }
      start.countDown();
      for (Thread th : threads) {
        th.join();
      }
      assertThat(runs).hasValue(1);
      assertThat(sizes).containsOnly(5);
    }
  }
}

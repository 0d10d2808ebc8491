package dev.billwright.testkit.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.Json;
import dev.billwright.memory.InMemoryMeteringCheckpointStore;
import dev.billwright.metering.MeteringCheckpoint;
import dev.billwright.metering.UsageEvent;
import dev.billwright.rating.CheckpointedAggregation;
import dev.billwright.rating.SubscriptionUsage;
import dev.billwright.rating.SubscriptionUsageAggregator;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Durable metering on the {@link MeteringWorkload}: a run's state serialised at any point and
 * resumed gives exactly the one-pass result (quantities, buckets, statistics and every report),
 * and a checkpointed aggregation interrupted at any record resumes to the same result.
 */
class ResumableRunPropertiesTest {
  private static JsonNode roundTrip(ObjectNode state) {
    return Json.parse(state.toString(), "state");
  }

  @Test
  void workloadExercisesEveryReport() {
    SubscriptionUsage one = MeteringWorkload.aggregator().aggregate(MeteringWorkload.events(7, 600));
    assertThat(one.duplicatesDropped()).isPositive();
    assertThat(one.conflicts()).isNotEmpty();
    assertThat(one.lateEvents()).isNotEmpty();
    assertThat(one.unusable()).isNotEmpty();
    assertThat(one.unclaimed().events()).isPositive();
    assertThat(one.unclaimed().ambiguous()).isNotEmpty();
    assertThat(one.eventsWithoutMeter()).isPositive();
    assertThat(one.buckets()).isNotEmpty();
  }

  @Test
  void serialiseAtAnySplitThenContinueEqualsOnePass() {
    qt().withExamples(40).forAll(longs().all(), integers().between(0, 250), integers().between(0, 1000))
        .checkAssert((seed, n, cut) -> {
          List<UsageEvent> events = MeteringWorkload.events(seed, n);
          int split = n == 0 ? 0 : cut % (n + 1);
          SubscriptionUsage one = MeteringWorkload.aggregator().aggregate(events);
          SubscriptionUsageAggregator.Run first = MeteringWorkload.aggregator().startResumable();
          events.subList(0, split).forEach(first::accept);
          ObjectNode state = first.state();
          // identity: deserialise then serialise gives the same state and the same result
          SubscriptionUsageAggregator.Run back = MeteringWorkload.aggregator().restore(roundTrip(state), "state");
          assertThat(back.state()).isEqualTo(state);
          assertThat(back.result()).isEqualTo(first.result());
          // continue in a fresh aggregator (a new process: fresh dedup store)
          SubscriptionUsageAggregator.Run resumed = MeteringWorkload.aggregator().restore(roundTrip(state), "state");
          events.subList(split, n).forEach(resumed::accept);
          assertThat(resumed.result()).isEqualTo(one);
        });
  }

  @Test
  void checkpointedAggregationInterruptedAnywhereResumesToOnePass() {
    qt().withExamples(25).forAll(longs().all(), integers().between(1, 200), integers().between(1, 40),
        integers().between(0, 1000)).checkAssert((seed, n, chunk, cut) -> {
          List<UsageEvent> events = MeteringWorkload.events(seed, n);
          SubscriptionUsage one = MeteringWorkload.aggregator().aggregate(events);
          int crashAt = cut % n;
          InMemoryMeteringCheckpointStore store = new InMemoryMeteringCheckpointStore();
          assertThatThrownBy(() -> CheckpointedAggregation.of(MeteringWorkload.aggregator(), store, chunk)
              .run("r", crashing(events, crashAt))).isInstanceOf(IllegalStateException.class);
          long saved = store.find("r").map(MeteringCheckpoint::position).orElse(0L);
          assertThat(saved).isEqualTo(crashAt / chunk * (long) chunk);
          CheckpointedAggregation.Outcome o = CheckpointedAggregation.of(MeteringWorkload.aggregator(), store, chunk)
              .run("r", events.iterator());
          assertThat(o.resumedFrom()).isEqualTo(saved);
          assertThat(o.records()).isEqualTo((long) n);
          assertThat(o.usage()).isEqualTo(one);
          // a completed run run again aggregates nothing and returns the same result
          CheckpointedAggregation.Outcome again = CheckpointedAggregation.of(MeteringWorkload.aggregator(), store,
              chunk).run("r", events.iterator());
          assertThat(again.resumedFrom()).isEqualTo((long) n);
          assertThat(again.usage()).isEqualTo(one);
        });
  }

  /**
   * Incremental checkpoints: a store that fails at any save (a seen segment or the main
   * checkpoint, as a process killed between the two) leaves a resumable run that ends with the
   * one-pass result; each seen id is written once, and the segments the last checkpoint counts
   * hold exactly the run's seen ids.
   */
  @Test
  void incrementalCheckpointsFailingAtAnySaveResumeToOnePass() {
    qt().withExamples(25).forAll(longs().all(), integers().between(1, 200), integers().between(1, 40),
        integers().between(0, 1000)).checkAssert((seed, n, chunk, cut) -> {
          List<UsageEvent> events = MeteringWorkload.events(seed, n);
          SubscriptionUsage one = MeteringWorkload.aggregator().aggregate(events);
          InMemoryMeteringCheckpointStore inner = new InMemoryMeteringCheckpointStore();
          int[] saves = {0};
          List<String> written = new java.util.ArrayList<>();
          int failAt = cut % (2 * (n / chunk + 1));
          dev.billwright.metering.MeteringCheckpointStore failing = new dev.billwright.metering.MeteringCheckpointStore() {
            @Override
            public void save(MeteringCheckpoint c) {
              if (saves[0]++ == failAt) {
                throw new IllegalStateException("killed at save " + failAt);
              }
              if (c.format().equals(CheckpointedAggregation.SEGMENT_FORMAT)) {
                written.add(c.runId());
              }
              inner.save(c);
            }

            @Override
            public java.util.Optional<MeteringCheckpoint> find(String runId) {
              return inner.find(runId);
            }
          };
          try {
            CheckpointedAggregation.of(MeteringWorkload.aggregator(), failing, chunk).run("r", events.iterator());
          } catch (IllegalStateException e) {
            assertThat(e).hasMessageContaining("killed at save");
          }
          CheckpointedAggregation.Outcome o = CheckpointedAggregation.of(MeteringWorkload.aggregator(), inner, chunk)
              .run("r", events.iterator());
          assertThat(o.usage()).isEqualTo(one);
          MeteringCheckpoint last = inner.find("r").orElseThrow();
          assertThat(last.format()).isEqualTo(CheckpointedAggregation.INCREMENTAL_FORMAT);
          int segments = dev.billwright.json.Json.parse(last.state(), "r").path("seen_segments").intValue();
          List<String> ids = new java.util.ArrayList<>();
          for (int k = 1; k <= segments; k++) {
            dev.billwright.json.Json.parse(inner.find("r/seen/" + k).orElseThrow().state(), "segment")
                .forEach(x -> ids.add(x.path("scope").asText() + "/" + x.path("id").asText()));
          }
          SubscriptionUsageAggregator.Run full = MeteringWorkload.aggregator().startResumable();
          events.forEach(full::accept);
          assertThat(ids).hasSize(full.seenCount()).doesNotHaveDuplicates();
          // the first (failing) pass wrote no segment twice before the failure
          assertThat(written).doesNotHaveDuplicates();
        });
  }

  /** A checkpoint in the whole-state format of earlier versions is still resumed. */
  @Test
  void aWholeStateCheckpointOfAnEarlierVersionResumes() {
    List<UsageEvent> events = MeteringWorkload.events(5, 120);
    SubscriptionUsageAggregator.Run half = MeteringWorkload.aggregator().startResumable();
    events.subList(0, 50).forEach(half::accept);
    InMemoryMeteringCheckpointStore store = new InMemoryMeteringCheckpointStore();
    store.save(new MeteringCheckpoint("r", CheckpointedAggregation.FORMAT, 50, half.state().toString()));
    CheckpointedAggregation.Outcome o = CheckpointedAggregation.of(MeteringWorkload.aggregator(), store, 30)
        .run("r", events.iterator());
    assertThat(o.resumedFrom()).isEqualTo(50);
    assertThat(o.usage()).isEqualTo(MeteringWorkload.aggregator().aggregate(events));
  }

  /** A source that fails (like a killed process) when asked for record {@code at}. */
  private static Iterator<UsageEvent> crashing(List<UsageEvent> events, int at) {
    Iterator<UsageEvent> it = events.iterator();
    return new Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public UsageEvent next() {
        if (i++ == at) {
          throw new IllegalStateException("killed at record " + at);
        }
        return it.next();
      }
    };
  }

  @Test
  void unknownStateFormatIsAClearError() {
    SubscriptionUsageAggregator.Run run = MeteringWorkload.aggregator().startResumable();
    MeteringWorkload.events(3, 20).forEach(run::accept);
    ObjectNode state = run.state();
    state.put("format", 2);
    assertThatThrownBy(() -> MeteringWorkload.aggregator().restore(state, "checkpoint r"))
        .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE))
        .hasMessageContaining("format").hasMessageContaining("2");
    InMemoryMeteringCheckpointStore store = new InMemoryMeteringCheckpointStore();
    store.save(new MeteringCheckpoint("r", "billwright.metering-state/9", 0, run.state().toString()));
    assertThatThrownBy(() -> CheckpointedAggregation.of(MeteringWorkload.aggregator(), store, 10)
        .run("r", MeteringWorkload.events(3, 20).iterator()))
        .isInstanceOf(BillingException.class).hasMessageContaining("billwright.metering-state/9");
  }

  @Test
  void aPlainRunHasNoState() {
    assertThatThrownBy(() -> MeteringWorkload.aggregator().start().state()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aShorterSourceThanTheCheckpointIsRefused() {
    InMemoryMeteringCheckpointStore store = new InMemoryMeteringCheckpointStore();
    List<UsageEvent> events = MeteringWorkload.events(5, 50);
    CheckpointedAggregation.of(MeteringWorkload.aggregator(), store, 10).run("r", events.iterator());
    assertThatThrownBy(() -> CheckpointedAggregation.of(MeteringWorkload.aggregator(), store, 10)
        .run("r", events.subList(0, 30).iterator()))
        .isInstanceOf(BillingException.class).hasMessageContaining("position");
  }
}

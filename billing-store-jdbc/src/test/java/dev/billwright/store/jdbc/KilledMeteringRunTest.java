package dev.billwright.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.json.Json;
import dev.billwright.metering.MeteringCheckpoint;
import dev.billwright.metering.UsageEvent;
import dev.billwright.metering.UsageEventJson;
import dev.billwright.rating.CheckpointedAggregation;
import dev.billwright.rating.SubscriptionUsage;
import dev.billwright.testkit.metering.MeteringWorkload;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Durable metering end to end: a child JVM ({@link MeteringRunChild}) aggregates an event file
 * with checkpoints in the embedded H2 store and is killed ({@code destroyForcibly}, no shutdown
 * hooks) at random points (past a random chunk boundary, then a random 0–40 ms later: in a chunk,
 * in a pause or inside a checkpoint save), once or twice per seed; a last child resumes to
 * completion. The
 * final checkpoint's result equals the one-pass aggregation of the same file exactly
 * (quantities, buckets, statistics and every report).
 */
class KilledMeteringRunTest {
  private static final int EVENTS = 1500;
  private static final int CHUNK = 75;
  private static final long PAUSE_MS = 20;

  @ParameterizedTest
  @ValueSource(longs = {11, 23, 47})
  void killedRunsResumeToTheOnePassResult(long seed, @TempDir Path dir) throws Exception {
    List<UsageEvent> events = MeteringWorkload.events(seed, EVENTS);
    Path file = dir.resolve("events.ndjson");
    List<String> lines = new ArrayList<>();
    events.forEach(e -> lines.add(UsageEventJson.toLine(e)));
    Files.write(file, lines, StandardCharsets.UTF_8);
    Path store = dir.resolve("store");
    Random random = new Random(seed);
    List<Long> resumedFrom = new ArrayList<>();
    int kills = 1 + random.nextInt(2);
    for (int kill = 0; kill < kills; kill++) {
      Process child = start(store, file);
      BufferedReader out = reader(child);
      String first = firstLine(out);
      assertThat(first).startsWith("RESUMED");
      long from = Long.parseLong(first.substring("RESUMED ".length()));
      resumedFrom.add(from);
      // wait until the child passes a random chunk boundary ahead, then kill it a random moment later
      long target = from + CHUNK * (1 + random.nextInt((int) ((EVENTS - from) / CHUNK / 2)));
      CompletableFuture.runAsync(() -> {
        try {
          for (String l = out.readLine(); l != null; l = out.readLine()) {
            if (l.startsWith("AT ") && Long.parseLong(l.substring(3)) >= target) {
              return;
            }
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).get(60, TimeUnit.SECONDS);
      Thread.sleep(random.nextInt((int) PAUSE_MS * 2));
      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    Process last = start(store, file);
    BufferedReader out = reader(last);
    String first = firstLine(out);
    resumedFrom.add(Long.parseLong(first.substring("RESUMED ".length())));
    StringBuilder rest = new StringBuilder();
    for (String l = out.readLine(); l != null; l = out.readLine()) {
      rest.append(l).append('\n');
    }
    assertThat(last.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(last.exitValue()).as(rest.toString()).isZero();
    assertThat(rest).contains("DONE " + EVENTS);
    // every child resumed from a whole checkpoint inside the file (a kill may land before the
    // embedded H2 has written its last commits to disk: the child then resumes from an earlier one)
    assertThat(resumedFrom.get(0)).isZero();
    assertThat(resumedFrom).allMatch(p -> p >= 0 && p < EVENTS && p % CHUNK == 0);
    assertThat(resumedFrom).isSorted();

    System.out.println("seed " + seed + ": children resumed from " + resumedFrom);
    SubscriptionUsage onePass = MeteringWorkload.aggregator().aggregate(events);
    try (JdbcStore db = JdbcStore.openEmbedded(store)) {
      Optional<MeteringCheckpoint> c = db.meteringCheckpoints().find(MeteringRunChild.RUN_ID);
      assertThat(c).isPresent();
      assertThat(c.get().position()).isEqualTo(EVENTS);
      assertThat(c.get().format()).isEqualTo(CheckpointedAggregation.INCREMENTAL_FORMAT);
      // incremental: each seen id is written once, in the segments the checkpoint counts
      int segments = Json.parse(c.get().state(), "checkpoint").path("seen_segments").intValue();
      assertThat(segments).isPositive();
      List<String> written = new ArrayList<>();
      for (int k = 1; k <= segments; k++) {
        Json.parse(db.meteringCheckpoints().find(MeteringRunChild.RUN_ID + "/seen/" + k).orElseThrow().state(),
            "segment").forEach(e -> written.add(e.path("scope").asText() + "/" + e.path("id").asText()));
      }
      var onePassRun = MeteringWorkload.aggregator().startResumable();
      events.forEach(onePassRun::accept);
      assertThat(written).as("every seen id written once").hasSize(onePassRun.seenCount()).doesNotHaveDuplicates();
      // and running the completed run again in-process gives the same result without aggregating
      CheckpointedAggregation.Outcome again = CheckpointedAggregation.of(MeteringWorkload.aggregator(),
          db.meteringCheckpoints(), CHUNK).run(MeteringRunChild.RUN_ID, events.iterator());
      assertThat(again.resumedFrom()).isEqualTo(EVENTS);
      assertThat(again.usage()).isEqualTo(onePass);
    }
  }

  private static Process start(Path store, Path file) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
        System.getProperty("java.class.path"), MeteringRunChild.class.getName(), store.toString(), file.toString(),
        Integer.toString(CHUNK), Long.toString(PAUSE_MS));
    pb.redirectErrorStream(true);
    return pb.start();
  }

  private static BufferedReader reader(Process p) {
    return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
  }

  /** The child's RESUMED line (it prints it once its store is open), within 60 seconds. */
  private static String firstLine(BufferedReader r) throws Exception {
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        String l;
        while ((l = r.readLine()) != null) {
          if (l.startsWith("RESUMED") || l.startsWith("Exception")) {
            return l;
          }
        }
        return "EOF";
      } catch (java.io.IOException e) {
        return "IO " + e;
      }
    });
    return line.get(60, TimeUnit.SECONDS);
  }
}

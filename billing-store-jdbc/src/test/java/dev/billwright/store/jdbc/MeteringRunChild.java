package dev.billwright.store.jdbc;

import dev.billwright.metering.NdjsonEventReader;
import dev.billwright.metering.RejectPolicy;
import dev.billwright.metering.UsageEvent;
import dev.billwright.rating.CheckpointedAggregation;
import dev.billwright.testkit.metering.MeteringWorkload;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * A checkpointed metering run in its own JVM, for {@link KilledMeteringRunTest}: opens the
 * embedded H2 store in the directory given, aggregates the NDJSON event file of the
 * {@link MeteringWorkload} with {@link CheckpointedAggregation} (run id {@value #RUN_ID}),
 * resuming from the store's checkpoint, prints {@code RESUMED position} when it starts and
 * {@code AT position} at each chunk boundary, sleeps a little there (so the parent can kill it
 * anywhere in the run: in a chunk, in a pause or inside a checkpoint save) and prints
 * {@code DONE records} at the end.
 */
public final class MeteringRunChild {
  /** The run id. */
  static final String RUN_ID = "kill-test";

  private MeteringRunChild() {}

  /**
   * Runs the child.
   *
   * @param args the store directory, the event file, the chunk size, the pause after a chunk in
   *     milliseconds
   * @throws Exception on any failure (the exit code is then non-zero)
   */
  public static void main(String[] args) throws Exception {
    java.util.logging.Logger.getLogger("org.flywaydb").setLevel(java.util.logging.Level.WARNING);
    int chunk = Integer.parseInt(args[2]);
    long pause = Long.parseLong(args[3]);
    try (JdbcStore db = JdbcStore.openEmbedded(Path.of(args[0]));
        NdjsonEventReader reader = NdjsonEventReader.open(Path.of(args[1]), RejectPolicy.FAIL_FAST, r -> { })) {
      long from = db.meteringCheckpoints().find(RUN_ID).map(c -> c.position()).orElse(0L);
      System.out.println("RESUMED " + from);
      System.out.flush();
      Iterator<UsageEvent> slow = new Iterator<>() {
        long n;

        @Override
        public boolean hasNext() {
          return reader.hasNext();
        }

        @Override
        public UsageEvent next() {
          if (++n > from && n % chunk == 1) {
            System.out.println("AT " + (n - 1));
            System.out.flush();
            try {
              Thread.sleep(pause);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException(e);
            }
          }
          return reader.next();
        }
      };
      CheckpointedAggregation.Outcome o = CheckpointedAggregation.of(MeteringWorkload.aggregator(),
          db.meteringCheckpoints(), chunk).run(RUN_ID, slow);
      System.out.println("DONE " + o.records());
    }
  }
}

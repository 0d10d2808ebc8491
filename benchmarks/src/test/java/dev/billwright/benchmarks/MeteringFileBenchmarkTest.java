package dev.billwright.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MeteringFileBenchmark}'s two sides compute the same counts over the same file: Billwright
 * on one and on two threads, and DuckDB; and the counts account for the file (every delivered
 * event once, the exact second copies not again).
 */
class MeteringFileBenchmarkTest {
  @TempDir
  Path dir;

  @Test
  void billwrightAndDuckDbCountTheSame() throws Exception {
    Path file = dir.resolve("events.ndjson");
    MeteringFileBenchmark.write(file, 200_000, 42);
    Map<String, Long> one = MeteringFileBenchmark.billwright(file, 1);
    Map<String, Long> two = MeteringFileBenchmark.billwright(file, 2);
    Map<String, Long> duck = MeteringFileBenchmark.duckdb(file, 2);
    assertThat(two).isEqualTo(one);
    assertThat(duck).isEqualTo(one);
    assertThat(one.keySet()).anyMatch(k -> k.contains("|2026-09-01|")).anyMatch(k -> k.contains("|2026-10-01|"));

    // an independent count: distinct ids of delivered otp.sent lines
    long delivered = Files.readAllLines(file).stream().distinct()
        .filter(l -> l.contains("\"status\":\"delivered\"")).count();
    long lines = Files.readAllLines(file).size();
    long distinct = Files.readAllLines(file).stream().distinct().count();
    assertThat(distinct).isLessThan(lines);
    assertThat(one.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(delivered);
  }
}

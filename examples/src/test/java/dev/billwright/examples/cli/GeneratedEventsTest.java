package dev.billwright.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.examples.data.Dataset;
import dev.billwright.metering.UsageEvent;
import dev.billwright.metering.UsageEventJson;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The events file of an earlier run is read again only when it is the one the run would write. */
class GeneratedEventsTest {
  @TempDir
  Path tmp;

  @Test
  void reusedOnlyForTheSameDataSetCountAndUnchangedFile() throws Exception {
    Dataset otp = Dataset.bundled("otp-india");
    Path file = tmp.resolve("events.ndjson");
    String key = GeneratedEvents.key(otp, 500);
    assertThat(GeneratedEvents.key(otp, 500)).isEqualTo(key).hasSize(64);
    assertThat(GeneratedEvents.key(otp, 501)).isNotEqualTo(key);
    assertThat(GeneratedEvents.key(Dataset.bundled("aws-lambda"), 500)).isNotEqualTo(key);
    assertThat(GeneratedEvents.reusable(file, key)).isFalse();

    long written = GeneratedEvents.write(file, key, MonthRun.generator(otp, 500), n -> { });
    assertThat(written).isEqualTo(500);
    assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).hasSize(500);
    assertThat(GeneratedEvents.reusable(file, key)).isTrue();
    assertThat(GeneratedEvents.reusable(file, GeneratedEvents.key(otp, 501))).isFalse();
    assertThat(Files.exists(tmp.resolve("events.ndjson.tmp"))).isFalse();

    // the same generation writes the same bytes, so reading the file is what generating gives
    Path again = tmp.resolve("again/events.ndjson");
    Files.createDirectories(again.getParent());
    GeneratedEvents.write(again, key, MonthRun.generator(otp, 500), n -> { });
    assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(file));
    assertThat(Files.readString(tmp.resolve("again/events.ndjson.key")))
        .isEqualTo(Files.readString(tmp.resolve("events.ndjson.key")));

    // a file changed after its key was written (same size, later time) is not reused
    byte[] bytes = Files.readAllBytes(file);
    bytes[10] = (byte) (bytes[10] == 'x' ? 'y' : 'x');
    Files.write(file, bytes);
    Files.setLastModifiedTime(file, FileTime.fromMillis(
        Files.getLastModifiedTime(tmp.resolve("events.ndjson.key")).toMillis() + 2_000));
    assertThat(GeneratedEvents.reusable(file, key)).isFalse();

    // a truncated file is not reused, whatever its time
    GeneratedEvents.write(file, key, MonthRun.generator(otp, 500), n -> { });
    Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 100));
    Files.setLastModifiedTime(file, FileTime.fromMillis(0));
    assertThat(GeneratedEvents.reusable(file, key)).isFalse();
  }

  /** The file written directly is byte for byte the file of Jackson's lines ({@code toLine}), for the generated month. */
  @Test
  void theFileIsTheBytesOfTheJacksonLines() throws Exception {
    Dataset otp = Dataset.bundled("otp-india");
    Path jackson = tmp.resolve("jackson.ndjson");
    try (BufferedWriter w = Files.newBufferedWriter(jackson, StandardCharsets.UTF_8)) {
      Iterator<UsageEvent> events = MonthRun.generator(otp, 30_000);
      while (events.hasNext()) {
        w.write(UsageEventJson.toLine(events.next()));
        w.write('\n');
      }
    }
    Path file = tmp.resolve("events.ndjson");
    GeneratedEvents.write(file, GeneratedEvents.key(otp, 30_000), MonthRun.generator(otp, 30_000), n -> { });
    assertThat(Files.readAllBytes(file)).isEqualTo(Files.readAllBytes(jackson));
    Path lambda = tmp.resolve("lambda.ndjson");
    try (BufferedWriter w = Files.newBufferedWriter(lambda, StandardCharsets.UTF_8)) {
      Iterator<UsageEvent> events = MonthRun.generator(Dataset.bundled("aws-lambda"), 5_000);
      while (events.hasNext()) {
        w.write(UsageEventJson.toLine(events.next()));
        w.write('\n');
      }
    }
    Path direct = tmp.resolve("lambda-direct.ndjson");
    GeneratedEvents.write(direct, "k", MonthRun.generator(Dataset.bundled("aws-lambda"), 5_000), n -> { });
    assertThat(Files.readAllBytes(direct)).isEqualTo(Files.readAllBytes(lambda));
  }

  /** The tee hands on every generated event, in order, and the file it leaves is the one {@code write} gives. */
  @Test
  void theTeeMetersExactlyTheEventsOfTheFile() throws Exception {
    Dataset otp = Dataset.bundled("otp-india");
    int count = 50_000; // more than a few batches
    String key = GeneratedEvents.key(otp, count);
    Path file = tmp.resolve("events.ndjson");
    List<UsageEvent> taken = new ArrayList<>();
    try (GeneratedEvents.Tee tee = GeneratedEvents.tee(file, key, MonthRun.generator(otp, count))) {
      while (tee.hasNext()) {
        taken.add(tee.next());
      }
      assertThat(tee.hasNext()).isFalse();
      assertThat(tee.taken()).isEqualTo(count);
    }
    List<UsageEvent> generated = new ArrayList<>();
    MonthRun.generator(otp, count).forEachRemaining(generated::add);
    assertThat(taken).isEqualTo(generated);
    assertThat(GeneratedEvents.reusable(file, key)).isTrue();
    assertThat(Files.exists(tmp.resolve("events.ndjson.tmp"))).isFalse();
    List<UsageEvent> read = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      read.add(UsageEventJson.parse(line, "events.ndjson"));
    }
    assertThat(read).isEqualTo(taken);
    Path written = tmp.resolve("w/events.ndjson");
    Files.createDirectories(written.getParent());
    GeneratedEvents.write(written, key, MonthRun.generator(otp, count), n -> { });
    assertThat(Files.readAllBytes(file)).isEqualTo(Files.readAllBytes(written));
    assertThat(Files.readString(tmp.resolve("events.ndjson.key"))).isEqualTo(Files.readString(tmp.resolve("w/events.ndjson.key")));
  }

  /** A run that stops part-way leaves no file that a later run would take for complete. */
  @Test
  void aTeeClosedPartWayLeavesNothingReusable() throws Exception {
    Dataset otp = Dataset.bundled("otp-india");
    String key = GeneratedEvents.key(otp, 20_000);
    Path file = tmp.resolve("events.ndjson");
    GeneratedEvents.write(file, key, MonthRun.generator(otp, 20_000), n -> { });
    assertThat(GeneratedEvents.reusable(file, key)).isTrue();
    try (GeneratedEvents.Tee tee = GeneratedEvents.tee(file, key, MonthRun.generator(otp, 20_000))) {
      for (int i = 0; i < 12_345; i++) {
        tee.next();
      }
    }
    assertThat(GeneratedEvents.reusable(file, key)).isFalse();
    assertThat(Files.exists(tmp.resolve("events.ndjson.key"))).isFalse();
    assertThat(Files.exists(tmp.resolve("events.ndjson.tmp"))).isFalse();
  }

  /** An event the writer cannot write fails the run and leaves no file. */
  @Test
  void aWriterFailureFailsTheRunAndLeavesNoFile() throws Exception {
    Dataset otp = Dataset.bundled("otp-india");
    List<UsageEvent> events = new ArrayList<>();
    MonthRun.generator(otp, 10_000).forEachRemaining(events::add);
    events.set(5_000, events.get(5_000).withProperties(Map.of("country", "IN\uD800")));
    Path file = tmp.resolve("events.ndjson");
    assertThatThrownBy(() -> {
      try (GeneratedEvents.Tee tee = GeneratedEvents.tee(file, "k", events.iterator())) {
        while (tee.hasNext()) {
          tee.next();
        }
      }
    }).isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot write").hasMessageContaining("U+D800");
    assertThat(Files.exists(file)).isFalse();
    assertThat(Files.exists(tmp.resolve("events.ndjson.key"))).isFalse();
    assertThat(Files.exists(tmp.resolve("events.ndjson.tmp"))).isFalse();
  }
}

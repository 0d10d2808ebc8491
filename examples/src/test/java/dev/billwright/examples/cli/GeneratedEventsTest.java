package dev.billwright.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.examples.data.Dataset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
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
}

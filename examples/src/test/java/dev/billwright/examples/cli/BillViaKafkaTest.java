package dev.billwright.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bill --via-kafka}: the bundled month's usage aggregated on Kafka Streams (a Kafka node
 * in-process, two instances, exactly_once_v2) bills the same invoices as the in-process run.
 */
class BillViaKafkaTest {
  @TempDir
  Path tmp;

  @Test
  void theStreamedAggregatesBillTheSameInvoicesAsTheInProcessRun() throws IOException {
    Cli kafka = Cli.run("bill", "--events", "20000", "--store", "memory", "--via-kafka",
        "--out", tmp.resolve("kafka").toString());
    assertThat(kafka.code).as(kafka.toString()).isZero();
    assertThat(kafka.err).contains("two instances (exactly_once_v2)").contains("20,000 events produced and aggregated");
    // the golden text of the in-process run, byte for byte, and the same invoice files
    assertThat(kafka.out).isEqualTo(Files.readString(BillCommandTest.GOLDEN.resolve("bill-otp-india-20000.txt"),
        StandardCharsets.UTF_8));
    Cli direct = Cli.run("bill", "--events", "20000", "--store", "memory", "--out", tmp.resolve("direct").toString());
    assertThat(files(tmp.resolve("kafka/invoices"))).isEqualTo(files(tmp.resolve("direct/invoices")));
    assertThat(direct.code).isZero();
  }

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().map(p -> {
        try {
          return p.getFileName() + "\n" + Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }
}

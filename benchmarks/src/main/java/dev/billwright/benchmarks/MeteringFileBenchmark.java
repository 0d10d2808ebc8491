package dev.billwright.benchmarks;

import dev.billwright.metering.AggregatedQuantity;
import dev.billwright.metering.Aggregation;
import dev.billwright.metering.AggregationContext;
import dev.billwright.metering.AggregationRun;
import dev.billwright.metering.CarryIn;
import dev.billwright.metering.DedupScope;
import dev.billwright.metering.InMemoryDeduplicationStore;
import dev.billwright.metering.InvoicedPeriods;
import dev.billwright.metering.Meter;
import dev.billwright.metering.ParallelNdjsonReader;
import dev.billwright.metering.PeriodResolver;
import dev.billwright.metering.QuantityKey;
import dev.billwright.metering.RejectPolicy;
import dev.billwright.metering.UsageAggregator;
import dev.billwright.metering.UsageEvent;
import dev.billwright.metering.UsageEventJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Metering an NDJSON file on every core, against DuckDB running the same query over the same
 * file. Both start from the same bytes on disk (in the page cache) and do the same work: read
 * every line, keep one event per id (Billwright: exact dedup of every id, equal copies dropped;
 * DuckDB: {@code DISTINCT ON (id)}), keep {@code otp.sent} events whose {@code status} is
 * {@code delivered}, and count them per customer × calendar month in Asia/Kolkata × country ×
 * channel. Billwright reads with {@link ParallelNdjsonReader} into one {@link AggregationRun} per
 * thread sharing an {@link InMemoryDeduplicationStore} (told each batch of ids ahead,
 * {@link InMemoryDeduplicationStore#prefetch}), and merges; DuckDB runs
 * {@link #QUERY} with {@code read_json} given the schema, in process through JDBC, on as many
 * threads as cores. {@code MeteringFileBenchmarkTest} checks both compute the same counts.
 *
 * <p>The file is written once per trial under {@code target/} by {@link #write}: the otp-india
 * shape of event (id {@code evt_N}, 9 customers, 4 countries, 3 channels, 96 % delivered, 1 in
 * 1,000 an exact second copy of the previous line, timestamps through October 2026 with 1 in
 * 5,000 a month early), about 200 bytes a line. Target (docs/benchmarks.md): the ratio at most
 * 1.0. Measured in {@link Mode#SingleShotTime}, seconds per file.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class MeteringFileBenchmark {
  /** The zone of the calendar months. */
  static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");

  /** DuckDB's metering query; {@code ?} is the file. */
  static final String QUERY = """
      SELECT customer, CAST(date_trunc('month', timezone('Asia/Kolkata', "timestamp")) AS DATE) AS month,
             properties.country AS country, properties.channel AS channel, count(*) AS n
      FROM (
        SELECT DISTINCT ON (id) id, customer, event_type, "timestamp", properties
        FROM read_json('%s', format = 'newline_delimited',
          columns = {id: 'VARCHAR', customer: 'VARCHAR', subscription: 'VARCHAR', event_type: 'VARCHAR',
                     "timestamp": 'TIMESTAMPTZ',
                     properties: 'STRUCT(channel VARCHAR, country VARCHAR, status VARCHAR)'})
      )
      WHERE event_type = 'otp.sent' AND properties.status = 'delivered'
      GROUP BY ALL
      """;

  private static final String[] CUSTOMERS = {"cus_kiranakart", "cus_paysetu", "cus_zenledger", "cus_medisez",
      "cus_hydsez", "cus_quickdoc", "cus_pustakam", "cus_yatrabus", "cus_tiffinbox"};
  private static final String[] COUNTRIES = {"IN", "IN", "IN", "AE", "SG", "US"};
  private static final String[] CHANNELS = {"sms", "sms", "whatsapp", "voice"};

  /** Creates the benchmark (JMH instantiates it). */
  public MeteringFileBenchmark() {}

  /** The file; written once per trial. */
  @State(Scope.Benchmark)
  public static class File {
    /** The number of events written. */
    @Param({"2000000"})
    public int events;

    /** The file written. */
    Path path;

    /** Creates the state (JMH instantiates it). */
    public File() {}

    /**
     * Writes the file under target/.
     *
     * @throws IOException if it cannot be written
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
      Path dir = Path.of("target");
      Files.createDirectories(dir);
      path = dir.resolve("metering-" + events + ".ndjson");
      write(path, events, PricingBenchmark.SEED);
    }

    /**
     * Deletes the file.
     *
     * @throws IOException if it cannot be deleted
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      Files.deleteIfExists(path);
    }
  }

  /**
   * Billwright: the file on every core into runs sharing one dedup store, merged.
   *
   * @param file the file
   * @return the counts, (customer, month, country, channel) → events
   * @throws IOException if the file cannot be read
   */
  @Benchmark
  public Map<String, Long> meter(File file) throws IOException {
    return billwright(file.path, Runtime.getRuntime().availableProcessors());
  }

  /**
   * DuckDB: {@link #QUERY} over the same file.
   *
   * @param file the file
   * @return the counts, (customer, month, country, channel) → events
   * @throws SQLException if DuckDB fails
   */
  @Benchmark
  public Map<String, Long> meter_baseline(File file) throws SQLException {
    return duckdb(file.path, Runtime.getRuntime().availableProcessors());
  }

  /** The meter: delivered OTPs per country and channel. */
  static Meter meterDefinition() {
    return Meter.of("otp_delivered", "otp.sent", Aggregation.COUNT, null, Map.of("status", Set.of("delivered")),
        List.of("country", "channel"));
  }

  /**
   * Meters a file with Billwright.
   *
   * @param file the NDJSON file
   * @param threads the threads
   * @return (customer, month, country, channel) → count, sorted
   * @throws IOException if the file cannot be read
   */
  static Map<String, Long> billwright(Path file, int threads) throws IOException {
    InMemoryDeduplicationStore store = new InMemoryDeduplicationStore(Files.size(file) / 200);
    AggregationContext context = new AggregationContext(List.of(meterDefinition()),
        PeriodResolver.calendarMonths(ZONE), store, InvoicedPeriods.NONE, CarryIn.NONE);
    // each batch of events' ids is hinted to the store before the runs ask it (the default global scope)
    ParallelNdjsonReader.Outcome<AggregationRun> read = ParallelNdjsonReader.read(file, threads,
        RejectPolicy.FAIL_FAST, null, () -> UsageAggregator.DEFAULT.start(context), AggregationRun::accept,
        (events, n) -> store.prefetch(DedupScope.GLOBAL, events, n));
    AggregationRun run = read.partials().get(0);
    for (int i = 1; i < read.partials().size(); i++) {
      run.merge(read.partials().get(i));
    }
    Map<String, Long> out = new TreeMap<>();
    for (Map.Entry<QuantityKey, AggregatedQuantity> e : run.result().quantities().entrySet()) {
      QuantityKey k = e.getKey();
      LocalDate month = k.period().start().atZone(ZONE).toLocalDate();
      out.put(key(k.customer(), month, k.group().get("country"), k.group().get("channel")), e.getValue().events());
    }
    return out;
  }

  /**
   * Meters a file with DuckDB.
   *
   * @param file the NDJSON file
   * @param threads the threads DuckDB may use
   * @return (customer, month, country, channel) → count, sorted
   * @throws SQLException if DuckDB fails
   */
  static Map<String, Long> duckdb(Path file, int threads) throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET threads = " + threads);
      s.execute("SET TimeZone = 'UTC'");
      try (ResultSet r = s.executeQuery(String.format(QUERY, file.toAbsolutePath().toString().replace("'", "''")))) {
        while (r.next()) {
          out.put(key(r.getString(1), r.getDate(2).toLocalDate(), r.getString(3), r.getString(4)), r.getLong(5));
        }
      }
    }
    return out;
  }

  private static String key(String customer, LocalDate month, String country, String channel) {
    return customer + "|" + month + "|" + country + "|" + channel;
  }

  /**
   * Writes an otp-india-shaped NDJSON file.
   *
   * @param file where
   * @param count the number of lines
   * @param seed the random seed
   * @throws IOException if it cannot be written
   */
  static void write(Path file, int count, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    long start = Instant.parse("2026-09-30T18:30:00Z").toEpochMilli();
    long length = 31L * 86_400_000L;
    String previous = null;
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 1; i <= count; i++) {
        double u = random.nextDouble(); // a sampling probability, never an amount
        if (previous != null && u < 0.001) {
          w.write(previous);
          w.write('\n');
          continue;
        }
        long at = start + length * i / count + random.nextLong(1000);
        if (u > 0.9998) {
          at -= 31L * 86_400_000L;
        }
        String customer = CUSTOMERS[random.nextInt(CUSTOMERS.length)];
        UsageEvent e = UsageEvent.of("evt_" + i, customer, null, "otp.sent", Instant.ofEpochMilli(at),
            Map.of("country", COUNTRIES[random.nextInt(COUNTRIES.length)],
                "channel", CHANNELS[random.nextInt(CHANNELS.length)],
                "status", random.nextInt(100) < 96 ? "delivered" : "failed"));
        previous = UsageEventJson.toLine(e);
        w.write(previous);
        w.write('\n');
      }
    }
  }

  /**
   * Times both over one file, alternately: {@code java -cp benchmarks.jar
   * dev.billwright.benchmarks.MeteringFileBenchmark FILE [ROUNDS]} prints each run's seconds and
   * the ratio of the best of each.
   *
   * @param args the file and the number of rounds (default 3)
   * @throws Exception if either fails
   */
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int threads = Runtime.getRuntime().availableProcessors();
    double bestB = Double.MAX_VALUE; // elapsed seconds: timings, never amounts
    double bestD = Double.MAX_VALUE;
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      Map<String, Long> b = billwright(file, threads);
      double sb = (System.nanoTime() - t0) / 1e9;
      long t1 = System.nanoTime();
      Map<String, Long> d = duckdb(file, threads);
      double sd = (System.nanoTime() - t1) / 1e9;
      bestB = Math.min(bestB, sb);
      bestD = Math.min(bestD, sd);
      System.out.printf("round %d: billwright %.2f s, duckdb %.2f s, ratio %.2f, same counts: %s%n", i + 1, sb, sd,
          sb / sd, b.equals(d));
    }
    System.out.printf("best: billwright %.2f s, duckdb %.2f s, ratio %.2f%n", bestB, bestD, bestB / bestD);
  }
}

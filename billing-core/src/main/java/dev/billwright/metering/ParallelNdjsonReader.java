package dev.billwright.metering;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Reads an NDJSON event file on several threads: the file is split into byte ranges at line
 * boundaries, each thread reads ranges into its own partial state (an {@link AggregationRun}, a
 * subscription run, anything that merges), and the caller merges the partials. Lines are parsed
 * from their bytes without a JSON tree in the common case ({@code NdjsonEventParser}); any other
 * line takes exactly the path of {@link NdjsonEventReader}, so the events read, the lines
 * rejected and their messages ({@code FILE line N: ...}, with the line number in the whole file)
 * are those of {@link NdjsonEventReader} over the same file. Its format and limits are those of
 * {@link NdjsonEventReader}: UTF-8, a leading byte order mark ignored, blank lines passed over,
 * lines ending in LF, CR or CR LF, at most 1 MiB per line.
 *
 * <p>Each event goes to exactly one partial, and one range's events reach its partial in file
 * order; which partial takes which range depends on timing. Under {@link RejectPolicy#FAIL_FAST}
 * the bad line with the lowest number is thrown (after the threads stop); under
 * {@link RejectPolicy#QUARANTINE} the sink receives every bad line in file order once all
 * ranges are read, on the calling thread.
 *
 * <p><b>Exactness with deduplication:</b> partials sharing a {@link DeduplicationStore} count an
 * id once and drop its equal copies wherever they are. Which copy of an id with
 * <em>conflicting</em> content counts (the first in file order, sequentially) would depend on
 * timing here: a caller that needs the sequential result exactly checks the merged result for
 * conflicts and, if there are any, reads the file again sequentially with a fresh store. Without
 * conflicts every copy of an id is equal and the merged result is the sequential one.
 */
public final class ParallelNdjsonReader {
  /** The smallest range worth a split. */
  private static final long MIN_RANGE = 4L << 20;
  /** A thread's read buffer: larger than the longest accepted line, so that one always fits. */
  private static final int BUFFER = 4 << 20;

  private ParallelNdjsonReader() {}

  /** Eight bytes of an array as one little-endian long. */
  private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
      long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /**
   * The index of the first LF or CR in {@code b[i, lim)}, or {@code lim}: eight bytes at a time
   * (a byte equal to LF or CR is a zero byte of the word XOR-ed with it; the lowest flagged byte
   * of {@code (x - 0x01..) & ~x & 0x80..} is exactly the first zero byte), then byte by byte.
   */
  static int lineEnd(byte[] b, int i, int lim) {
    while (i + 8 <= lim) {
      long w = (long) LONGS.get(b, i);
      long lf = w ^ 0x0A0A0A0A0A0A0A0AL;
      long cr = w ^ 0x0D0D0D0D0D0D0D0DL;
      long t = (((lf - ONES) & ~lf) | ((cr - ONES) & ~cr)) & HIGHS;
      if (t != 0) {
        return i + (Long.numberOfTrailingZeros(t) >>> 3);
      }
      i += 8;
    }
    while (i < lim && b[i] != '\n' && b[i] != '\r') {
      i++;
    }
    return i;
  }

  /**
   * What a read produced.
   *
   * @param partials the partial states, one per thread used, not null
   * @param events the events handed to the partials
   * @param rejected the lines handed to the sink (QUARANTINE)
   * @param lines the lines of the file (blank and rejected ones included)
   * @param <S> the partial state type
   */
  public record Outcome<S>(List<S> partials, long events, long rejected, long lines) {
    /**
     * Copies the partials.
     *
     * @param partials the partial states, not null
     * @param events the events read
     * @param rejected the lines rejected
     * @param lines the lines of the file
     */
    public Outcome {
      partials = List.copyOf(partials);
    }
  }

  /**
   * Reads a file.
   *
   * @param file the NDJSON file, not null
   * @param threads the threads to use, at least 1
   * @param policy what to do with a bad line, not null
   * @param sink where quarantined lines go (required for QUARANTINE), may be null for FAIL_FAST
   * @param partial makes a fresh partial state, called once per thread used, not null
   * @param accept hands one event to a partial state, called on the state's thread, not null
   * @param <S> the partial state type
   * @return the partials and counts, never null
   * @throws IOException if the file cannot be opened or read
   * @throws BillingException with {@link ErrorCode#INVALID_EVENT} naming the file, line and
   *     field of the first bad line under FAIL_FAST; or what {@code accept} threw
   * @throws IllegalArgumentException if threads is less than 1, or QUARANTINE has no sink
   */
  public static <S> Outcome<S> read(Path file, int threads, RejectPolicy policy, RejectedEventSink sink,
      Supplier<S> partial, BiConsumer<S, UsageEvent> accept) throws IOException {
    return read(file, threads, policy, sink, partial, accept, null, MIN_RANGE);
  }

  /**
   * Reads a file as {@link #read(Path, int, RejectPolicy, RejectedEventSink, Supplier, BiConsumer)}
   * does, telling {@code ahead} about each batch of events (at most 16, in order)
   * before they are handed to {@code accept}, on the same thread: a hint such as
   * {@code (events, n) -> store.prefetch(DedupScope.GLOBAL, events, n)}
   * ({@link InMemoryDeduplicationStore#prefetch}), so that the memory accesses of several events
   * overlap. The events, their order per range and everything else are as without it.
   *
   * @param file the NDJSON file, not null
   * @param threads the threads to use, at least 1
   * @param policy what to do with a bad line, not null
   * @param sink where quarantined lines go (required for QUARANTINE), may be null for FAIL_FAST
   * @param partial makes a fresh partial state, called once per thread used, not null
   * @param accept hands one event to a partial state, called on the state's thread, not null
   * @param ahead told about each batch before {@code accept} takes its events: the events in the
   *     first {@code n} slots of an array it must not keep (the reader reuses it), not null;
   *     what it throws fails the read as what {@code accept} throws does
   * @param <S> the partial state type
   * @return the partials and counts, never null
   * @throws IOException if the file cannot be opened or read
   * @throws BillingException as for the read without {@code ahead}
   * @throws IllegalArgumentException if threads is less than 1, or QUARANTINE has no sink
   */
  public static <S> Outcome<S> read(Path file, int threads, RejectPolicy policy, RejectedEventSink sink,
      Supplier<S> partial, BiConsumer<S, UsageEvent> accept, java.util.function.ObjIntConsumer<UsageEvent[]> ahead)
      throws IOException {
    return read(file, threads, policy, sink, partial, accept, Objects.requireNonNull(ahead, "ahead"), MIN_RANGE);
  }

  /** The most events of a batch told to {@code ahead} before {@code accept} takes them. */
  private static final int AHEAD = 16;

  /** As the public read, splitting into ranges of at least {@code minRange} bytes (tests split small files). */
  static <S> Outcome<S> read(Path file, int threads, RejectPolicy policy, RejectedEventSink sink,
      Supplier<S> partial, BiConsumer<S, UsageEvent> accept, long minRange) throws IOException {
    return read(file, threads, policy, sink, partial, accept, null, minRange);
  }

  /** As the public reads; {@code ahead} may be null (no hints). */
  static <S> Outcome<S> read(Path file, int threads, RejectPolicy policy, RejectedEventSink sink,
      Supplier<S> partial, BiConsumer<S, UsageEvent> accept, java.util.function.ObjIntConsumer<UsageEvent[]> ahead,
      long minRange) throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(partial, "partial");
    Objects.requireNonNull(accept, "accept");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    if (policy == RejectPolicy.QUARANTINE && sink == null) {
      throw new IllegalArgumentException("QUARANTINE needs a RejectedEventSink");
    }
    String source = file.toString();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long[] bounds = split(ch, threads, minRange);
      int ranges = bounds.length - 1;
      Range[] results = new Range[ranges];
      AtomicInteger next = new AtomicInteger();
      AtomicInteger firstFailed = new AtomicInteger(Integer.MAX_VALUE);
      int used = Math.max(1, Math.min(threads, ranges));
      List<Worker<S>> workers = new ArrayList<>(used);
      for (int t = 0; t < used; t++) {
        workers.add(new Worker<>(ch, bounds, results, next, firstFailed, policy == RejectPolicy.FAIL_FAST,
            partial.get(), accept, ahead));
      }
      if (used == 1) {
        workers.get(0).run();
      } else {
        List<Thread> running = new ArrayList<>(used);
        for (Worker<S> w : workers) {
          Thread th = new Thread(w, "billwright-ndjson-" + running.size());
          th.setDaemon(true);
          th.start();
          running.add(th);
        }
        for (Thread th : running) {
          try {
            th.join();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + source, e);
          }
        }
      }
      for (Worker<S> w : workers) {
        if (w.failure != null) {
          if (w.failure instanceof IOException io) {
            throw new UncheckedIOException("cannot read " + source + ": " + io.getMessage(), io);
          }
          if (w.failure instanceof RuntimeException r) {
            throw r;
          }
          if (w.failure instanceof Error e) {
            throw e;
          }
          throw new IllegalStateException(w.failure);
        }
      }
      long base = 0;
      long rejected = 0;
      for (Range r : results) {
        if (r == null) {
          break; // after the first failed range under FAIL_FAST
        }
        for (Bad bad : r.bad) {
          BillingException error = new BillingException(ErrorCode.INVALID_EVENT,
              source + " line " + (base + bad.line) + ": " + bad.message, bad.cause);
          if (policy == RejectPolicy.FAIL_FAST) {
            throw error;
          }
          rejected++;
          sink.reject(new RejectedLine(source, base + bad.line, bad.content, error));
        }
        base += r.lines;
      }
      long events = 0;
      List<S> partials = new ArrayList<>(used);
      for (Worker<S> w : workers) {
        events += w.events;
        partials.add(w.state);
      }
      return new Outcome<>(partials, events, rejected, base);
    }
  }

  /**
   * The range bounds: 0, then for each split the offset just after an LF, then the size. A CR
   * LF pair is never split, so a range's lines and their count are its own.
   */
  private static long[] split(FileChannel ch, int threads, long minRange) throws IOException {
    long size = ch.size();
    int wanted = threads == 1 ? 1 : (int) Math.max(1, Math.min(threads * 8L, size / Math.max(1, minRange)));
    List<Long> bounds = new ArrayList<>();
    bounds.add(0L);
    ByteBuffer probe = ByteBuffer.allocate(64 * 1024);
    for (int i = 1; i < wanted; i++) {
      long at = Math.max(size * i / wanted, bounds.get(bounds.size() - 1));
      long cut = -1;
      while (at < size && cut < 0) {
        probe.clear();
        int n = ch.read(probe, at);
        if (n <= 0) {
          break;
        }
        for (int k = 0; k < n; k++) {
          if (probe.get(k) == '\n') {
            cut = at + k + 1;
            break;
          }
        }
        at += n;
      }
      if (cut < 0 || cut >= size) {
        break;
      }
      if (cut > bounds.get(bounds.size() - 1)) {
        bounds.add(cut);
      }
    }
    bounds.add(size);
    long[] out = new long[bounds.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = bounds.get(i);
    }
    return out;
  }

  /** A bad line of a range: its number within the range, the text shown and the problem. */
  private record Bad(long line, String content, String message, BillingException cause) {}

  /** What a range held: its line count and its bad lines. */
  private static final class Range {
    long lines;
    final List<Bad> bad = new ArrayList<>();
  }

  /** One thread: takes ranges in file order until none is left, into its own partial state. */
  private static final class Worker<S> implements Runnable {
    private final FileChannel ch;
    private final long[] bounds;
    private final Range[] results;
    private final AtomicInteger next;
    private final AtomicInteger firstFailed;
    private final boolean failFast;
    final S state;
    private final BiConsumer<S, UsageEvent> accept;
    /** Told about each batch of events before accept takes them, or null. */
    private final java.util.function.ObjIntConsumer<UsageEvent[]> ahead;
    /** With {@link #ahead}: the events told, not yet taken, in order. */
    private final UsageEvent[] pending;
    private int pendingCount;
    private final NdjsonEventParser parser = new NdjsonEventParser();
    private final CharsetDecoder decoder = RecordSource.strictUtf8();
    private final byte[] buf = new byte[BUFFER];
    long events;
    Throwable failure;

    Worker(FileChannel ch, long[] bounds, Range[] results, AtomicInteger next, AtomicInteger firstFailed,
        boolean failFast, S state, BiConsumer<S, UsageEvent> accept, java.util.function.ObjIntConsumer<UsageEvent[]> ahead) {
      this.ch = ch;
      this.bounds = bounds;
      this.results = results;
      this.next = next;
      this.firstFailed = firstFailed;
      this.failFast = failFast;
      this.state = state;
      this.accept = accept;
      this.ahead = ahead;
      this.pending = ahead == null ? null : new UsageEvent[AHEAD];
    }

    /** Tells ahead about the pending events, then hands them to accept, in order. */
    private void flush() {
      if (pendingCount == 0) {
        return;
      }
      ahead.accept(pending, pendingCount);
      for (int k = 0; k < pendingCount; k++) {
        UsageEvent e = pending[k];
        pending[k] = null;
        accept.accept(state, e);
        events++;
      }
      pendingCount = 0;
    }

    @Override
    public void run() {
      try {
        while (true) {
          int r = next.getAndIncrement();
          if (r >= results.length || r > firstFailed.get()) {
            return;
          }
          Range range = new Range();
          boolean ok = read(bounds[r], bounds[r + 1], range);
          results[r] = range;
          if (!ok) {
            firstFailed.accumulateAndGet(r, Math::min);
          }
        }
      } catch (Throwable t) {
        failure = t;
        firstFailed.set(-1); // stop the others
      }
    }

    private int fill(int lim, long filePos, long end) throws IOException {
      int want = (int) Math.min(buf.length - lim, end - filePos);
      ByteBuffer bb = ByteBuffer.wrap(buf, lim, want);
      int total = 0;
      while (bb.hasRemaining()) {
        int n = ch.read(bb, filePos + total);
        if (n < 0) {
          break;
        }
        total += n;
      }
      return total;
    }

    /** Reads one range; returns false if it stopped at a bad line under FAIL_FAST. */
    private boolean read(long start, long end, Range range) throws IOException {
      boolean ok = readRange(start, end, range);
      flush(); // the range's last events
      return ok;
    }

    private boolean readRange(long start, long end, Range range) throws IOException {
      long filePos = start;
      int lim = 0;
      int p = 0;
      long line = 0;
      if (start == 0) {
        int n = fill(0, 0, end);
        filePos += n;
        lim = n;
        if (lim >= 3 && (buf[0] & 0xFF) == 0xEF && (buf[1] & 0xFF) == 0xBB && (buf[2] & 0xFF) == 0xBF) {
          p = 3;
        }
      }
      int i = p;
      String longPreview = null;
      while (true) {
        // find the end of the line starting at p
        boolean found = false;
        while (true) {
          i = lineEnd(buf, i, lim);
          if (i < lim && (buf[i] == '\n' || i + 1 < lim || filePos >= end)) {
            found = true;
            break;
          }
          if (filePos >= end) {
            break; // the range's end: an unterminated last line, or nothing
          }
          if (p > 0) {
            System.arraycopy(buf, p, buf, 0, lim - p);
            i -= p;
            lim -= p;
            p = 0;
          }
          if (lim == buf.length) {
            // a line longer than the buffer: keep its preview, drop its bytes
            if (longPreview == null) {
              longPreview = RecordSource.preview(buf, 0, lim);
            }
            if (i < lim) {
              buf[0] = buf[i]; // a CR at the very end, which an LF may follow
              lim = 1;
            } else {
              lim = 0;
            }
            i = 0;
          }
          int n = fill(lim, filePos, end);
          filePos += n;
          lim += n;
        }
        if (!found && i == p && longPreview == null) {
          range.lines = line;
          return true; // nothing after the last terminator
        }
        line++;
        if (!line(p, i, line, longPreview, range)) {
          range.lines = line;
          return false;
        }
        longPreview = null;
        if (!found) {
          range.lines = line;
          return true;
        }
        // past the terminator; a CR LF pair is one
        i = buf[i] == '\r' && i + 1 < lim && buf[i + 1] == '\n' ? i + 2 : i + 1;
        p = i;
      }
    }

    /** Handles one line's bytes; returns false if it was bad under FAIL_FAST. */
    private boolean line(int from, int to, long line, String longPreview, Range range) {
      int len = to - from;
      if (longPreview != null || len > RecordSource.MAX_RECORD_LENGTH) {
        String preview = longPreview != null ? longPreview : RecordSource.preview(buf, from, len);
        range.bad.add(new Bad(line, preview, RecordSource.tooLongBytes(), null));
        return !failFast;
      }
      if (len == 0) {
        return true;
      }
      UsageEvent e = buf[from] == '{' ? parser.parse(buf, from, to) : null;
      if (e == null) {
        RecordSource.Chunk chunk = RecordSource.decodeBytes(buf, from, len, line, decoder);
        if (chunk.problem() != null) {
          range.bad.add(new Bad(line, chunk.text(), chunk.problem(), null));
          return !failFast;
        }
        if (chunk.text().isBlank()) {
          return true;
        }
        try {
          e = UsageEventJson.parseLine(chunk.text());
        } catch (BillingException x) {
          range.bad.add(new Bad(line, chunk.text(), x.getMessage(), x));
          return !failFast;
        }
      }
      if (ahead == null) {
        accept.accept(state, e);
        events++;
        return true;
      }
      pending[pendingCount++] = e;
      if (pendingCount == AHEAD) {
        flush();
      }
      return true;
    }
  }
}

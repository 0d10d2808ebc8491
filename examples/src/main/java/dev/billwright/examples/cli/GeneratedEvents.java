package dev.billwright.examples.cli;

import dev.billwright.examples.data.Dataset;
import dev.billwright.examples.data.LambdaEventGenerator;
import dev.billwright.examples.data.OtpEventGenerator;
import dev.billwright.metering.NdjsonEventWriter;
import dev.billwright.metering.UsageEvent;
import dev.billwright.metering.UsageEventJson;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.LongConsumer;

/**
 * The generated events file of a run ({@code OUT/events.ndjson}) kept between runs. The file is
 * a pure function of the data set (meters, plans, customers, month, zone, seed), the event count
 * and the code that generates and writes the events, so a run whose inputs are those of the file
 * already there reads that file instead of generating the same bytes again. The inputs are
 * stated as a SHA-256 key in {@code OUT/events.ndjson.key}, with the file's size; the key file
 * is written after the events file, so a file modified since (edited, truncated, replaced) is
 * newer than its key and is generated again, as is one from another data set, count or build.
 * The key file's content is the same on every run, like the rest of {@code OUT}. The file is
 * written to a temporary name and moved into place, and its key written after it, so an
 * interrupted run never leaves a file that looks complete.
 *
 * <p>A run that generates the file meters the generated events as they are made, while another
 * thread writes the same events, in the same order, to the file ({@link #tee}): the run bills
 * exactly the events of the file, without reading it back. A later run reads the file.
 */
final class GeneratedEvents {
  /** The classes whose code decides the bytes of the file. */
  private static final List<Class<?>> CODE = List.of(OtpEventGenerator.class, LambdaEventGenerator.class,
      UsageEventJson.class, UsageEvent.class, NdjsonEventWriter.class, Dataset.class, GeneratedEvents.class);

  private GeneratedEvents() {}

  /**
   * The key of a data set's generated events.
   *
   * @param data the data set, not null
   * @param events the number of events generated, zero or more
   * @return 64 hex digits
   */
  static String key(Dataset data, long events) {
    MessageDigest sha = sha256();
    update(sha, "billwright generated events v1");
    update(sha, data.toString());
    update(sha, Long.toString(events));
    update(sha, Long.toString(data.seed()));
    for (Class<?> c : CODE) {
      String resource = c.getName().replace('.', '/') + ".class";
      try (InputStream in = c.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          update(sha, "no class file " + resource + " " + System.nanoTime()); // never reusable
        } else {
          sha.update(in.readAllBytes());
        }
      } catch (IOException e) {
        update(sha, "unreadable " + resource + " " + System.nanoTime());
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /**
   * Tells whether {@code file} holds the events of {@code key}: its key file names the key and
   * the file's current size, and the file was not modified after its key file was written.
   *
   * @param file the events file
   * @param key the key of the events wanted
   * @return true when the file can be read instead of generating it
   */
  static boolean reusable(Path file, String key) {
    Path keyFile = keyFile(file);
    try {
      if (!Files.isRegularFile(file) || !Files.isRegularFile(keyFile)) {
        return false;
      }
      return Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(keyFile)) <= 0
          && Files.readString(keyFile, StandardCharsets.UTF_8).equals(stamp(file, key));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Writes the events to {@code file} (through a temporary file moved into place), then its key.
   *
   * @param file the events file
   * @param key the key of the events
   * @param events the events, in order
   * @param progress told the number written every 65 536 events
   * @return the number of events written
   * @throws IOException if the file cannot be written
   */
  static long write(Path file, String key, Iterator<UsageEvent> events, LongConsumer progress) throws IOException {
    Path keyFile = keyFile(file);
    Files.deleteIfExists(keyFile);
    Path tmp = tmpFile(file);
    long written = 0;
    try (NdjsonEventWriter w = new NdjsonEventWriter(Files.newOutputStream(tmp))) {
      while (events.hasNext()) {
        w.write(events.next());
        if ((++written & 0xFFFF) == 0) {
          progress.accept(written);
        }
      }
    }
    publish(tmp, file, key);
    return written;
  }

  /**
   * Starts writing {@code events} to {@code file} on a thread of its own while the caller takes
   * them: each event {@link Tee#next()} returns is also written, in the same order, so the
   * caller meters exactly the events of the file. The file is written to a temporary name; when
   * the caller has taken the last event ({@link Tee#hasNext()} returns false) the writer is
   * waited for, the file moved into place and its key written. A tee closed before that (an
   * error part-way) deletes the temporary file, and the key of an earlier file is deleted
   * before anything is written, so no half-written or stale file is ever taken for complete.
   *
   * @param file the events file
   * @param key the key of the events
   * @param events the events, in order
   * @return the tee, to iterate and then close
   * @throws IOException if the temporary file cannot be created or the old key deleted
   */
  static Tee tee(Path file, String key, Iterator<UsageEvent> events) throws IOException {
    return new Tee(file, key, events);
  }

  /** The events of a generator, handed in batches to a thread that writes them to the file. */
  static final class Tee implements Iterator<UsageEvent>, Closeable {
    private static final int BATCH = 4096;
    private static final UsageEvent[] END = new UsageEvent[0];

    private final Path file;
    private final Path tmp;
    private final String key;
    private final Iterator<UsageEvent> events;
    // a bounded queue: the generator runs at most 16 batches ahead of the writer
    private final ArrayBlockingQueue<UsageEvent[]> queue = new ArrayBlockingQueue<>(16);
    private final Thread writer;
    private volatile Throwable failure;
    private UsageEvent[] batch = new UsageEvent[BATCH];
    private int inBatch;
    private long taken;
    private long written;
    private boolean ended;
    private boolean published;

    private Tee(Path file, String key, Iterator<UsageEvent> events) throws IOException {
      this.file = file;
      this.tmp = tmpFile(file);
      this.key = key;
      this.events = events;
      Files.deleteIfExists(keyFile(file));
      NdjsonEventWriter out = new NdjsonEventWriter(Files.newOutputStream(tmp));
      this.writer = new Thread(() -> drain(out), "billwright-events-writer");
      writer.setDaemon(true);
      writer.start();
    }

    /** The writer thread: writes every batch until the end mark; after a failure it only takes them. */
    private void drain(NdjsonEventWriter out) {
      try {
        while (true) {
          UsageEvent[] b = queue.take();
          if (b == END) {
            break;
          }
          if (failure != null) {
            continue;
          }
          try {
            for (UsageEvent e : b) {
              if (e == null) {
                break;
              }
              out.write(e);
            }
          } catch (IOException | RuntimeException e) {
            failure = e;
          }
        }
      } catch (InterruptedException e) {
        failure = e;
      } finally {
        try {
          out.close();
        } catch (IOException e) {
          if (failure == null) {
            failure = e;
          }
        }
        written = out.lines();
      }
    }

    @Override
    public boolean hasNext() {
      if (events.hasNext()) {
        return true;
      }
      if (!ended) {
        finish();
      }
      return false;
    }

    @Override
    public UsageEvent next() {
      UsageEvent e = events.next();
      batch[inBatch++] = e;
      taken++;
      if (inBatch == BATCH) {
        hand(batch);
        batch = new UsageEvent[BATCH];
        inBatch = 0;
      }
      return e;
    }

    /**
     * Returns the number of events taken, all of them written once the tee has ended.
     *
     * @return zero or more
     */
    long taken() {
      return taken;
    }

    private void hand(UsageEvent[] b) {
      Throwable f = failure;
      if (f != null) {
        throw failed(f);
      }
      try {
        queue.put(b);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while writing " + file, e);
      }
    }

    /** The last event was taken: wait for the writer, move the file into place and write its key. */
    private void finish() {
      if (inBatch > 0) {
        hand(batch); // on a failure this throws, and close() ends the writer
        inBatch = 0;
      }
      ended = true;
      end();
      try {
        if (failure != null) {
          throw failed(failure);
        }
        if (written != taken) {
          throw new IllegalStateException(file + ": wrote " + written + " of " + taken + " events");
        }
        publish(tmp, file, key);
        published = true;
      } catch (IOException e) {
        throw failed(e);
      } finally {
        if (!published) {
          deleteQuietly(tmp);
        }
      }
    }

    /** Ends the writer if the events were not all taken, and deletes the unfinished file. */
    @Override
    public void close() {
      if (ended) {
        return;
      }
      ended = true;
      queue.clear(); // nothing will be published: what the writer has not taken yet is dropped
      end();
      deleteQuietly(tmp);
    }

    /** Hands the writer the end mark and waits for it to close the file. */
    private void end() {
      try {
        queue.put(END);
        writer.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while writing " + file, e);
      }
    }

    private RuntimeException failed(Throwable f) {
      deleteQuietly(tmp);
      return f instanceof IOException io ? new UncheckedIOException("cannot write " + file + ": " + io.getMessage(), io)
          : new IllegalStateException("cannot write " + file + ": " + f.getMessage(), f);
    }

    private static void deleteQuietly(Path p) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // left behind: only ever read after it is moved into place with its key written
      }
    }
  }

  /** Moves the finished temporary file into place (atomically where the file system can), then writes its key. */
  private static void publish(Path tmp, Path file, String key) throws IOException {
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (java.nio.file.AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.writeString(keyFile(file), stamp(file, key), StandardCharsets.UTF_8);
  }

  private static Path tmpFile(Path file) {
    return file.resolveSibling(file.getFileName() + ".tmp");
  }

  private static Path keyFile(Path file) {
    return file.resolveSibling(file.getFileName() + ".key");
  }

  private static String stamp(Path file, String key) throws IOException {
    return key + " " + Files.size(file) + "\n";
  }

  private static void update(MessageDigest sha, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    sha.update(Long.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
    sha.update((byte) ':');
    sha.update(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}

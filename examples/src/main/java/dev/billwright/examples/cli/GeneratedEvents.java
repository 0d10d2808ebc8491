package dev.billwright.examples.cli;

import dev.billwright.examples.data.Dataset;
import dev.billwright.examples.data.LambdaEventGenerator;
import dev.billwright.examples.data.OtpEventGenerator;
import dev.billwright.metering.UsageEvent;
import dev.billwright.metering.UsageEventJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The generated events file of a run ({@code OUT/events.ndjson}) kept between runs. The file is
 * a pure function of the data set (meters, plans, customers, month, zone, seed), the event count
 * and the code that generates and writes the events, so a run whose inputs are those of the file
 * already there reads that file instead of generating the same bytes again. The inputs are
 * stated as a SHA-256 key in {@code OUT/events.ndjson.key}, with the file's size; the key file
 * is written after the events file, so a file modified since (edited, truncated, replaced) is
 * newer than its key and is generated again, as is one from another data set, count or build.
 * The key file's content is the same on every run, like the rest of {@code OUT}. The file is written to a temporary name and moved into place, and
 * its key written after it, so an interrupted run never leaves a file that looks complete.
 */
final class GeneratedEvents {
  /** The classes whose code decides the bytes of the file. */
  private static final List<Class<?>> CODE = List.of(OtpEventGenerator.class, LambdaEventGenerator.class,
      UsageEventJson.class, UsageEvent.class, Dataset.class, GeneratedEvents.class);

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
  static long write(Path file, String key, java.util.Iterator<UsageEvent> events, java.util.function.LongConsumer progress)
      throws IOException {
    Path keyFile = keyFile(file);
    Files.deleteIfExists(keyFile);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    long written = 0;
    try (java.io.BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      while (events.hasNext()) {
        w.write(UsageEventJson.toLine(events.next()));
        w.write('\n');
        if ((++written & 0xFFFF) == 0) {
          progress.accept(written);
        }
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(keyFile, stamp(file, key), StandardCharsets.UTF_8);
    return written;
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

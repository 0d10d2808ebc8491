package dev.billwright.metering;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Writes {@link UsageEvent}s as NDJSON: one line per event, UTF-8, each line byte for byte the
 * UTF-8 encoding of {@link UsageEventJson#toLine} followed by {@code \n}, so a file written here
 * is the file a writer of {@code toLine} lines gives, and {@link NdjsonEventReader} reads it back
 * equal. The bytes are produced directly, without a JSON tree: fields in the order {@code id},
 * {@code customer}, {@code subscription} ({@code null} when absent), {@code event_type},
 * {@code timestamp} ({@link java.time.Instant#toString()}, UTC), {@code properties} (as strings,
 * in name order by {@link String#compareTo}); strings escaped as Jackson's default generator
 * escapes them ({@code \"}, {@code \\}, {@code \b \t \n \f \r}, other characters below U+0020 as
 * {@code \}{@code u00XX} in upper-case hex; everything else, non-ASCII included, as UTF-8).
 *
 * <p>Not thread-safe. Lines are buffered (64 KiB): {@link #flush()} or {@link #close()} to write
 * them out.
 */
public final class NdjsonEventWriter implements Closeable {
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] ID = ascii("{\"id\":\"");
  private static final byte[] CUSTOMER = ascii("\",\"customer\":\"");
  private static final byte[] SUBSCRIPTION = ascii("\",\"subscription\":");
  private static final byte[] EVENT_TYPE = ascii(",\"event_type\":\"");
  private static final byte[] TIMESTAMP = ascii("\",\"timestamp\":\"");
  private static final byte[] PROPERTIES = ascii("\",\"properties\":{");
  private static final byte[] NULL = ascii("null");
  private static final byte[] END = ascii("}}\n");

  private final OutputStream out;
  private byte[] buf = new byte[1 << 16];
  private int len;
  private long lines;

  /**
   * Creates a writer onto a stream (closed by {@link #close()}).
   *
   * @param out the stream the lines go to, not null
   * @throws NullPointerException if {@code out} is null
   */
  public NdjsonEventWriter(OutputStream out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  /**
   * Appends one event as a line.
   *
   * @param event the event, not null
   * @throws IOException if the stream fails while the buffer is written out
   * @throws IllegalArgumentException if a string of the event holds an unpaired surrogate (it
   *     has no UTF-8 encoding), naming the field; nothing of the event is written then
   */
  public void write(UsageEvent event) throws IOException {
    int start = len;
    try {
      put(ID);
      string(event.id(), "id");
      put(CUSTOMER);
      string(event.customer(), "customer");
      put(SUBSCRIPTION);
      if (event.subscription().isPresent()) {
        put((byte) '"');
        string(event.subscription().get(), "subscription");
        put((byte) '"');
      } else {
        put(NULL);
      }
      put(EVENT_TYPE);
      string(event.eventType(), "event_type");
      put(TIMESTAMP);
      string(event.timestamp().toString(), "timestamp");
      put(PROPERTIES);
      properties(event.properties());
      put(END);
    } catch (IllegalArgumentException e) {
      len = start;
      throw e;
    }
    lines++;
    if (len >= (1 << 16)) {
      drain();
    }
  }

  /**
   * Returns the number of lines written so far.
   *
   * @return zero or more
   */
  public long lines() {
    return lines;
  }

  /**
   * Writes the buffered lines out and flushes the stream.
   *
   * @throws IOException if the stream fails
   */
  public void flush() throws IOException {
    drain();
    out.flush();
  }

  /**
   * Writes the buffered lines out and closes the stream.
   *
   * @throws IOException if the stream fails
   */
  @Override
  public void close() throws IOException {
    try {
      drain();
    } finally {
      out.close();
    }
  }

  private void drain() throws IOException {
    if (len > 0) {
      out.write(buf, 0, len);
      len = 0;
    }
  }

  private void properties(Map<String, String> properties) {
    int n = properties.size();
    if (n == 0) {
      return;
    }
    @SuppressWarnings({"unchecked", "rawtypes"})
    Map.Entry<String, String>[] entries = properties.entrySet().toArray(new Map.Entry[n]);
    if (n > 8) {
      Arrays.sort(entries, Map.Entry.comparingByKey());
    }
    // a handful of properties: insertion sort (a no-op after the sort above)
    for (int i = 1; i < n; i++) {
      Map.Entry<String, String> e = entries[i];
      int j = i - 1;
      while (j >= 0 && entries[j].getKey().compareTo(e.getKey()) > 0) {
        entries[j + 1] = entries[j];
        j--;
      }
      entries[j + 1] = e;
    }
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        put((byte) ',');
      }
      put((byte) '"');
      string(entries[i].getKey(), "properties");
      put((byte) '"');
      put((byte) ':');
      put((byte) '"');
      string(entries[i].getValue(), "properties." + entries[i].getKey());
      put((byte) '"');
    }
  }

  /** The escaped UTF-8 bytes of a string, without the quotes. */
  private void string(String s, String field) {
    int n = s.length();
    long most = n * 6L; // at most 6 bytes per UTF-16 char (a six-character escape); a surrogate pair gives 4 for 2
    if (most > Integer.MAX_VALUE - 64 - len) {
      throw new IllegalArgumentException("field '" + field + "': got a string of " + n
          + " characters, expected one whose line fits in 2 GiB");
    }
    ensure((int) most);
    byte[] b = buf;
    int p = len;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\') {
          b[p++] = (byte) c;
        } else {
          b[p++] = '\\';
          switch (c) {
            case '"' -> b[p++] = '"';
            case '\\' -> b[p++] = '\\';
            case '\b' -> b[p++] = 'b';
            case '\t' -> b[p++] = 't';
            case '\n' -> b[p++] = 'n';
            case '\f' -> b[p++] = 'f';
            case '\r' -> b[p++] = 'r';
            default -> {
              b[p++] = 'u';
              b[p++] = '0';
              b[p++] = '0';
              b[p++] = HEX[c >> 4];
              b[p++] = HEX[c & 0xF];
            }
          }
        }
      } else if (c < 0x800) {
        b[p++] = (byte) (0xC0 | (c >> 6));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        if (!Character.isHighSurrogate(c) || i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1))) {
          throw new IllegalArgumentException("field '" + field + "': got an unpaired surrogate U+"
              + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + " at index " + i
              + ", expected text that can be encoded as UTF-8");
        }
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b[p++] = (byte) (0xF0 | (cp >> 18));
        b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        b[p++] = (byte) (0xE0 | (c >> 12));
        b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    len = p;
  }

  private void put(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, len, bytes.length);
    len += bytes.length;
  }

  private void put(byte b) {
    ensure(1);
    buf[len++] = b;
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}

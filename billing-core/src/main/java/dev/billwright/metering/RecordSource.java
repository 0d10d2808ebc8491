package dev.billwright.metering;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Splits an event file into records with bounded memory, so that a bad record never costs the
 * records around it: one physical line per record for NDJSON, and for CSV the physical lines of
 * one RFC 4180 record (a line break inside a quoted cell continues the record).
 *
 * <p>A line ends at LF, CR LF or a lone CR (as {@link java.io.BufferedReader#readLine} and
 * Apache Commons CSV count lines). A leading byte order mark is dropped. A record longer than
 * {@link #MAX_RECORD_LENGTH} is not held: it is skipped to its end and reported as too long. A
 * record read from bytes is decoded on its own with a UTF-8 decoder that reports (never
 * replaces) malformed input, so an invalid byte is reported with its record's line and the
 * records before and after it are unaffected.
 *
 * <p>The CSV record boundary follows Commons CSV's RFC 4180 lexer: a quote opens a quoted cell
 * only as the first character of a cell, a doubled quote inside it is a literal quote, and any
 * other character after the closing quote ends the quoted part. Not thread-safe.
 */
abstract class RecordSource implements Closeable {
  /** The most bytes (for a byte source) or chars (for a character source) of one record: 1 MiB. */
  static final int MAX_RECORD_LENGTH = 1 << 20;
  /** How much of a rejected record is kept for the report. */
  private static final int PREVIEW = 200;

  private static final int CELL_START = 0;
  private static final int UNQUOTED = 1;
  private static final int QUOTED = 2;
  private static final int QUOTE_SEEN = 3;

  private final boolean csv;
  private long lines;
  private boolean lastWasCr;

  /**
   * One record: its first line and its text, or the problem that kept it from being read.
   *
   * @param line the 1-based line where the record starts
   * @param text the record without its line terminator; for a problem, a preview of it
   * @param problem what is wrong (too long, not UTF-8), or null when the text is the record
   */
  record Chunk(long line, String text, @Nullable String problem) {}

  private RecordSource(boolean csv) {
    this.csv = csv;
  }

  /**
   * A source of UTF-8 bytes.
   *
   * @param in the bytes, closed by {@link #close()}
   * @param csv true to split CSV records, false for one line per record
   * @return the source
   */
  static RecordSource bytes(InputStream in, boolean csv) {
    return new Bytes(Objects.requireNonNull(in, "in"), csv);
  }

  /**
   * A source of characters (already decoded by the caller).
   *
   * @param in the characters, closed by {@link #close()}
   * @param csv true to split CSV records, false for one line per record
   * @return the source
   */
  static RecordSource chars(Reader in, boolean csv) {
    return new Chars(Objects.requireNonNull(in, "in"), csv);
  }

  /**
   * Returns the number of lines consumed so far (blank, rejected and unterminated last lines
   * included).
   *
   * @return the count
   */
  long linesRead() {
    return lines;
  }

  /**
   * Reads the next record.
   *
   * @return the record, or null at the end of the input
   * @throws IOException if the input cannot be read
   */
  @Nullable Chunk next() throws IOException {
    clear();
    long start = lines + 1;
    int state = CELL_START;
    boolean any = false;
    boolean overflow = false;
    while (true) {
      int c = read();
      if (c == -1) {
        if (!any) {
          return null;
        }
        lines++; // an unterminated last line is a line
        break;
      }
      boolean wasCr = lastWasCr;
      lastWasCr = c == '\r';
      if (c == '\n' && wasCr) {
        if (!any) {
          start = lines + 1; // the LF of a CR LF that ended the previous record
          continue;
        }
        if (state == QUOTED) {
          overflow |= !add(c); // the line was counted at its CR
          continue;
        }
      }
      boolean terminator = c == '\n' || c == '\r';
      if (terminator) {
        lines++;
      }
      any = true;
      if (csv) {
        if (state == QUOTED) {
          state = c == '"' ? QUOTE_SEEN : QUOTED;
        } else if (terminator) {
          break;
        } else if (state == QUOTE_SEEN && c == '"') {
          state = QUOTED;
        } else if (c == ',') {
          state = CELL_START;
        } else if (state == CELL_START && c == '"') {
          state = QUOTED;
        } else {
          state = UNQUOTED;
        }
      } else if (terminator) {
        break;
      }
      overflow |= !add(c);
    }
    if (overflow) {
      String unit = this instanceof Bytes ? " bytes" : " characters";
      return new Chunk(start, preview(), "record too long: got more than " + MAX_RECORD_LENGTH + unit
          + ", expected at most " + MAX_RECORD_LENGTH + unit + " (1 MiB) per record");
    }
    return decode(start);
  }

  /** Holds the unit unless the record is full; returns false when it was dropped. */
  private boolean add(int c) {
    if (length() < MAX_RECORD_LENGTH) {
      put(c);
      return true;
    }
    return false;
  }

  /** Returns the next unit (byte or char), or -1 at the end. */
  abstract int read() throws IOException;

  /** Appends a unit to the current record. */
  abstract void put(int unit);

  /** Returns the units held for the current record. */
  abstract int length();

  /** Empties the current record. */
  abstract void clear();

  /** Returns the current record as a chunk: its text, or the decoding problem. */
  abstract Chunk decode(long line);

  /** Returns the start of the current record for a report, lossy if need be. */
  abstract String preview();

  /** UTF-8 bytes, decoded per record. */
  /**
   * Decodes the bytes of one record (its terminator excluded) strictly as UTF-8: its text, or a
   * problem naming the first invalid byte with a preview of the record as its text.
   */
  static Chunk decodeBytes(byte[] record, int off, int size, long line, CharsetDecoder decoder) {
    boolean ascii = true;
    for (int i = off; i < off + size; i++) {
      if (record[i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return new Chunk(line, new String(record, off, size, StandardCharsets.US_ASCII), null);
    }
    ByteBuffer bytes = ByteBuffer.wrap(record, off, size);
    CharBuffer chars = CharBuffer.allocate(size);
    decoder.reset();
    CoderResult result = decoder.decode(bytes, chars, true);
    if (!result.isError()) {
      result = decoder.flush(chars);
    }
    if (result.isError()) {
      int at = bytes.position() - off;
      StringBuilder got = new StringBuilder();
      for (int i = at; i < Math.min(size, at + result.length()); i++) {
        got.append(String.format("%s0x%02X", got.length() == 0 ? "" : " ", record[off + i] & 0xFF));
      }
      return new Chunk(line, preview(record, off, size), "invalid UTF-8: got byte " + got + " at byte " + (at + 1)
          + " of the record, expected UTF-8 text");
    }
    chars.flip();
    return new Chunk(line, chars.toString(), null);
  }

  /** The first bytes of a record as text (lenient), shown for a record that cannot be decoded. */
  static String preview(byte[] record, int off, int size) {
    return new String(record, off, Math.min(size, PREVIEW), StandardCharsets.UTF_8);
  }

  /** The problem of a record over {@link #MAX_RECORD_LENGTH} bytes. */
  static String tooLongBytes() {
    return "record too long: got more than " + MAX_RECORD_LENGTH + " bytes, expected at most " + MAX_RECORD_LENGTH
        + " bytes (1 MiB) per record";
  }

  /** A strict UTF-8 decoder, as the byte source uses. */
  static CharsetDecoder strictUtf8() {
    return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  private static final class Bytes extends RecordSource {
    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private int pos;
    private int limit;
    private boolean started;
    private byte[] record = new byte[8 * 1024];
    private int size;

    Bytes(InputStream in, boolean csv) {
      super(csv);
      this.in = in;
    }

    @Override
    int read() throws IOException {
      if (pos == limit) {
        if (!fill()) {
          return -1;
        }
      }
      return buffer[pos++] & 0xFF;
    }

    private boolean fill() throws IOException {
      pos = 0;
      limit = 0;
      if (!started) {
        started = true;
        while (limit < 3) {
          int n = in.read(buffer, limit, buffer.length - limit);
          if (n < 0) {
            break;
          }
          limit += n;
        }
        if (limit >= 3 && (buffer[0] & 0xFF) == 0xEF && (buffer[1] & 0xFF) == 0xBB && (buffer[2] & 0xFF) == 0xBF) {
          pos = 3;
        }
        return pos < limit;
      }
      int n;
      do {
        n = in.read(buffer, 0, buffer.length);
      } while (n == 0);
      if (n < 0) {
        return false;
      }
      limit = n;
      return true;
    }

    @Override
    void put(int unit) {
      if (size == record.length) {
        record = Arrays.copyOf(record, Math.min(2 * record.length, MAX_RECORD_LENGTH));
      }
      record[size++] = (byte) unit;
    }

    @Override
    int length() {
      return size;
    }

    @Override
    void clear() {
      size = 0;
    }

    @Override
    Chunk decode(long line) {
      return decodeBytes(record, 0, size, line, decoder);
    }

    @Override
    String preview() {
      return new String(record, 0, Math.min(size, PREVIEW), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** Characters from a {@link Reader}. */
  private static final class Chars extends RecordSource {
    private final Reader in;
    private final char[] buffer = new char[16 * 1024];
    private int pos;
    private int limit;
    private boolean started;
    private char[] record = new char[4 * 1024];
    private int size;

    Chars(Reader in, boolean csv) {
      super(csv);
      this.in = in;
    }

    @Override
    int read() throws IOException {
      if (pos == limit) {
        int n;
        do {
          n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
          return -1;
        }
        pos = 0;
        limit = n;
        if (!started) {
          started = true;
          if (buffer[0] == '\uFEFF') {
            pos = 1;
            return read();
          }
        }
      }
      return buffer[pos++];
    }

    @Override
    void put(int unit) {
      if (size == record.length) {
        record = Arrays.copyOf(record, Math.min(2 * record.length, MAX_RECORD_LENGTH));
      }
      record[size++] = (char) unit;
    }

    @Override
    int length() {
      return size;
    }

    @Override
    void clear() {
      size = 0;
    }

    @Override
    Chunk decode(long line) {
      return new Chunk(line, new String(record, 0, size), null);
    }

    @Override
    String preview() {
      return new String(record, 0, Math.min(size, PREVIEW));
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}

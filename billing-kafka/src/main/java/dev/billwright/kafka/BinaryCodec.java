package dev.billwright.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The primitives of the binary record forms ({@link MeteringSerdes}): unsigned LEB128 varints
 * (7 bits a byte, low first, at most 10 bytes), zigzag varints for signed values, and strings
 * as a varint byte length followed by strict UTF-8. Not thread-safe; a writer is reused.
 */
final class BinaryCodec {
  private BinaryCodec() {}

  /** A growable byte buffer. */
  static final class Writer {
    private byte[] buf = new byte[256];
    private int len;

    Writer reset() {
      len = 0;
      return this;
    }

    private void ensure(int n) {
      if (len + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
      }
    }

    Writer put(int b) {
      ensure(1);
      buf[len++] = (byte) b;
      return this;
    }

    Writer varint(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[len++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[len++] = (byte) v;
      return this;
    }

    Writer zigzag(long v) {
      return varint((v << 1) ^ (v >> 63));
    }

    Writer string(String s) {
      int n = s.length();
      boolean ascii = true;
      for (int i = 0; i < n; i++) {
        if (s.charAt(i) >= 0x80) {
          ascii = false;
          break;
        }
      }
      if (ascii) {
        varint(n);
        ensure(n);
        for (int i = 0; i < n; i++) {
          buf[len + i] = (byte) s.charAt(i); // ASCII: one byte per char, exactly its UTF-8
        }
        len += n;
      } else {
        bytes(s.getBytes(StandardCharsets.UTF_8));
      }
      return this;
    }

    Writer bytes(byte[] b) {
      varint(b.length);
      ensure(b.length);
      System.arraycopy(b, 0, buf, len, b.length);
      len += b.length;
      return this;
    }

    byte[] toArray() {
      return Arrays.copyOf(buf, len);
    }
  }

  /** A reader over a byte array; every read checks the bounds and throws {@link IllegalArgumentException}. */
  static final class Reader {
    private final byte[] b;
    private int pos;
    private final String what;

    Reader(byte[] b, int from, String what) {
      this.b = b;
      this.pos = from;
      this.what = what;
    }

    int position() {
      return pos;
    }

    boolean atEnd() {
      return pos == b.length;
    }

    void end() {
      if (pos != b.length) {
        throw new IllegalArgumentException(what + ": " + (b.length - pos) + " bytes after the end of the record");
      }
    }

    int u8() {
      if (pos >= b.length) {
        throw truncated();
      }
      return b[pos++] & 0xFF;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int x = u8();
        v |= (long) (x & 0x7F) << shift;
        if ((x & 0x80) == 0) {
          return v;
        }
      }
      throw new IllegalArgumentException(what + ": a varint longer than 10 bytes at byte " + pos);
    }

    long zigzag() {
      long v = varint();
      return (v >>> 1) ^ -(v & 1);
    }

    /** A length at most {@code max}. */
    int length(int max, String field) {
      long n = varint();
      if (n < 0 || n > max || n > b.length - pos) {
        throw new IllegalArgumentException(what + ": " + field + " length " + n + " exceeds " + (n > max ? "the bound "
            + max : "the record (" + (b.length - pos) + " bytes left)"));
      }
      return (int) n;
    }

    String string(String field) {
      int n = length(Integer.MAX_VALUE, field);
      int end = pos + n;
      boolean ascii = true;
      for (int i = pos; i < end; i++) {
        if (b[i] < 0) {
          ascii = false;
          break;
        }
      }
      String s;
      if (ascii) {
        s = new String(b, pos, n, StandardCharsets.ISO_8859_1);
      } else {
        try {
          s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, pos, n)).toString();
        } catch (CharacterCodingException e) {
          throw new IllegalArgumentException(what + ": " + field + " is not valid UTF-8", e);
        }
      }
      pos = end;
      return s;
    }

    /** Whether the next {@code n} bytes (a string's, after its length) equal {@code other}. */
    boolean regionEquals(int from, int n, byte[] other) {
      return other != null && other.length == n && Arrays.equals(b, from, from + n, other, 0, n);
    }

    private IllegalArgumentException truncated() {
      return new IllegalArgumentException(what + ": truncated at byte " + pos + " of " + b.length);
    }
  }
}

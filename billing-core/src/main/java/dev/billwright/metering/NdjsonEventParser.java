package dev.billwright.metering;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Parses the common shape of an NDJSON event line straight from its UTF-8 bytes: no JSON tree,
 * no {@code String} for the line, no map while reading, and the small vocabularies (customers,
 * subscriptions, event types, property names and values) interned so that each is decoded and
 * hashed once per parser. Fresh ids are the only strings built per event.
 *
 * <p>It accepts a strict subset of what {@link UsageEventJson#parseLine} accepts and, for every
 * line it accepts, returns an event equal to that method's, with the same fingerprint: a flat
 * object of the known fields in any order, each at most once, with string values (escapes
 * included, UTF-8 validated as the reader's decoder validates it), {@code subscription} a string
 * or null, {@code properties} null or an object of strings and plain JSON numbers without an
 * exponent (kept as written, the plain text {@link java.math.BigDecimal#toPlainString} gives),
 * and a timestamp {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:MM)}. Anything else returns
 * null, and the caller takes the exact path, which accepts the line or names its error; so the
 * fast path never changes what is accepted, rejected or reported.
 *
 * <p>Not thread-safe: one parser per thread (the intern tables are its own).
 */
final class NdjsonEventParser {
  /** The most entries an intern table takes; beyond it strings are built without interning. */
  private static final int INTERN_LIMIT = 1 << 14;

  private final Interner values = new Interner();
  private final Interner keys = new Interner();
  /** The properties being read: name, value, name, value... */
  private String[] props = new String[16];
  private int propCount;
  private int pos;
  private int end;
  private byte[] b;
  /** The date of the last timestamp and its epoch day, to skip the calendar for a repeated day. */
  private int lastDateKey = -1;
  private long lastEpochDay;

  /**
   * Parses one line.
   *
   * @param bytes the buffer
   * @param from the first byte of the line
   * @param to the end of the line (exclusive, before its terminator)
   * @return the event, or null when the line is not of the common shape (take the exact path)
   */
  UsageEvent parse(byte[] bytes, int from, int to) {
    this.b = bytes;
    this.pos = from;
    this.end = to;
    propCount = 0;
    try {
      return parseObject();
    } catch (RuntimeException e) {
      // an index past the end, a bad date: the exact path decides
      return null;
    }
  }

  private UsageEvent parseObject() {
    ws();
    if (pos >= end || b[pos] != '{') {
      return null;
    }
    pos++;
    String id = null;
    String customer = null;
    String subscription = null;
    boolean subscriptionSeen = false;
    String eventType = null;
    long seconds = 0;
    int nanos = 0;
    boolean timestampSeen = false;
    boolean propertiesSeen = false;
    ws();
    if (pos < end && b[pos] == '}') {
      return null; // no fields: the exact path names the missing one
    }
    while (true) {
      ws();
      int field = fieldName();
      ws();
      if (pos >= end || b[pos] != ':') {
        return null;
      }
      pos++;
      ws();
      switch (field) {
        case F_ID -> {
          if (id != null) {
            return null;
          }
          id = freshString();
          if (id == null) {
            return null;
          }
        }
        case F_CUSTOMER -> {
          if (customer != null) {
            return null;
          }
          customer = internedString(values);
          if (customer == null) {
            return null;
          }
        }
        case F_EVENT_TYPE -> {
          if (eventType != null) {
            return null;
          }
          eventType = internedString(values);
          if (eventType == null) {
            return null;
          }
        }
        case F_SUBSCRIPTION -> {
          if (subscriptionSeen) {
            return null;
          }
          subscriptionSeen = true;
          if (isNull()) {
            subscription = null;
          } else {
            subscription = internedString(values);
            if (subscription == null) {
              return null;
            }
          }
        }
        case F_TIMESTAMP -> {
          if (timestampSeen) {
            return null;
          }
          timestampSeen = true;
          if (!timestamp()) {
            return null;
          }
          seconds = tsSeconds;
          nanos = tsNanos;
        }
        case F_PROPERTIES -> {
          if (propertiesSeen) {
            return null;
          }
          propertiesSeen = true;
          if (!isNull() && !properties()) {
            return null;
          }
        }
        default -> {
          return null;
        }
      }
      ws();
      if (pos >= end) {
        return null;
      }
      byte c = b[pos++];
      if (c == '}') {
        break;
      }
      if (c != ',') {
        return null;
      }
    }
    ws();
    if (pos != end) {
      return null;
    }
    if (id == null || customer == null || eventType == null || !timestampSeen
        || id.isBlank() || customer.isBlank() || eventType.isBlank()
        || (subscription != null && subscription.isBlank())) {
      return null;
    }
    Instant timestamp = Instant.ofEpochSecond(seconds, nanos);
    if (timestamp.isBefore(UsageEvent.MIN_TIMESTAMP) || timestamp.isAfter(UsageEvent.MAX_TIMESTAMP)) {
      return null;
    }
    return UsageEvent.trusted(id, customer, subscription, eventType, timestamp, sharedProperties());
  }

  /** Property maps by the identity of their (interned) names and values in line order; direct-mapped. */
  private final PropertyMap[] shapes = new PropertyMap[SHAPES];
  private final String[][] shapeKeys = new String[SHAPES][];
  private static final int SHAPES = 1 << 8;

  /**
   * The properties read as a map: the map of the last line that had the same name and value
   * objects in the same order (interned strings, so the same text), else a new one, remembered.
   * A map is immutable, so events share it.
   */
  private PropertyMap sharedProperties() {
    int n = propCount;
    if (n == 0) {
      return PropertyMap.EMPTY;
    }
    String[] p = props;
    int h = n;
    for (int i = 0; i < n; i++) {
      h = 31 * h + p[i].hashCode();
    }
    int slot = (h ^ (h >>> 16)) & (SHAPES - 1);
    String[] k = shapeKeys[slot];
    if (k != null && k.length == n) {
      int i = 0;
      while (i < n && k[i] == p[i]) {
        i++;
      }
      if (i == n) {
        return shapes[slot];
      }
    }
    PropertyMap m = PropertyMap.of(p, n);
    shapeKeys[slot] = Arrays.copyOf(p, n);
    shapes[slot] = m;
    return m;
  }

  private static final int F_ID = 0;
  private static final int F_CUSTOMER = 1;
  private static final int F_SUBSCRIPTION = 2;
  private static final int F_EVENT_TYPE = 3;
  private static final int F_TIMESTAMP = 4;
  private static final int F_PROPERTIES = 5;

  /** Reads a field name of plain ASCII and returns which field it is, -1 for another. */
  private int fieldName() {
    if (pos >= end || b[pos] != '"') {
      return -1;
    }
    int start = ++pos;
    while (pos < end && b[pos] != '"') {
      if (b[pos] == '\\' || b[pos] < 0x20) {
        return -1;
      }
      pos++;
    }
    if (pos >= end) {
      return -1;
    }
    int len = pos - start;
    pos++;
    return switch (len) {
      case 2 -> is(start, "id") ? F_ID : -1;
      case 8 -> is(start, "customer") ? F_CUSTOMER : -1;
      case 12 -> is(start, "subscription") ? F_SUBSCRIPTION : -1;
      case 10 -> is(start, "event_type") ? F_EVENT_TYPE : is(start, "properties") ? F_PROPERTIES : -1;
      case 9 -> is(start, "timestamp") ? F_TIMESTAMP : -1;
      default -> -1;
    };
  }

  private boolean is(int start, String name) {
    for (int i = 0; i < name.length(); i++) {
      if (b[start + i] != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private void ws() {
    while (pos < end && (b[pos] == ' ' || b[pos] == '\t')) {
      pos++;
    }
  }

  private boolean isNull() {
    if (end - pos >= 4 && b[pos] == 'n' && b[pos + 1] == 'u' && b[pos + 2] == 'l' && b[pos + 3] == 'l') {
      pos += 4;
      return true;
    }
    return false;
  }

  /** Where the last plain ASCII string read lies in the buffer. */
  private int stringStart;
  private int stringLength;

  /**
   * Reads a JSON string. Returns 0 when it is plain ASCII without escapes (at
   * {@link #stringStart}, {@link #stringLength}), 2 when it had escapes or non-ASCII text, now
   * decoded in {@link #chars}, and -1 when it is not a string the fast path reads.
   */
  private int readString() {
    if (pos >= end || b[pos] != '"') {
      return -1;
    }
    int start = ++pos;
    // the plain ASCII run
    while (pos < end) {
      byte c = b[pos];
      if (c == '"') {
        stringStart = start;
        stringLength = pos - start;
        pos++;
        return 0;
      }
      if (c == '\\' || c < 0x20) {
        break; // an escape, a control character or a non-ASCII byte (negative)
      }
      pos++;
    }
    if (pos >= end) {
      return -1;
    }
    // the general case: decode into chars
    return readGeneral(start);
  }

  /** The chars of a string with escapes or non-ASCII, for {@link #readGeneral}. */
  private char[] chars = new char[256];
  private int charCount;

  private int readGeneral(int start) {
    charCount = 0;
    for (int i = start; i < pos; i++) {
      putChar((char) b[i]);
    }
    while (pos < end) {
      int c = b[pos] & 0xFF;
      if (c == '"') {
        pos++;
        return 2;
      }
      if (c == '\\') {
        if (pos + 1 >= end) {
          return -1;
        }
        byte e = b[pos + 1];
        pos += 2;
        switch (e) {
          case '"' -> putChar('"');
          case '\\' -> putChar('\\');
          case '/' -> putChar('/');
          case 'b' -> putChar('\b');
          case 'f' -> putChar('\f');
          case 'n' -> putChar('\n');
          case 'r' -> putChar('\r');
          case 't' -> putChar('\t');
          case 'u' -> {
            if (pos + 4 > end) {
              return -1;
            }
            int v = 0;
            for (int k = 0; k < 4; k++) {
              int d = Character.digit(b[pos + k], 16);
              if (d < 0) {
                return -1;
              }
              v = v << 4 | d;
            }
            pos += 4;
            putChar((char) v);
          }
          default -> {
            return -1;
          }
        }
      } else if (c < 0x20) {
        return -1;
      } else if (c < 0x80) {
        putChar((char) c);
        pos++;
      } else {
        int n = utf8(pos);
        if (n < 0) {
          return -1;
        }
        pos += n;
      }
    }
    return -1;
  }

  /** Decodes one well-formed UTF-8 sequence at i into chars; returns its length or -1. */
  private int utf8(int i) {
    int c = b[i] & 0xFF;
    if (c >= 0xC2 && c <= 0xDF) {
      if (i + 1 >= end || !cont(b[i + 1])) {
        return -1;
      }
      putChar((char) ((c & 0x1F) << 6 | (b[i + 1] & 0x3F)));
      return 2;
    }
    if (c >= 0xE0 && c <= 0xEF) {
      if (i + 2 >= end || !cont(b[i + 1]) || !cont(b[i + 2])) {
        return -1;
      }
      int b1 = b[i + 1] & 0xFF;
      if ((c == 0xE0 && b1 < 0xA0) || (c == 0xED && b1 > 0x9F)) {
        return -1; // overlong, or a surrogate
      }
      putChar((char) ((c & 0x0F) << 12 | (b1 & 0x3F) << 6 | (b[i + 2] & 0x3F)));
      return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
      if (i + 3 >= end || !cont(b[i + 1]) || !cont(b[i + 2]) || !cont(b[i + 3])) {
        return -1;
      }
      int b1 = b[i + 1] & 0xFF;
      if ((c == 0xF0 && b1 < 0x90) || (c == 0xF4 && b1 > 0x8F)) {
        return -1;
      }
      int cp = (c & 0x07) << 18 | (b1 & 0x3F) << 12 | (b[i + 2] & 0x3F) << 6 | (b[i + 3] & 0x3F);
      putChar(Character.highSurrogate(cp));
      putChar(Character.lowSurrogate(cp));
      return 4;
    }
    return -1;
  }

  private static boolean cont(byte x) {
    return (x & 0xC0) == 0x80;
  }

  private void putChar(char c) {
    if (charCount == chars.length) {
      chars = Arrays.copyOf(chars, chars.length * 2);
    }
    chars[charCount++] = c;
  }

  /** A string built fresh (the id): null when not a string the fast path reads. */
  private String freshString() {
    int kind = readString();
    if (kind == 0) {
      return new String(b, stringStart, stringLength, StandardCharsets.ISO_8859_1);
    }
    if (kind == 2) {
      return new String(chars, 0, charCount);
    }
    return null;
  }

  /** A string of a small vocabulary, interned in a table: null when not a string the fast path reads. */
  private String internedString(Interner table) {
    int kind = readString();
    if (kind == 0) {
      return table.ascii(b, stringStart, stringLength);
    }
    if (kind == 2) {
      return table.chars(chars, charCount);
    }
    return null;
  }

  private boolean properties() {
    if (pos >= end || b[pos] != '{') {
      return false;
    }
    pos++;
    ws();
    if (pos < end && b[pos] == '}') {
      pos++;
      return true;
    }
    while (true) {
      ws();
      String name = internedString(keys);
      if (name == null) {
        return false;
      }
      for (int i = 0; i < propCount; i += 2) {
        if (props[i].equals(name)) {
          return false; // a repeated name: the exact path decides
        }
      }
      ws();
      if (pos >= end || b[pos] != ':') {
        return false;
      }
      pos++;
      ws();
      if (pos >= end) {
        return false;
      }
      String value;
      byte c = b[pos];
      if (c == '"') {
        value = internedString(values);
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        value = number();
      } else {
        return false;
      }
      if (value == null) {
        return false;
      }
      if (propCount + 2 > props.length) {
        props = Arrays.copyOf(props, props.length * 2);
      }
      if (propCount >= 2 * UsageEvent.MAX_PROPERTIES) {
        return false;
      }
      props[propCount++] = name;
      props[propCount++] = value;
      ws();
      if (pos >= end) {
        return false;
      }
      byte d = b[pos++];
      if (d == '}') {
        return true;
      }
      if (d != ',') {
        return false;
      }
    }
  }

  /**
   * A JSON number {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?} within the decimal bounds (30 integer
   * digits, 64 decimals), whose plain text is as written: a negative zero (plain text without
   * the sign) and exponents take the exact path.
   */
  private String number() {
    int start = pos;
    boolean negative = false;
    if (b[pos] == '-') {
      negative = true;
      pos++;
    }
    int intStart = pos;
    if (pos >= end) {
      return null;
    }
    boolean nonZero = false;
    if (b[pos] == '0') {
      pos++;
    } else if (b[pos] >= '1' && b[pos] <= '9') {
      while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
        pos++;
      }
      nonZero = true;
    } else {
      return null;
    }
    int intDigits = pos - intStart;
    if (intDigits > 30) {
      return null;
    }
    if (pos < end && b[pos] == '.') {
      pos++;
      int fracStart = pos;
      while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
        nonZero |= b[pos] != '0';
        pos++;
      }
      if (pos == fracStart || pos - fracStart > 64) {
        return null;
      }
    }
    if (pos < end && (b[pos] == 'e' || b[pos] == 'E' || (b[pos] >= '0' && b[pos] <= '9'))) {
      return null;
    }
    if (negative && !nonZero) {
      return null;
    }
    return values.ascii(b, start, pos - start);
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)} as a string, returned as {epoch second,
   * nano} in {@link #tsSeconds} and {@link #tsNanos}; false for any other text (seconds left out, lower-case letters, other offsets), which
   * {@code OffsetDateTime.parse} may still accept on the exact path.
   */
  private long tsSeconds;
  private int tsNanos;

  private boolean timestamp() {
    if (pos >= end || b[pos] != '"') {
      return false;
    }
    int p = pos + 1;
    if (p + 20 > end) {
      return false;
    }
    int year = digits(p, 4);
    int month = digits(p + 5, 2);
    int day = digits(p + 8, 2);
    int hour = digits(p + 11, 2);
    int minute = digits(p + 14, 2);
    int second = digits(p + 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0
        || b[p + 4] != '-' || b[p + 7] != '-' || b[p + 10] != 'T' || b[p + 13] != ':' || b[p + 16] != ':') {
      return false;
    }
    if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) {
      return false;
    }
    p += 19;
    int nano = 0;
    if (p < end && b[p] == '.') {
      p++;
      int n = 0;
      while (p < end && b[p] >= '0' && b[p] <= '9') {
        if (n == 9) {
          return false;
        }
        nano = nano * 10 + (b[p] - '0');
        n++;
        p++;
      }
      if (n == 0) {
        return false;
      }
      for (int k = n; k < 9; k++) {
        nano *= 10;
      }
    }
    if (p >= end) {
      return false;
    }
    int offsetSeconds;
    if (b[p] == 'Z') {
      offsetSeconds = 0;
      p++;
    } else if (b[p] == '+' || b[p] == '-') {
      if (p + 6 > end) {
        return false;
      }
      int oh = digits(p + 1, 2);
      int om = digits(p + 4, 2);
      if (oh < 0 || om < 0 || b[p + 3] != ':' || oh > 17 || om > 59) {
        return false;
      }
      offsetSeconds = (oh * 3600 + om * 60) * (b[p] == '-' ? -1 : 1);
      p += 6;
    } else {
      return false;
    }
    if (p >= end || b[p] != '"') {
      return false;
    }
    pos = p + 1;
    int dateKey = (year * 16 + month) * 32 + day;
    long epochDay;
    if (dateKey == lastDateKey) {
      epochDay = lastEpochDay;
    } else {
      epochDay = LocalDate.of(year, month, day).toEpochDay(); // throws for 31 April: exact path
      lastDateKey = dateKey;
      lastEpochDay = epochDay;
    }
    long seconds = epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    tsSeconds = seconds;
    tsNanos = nano;
    return true;
  }

  private int digits(int at, int n) {
    int v = 0;
    for (int i = at; i < at + n; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /**
   * An intern table of strings by their bytes (ASCII) or chars: open addressing, at most
   * {@link #INTERN_LIMIT} entries, after which strings are built without interning.
   */
  private static final class Interner {
    private String[] strings = new String[256];
    private int[] hashes = new int[256];
    /** The bytes of strings made from ASCII bytes (null for those made from chars), compared as arrays. */
    private byte[][] bytes = new byte[256][];
    private int size;

    String ascii(byte[] bytes, int from, int len) {
      int h = 1;
      for (int i = from; i < from + len; i++) {
        h = 31 * h + bytes[i];
      }
      int mask = strings.length - 1;
      int i = mix(h) & mask;
      while (true) {
        String s = strings[i];
        if (s == null) {
          String made = new String(bytes, from, len, StandardCharsets.ISO_8859_1);
          add(i, h, made, Arrays.copyOfRange(bytes, from, from + len));
          return made;
        }
        if (hashes[i] == h) {
          byte[] own = this.bytes[i];
          if (own != null ? Arrays.equals(own, 0, own.length, bytes, from, from + len)
              : equalsAscii(s, bytes, from, len)) {
            return s;
          }
        }
        i = (i + 1) & mask;
      }
    }

    String chars(char[] cs, int len) {
      int h = 7;
      for (int i = 0; i < len; i++) {
        h = 31 * h + cs[i];
      }
      int mask = strings.length - 1;
      int i = mix(h) & mask;
      while (true) {
        String s = strings[i];
        if (s == null) {
          String made = new String(cs, 0, len);
          add(i, h, made, null);
          return made;
        }
        if (hashes[i] == h && s.length() == len && equalsChars(s, cs, len)) {
          return s;
        }
        i = (i + 1) & mask;
      }
    }

    private void add(int slot, int h, String s, byte[] ascii) {
      if (size >= INTERN_LIMIT) {
        return;
      }
      strings[slot] = s;
      hashes[slot] = h;
      bytes[slot] = ascii;
      s.hashCode(); // computed once, cached in the string
      if (++size * 2 > strings.length) {
        grow();
      }
    }

    private void grow() {
      String[] oldStrings = strings;
      int[] oldHashes = hashes;
      byte[][] oldBytes = bytes;
      strings = new String[oldStrings.length * 2];
      hashes = new int[oldStrings.length * 2];
      bytes = new byte[oldStrings.length * 2][];
      int mask = strings.length - 1;
      for (int j = 0; j < oldStrings.length; j++) {
        if (oldStrings[j] != null) {
          int i = mix(oldHashes[j]) & mask;
          while (strings[i] != null) {
            i = (i + 1) & mask;
          }
          strings[i] = oldStrings[j];
          hashes[i] = oldHashes[j];
          bytes[i] = oldBytes[j];
        }
      }
    }

    private static int mix(int h) {
      int x = h * 0x9E3779B9;
      return x ^ (x >>> 16);
    }

    private static boolean equalsAscii(String s, byte[] bytes, int from, int len) {
      if (s.length() != len) {
        return false;
      }
      for (int i = 0; i < len; i++) {
        if (s.charAt(i) != bytes[from + i]) {
          return false;
        }
      }
      return true;
    }

    private static boolean equalsChars(String s, char[] cs, int len) {
      for (int i = 0; i < len; i++) {
        if (s.charAt(i) != cs[i]) {
          return false;
        }
      }
      return true;
    }
  }
}

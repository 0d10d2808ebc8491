package dev.billwright.tax.gst;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A GST identification number (GSTIN) or another 15-character GST identifier (UIN, TDS, TCS,
 * NRTP, OIDAR), parsed and validated.
 *
 * <p>Structure (GSTN; CGST Rule 10 and FORM GST REG-06): positions 1–2 the state code
 * ({@link GstState}), 3–12 the holder's PAN (a TAN for TDS IDs), 13 the entity number within the
 * state, 14 {@code Z} by default ({@code C} for TCS, {@code D} for TDS), 15 the check character.
 * The category patterns are GSTN's, as published on its developer portal
 * (developer.gst.gov.in/apiportal/taxpayer/returns). The check character is the Luhn mod-36
 * character over positions 1–14 ({@link #checkCharacter}), which validates every published ID
 * of every category.
 *
 * <p>{@link Mode#STRICT} enforces the category pattern, a current state code and the check
 * character; {@link Mode#ARCHIVE} also accepts the legacy state codes 25 and 28 (old
 * documents); {@link Mode#SANDBOX} accepts what the e-invoice schema accepts
 * ({@code [0-9]{2}[0-9A-Z]{13}}), because the NIC sandbox's test GSTINs (such as
 * {@code 29AWGPV7107B1Z1}) fail the check character.
 *
 * <p>Input is trimmed ({@link String#trim()}: ASCII spaces and control characters) and may use
 * ASCII lower case, which is upper-cased. Every other character must be an ASCII digit or letter:
 * a non-ASCII look-alike (dotless {@code ı} U+0131, long {@code ſ} U+017F, the Kelvin sign
 * U+212A, fullwidth letters and digits, ligatures, no-break spaces) is rejected, never folded to
 * ASCII, since GSTN issues IDs over {@code [0-9A-Z]} only (the e-invoice schema pattern
 * {@code [0-9]{2}[0-9A-Z]{13}}).
 *
 * @param value the 15 upper-case characters, never null
 * @param category the detected category; {@link Category#UNVERIFIED} (sandbox mode only) when no
 *     pattern matches or the check character is wrong, never null
 * @param state the state of positions 1–2 (for NRTP, UIN and OIDAR IDs too), never null
 */
public record Gstin(String value, Category category, GstState state) {

  /** How strictly to validate. */
  public enum Mode {
    /** Category pattern, current state code and check character. */
    STRICT,
    /** As {@link #STRICT}, but the legacy state codes 25 and 28 are accepted. */
    ARCHIVE,
    /** Only the e-invoice schema pattern and a known state code; no check character. */
    SANDBOX
  }

  /** The kind of identifier, decided by GSTN's patterns. */
  public enum Category {
    /** Normal taxpayer (regular, composition, SEZ, ISD: not distinguishable offline). */
    REGULAR("^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z][Z1-9ABD-J][0-9A-Z]$"),
    /** Government department ID. */
    GOVERNMENT("^[0-9]{2}[A-Z]{4}[0-9]{5}[A-Z][0-9]Z[0-9]$"),
    /** Non-resident taxable person. */
    NON_RESIDENT("^[0-9]{4}[A-Z]{3}[0-9]{5}NR[0-9A-Z]$"),
    /** Non-resident online information and database access or retrieval services (OIDAR). */
    OIDAR("^99[0-9]{2}[A-Z]{3}[0-9]{5}OS[0-9A-Z]$"),
    /** Unique Identity Number of UN bodies, embassies and consulates. */
    UIN("^[0-9]{4}[A-Z]{3}[0-9]{5}[UO]N[A-Z0-9]$"),
    /** Tax deductor at source (TAN in positions 3–12). */
    TDS("^[0-9]{2}[A-Z]{4}[A-Z0-9][0-9]{4}[A-Z][1-9A-Z]D[0-9A-Z]$"),
    /** Tax collector at source (e-commerce operator). */
    TCS("^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]C[0-9A-Z]$"),
    /** Sandbox mode only: matches no category pattern or fails the check character. */
    UNVERIFIED("^[0-9]{2}[0-9A-Z]{13}$");

    private final Pattern pattern;

    Category(String regex) {
      this.pattern = Pattern.compile(regex);
    }
  }

  private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  /** Checked in this order: TDS and TCS before REGULAR, whose 14th position admits D. */
  private static final Category[] ORDER = {
    Category.TDS, Category.TCS, Category.OIDAR, Category.NON_RESIDENT, Category.UIN, Category.GOVERNMENT,
    Category.REGULAR
  };
  /** Expected character class at each position of a regular GSTIN, for error messages. */
  private static final String[] REGULAR_SHAPE = {
    "0-9", "0-9", "A-Z", "A-Z", "A-Z", "A-Z", "A-Z", "0-9", "0-9", "0-9", "0-9", "A-Z", "1-9A-Z", "Z1-9ABD-J", "0-9A-Z"
  };

  /**
   * Validates the components; use {@link #parse} to build from text.
   *
   * @param value see the record component
   * @param category see the record component
   * @param state see the record component
   * @throws BillingException with {@link ErrorCode#INVALID_TAX_ID} if the value does not match
   *     the category's pattern, the state differs from positions 1–2, or (unless
   *     {@link Category#UNVERIFIED}) the check character is wrong
   */
  public Gstin {
    if (value == null || category == null || state == null || !category.pattern.matcher(value).matches()
        || !value.startsWith(state.code())) {
      throw BillingException.invalid(ErrorCode.INVALID_TAX_ID, "gstin", value,
          "15 characters matching the " + category + " pattern, starting with state code " + state);
    }
    if (category != Category.UNVERIFIED && value.charAt(14) != checkCharacter(value.substring(0, 14))) {
      throw BillingException.invalid(ErrorCode.INVALID_TAX_ID, "gstin", value,
          "check character '" + checkCharacter(value.substring(0, 14)) + "' at position 15");
    }
  }

  /**
   * Parses and strictly validates a GSTIN ({@link Mode#STRICT}).
   *
   * @param text the identifier, not null; surrounding spaces and ASCII lower case are accepted
   * @return the GSTIN, never null
   * @throws BillingException with {@link ErrorCode#INVALID_TAX_ID} naming the first wrong
   *     position and what it should be (a non-ASCII character is always wrong)
   */
  public static Gstin parse(String text) {
    return parse(text, Mode.STRICT);
  }

  /**
   * Parses and validates an identifier.
   *
   * @param text the identifier, not null; surrounding spaces and ASCII lower case are accepted
   * @param mode how strictly to validate, not null
   * @return the identifier, never null
   * @throws BillingException with {@link ErrorCode#INVALID_TAX_ID} naming the field
   *     {@code gstin}, the text, the first wrong position (1-based) and what it should be (a
   *     non-ASCII character is always wrong)
   */
  public static Gstin parse(String text, Mode mode) {
    if (text == null) {
      throw BillingException.invalid(ErrorCode.INVALID_TAX_ID, "gstin", null, "15 characters");
    }
    // parsing is a pure function of the text and the mode: identifiers already accepted are
    // answered from a bounded memo (an invoice's supplier and customer are parsed per invoice)
    java.util.concurrent.ConcurrentHashMap<String, Gstin> memo = PARSED.get(mode);
    Gstin known = memo.get(text);
    if (known != null) {
      return known;
    }
    Gstin parsed = validate(text, mode);
    if (memo.size() >= MEMO_LIMIT) {
      memo.clear();
    }
    memo.put(text, parsed);
    return parsed;
  }

  /** Identifiers accepted so far, per mode, by their text as given. */
  private static final java.util.Map<Mode, java.util.concurrent.ConcurrentHashMap<String, Gstin>> PARSED =
      new java.util.EnumMap<>(Mode.class);
  /** The memo is cleared when it holds this many identifiers (about 2 MB). */
  private static final int MEMO_LIMIT = 16_384;

  static {
    for (Mode m : Mode.values()) {
      PARSED.put(m, new java.util.concurrent.ConcurrentHashMap<>());
    }
  }

  private static Gstin validate(String text, Mode mode) {
    String trimmed = text.trim();
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (!isAsciiDigitOrLetter(c)) {
        throw fail(text, "an ASCII digit or letter (0-9, A-Z, a-z) at position " + (i + 1) + ", found '" + c
            + "' (" + String.format(Locale.ROOT, "U+%04X", (int) c)
            + (c > 0x7F ? ", not ASCII: look-alikes are not folded to ASCII)" : ")"));
      }
    }
    if (trimmed.length() != 15) {
      throw fail(text, "15 characters, found " + trimmed.length());
    }
    String value = trimmed.toUpperCase(Locale.ROOT); // ASCII only here: a-z to A-Z, nothing else
    for (int i = 0; i < 2; i++) {
      if (!Character.isDigit(value.charAt(i))) {
        throw fail(text, "a digit at position " + (i + 1) + " (state code), found '" + value.charAt(i) + "'");
      }
    }
    GstState state = state(text, value.substring(0, 2), mode);
    Category category = null;
    for (Category c : ORDER) {
      if (c.pattern.matcher(value).matches()) {
        category = c;
        break;
      }
    }
    boolean checkOk = value.charAt(14) == checkCharacter(value.substring(0, 14));
    if (mode == Mode.SANDBOX) {
      return new Gstin(value, category == null || !checkOk ? Category.UNVERIFIED : category, state);
    }
    if (category == null) {
      throw fail(text, firstShapeError(value));
    }
    char expected = checkCharacter(value.substring(0, 14));
    if (value.charAt(14) != expected) {
      throw fail(text, "check character '" + expected + "' at position 15, found '" + value.charAt(14)
          + "' (Luhn mod 36 over positions 1-14)");
    }
    return new Gstin(value, category, state);
  }

  /**
   * Returns whether a text is a valid identifier in {@link Mode#STRICT}.
   *
   * @param text the text, may be null (gives false)
   * @return true if {@link #parse(String)} would succeed
   */
  public static boolean isValid(@Nullable String text) {
    try {
      parse(text);
      return true;
    } catch (BillingException e) {
      return false;
    }
  }

  /**
   * Computes the check character (Luhn mod 36, alphabet {@code 0-9A-Z}): the values of the 14
   * characters are multiplied by 1, 2, 1, 2, … from the left, each product p contributes
   * {@code p / 36 + p % 36}, and the check value is {@code (36 - sum % 36) % 36}. This is the
   * algorithm of python-stdnum ({@code stdnum.in_.gstin}) and GSTN's published IDs; for
   * {@code 27AAPFU0939F1Z} it gives {@code V}.
   *
   * @param first14 the first 14 characters, upper case, from {@code 0-9A-Z}
   * @return the check character, from {@code 0-9A-Z}
   * @throws BillingException with {@link ErrorCode#INVALID_TAX_ID} if the input is not 14
   *     characters from the alphabet
   */
  public static char checkCharacter(String first14) {
    if (first14 == null || first14.length() != 14) {
      throw BillingException.invalid(ErrorCode.INVALID_TAX_ID, "gstin", first14, "14 characters before the check");
    }
    int sum = 0;
    for (int i = 0; i < 14; i++) {
      int v = ALPHABET.indexOf(first14.charAt(i));
      if (v < 0) {
        throw BillingException.invalid(ErrorCode.INVALID_TAX_ID, "gstin", first14,
            "characters 0-9 or A-Z (position " + (i + 1) + " is '" + first14.charAt(i) + "')");
      }
      int p = v * (i % 2 == 0 ? 1 : 2);
      sum += p / 36 + p % 36;
    }
    return ALPHABET.charAt((36 - sum % 36) % 36);
  }

  /**
   * Returns the PAN of positions 3–12 for categories that carry one ({@link Category#REGULAR},
   * {@link Category#TCS}); a TDS ID carries a TAN and the others their own serials.
   *
   * @return the PAN if the category carries one
   */
  public Optional<String> pan() {
    return category == Category.REGULAR || category == Category.TCS
        ? Optional.of(value.substring(2, 12)) : Optional.empty();
  }

  /**
   * Returns the identifier text.
   *
   * @return the 15 characters, never null
   */
  @Override
  public String toString() {
    return value;
  }

  private static GstState state(String text, String code, Mode mode) {
    GstState state;
    try {
      state = mode == Mode.STRICT ? GstState.of(code) : GstState.ofLegacy(code);
    } catch (BillingException e) {
      throw fail(text, "a GST state code at positions 1-2, found '" + code + "' (" + e.getMessage() + ")");
    }
    if (!state.isGstinPrefix()) {
      throw fail(text, "a state code at positions 1-2; 96 is a place-of-supply code only");
    }
    return state;
  }

  private static String firstShapeError(String value) {
    if (value.charAt(13) == 'C' || value.charAt(13) == 'D') {
      return "the " + (value.charAt(13) == 'C' ? "TCS" : "TDS") + " pattern (position 14 is '" + value.charAt(13)
          + "'), found a mismatch";
    }
    for (int i = 0; i < 15; i++) {
      String cls = REGULAR_SHAPE[i];
      if (!Pattern.matches("[" + cls + "]", String.valueOf(value.charAt(i)))) {
        return "[" + cls + "] at position " + (i + 1) + describe(i) + ", found '" + value.charAt(i)
            + "' (no GSTIN, UIN, NRTP, OIDAR, TDS or TCS pattern matches)";
      }
    }
    return "a GSTIN, UIN, NRTP, OIDAR, TDS or TCS pattern";
  }

  private static String describe(int index) {
    if (index >= 2 && index <= 11) {
      return " (PAN)";
    }
    if (index == 12) {
      return " (entity number)";
    }
    if (index == 13) {
      return " (default 'Z')";
    }
    return "";
  }

  private static boolean isAsciiDigitOrLetter(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  private static BillingException fail(String text, String expected) {
    return BillingException.invalid(ErrorCode.INVALID_TAX_ID, "gstin", text, expected);
  }
}

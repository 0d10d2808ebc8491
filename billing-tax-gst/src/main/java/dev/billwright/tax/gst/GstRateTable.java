package dev.billwright.tax.gst;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A dated table of GST rates keyed by HSN/SAC prefix. {@link #lookup} takes the entries that
 * apply on the date of supply and picks the longest prefix of the code; rates are data, not code.
 *
 * <p>{@link #standard()} covers the services a SaaS/API supplier sells and a few goods
 * examples; extend it with {@link #with} or build your own with {@link #of}.
 */
public final class GstRateTable {

  /** First day of GST (1 July 2017). */
  public static final LocalDate GST_START = LocalDate.of(2017, 7, 1);
  /** First day of the GST 2.0 slabs (Notifications 9/2025 to 17/2025-Central Tax (Rate)): 22 Sep 2025. */
  public static final LocalDate GST_2_0 = LocalDate.of(2025, 9, 22);

  private static final GstRateTable STANDARD = of(List.of(
      GstRate.of("9983", "18", GST_START,
          "Notification 11/2017-Central Tax (Rate), heading 9983 item (ii): other professional, technical and"
              + " business services (IT services 998313-998319)"),
      GstRate.of("9984", "18", GST_START,
          "Notification 11/2017-Central Tax (Rate), heading 9984 item (ii): telecommunications, broadcasting"
              + " and information supply services"),
      GstRate.of("8471", "18", GST_START,
          "Notification 1/2017-Central Tax (Rate), Schedule III: automatic data processing machines")
          .until(GST_2_0),
      GstRate.of("8471", "18", GST_2_0,
          "Notification 9/2025-Central Tax (Rate), Schedule II: automatic data processing machines"),
      GstRate.of("8415", "28", GST_START,
          "Notification 1/2017-Central Tax (Rate), Schedule IV: air-conditioning machines").until(GST_2_0),
      GstRate.of("8415", "18", GST_2_0,
          "Notification 9/2025-Central Tax (Rate), Schedule II: air-conditioning machines (28 % to 18 %)"),
      new GstRate("22021010", new BigDecimal("28"), new BigDecimal("12"), GST_START, Optional.of(GST_2_0),
          "Notification 1/2017-Central Tax (Rate), Schedule IV, and 1/2017-Compensation Cess (Rate): aerated waters"),
      GstRate.of("22021010", "40", GST_2_0,
          "Notification 9/2025-Central Tax (Rate), Schedule III (40 %), and 02/2025-Compensation Cess (Rate) (nil"
              + " cess): aerated waters"),
      GstRate.of("0902", "5", GST_START, "Notification 1/2017 and 9/2025-Central Tax (Rate), Schedule I: tea"),
      GstRate.of("7108", "3", GST_START,
          "Notification 1/2017 and 9/2025-Central Tax (Rate), gold (special rate 3 %)")));

  private final List<GstRate> entries;

  private GstRateTable(List<GstRate> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * Returns a table of the given entries.
   *
   * @param entries the entries, not null; two entries with the same prefix must not overlap in time
   * @return the table, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if two entries with the same
   *     prefix overlap
   */
  public static GstRateTable of(List<GstRate> entries) {
    for (int i = 0; i < entries.size(); i++) {
      for (int j = i + 1; j < entries.size(); j++) {
        GstRate a = entries.get(i);
        GstRate b = entries.get(j);
        if (a.codePrefix().equals(b.codePrefix()) && overlap(a, b)) {
          throw BillingException.invalid(ErrorCode.INVALID_VALUE, "rate_table[" + j + "]", b.codePrefix(),
              "no overlap in time with entry " + i + " for the same prefix");
        }
      }
    }
    return new GstRateTable(entries);
  }

  /**
   * Returns the bundled table: SAC 9983 and 9984 at 18 % from 1 Jul 2017 (unchanged by GST 2.0,
   * gst.md §4.4), and goods examples of each GST 2.0 change: HSN 8471 at 18 % throughout, 8415
   * from 28 % to 18 %, 22021010 from 28 % plus 12 % cess to 40 % without cess, 0902 at 5 % and
   * 7108 at the special 3 %. The goods rows are examples for tests and documentation: check the
   * full HSN schedule of Notification 9/2025-Central Tax (Rate) before relying on them.
   *
   * @return the table, never null
   */
  public static GstRateTable standard() {
    return STANDARD;
  }

  /**
   * Returns a table with more entries.
   *
   * @param more the extra entries, not null
   * @return the new table, never null
   * @throws BillingException if an entry overlaps one with the same prefix
   */
  public GstRateTable with(GstRate... more) {
    List<GstRate> all = new ArrayList<>(entries);
    all.addAll(List.of(more));
    return of(all);
  }

  /**
   * Returns the entries.
   *
   * @return the entries in insertion order, unmodifiable, never null
   */
  public List<GstRate> entries() {
    return entries;
  }

  /**
   * Finds the rate of a code on a date of supply.
   *
   * @param taxCode the code, such as {@code SAC:998319}, {@code HSN:8471} or bare digits
   *     ({@code 998319}); spaces and dots are ignored; may be empty (only a catch-all entry
   *     with an empty prefix matches)
   * @param dateOfSupply the date of supply (CGST Act s.13/s.14 decide it), not null
   * @return the entry with the longest matching prefix among those that apply on the date, never
   *     null
   * @throws BillingException with {@link ErrorCode#TAX_NOT_DETERMINED} naming the code and date
   *     if no entry matches, or {@link ErrorCode#INVALID_VALUE} if the code is malformed
   */
  public GstRate lookup(String taxCode, LocalDate dateOfSupply) {
    // the table is immutable: a code and date found once give the same entry (bounded memo)
    LookupKey key = new LookupKey(taxCode, dateOfSupply);
    GstRate known = found.get(key);
    if (known != null) {
      return known;
    }
    GstRate rate = search(taxCode, dateOfSupply);
    if (found.size() >= MEMO_LIMIT) {
      found.clear();
    }
    found.put(key, rate);
    return rate;
  }

  /** A code and date of supply already looked up. */
  private record LookupKey(String taxCode, LocalDate date) {}

  /** The memo is cleared when it holds this many code and date pairs. */
  private static final int MEMO_LIMIT = 4_096;

  /** Entries found by {@link #lookup}, by code and date. */
  private final java.util.concurrent.ConcurrentHashMap<LookupKey, GstRate> found =
      new java.util.concurrent.ConcurrentHashMap<>();

  private GstRate search(String taxCode, LocalDate dateOfSupply) {
    String digits = digits(taxCode);
    GstRate best = null;
    for (GstRate rate : entries) {
      if (rate.appliesOn(dateOfSupply) && digits.startsWith(rate.codePrefix())
          && (best == null || rate.codePrefix().length() > best.codePrefix().length())) {
        best = rate;
      }
    }
    if (best == null) {
      throw BillingException.invalid(ErrorCode.TAX_NOT_DETERMINED, "tax_code", taxCode,
          "an HSN/SAC code with a GST rate on " + dateOfSupply + " in the rate table");
    }
    return best;
  }

  /**
   * Returns the digits of a tax code ({@code SAC:9983 19} gives {@code 998319}).
   *
   * @param taxCode the code, not null
   * @return the digits, possibly empty, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the code has another prefix
   *     than {@code SAC:} or {@code HSN:} or is not digits
   */
  static String digits(String taxCode) {
    if (taxCode == null) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "tax_code", null, "a code, possibly empty");
    }
    String code = taxCode.trim().toUpperCase(Locale.ROOT);
    if (code.startsWith("SAC:") || code.startsWith("HSN:")) {
      code = code.substring(4);
    }
    code = code.replace(" ", "").replace(".", "");
    if (!code.matches("[0-9]{0,8}")) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "tax_code", taxCode,
          "SAC:digits, HSN:digits or up to 8 digits");
    }
    return code;
  }

  private static boolean overlap(GstRate a, GstRate b) {
    boolean aEndsBeforeB = a.validUntil().map(u -> !u.isAfter(b.validFrom())).orElse(false);
    boolean bEndsBeforeA = b.validUntil().map(u -> !u.isAfter(a.validFrom())).orElse(false);
    return !aEndsBeforeB && !bEndsBeforeA;
  }
}

package dev.billwright.tax.gst;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.util.HashMap;
import java.util.Map;

/**
 * The GST state and union-territory codes: the first two digits of a GSTIN and the value of the
 * place of supply ({@code Pos}) and state code ({@code Stcd}) in the e-invoice.
 *
 * <p>Source: the e-invoice master codes (einvoice1.gst.gov.in/Others/MasterCodes). Union
 * territories without legislature levy UTGST on intra-UT supplies (CGST Act s.2(114), UTGST Act
 * s.2(8)): Chandigarh (04), Dadra and Nagar Haveli and Daman and Diu (26), Lakshadweep (31),
 * Andaman and Nicobar Islands (35), Ladakh (38) and Other Territory (97). Delhi (07), Puducherry
 * (34) and Jammu and Kashmir (01) have legislatures and are "States" (CGST Act s.2(103)).
 * Codes 25 (Daman and Diu, merged into 26 on 26 Jan 2020, GSTINs replaced from 1 Aug 2020) and
 * 28 (undivided Andhra Pradesh, now 37) are legacy: {@link #of} rejects them,
 * {@link #ofLegacy} accepts them for old documents. 96 (foreign country) is a place-of-supply
 * code only, 99 (centre jurisdiction) a GSTIN prefix only.
 */
public enum GstState {
  /** 01 Jammu and Kashmir (UT with legislature since 31 Oct 2019). */
  JAMMU_AND_KASHMIR("01", "Jammu and Kashmir", Kind.STATE),
  /** 02 Himachal Pradesh. */
  HIMACHAL_PRADESH("02", "Himachal Pradesh", Kind.STATE),
  /** 03 Punjab. */
  PUNJAB("03", "Punjab", Kind.STATE),
  /** 04 Chandigarh (UT without legislature: UTGST). */
  CHANDIGARH("04", "Chandigarh", Kind.UT_WITHOUT_LEGISLATURE),
  /** 05 Uttarakhand. */
  UTTARAKHAND("05", "Uttarakhand", Kind.STATE),
  /** 06 Haryana. */
  HARYANA("06", "Haryana", Kind.STATE),
  /** 07 Delhi (UT with legislature: SGST). */
  DELHI("07", "Delhi", Kind.STATE),
  /** 08 Rajasthan. */
  RAJASTHAN("08", "Rajasthan", Kind.STATE),
  /** 09 Uttar Pradesh. */
  UTTAR_PRADESH("09", "Uttar Pradesh", Kind.STATE),
  /** 10 Bihar. */
  BIHAR("10", "Bihar", Kind.STATE),
  /** 11 Sikkim. */
  SIKKIM("11", "Sikkim", Kind.STATE),
  /** 12 Arunachal Pradesh. */
  ARUNACHAL_PRADESH("12", "Arunachal Pradesh", Kind.STATE),
  /** 13 Nagaland. */
  NAGALAND("13", "Nagaland", Kind.STATE),
  /** 14 Manipur. */
  MANIPUR("14", "Manipur", Kind.STATE),
  /** 15 Mizoram. */
  MIZORAM("15", "Mizoram", Kind.STATE),
  /** 16 Tripura. */
  TRIPURA("16", "Tripura", Kind.STATE),
  /** 17 Meghalaya. */
  MEGHALAYA("17", "Meghalaya", Kind.STATE),
  /** 18 Assam. */
  ASSAM("18", "Assam", Kind.STATE),
  /** 19 West Bengal. */
  WEST_BENGAL("19", "West Bengal", Kind.STATE),
  /** 20 Jharkhand. */
  JHARKHAND("20", "Jharkhand", Kind.STATE),
  /** 21 Odisha. */
  ODISHA("21", "Odisha", Kind.STATE),
  /** 22 Chhattisgarh. */
  CHHATTISGARH("22", "Chhattisgarh", Kind.STATE),
  /** 23 Madhya Pradesh. */
  MADHYA_PRADESH("23", "Madhya Pradesh", Kind.STATE),
  /** 24 Gujarat. */
  GUJARAT("24", "Gujarat", Kind.STATE),
  /** 25 Daman and Diu: legacy, merged into 26 (accepted only by {@link #ofLegacy}). */
  DAMAN_AND_DIU_LEGACY("25", "Daman and Diu", Kind.LEGACY_UT),
  /** 26 Dadra and Nagar Haveli and Daman and Diu (UT without legislature: UTGST). */
  DADRA_NAGAR_HAVELI_DAMAN_DIU("26", "Dadra and Nagar Haveli and Daman and Diu", Kind.UT_WITHOUT_LEGISLATURE),
  /** 27 Maharashtra. */
  MAHARASHTRA("27", "Maharashtra", Kind.STATE),
  /** 28 Andhra Pradesh before bifurcation: legacy (accepted only by {@link #ofLegacy}). */
  ANDHRA_PRADESH_LEGACY("28", "Andhra Pradesh (old)", Kind.LEGACY_STATE),
  /** 29 Karnataka. */
  KARNATAKA("29", "Karnataka", Kind.STATE),
  /** 30 Goa. */
  GOA("30", "Goa", Kind.STATE),
  /** 31 Lakshadweep (UT without legislature: UTGST). */
  LAKSHADWEEP("31", "Lakshadweep", Kind.UT_WITHOUT_LEGISLATURE),
  /** 32 Kerala. */
  KERALA("32", "Kerala", Kind.STATE),
  /** 33 Tamil Nadu. */
  TAMIL_NADU("33", "Tamil Nadu", Kind.STATE),
  /** 34 Puducherry (UT with legislature: SGST). */
  PUDUCHERRY("34", "Puducherry", Kind.STATE),
  /** 35 Andaman and Nicobar Islands (UT without legislature: UTGST). */
  ANDAMAN_AND_NICOBAR("35", "Andaman and Nicobar Islands", Kind.UT_WITHOUT_LEGISLATURE),
  /** 36 Telangana. */
  TELANGANA("36", "Telangana", Kind.STATE),
  /** 37 Andhra Pradesh. */
  ANDHRA_PRADESH("37", "Andhra Pradesh", Kind.STATE),
  /** 38 Ladakh (UT without legislature: UTGST). */
  LADAKH("38", "Ladakh", Kind.UT_WITHOUT_LEGISLATURE),
  /** 96 Foreign country: a place of supply outside India (e-invoice masters), never a GSTIN prefix. */
  FOREIGN_COUNTRY("96", "Other Countries", Kind.FOREIGN),
  /** 97 Other Territory (CGST Act s.2(81), s.2(114)(f)): UTGST. */
  OTHER_TERRITORY("97", "Other Territory", Kind.UT_WITHOUT_LEGISLATURE),
  /** 99 Centre jurisdiction: GSTIN prefix of centrally administered IDs (OIDAR), not a place of supply. */
  CENTRE_JURISDICTION("99", "Centre Jurisdiction", Kind.CENTRE);

  private enum Kind { STATE, UT_WITHOUT_LEGISLATURE, LEGACY_UT, LEGACY_STATE, FOREIGN, CENTRE }

  private static final Map<String, GstState> BY_CODE = new HashMap<>();

  static {
    for (GstState s : values()) {
      BY_CODE.put(s.code, s);
    }
  }

  private final String code;
  private final String stateName;
  private final Kind kind;

  GstState(String code, String stateName, Kind kind) {
    this.code = code;
    this.stateName = stateName;
    this.kind = kind;
  }

  /**
   * Returns the current state or UT for a code, rejecting the legacy codes 25 and 28.
   *
   * @param code one or two digits ({@code "7"} and {@code "07"} are the same, as the e-invoice
   *     pattern allows), not null
   * @return the state, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} naming the code if it is
   *     unknown or legacy
   */
  public static GstState of(String code) {
    GstState state = ofLegacy(code);
    if (state.isLegacy()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "state_code", code,
          "a current GST state code (" + code + " is legacy: use " + (state == DAMAN_AND_DIU_LEGACY ? "26" : "37")
              + ", or GstState.ofLegacy for documents issued under the old code)");
    }
    return state;
  }

  /**
   * Returns the state or UT for a code, accepting the legacy codes 25 and 28 (for documents
   * issued before the merger of Daman and Diu or under the old Andhra Pradesh code).
   *
   * @param code one or two digits, not null
   * @return the state, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} naming the code if unknown
   */
  public static GstState ofLegacy(String code) {
    String key = code != null && code.length() == 1 ? "0" + code : code;
    GstState state = key == null ? null : BY_CODE.get(key);
    if (state == null) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "state_code", code,
          "a GST state code 01-38, 96, 97 or 99 from the e-invoice master codes");
    }
    return state;
  }

  /**
   * Returns the two-digit code, such as {@code "07"}.
   *
   * @return the code, never null
   */
  public String code() {
    return code;
  }

  /**
   * Returns the state or UT name as printed on invoices (CGST Rule 46(n) asks for it).
   *
   * @return the name, never null
   */
  public String stateName() {
    return stateName;
  }

  /**
   * Returns whether an intra-UT supply here bears UTGST instead of SGST (UTs without
   * legislature, CGST Act s.2(114), UTGST Act s.2(8); legacy 25 included).
   *
   * @return true for 04, 25, 26, 31, 35, 38 and 97
   */
  public boolean usesUtgst() {
    return kind == Kind.UT_WITHOUT_LEGISLATURE || kind == Kind.LEGACY_UT;
  }

  /**
   * Returns whether the code is legacy (25 or 28).
   *
   * @return true for 25 and 28
   */
  public boolean isLegacy() {
    return kind == Kind.LEGACY_UT || kind == Kind.LEGACY_STATE;
  }

  /**
   * Returns whether this is the foreign-country code 96 (place of supply outside India).
   *
   * @return true for 96
   */
  public boolean isForeign() {
    return kind == Kind.FOREIGN;
  }

  /**
   * Returns whether the code can be a place of supply (every code except 99).
   *
   * @return false only for 99
   */
  public boolean isPlaceOfSupply() {
    return kind != Kind.CENTRE;
  }

  /**
   * Returns whether the code can start a GSTIN (every code except 96).
   *
   * @return false only for 96
   */
  public boolean isGstinPrefix() {
    return kind != Kind.FOREIGN;
  }

  /**
   * Returns the code and name, such as {@code "29 Karnataka"}.
   *
   * @return the text, never null
   */
  @Override
  public String toString() {
    return code + " " + stateName;
  }
}

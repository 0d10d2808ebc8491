package dev.billwright.tax.gst;

/**
 * The supply type of a document, as in the e-invoice field {@code TranDtls.SupTyp} (plus
 * {@link #B2C}, which never gets an e-invoice).
 *
 * <p>Exports and supplies to an SEZ developer or unit are zero-rated (IGST Act s.16(1)) and
 * always inter-state (IGST Act s.7(5)(a),(b)): without payment of IGST under a bond or Letter of
 * Undertaking (s.16(3)(a), the default since 1 Oct 2023) or with payment of IGST and a refund
 * (s.16(3)(b), s.16(4), Notification 01/2023-Integrated Tax).
 */
public enum SupplyType {
  /** To a registered person. */
  B2B,
  /** To an unregistered person (consumer). */
  B2C,
  /** To an SEZ developer or unit, with payment of IGST. */
  SEZWP,
  /** To an SEZ developer or unit, without payment of IGST under LUT or bond. */
  SEZWOP,
  /** Export, with payment of IGST. */
  EXPWP,
  /** Export, without payment of IGST under LUT or bond. */
  EXPWOP;

  /**
   * Returns whether the supply is zero-rated (export or SEZ), hence always IGST.
   *
   * @return true for SEZWP, SEZWOP, EXPWP and EXPWOP
   */
  public boolean isZeroRated() {
    return this != B2B && this != B2C;
  }

  /**
   * Returns whether IGST is not paid (supply under LUT or bond).
   *
   * @return true for SEZWOP and EXPWOP
   */
  public boolean isWithoutPayment() {
    return this == SEZWOP || this == EXPWOP;
  }

  /**
   * Returns whether the supply is an export (place of supply outside India).
   *
   * @return true for EXPWP and EXPWOP
   */
  public boolean isExport() {
    return this == EXPWP || this == EXPWOP;
  }
}

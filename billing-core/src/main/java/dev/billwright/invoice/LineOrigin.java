package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;

/**
 * Where an invoice line comes from, typed: what the engine reads off a line to decide (which
 * billed line a proration credit credits, which line a correction corrects) is read from here,
 * never from the line's {@linkplain InvoiceLine#explanation() explanation}, which only documents
 * the amount for people.
 *
 * <p>The variants: {@link Priced} (priced from the plan for its service period), {@link Prorated}
 * (the new price for the rest of a period after a mid-period change), {@link ProrationCredit}
 * (the unused time of one billed line), {@link Correction} (the difference of one line after late
 * usage), {@link CommitmentTrueUp} (the plan's minimum commitment) and {@link Manual} (added by
 * the host, linked to no line). A line built without an origin gets {@link #defaultFor} its kind.
 */
public sealed interface LineOrigin
    permits LineOrigin.Priced, LineOrigin.Prorated, LineOrigin.ProrationCredit, LineOrigin.Correction,
    LineOrigin.CommitmentTrueUp, LineOrigin.Manual {

  /** A line priced from the plan's charges for its service period: a recurring fee, usage, a
   * one-time charge, a minimum-spend true-up or a maximum-spend cap. */
  record Priced() implements LineOrigin {}

  /** The new price of an in-advance fee from a mid-period plan or seat change to the end of the
   * fee's period ({@link LineKind#PRORATION_CHARGE}). */
  record Prorated() implements LineOrigin {}

  /**
   * The credit for the unused time of one billed in-advance line after a plan or seat change
   * ({@link LineKind#PRORATION_CREDIT}).
   *
   * @param creditedLineId the {@linkplain InvoiceLine#lineId() id} of the billed line credited
   *     (on an earlier invoice, or on the same draft), not blank
   */
  record ProrationCredit(String creditedLineId) implements LineOrigin {
    /**
     * Validates the credited line id.
     *
     * @param creditedLineId see the record component
     * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if it is null or blank
     */
    public ProrationCredit {
      requireLineId(creditedLineId, "origin.credited_line_id");
    }
  }

  /**
   * The difference, after late usage, between what a usage-driven line billed and what it
   * re-rates to ({@link LineKind#ADJUSTMENT} on an adjustment invoice; see
   * {@code dev.billwright.billing.LateUsageCorrector}).
   *
   * @param correctedLineId the {@linkplain InvoiceLine#lineId() id} of the line corrected, on the
   *     original invoice, not blank
   */
  record Correction(String correctedLineId) implements LineOrigin {
    /**
     * Validates the corrected line id.
     *
     * @param correctedLineId see the record component
     * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if it is null or blank
     */
    public Correction {
      requireLineId(correctedLineId, "origin.corrected_line_id");
    }
  }

  /** The true-up of a period's charges to the plan's minimum commitment
   * ({@link LineKind#COMMITMENT_TRUE_UP}). */
  record CommitmentTrueUp() implements LineOrigin {}

  /** A line the host added itself (a manual adjustment or credit), linked to no other line. */
  record Manual() implements LineOrigin {}

  /**
   * Returns the origin of a line built without one: {@link Prorated} for
   * {@link LineKind#PRORATION_CHARGE}, {@link CommitmentTrueUp} for
   * {@link LineKind#COMMITMENT_TRUE_UP}, {@link Manual} for {@link LineKind#ADJUSTMENT} and
   * {@link LineKind#PRORATION_CREDIT} (a credit or adjustment linked to no line), and
   * {@link Priced} for every other kind.
   *
   * @param kind the line kind, not null
   * @return the default origin, never null
   */
  static LineOrigin defaultFor(LineKind kind) {
    return switch (kind) {
      case PRORATION_CHARGE -> new Prorated();
      case COMMITMENT_TRUE_UP -> new CommitmentTrueUp();
      case ADJUSTMENT, PRORATION_CREDIT -> new Manual();
      case RECURRING_FEE, USAGE, ONE_TIME, MINIMUM_TRUE_UP -> new Priced();
    };
  }

  /**
   * Returns whether a line of a kind may have this origin: {@link ProrationCredit} only on
   * {@link LineKind#PRORATION_CREDIT}, {@link Correction} only on {@link LineKind#ADJUSTMENT},
   * {@link Prorated} only on {@link LineKind#PRORATION_CHARGE}, {@link CommitmentTrueUp} only on
   * {@link LineKind#COMMITMENT_TRUE_UP}; {@link Priced} and {@link Manual} on any kind.
   *
   * @param kind the line kind, not null
   * @return true if the pair is consistent
   */
  default boolean allows(LineKind kind) {
    if (this instanceof ProrationCredit) {
      return kind == LineKind.PRORATION_CREDIT;
    }
    if (this instanceof Correction) {
      return kind == LineKind.ADJUSTMENT;
    }
    if (this instanceof Prorated) {
      return kind == LineKind.PRORATION_CHARGE;
    }
    if (this instanceof CommitmentTrueUp) {
      return kind == LineKind.COMMITMENT_TRUE_UP;
    }
    return true;
  }

  private static void requireLineId(String id, String field) {
    if (id == null || id.isBlank()) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, field, id, "the id of a line");
    }
  }
}

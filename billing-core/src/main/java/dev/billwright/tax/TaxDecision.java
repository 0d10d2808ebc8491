package dev.billwright.tax;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.util.List;
import java.util.Optional;

/**
 * What the tax engine decided about a document beyond its tax lines: where the supply is taxed
 * and why, the category of supply, whether tax is on reverse charge, the texts the document must
 * carry and the grand-total round-off. Taken from the {@link TaxResult} when tax is applied
 * ({@link TaxResult#decision()}) and kept on the document, so that printing, e-invoicing and
 * credit notes read it instead of deciding it again from the parties (whose data may have changed
 * since). A credit note carries the decision of the invoice it credits (CGST Act s.34: a note
 * adjusts the tax of the original supply, at its rates and place of supply).
 *
 * @param placeOfSupply where the supply is taxed and on which basis; empty when the engine decides
 *     no place (no tax)
 * @param supplyType the engine's category of supply (for GST the e-invoice {@code SupTyp}:
 *     {@code B2B}, {@code B2C}, {@code SEZWP}, {@code SEZWOP}, {@code EXPWP}, {@code EXPWOP});
 *     empty when the engine has none
 * @param reverseCharge whether the recipient pays the tax (reverse charge; GST CGST Rule 46(p))
 * @param notes texts the document must carry, in order, copied, unmodifiable
 * @param roundOff the round-off the engine adds to the grand total, if it rounds it
 */
public record TaxDecision(
    Optional<TaxPlace> placeOfSupply,
    Optional<String> supplyType,
    boolean reverseCharge,
    List<String> notes,
    Optional<Money> roundOff) {

  /**
   * Validates and copies.
   *
   * @param placeOfSupply see the record component
   * @param supplyType see the record component
   * @param reverseCharge see the record component
   * @param notes see the record component
   * @param roundOff see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a component is null
   *     or a note is null, or {@link ErrorCode#INVALID_VALUE} for a blank supply type
   */
  public TaxDecision {
    if (placeOfSupply == null || supplyType == null || notes == null || roundOff == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "tax_decision", null, "all components not null");
    }
    boolean nullNote = false;
    for (String note : notes) { // not contains(null): an unmodifiable list refuses to look for null
      nullNote |= note == null;
    }
    if (nullNote) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "tax_decision.notes", notes, "no null note");
    }
    if (supplyType.isPresent() && supplyType.get().isBlank()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "tax_decision.supply_type", supplyType.get(),
          "a non-blank supply type");
    }
    notes = List.copyOf(notes);
  }

  /**
   * Returns the decision of a document with no tax: no place, no supply type, no reverse charge,
   * no notes, no round-off.
   *
   * @return the empty decision, never null
   */
  public static TaxDecision none() {
    return new TaxDecision(Optional.empty(), Optional.empty(), false, List.of(), Optional.empty());
  }
}

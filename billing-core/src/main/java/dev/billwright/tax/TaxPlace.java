package dev.billwright.tax;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;

/**
 * Where a supply is taxed, as the tax engine decided it: the jurisdiction's code and name and the
 * rule of law that placed the supply there. For Indian GST this is the place of supply (CGST
 * Rule 46(n)): the state code such as {@code 29}, the state name such as {@code Karnataka}, and
 * the section of the IGST Act applied, such as {@code IGST Act s.12(2)(a)}.
 *
 * @param code the jurisdiction code as the engine names it (for GST the two-digit state code,
 *     {@code 96} for a supply abroad), not blank
 * @param name the jurisdiction's name, not null, may be empty
 * @param basis the rule that decided the jurisdiction (a section of law), not null, may be empty
 */
public record TaxPlace(String code, String name, String basis) {

  /**
   * Validates.
   *
   * @param code see the record component
   * @param name see the record component
   * @param basis see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if the code is null or
   *     blank, or the name or basis is null
   */
  public TaxPlace {
    if (code == null || code.isBlank() || name == null || basis == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "tax_decision.place_of_supply", code,
          "a non-blank code, a name and a basis");
    }
  }
}

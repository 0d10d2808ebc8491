package dev.billwright.render;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.util.List;

/**
 * A party as a generic invoice prints it: a name, address lines and, when it has one, a tax id
 * with its label (such as {@code VAT DE123456789} or {@code GSTIN 29ABCDE1234F1Z5}).
 *
 * @param name the name, not blank
 * @param addressLines the address lines, may be empty
 * @param taxId the tax id with its label, or empty
 */
public record DocumentParty(String name, List<String> addressLines, String taxId) {
  /**
   * Checks and copies the values.
   *
   * @param name see the record component
   * @param addressLines see the record component
   * @param taxId see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if the name is blank
   *     or a component is null
   */
  public DocumentParty {
    if (name == null || name.isBlank() || addressLines == null || taxId == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "party.name", name,
          "a name, address lines and a tax id (may be empty)");
    }
    addressLines = List.copyOf(addressLines);
  }
}

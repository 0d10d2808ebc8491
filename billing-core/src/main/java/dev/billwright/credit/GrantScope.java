package dev.billwright.credit;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Which charges or meters a credit grant may pay for: either any, or a set of charge/meter codes
 * (Lago's {@code applies_to.billable_metric_codes}).
 *
 * @param codes the codes the grant may pay for, sorted; empty means any code
 */
public record GrantScope(Set<String> codes) {
  /** The scope that pays for any charge or meter. */
  public static final GrantScope ANY = new GrantScope(Set.of());

  /**
   * Creates a scope, copying and sorting the codes.
   *
   * @param codes the codes, not null, no null or blank code; empty means any code
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if a code is null or blank, or
   *     {@link ErrorCode#REQUIRED_FIELD_MISSING} if codes is null
   */
  public GrantScope {
    if (codes == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "field 'scope' is required");
    }
    TreeSet<String> copy = new TreeSet<>();
    for (String code : codes) {
      if (code == null || code.isBlank()) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "scope.codes", code,
            "non-blank charge or meter codes");
      }
      copy.add(code);
    }
    codes = java.util.Collections.unmodifiableSortedSet(copy);
  }

  /**
   * Obtains a scope limited to some codes.
   *
   * @param codes the charge or meter codes, at least one, none blank
   * @return the scope, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if no code is given or a code
   *     is null or blank
   */
  public static GrantScope of(String... codes) {
    if (codes == null || codes.length == 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "scope.codes", "[]",
          "at least one code (use GrantScope.ANY for any code)");
    }
    return new GrantScope(new java.util.HashSet<>(java.util.Arrays.asList(codes)));
  }

  /**
   * Returns whether this scope is unlimited.
   *
   * @return true if the grant may pay for any charge or meter
   */
  public boolean isAny() {
    return codes.isEmpty();
  }

  /**
   * Returns whether this scope may pay for a charge or meter.
   *
   * @param code the charge or meter code, or null for an amount with no code (such as an invoice
   *     total), which only an unlimited scope covers
   * @return true if covered
   */
  public boolean covers(@Nullable String code) {
    return isAny() || (code != null && codes.contains(code));
  }
}

/**
 * Errors: the single unchecked {@link dev.billwright.error.BillingException} and its catalogue
 * of stable {@link dev.billwright.error.ErrorCode}s.
 */
@NullMarked
package dev.billwright.error;

import org.jspecify.annotations.NullMarked;

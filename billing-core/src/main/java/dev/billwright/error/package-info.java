/**
 * Errors: the single unchecked {@link dev.billwright.error.BillingException} and its catalogue
 * of stable {@link dev.billwright.error.ErrorCode}s.
 */
package dev.billwright.error;

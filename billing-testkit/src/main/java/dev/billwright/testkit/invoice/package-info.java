/**
 * In-memory implementations of the invoice SPIs ({@link dev.billwright.invoice.InvoiceStore},
 * {@link dev.billwright.invoice.InvoiceNumberSequence}) and abstract JUnit 5 contract tests a host
 * extends to check its own implementations.
 */
@NullMarked
package dev.billwright.testkit.invoice;

import org.jspecify.annotations.NullMarked;

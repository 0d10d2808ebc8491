/**
 * In-memory implementations of the invoice SPIs ({@link dev.billwright.invoice.InvoiceStore},
 * {@link dev.billwright.invoice.InvoiceNumberSequence}) and abstract JUnit 5 contract tests a host
 * extends to check its own implementations.
 */
package dev.billwright.testkit.invoice;

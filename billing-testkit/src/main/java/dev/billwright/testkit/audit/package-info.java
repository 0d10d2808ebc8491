/** An in-memory {@link dev.billwright.invoice.AuditLog} and the audit log contract test. */
package dev.billwright.testkit.audit;

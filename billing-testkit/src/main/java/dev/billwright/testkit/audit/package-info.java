/** An in-memory {@link dev.billwright.invoice.AuditLog} and the audit log contract test. */
@NullMarked
package dev.billwright.testkit.audit;

import org.jspecify.annotations.NullMarked;

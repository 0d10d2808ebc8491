/**
 * Failure injection for hosts' and the library's tests: wrappers around the invoice SPIs, the
 * usage source and the request's hook functions that fail chosen calls once
 * ({@link dev.billwright.testkit.fault.FaultInjector}).
 */
@NullMarked
package dev.billwright.testkit.fault;

import org.jspecify.annotations.NullMarked;

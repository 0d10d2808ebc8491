/**
 * Test support for prepaid credit: an in-memory {@link dev.billwright.credit.WalletLedger} and
 * the abstract contract test every ledger implementation should pass.
 */
@NullMarked
package dev.billwright.testkit.credit;

import org.jspecify.annotations.NullMarked;

package dev.billwright.testkit.credit;

import dev.billwright.credit.WalletLedger;

class InMemoryWalletLedgerTest extends WalletLedgerContractTest {
  @Override
  protected WalletLedger createLedger() {
    return new InMemoryWalletLedger();
  }
}

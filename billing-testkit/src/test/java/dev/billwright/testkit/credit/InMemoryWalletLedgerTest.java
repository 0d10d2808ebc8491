package dev.billwright.testkit.credit;

import dev.billwright.credit.WalletLedger;
import dev.billwright.memory.InMemoryWalletLedger;

class InMemoryWalletLedgerTest extends WalletLedgerContractTest {
  @Override
  protected WalletLedger createLedger() {
    return new InMemoryWalletLedger();
  }
}

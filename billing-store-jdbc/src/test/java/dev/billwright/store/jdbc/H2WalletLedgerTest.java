package dev.billwright.store.jdbc;

import dev.billwright.testkit.credit.WalletLedgerContractTest;
import dev.billwright.credit.WalletLedger;
import org.junit.jupiter.api.AfterAll;

/** {@code WalletLedgerContractTest} against a real H2 database (H2 file database). */
class H2WalletLedgerTest extends WalletLedgerContractTest {
  private static final String URL = Databases.newH2();
  private static final JdbcStore DB = Databases.open(URL);

  @AfterAll
  static void close() {
    DB.close();
  }

  @Override
  protected WalletLedger createLedger() {
    Databases.truncate(URL);
    return DB.walletLedger();
  }
}

package dev.billwright.testkit.metering;

import dev.billwright.metering.DeduplicationStore;
import dev.billwright.metering.InMemoryDeduplicationStore;

class InMemoryDeduplicationStoreContractTest extends DeduplicationStoreContractTest {
  @Override
  protected DeduplicationStore newStore() {
    return new InMemoryDeduplicationStore();
  }
}

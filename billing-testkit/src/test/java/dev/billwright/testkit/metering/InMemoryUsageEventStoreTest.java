package dev.billwright.testkit.metering;

import dev.billwright.memory.InMemoryUsageEventStore;
import dev.billwright.metering.UsageEventStore;

class InMemoryUsageEventStoreTest extends UsageEventStoreContractTest {
  @Override
  protected UsageEventStore newStore() {
    return new InMemoryUsageEventStore();
  }
}

package dev.billwright.testkit.catalog;

import dev.billwright.catalog.PlanCatalog;
import dev.billwright.memory.InMemoryPlanCatalog;

class InMemoryPlanCatalogTest extends PlanCatalogContractTest {
  @Override
  protected PlanCatalog newCatalog() {
    return new InMemoryPlanCatalog();
  }
}

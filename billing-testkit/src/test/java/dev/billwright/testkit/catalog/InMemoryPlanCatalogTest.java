package dev.billwright.testkit.catalog;

import dev.billwright.catalog.PlanCatalog;

class InMemoryPlanCatalogTest extends PlanCatalogContractTest {
  @Override
  protected PlanCatalog newCatalog() {
    return new InMemoryPlanCatalog();
  }
}

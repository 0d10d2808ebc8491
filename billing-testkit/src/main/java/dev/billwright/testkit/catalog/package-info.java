/** In-memory {@link dev.billwright.catalog.PlanCatalog} and its contract test. */
package dev.billwright.testkit.catalog;

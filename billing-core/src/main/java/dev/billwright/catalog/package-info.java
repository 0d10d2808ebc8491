/**
 * The catalog: versioned {@link dev.billwright.catalog.Plan}s with their
 * {@link dev.billwright.catalog.Charge}s, the plan JSON/YAML format
 * ({@link dev.billwright.catalog.PlanJson}), per-customer
 * {@link dev.billwright.catalog.PlanOverrides} and the {@link dev.billwright.catalog.PlanCatalog}
 * SPI.
 */
@NullMarked
package dev.billwright.catalog;

import org.jspecify.annotations.NullMarked;

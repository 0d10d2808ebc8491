/** In-memory {@link dev.billwright.catalog.PlanCatalog} and its contract test. */
@NullMarked
package dev.billwright.testkit.catalog;

import org.jspecify.annotations.NullMarked;

package dev.billwright.testkit.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.catalog.Charge;
import dev.billwright.catalog.ChargeKind;
import dev.billwright.catalog.ImmutablePlanAccess;
import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanCatalog;
import dev.billwright.catalog.PlanStatus;
import dev.billwright.error.BillingException;
import dev.billwright.pricing.ChargePrice;
import dev.billwright.pricing.FlatPrice;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link PlanCatalog} implementation must meet. Extend it in the host's test
 * sources and implement {@link #newCatalog()}.
 */
public abstract class PlanCatalogContractTest {
  /** Creates the test. */
  protected PlanCatalogContractTest() {}

  /**
   * Returns a new, empty catalog.
   *
   * @return the catalog under test
   */
  protected abstract PlanCatalog newCatalog();

  /**
   * A small plan for the tests.
   *
   * @param version the version
   * @param status the status
   * @param fee the flat fee
   * @return the plan
   */
  protected static Plan plan(int version, PlanStatus status, String fee) {
    return Plan.builder().code("basic").version(version).status(status).currency(Currency.getInstance("USD"))
        .effectiveFrom(Instant.parse("2026-01-01T00:00:00Z"))
        .addCharges(Charge.builder().code("fee").kind(ChargeKind.RECURRING)
            .price(ChargePrice.of(new FlatPrice(new BigDecimal(fee)))).build())
        .build();
  }

  /** Publishing then finding returns the same value. */
  @Test
  public void publishedVersionsAreFound() {
    PlanCatalog catalog = newCatalog();
    catalog.publish(plan(1, PlanStatus.ACTIVE, "10"));
    catalog.publish(plan(2, PlanStatus.DRAFT, "12"));
    assertThat(catalog.find("basic", 1)).contains(plan(1, PlanStatus.ACTIVE, "10"));
    assertThat(catalog.versions("basic")).extracting(Plan::version).containsExactly(1, 2);
    assertThat(catalog.find("basic", 3)).isEmpty();
    assertThat(catalog.versions("unknown")).isEmpty();
    assertThatThrownBy(() -> catalog.get("basic", 3)).isInstanceOf(BillingException.class)
        .hasMessageContaining("basic@3");
  }

  /** An active version is immutable; drafts may be replaced; archiving is allowed. */
  @Test
  public void activeVersionsAreImmutable() {
    PlanCatalog catalog = newCatalog();
    catalog.publish(plan(1, PlanStatus.DRAFT, "10"));
    catalog.publish(plan(1, PlanStatus.DRAFT, "11"));
    catalog.publish(plan(1, PlanStatus.ACTIVE, "11"));
    catalog.publish(plan(1, PlanStatus.ACTIVE, "11"));
    assertThatThrownBy(() -> catalog.publish(plan(1, PlanStatus.ACTIVE, "12")))
        .isInstanceOf(BillingException.class).hasMessageContaining("immutable");
    assertThat(catalog.find("basic", 1)).contains(plan(1, PlanStatus.ACTIVE, "11"));
    catalog.publish(ImmutablePlanAccess.withStatus(plan(1, PlanStatus.ACTIVE, "11"), PlanStatus.ARCHIVED));
    assertThat(catalog.find("basic", 1).orElseThrow().status()).isEqualTo(PlanStatus.ARCHIVED);
  }

  /** New subscriptions get the highest active version in its effective dates. */
  @Test
  public void availableAtPicksTheHighestActiveVersion() {
    PlanCatalog catalog = newCatalog();
    catalog.publish(plan(1, PlanStatus.ACTIVE, "10"));
    catalog.publish(plan(2, PlanStatus.ACTIVE, "12"));
    catalog.publish(plan(3, PlanStatus.DRAFT, "14"));
    assertThat(catalog.availableAt("basic", Instant.parse("2026-06-01T00:00:00Z")).map(Plan::version)).contains(2);
    assertThat(catalog.availableAt("basic", Instant.parse("2025-06-01T00:00:00Z"))).isEmpty();
  }
}

package dev.billwright.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Keeps billing-core's packages in one direction (ARCHITECTURE.md, "one direction, no back and
 * forth"): money and time at the bottom; pricing, metering, tax and credit above them; catalog,
 * invoice and alert above those; subscription and payment; rating; billing on top. A class may
 * use its own layer and the layers below it, never one above.
 */
class LayersTest {
  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.billwright");

  @Test
  void layersPointDownOnly() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("error").definedBy("dev.billwright.error..", "dev.billwright.internal..")
        .layer("money").definedBy("dev.billwright.money..")
        .layer("time").definedBy("dev.billwright.time..", "dev.billwright.json..")
        .layer("pricing").definedBy("dev.billwright.pricing..")
        .layer("metering").definedBy("dev.billwright.metering..")
        .layer("tax").definedBy("dev.billwright.tax..")
        .layer("credit").definedBy("dev.billwright.credit..")
        .layer("catalog").definedBy("dev.billwright.catalog..")
        .layer("invoice").definedBy("dev.billwright.invoice..")
        .layer("alert").definedBy("dev.billwright.alert..")
        .layer("subscription").definedBy("dev.billwright.subscription..")
        .layer("payment").definedBy("dev.billwright.payment..")
        .layer("rating").definedBy("dev.billwright.rating..")
        .layer("billing").definedBy("dev.billwright.billing..")
        .whereLayer("billing").mayNotBeAccessedByAnyLayer()
        .whereLayer("rating").mayOnlyBeAccessedByLayers("billing")
        .whereLayer("payment").mayOnlyBeAccessedByLayers("billing")
        .whereLayer("subscription").mayOnlyBeAccessedByLayers("rating", "billing")
        .whereLayer("alert").mayOnlyBeAccessedByLayers("billing")
        .whereLayer("catalog").mayOnlyBeAccessedByLayers("subscription", "rating", "billing", "alert", "invoice")
        .whereLayer("invoice").mayOnlyBeAccessedByLayers("subscription", "payment", "rating", "billing", "alert")
        .whereLayer("credit").mayOnlyBeAccessedByLayers("invoice", "catalog", "subscription", "payment", "rating",
            "billing", "alert")
        .whereLayer("tax").mayOnlyBeAccessedByLayers("invoice", "catalog", "subscription", "payment", "rating",
            "billing", "alert", "credit")
        .whereLayer("metering").mayOnlyBeAccessedByLayers("catalog", "invoice", "alert", "subscription", "payment",
            "rating", "billing", "credit")
        .whereLayer("pricing").mayOnlyBeAccessedByLayers("catalog", "invoice", "alert", "subscription", "payment",
            "rating", "billing", "credit", "metering", "tax")
        .whereLayer("time").mayOnlyBeAccessedByLayers("pricing", "metering", "tax", "credit", "catalog", "invoice",
            "alert", "subscription", "payment", "rating", "billing")
        .whereLayer("money").mayOnlyBeAccessedByLayers("time", "pricing", "metering", "tax", "credit", "catalog",
            "invoice", "alert", "subscription", "payment", "rating", "billing")
        .allowEmptyShould(true)
        .check(CORE);
  }

  @Test
  void coreDependsOnNoIntegrationOrTestLibrary() {
    noClasses().that().resideInAPackage("dev.billwright..")
        .should().dependOnClassesThat().resideInAnyPackage("org.junit..", "org.assertj..", "org.quicktheories..",
            "java.sql..", "org.postgresql..", "org.apache.kafka..", "com.stripe..", "com.razorpay..")
        .check(CORE);
  }
}

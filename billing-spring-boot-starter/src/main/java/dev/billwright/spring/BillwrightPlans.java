package dev.billwright.spring;

import dev.billwright.catalog.Conventions;
import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanCatalog;
import dev.billwright.catalog.PlanJson;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Publishes the plan documents of {@code billwright.plans} into the plan catalog once every
 * singleton is created: each read with {@code billwright.conventions} as the fallback preset
 * ({@code PlanJson.read(reader, preset)}), in the order of the locations (a pattern's matches in
 * the resolver's order). Publishing is idempotent ({@link PlanCatalog#publish}), so a restart
 * over the same database republishes nothing new; a changed definition of an active version
 * stops the startup with {@link ErrorCode#INVALID_DEFINITION}.
 */
public final class BillwrightPlans implements SmartInitializingSingleton {
  private final List<String> locations;
  private final Optional<Conventions> conventions;
  private final PlanCatalog catalog;
  private final ResourcePatternResolver resources;
  private final List<Plan> published = new ArrayList<>();

  /**
   * Creates the publisher.
   *
   * @param locations the resource locations or patterns, not null, may be empty
   * @param conventions the fallback convention preset, not null, may be empty
   * @param catalog the catalog to publish into, not null
   * @param resources resolves the locations, not null
   * @throws NullPointerException if an argument is null
   */
  public BillwrightPlans(List<String> locations, Optional<Conventions> conventions, PlanCatalog catalog,
      ResourcePatternResolver resources) {
    this.locations = List.copyOf(locations);
    this.conventions = Objects.requireNonNull(conventions, "conventions");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.resources = Objects.requireNonNull(resources, "resources");
  }

  /**
   * Reads and publishes every plan.
   *
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} naming {@code billwright.plans}
   *     if a location matches nothing, or the reader's error naming the document and JSON path of
   *     a bad plan
   * @throws UncheckedIOException if a document cannot be read
   */
  @Override
  public void afterSingletonsInstantiated() {
    for (String location : locations) {
      Resource[] found;
      try {
        found = resources.getResources(location);
      } catch (IOException e) {
        throw new UncheckedIOException("billwright.plans: cannot resolve " + location, e);
      }
      List<Resource> existing = new ArrayList<>();
      for (Resource r : found) {
        if (r.exists()) {
          existing.add(r);
        }
      }
      if (existing.isEmpty()) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "billwright.plans", location,
            "a resource location of at least one plan document");
      }
      for (Resource r : existing) {
        Plan plan = read(r);
        catalog.publish(plan);
        published.add(plan);
      }
    }
  }

  private Plan read(Resource r) {
    String name = Optional.ofNullable(r.getFilename()).orElse(r.getDescription());
    String text;
    try {
      text = r.getContentAsString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("billwright.plans: cannot read " + r.getDescription(), e);
    }
    String lower = name.toLowerCase(Locale.ROOT);
    var node = lower.endsWith(".yaml") || lower.endsWith(".yml") ? Json.parseYaml(text, name) : Json.parse(text, name);
    return PlanJson.read(JsonObjectReader.root(node, name), conventions);
  }

  /**
   * The plans published at startup, in publishing order.
   *
   * @return the plans, never null, unmodifiable
   */
  public List<Plan> published() {
    return List.copyOf(published);
  }
}

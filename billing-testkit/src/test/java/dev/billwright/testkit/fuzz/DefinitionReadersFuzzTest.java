package dev.billwright.testkit.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanJson;
import dev.billwright.error.BillingException;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.memory.InMemoryPlanCatalog;
import dev.billwright.metering.MeterJson;
import dev.billwright.pricing.PriceJson;
import dev.billwright.subscription.SubscriptionJson;
import dev.billwright.testkit.conformance.CaseOutcome;
import dev.billwright.testkit.conformance.ConformanceRunner;
import dev.billwright.testkit.conformance.GstCaseKind;
import dev.billwright.testkit.conformance.InvoiceCaseKind;
import dev.billwright.testkit.conformance.PriceCaseKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes every definition reader (plans as JSON and YAML, meters, prices, subscriptions and their
 * overrides, conformance cases) with hostile documents made from valid seeds, asserting that each
 * input either reads or fails with a {@link BillingException} that has a code, names a JSON path
 * and says what it got; that a reader leaves its input tree unchanged; and that a catalog holds
 * nothing of a rejected document. Inputs are bounded in size ({@link HostileDocuments#MAX_CHARS}),
 * so each takes bounded time; there is no timing assertion.
 */
class DefinitionReadersFuzzTest {
  private static final Path CONFORMANCE = Path.of("..", "conformance");
  /** What a message must contain besides the path: the value it got, or the kind of problem. */
  private static final Pattern SAYS_WHAT = Pattern.compile(
      "got |unknown field|missing required field|malformed document|document is empty");

  static final String PLAN = """
      { "code": "otp-growth", "version": 3, "status": "active", "name": "OTP Growth",
        "effective_from": "2026-04-01T00:00:00+05:30", "currency": "INR",
        "billing": { "cadence": "P1M", "alignment": "calendar", "time_zone": "Asia/Kolkata", "proration": "seconds" },
        "trial": "P14D",
        "charges": [
          { "code": "platform_fee", "name": "Platform fee", "kind": "recurring", "discount_percent": "10",
            "price": { "model": "flat", "amount": "4999.00" }, "tax_code": "SAC:998319" },
          { "code": "otp", "name": "OTP delivery", "kind": "usage", "meter": "otp_sent",
            "filters": { "status": ["delivered"] }, "group_by": ["country", "channel"],
            "quantity_transform": { "divide_by": "1000", "round": "up" },
            "price": { "model": "matrix", "dimensions": ["country", "channel"],
              "cells": [
                { "when": { "country": "IN", "channel": "sms" }, "price": { "model": "per_unit", "unit_price": "0.18" } },
                { "when": { "country": "IN" }, "price": "0.12" } ],
              "default": { "model": "per_unit", "unit_price": "2.50" } },
            "prices": { "USD": { "price": { "model": "per_unit", "unit_price": "0.004" } } },
            "minimum": "100.00", "tax_code": "SAC:998319" },
          { "code": "calls", "kind": "usage", "meter": "calls",
            "price": { "model": "graduated", "tiers": [ { "up_to": "1000", "unit_price": "0.01" },
              { "up_to": null, "unit_price": "0.005", "flat_fee": "1" } ] } } ],
        "minimum_commitment": { "amount": "5000.00" },
        "rounding": { "mode": "half_even" } }
      """;

  static final String SUBSCRIPTION = """
      {"id": "sub_1", "customer": "cus_1", "plan": {"code": "otp-growth", "version": 3},
       "overrides": {"discounts": {"otp": "10"},
                     "prices": {"platform_fee": {"price": {"model": "flat", "amount": "3999"}}}},
       "start": "2026-10-01T00:00:00+05:30", "seats": "3", "currency": "INR",
       "changes": [
         {"id": "chg_1", "kind": "upgrade", "requested_at": "2026-10-16T00:00:00+05:30", "timing": "immediate",
          "plan": {"code": "otp-scale", "version": 1}},
         {"id": "chg_2", "kind": "quantity", "requested_at": "2026-10-20T00:00:00+05:30", "timing": "at_period_end",
          "seats": "5"}],
       "metadata": {"crm_id": "42"}}
      """;

  private static List<JsonNode> cases(String kind) {
    try (Stream<Path> files = Files.list(CONFORMANCE.resolve(kind))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().map(Json::readFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<JsonNode> plans() {
    List<JsonNode> out = new ArrayList<>();
    out.add(Json.parse(PLAN, "plan"));
    cases("invoice").forEach(c -> out.add(c.get("plan")));
    return out;
  }

  /** Asserts the outcome of reading one input: success, or a well-formed billing error. */
  private static void readsOrNamesTheProblem(HostileDocuments.Input input, Function<JsonNode, ?> reader) {
    JsonNode tree;
    try {
      tree = input.yaml() ? Json.parseYaml(input.text(), "fuzz.yaml") : Json.parse(input.text(), "fuzz.json");
    } catch (BillingException e) {
      assertWellFormed(e, input);
      return;
    }
    JsonNode before = tree.deepCopy();
    try {
      reader.apply(tree);
    } catch (BillingException e) {
      assertWellFormed(e, input);
    }
    assertThat(tree).as("the reader left its input unchanged").isEqualTo(before);
  }

  private static void assertWellFormed(BillingException e, HostileDocuments.Input input) {
    assertThat(e.code()).as("code of %s", e.getMessage()).isNotNull();
    assertThat(e.getMessage()).as("the error names a JSON path; input %s", input).contains("$");
    assertThat(SAYS_WHAT.matcher(e.getMessage()).find())
        .as("the error says what it got: %s; input %s", e.getMessage(), input).isTrue();
  }

  @Test
  void planReadersReadOrNameTheProblem() {
    qt().withExamples(1500).forAll(HostileDocuments.from(plans(), true))
        .checkAssert(input -> readsOrNamesTheProblem(input, n -> PlanJson.read(n, "fuzz")));
  }

  @Test
  void aCatalogHoldsNothingOfARejectedPlan() {
    Plan published = PlanJson.read(Json.parse(PLAN, "plan"), "plan");
    ObjectNode draft = (ObjectNode) Json.parse(PLAN, "plan");
    draft.put("version", 4);
    draft.put("status", "draft");
    qt().withExamples(500).forAll(HostileDocuments.from(List.of(draft), true)).checkAssert(input -> {
      InMemoryPlanCatalog catalog = InMemoryPlanCatalog.of(List.of(published));
      List<Plan> before = catalog.versions("otp-growth");
      Plan read;
      try {
        read = PlanJson.read(input.yaml() ? Json.parseYaml(input.text(), "f") : Json.parse(input.text(), "f"), "f");
        catalog.publish(read);
      } catch (BillingException e) {
        assertWellFormed(e, input);
        assertThat(catalog.versions("otp-growth")).isEqualTo(before);
        return;
      }
      assertThat(catalog.find(read.code(), read.version())).contains(read);
      assertThat(catalog.find("otp-growth", 3)).contains(published);
    });
  }

  @Test
  void meterReaderReadsOrNamesTheProblem() {
    List<JsonNode> meters = new ArrayList<>();
    cases("invoice").forEach(c -> c.get("meters").forEach(meters::add));
    meters.add(Json.parse("{\"code\": \"otp_sent\", \"event_type\": \"otp.sent\", \"aggregation\": \"weighted_sum\","
        + " \"value_property\": \"n\", \"filters\": {\"status\": [\"delivered\"]}, \"group_by\": [\"country\"]}", "m"));
    qt().withExamples(800).forAll(HostileDocuments.from(meters, true)).checkAssert(input ->
        readsOrNamesTheProblem(input, n -> {
          JsonObjectReader r = JsonObjectReader.root(n, "fuzz");
          Object meter = MeterJson.read(r);
          r.end();
          return meter;
        }));
  }

  @Test
  void priceReaderReadsOrNamesTheProblem() {
    List<JsonNode> prices = new ArrayList<>();
    cases("price").forEach(c -> prices.add(c.get("price")));
    Json.parse(PLAN, "plan").get("charges").forEach(c -> prices.add(c.get("price")));
    qt().withExamples(800).forAll(HostileDocuments.from(prices, true)).checkAssert(input ->
        readsOrNamesTheProblem(input, n -> {
          JsonObjectReader r = JsonObjectReader.root(n, "fuzz");
          Object price = PriceJson.read(r);
          r.end();
          return price;
        }));
  }

  @Test
  void subscriptionReaderReadsOrNamesTheProblem() {
    qt().withExamples(1000).forAll(HostileDocuments.from(List.of(Json.parse(SUBSCRIPTION, "s")), true))
        .checkAssert(input -> readsOrNamesTheProblem(input,
            n -> SubscriptionJson.read(JsonObjectReader.root(n, "fuzz"))));
  }

  @Test
  void conformanceCasesPassFailOrSkipWithABillingError(@TempDir Path dir) {
    List<JsonNode> seeds = new ArrayList<>();
    seeds.addAll(cases("invoice"));
    seeds.addAll(cases("price"));
    seeds.addAll(cases("gst"));
    ConformanceRunner runner = new ConformanceRunner(
        List.of(new PriceCaseKind(), new GstCaseKind(), new InvoiceCaseKind()), null);
    Path file = dir.resolve("case.json");
    qt().withExamples(400).forAll(HostileDocuments.from(seeds, false)).checkAssert(input -> {
      try {
        // getBytes replaces a lone surrogate (which no UTF-8 file can hold) with '?'
        Files.write(file, input.text().getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      CaseOutcome outcome = runner.runCase(file);
      if (outcome.status() == CaseOutcome.Status.FAIL) {
        // a rejected case reports a billing error code; a mismatch reports expected and actual.
        // The path is a reader's ($.…) or, for an input the price itself refuses (a dynamic
        // price's event without its amount property), BillingException's "field 'PATH'"
        assertThat(outcome.message())
            .as("input %s", input)
            .matches(m -> m.matches("(?s)[a-z_]+\\.[a-z_]+: .*(\\$|field '[a-z_\\[\\]0-9.]+').*")
                || m.contains("expected "), "a billing error naming a path, or a mismatch")
            .doesNotStartWith("java.");
      }
    });
  }

  @Test
  void yamlTreesWithoutAliasesAreJacksonsTrees() {
    // the alias-resolving YAML reader types every scalar as Jackson's own tree reader does
    com.fasterxml.jackson.databind.ObjectMapper jackson = com.fasterxml.jackson.dataformat.yaml.YAMLMapper.builder()
        .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
        .build();
    List<JsonNode> seeds = new ArrayList<>(plans());
    seeds.add(Json.parse(SUBSCRIPTION, "s"));
    qt().withExamples(500).forAll(HostileDocuments.from(seeds, true)).checkAssert(input -> {
      if (!input.yaml() || input.text().contains("*") || input.text().contains("&")) {
        return;
      }
      JsonNode theirs;
      try {
        theirs = jackson.readTree(input.text().startsWith("\uFEFF") ? input.text().substring(1) : input.text());
      } catch (IOException | RuntimeException e) {
        return;
      }
      if (theirs == null || theirs.isMissingNode()) {
        return;
      }
      JsonNode ours;
      try {
        ours = Json.parseYaml(input.text(), "y");
      } catch (BillingException e) {
        // ours is stricter only for non-finite numbers and content after the document
        assertThat(e.getMessage()).containsAnyOf("finite", "second YAML document");
        return;
      }
      assertThat(ours).isEqualTo(theirs);
    });
  }
}

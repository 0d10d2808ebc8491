package dev.billwright.billing;

import dev.billwright.rating.UsageSource;
import dev.billwright.rating.SubscriptionUsage;
import dev.billwright.rating.SubscriptionUsageAggregator;
import dev.billwright.rating.UsageBinding;
import dev.billwright.rating.Accounts;
import static dev.billwright.billing.BillingFixtures.usd;
import static dev.billwright.billing.UsageBindingTest.METERS;
import static dev.billwright.billing.UsageBindingTest.PER_CALL;
import static dev.billwright.billing.UsageBindingTest.all;
import static dev.billwright.billing.UsageBindingTest.at;
import static dev.billwright.billing.UsageBindingTest.events;
import static dev.billwright.billing.UsageBindingTest.plan;
import static dev.billwright.billing.UsageBindingTest.sub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.billing.BillingFixtures.MapCatalog;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.metering.UsageEvent;
import dev.billwright.subscription.Subscription;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Account hierarchies: child accounts' and alias ids' usage rolls up to the billing account's
 * subscriptions. Before {@link Accounts}, an event binds only to subscriptions of its own
 * customer id, so every event of a child or an alias below was unclaimed.
 */
class AccountsTest {
  static final String MONTHLY = "{\"cadence\":\"P1M\",\"alignment\":\"calendar\",\"time_zone\":\"UTC\"}";
  static final MapCatalog CATALOG = new MapCatalog(plan("monthly", MONTHLY, PER_CALL));
  static final Instant NOV = at("2026-11-01T00:00:00Z");

  /** acme (billing) → acme_eu → acme_eu_de; acme_us; alias ACME-LEGACY of acme, EU-OLD of acme_eu. */
  static final Accounts ACME = Accounts.NONE.withChildren("acme", List.of("acme_eu", "acme_us"))
      .withChildren("acme_eu", List.of("acme_eu_de")).withAliases("acme", List.of("ACME-LEGACY"))
      .withAliases("acme_eu", List.of("EU-OLD"));

  static SubscriptionUsage aggregate(List<Subscription> subs, Accounts accounts, List<UsageEvent> events) {
    return SubscriptionUsageAggregator.of(subs, CATALOG, METERS, NOV).withAccounts(accounts).aggregate(events);
  }

  // ------------------------------------------------------------------ the hierarchy value

  @Test
  void billingAccountIsTheRootAndAliasesNameTheirAccount() {
    assertThat(ACME.billingAccountOf("acme_eu_de")).isEqualTo("acme");
    assertThat(ACME.billingAccountOf("EU-OLD")).isEqualTo("acme");
    assertThat(ACME.billingAccountOf("someone")).isEqualTo("someone");
    assertThat(ACME.accountOf("EU-OLD")).isEqualTo("acme_eu");
    assertThat(ACME.parentOf("acme_eu_de")).contains("acme_eu");
    assertThat(ACME.parentOf("acme")).isEmpty();
    assertThat(ACME.rollsUpTo("acme_eu_de", "acme_eu")).isTrue();
    assertThat(ACME.rollsUpTo("acme_eu", "acme_eu_de")).isFalse();
    assertThat(ACME.rollsUpTo("acme_us", "acme_eu")).isFalse();
    assertThat(ACME.withChildren("acme", List.of("acme_eu"))).isEqualTo(ACME); // adding again changes nothing
  }

  @Test
  void aCycleIsRefusedNamingTheField() {
    assertThatThrownBy(() -> ACME.withChildren("acme_eu_de", List.of("x", "acme")))
        .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE))
        .hasMessageContaining("accounts[acme_eu_de].children[1]").hasMessageContaining("cycle");
    assertThatThrownBy(() -> Accounts.NONE.withChildren("a", List.of("a")))
        .hasMessageContaining("accounts[a].children[0]").hasMessageContaining("cycle");
  }

  @Test
  void anAccountRollsUpToOneBillingAccount() {
    assertThatThrownBy(() -> ACME.withChildren("acme_us", List.of("acme_eu_de")))
        .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE))
        .hasMessageContaining("accounts[acme_us].children[0]").hasMessageContaining("child of acme_eu");
    assertThatThrownBy(() -> ACME.withAliases("acme_us", List.of("EU-OLD")))
        .hasMessageContaining("accounts[acme_us].aliases[0]").hasMessageContaining("alias of acme_eu");
  }

  @Test
  void anAliasIsNeverAnAccount() {
    assertThatThrownBy(() -> ACME.withAliases("acme", List.of("acme_us")))
        .hasMessageContaining("accounts[acme].aliases[0]").hasMessageContaining("not an account of the hierarchy");
    assertThatThrownBy(() -> ACME.withChildren("acme_us", List.of("ACME-LEGACY")))
        .hasMessageContaining("accounts[acme_us].children[0]").hasMessageContaining("alias of acme");
    assertThatThrownBy(() -> ACME.withChildren("EU-OLD", List.of("z")))
        .hasMessageContaining("accounts[EU-OLD]").hasMessageContaining("not an alias");
    assertThatThrownBy(() -> ACME.withAliases("acme", List.of(" ")))
        .hasMessageContaining("accounts[acme].aliases[0]").hasMessageContaining("non-blank");
  }

  @Test
  void aSubscriptionForAnAliasIsRefused() {
    Subscription s = sub("sub_x", "EU-OLD", "monthly", "2026-10-01T00:00:00Z").build();
    assertThatThrownBy(() -> aggregate(List.of(s), ACME, List.of()))
        .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE))
        .hasMessageContaining("accounts[acme_eu].aliases").hasMessageContaining("EU-OLD")
        .hasMessageContaining("sub_x");
  }

  // ------------------------------------------------------------------ binding through the hierarchy

  /** Before: 2 + 3 + 4 events of acme_eu_de, acme_us and ACME-LEGACY were unclaimed, billed 0.00. */
  @Test
  void childAndAliasUsageIsBilledToTheBillingAccountsSubscription() {
    Subscription parent = sub("sub_acme", "acme", "monthly", "2026-10-01T00:00:00Z").build();
    List<UsageEvent> events = all(events("own", "acme", null, "2026-10-05T00:00:00Z", 1),
        events("de", "acme_eu_de", null, "2026-10-06T00:00:00Z", 2),
        events("us", "acme_us", null, "2026-10-07T00:00:00Z", 3),
        events("legacy", "ACME-LEGACY", "sub_acme", "2026-10-08T00:00:00Z", 4));

    SubscriptionUsage without = aggregate(List.of(parent), Accounts.NONE, events);
    assertThat(without.eventsBilled()).isEqualTo(1);
    assertThat(without.unclaimed().events()).isEqualTo(9);

    SubscriptionUsage with = aggregate(List.of(parent), ACME, events);
    assertThat(with.eventsBilled()).isEqualTo(10);
    assertThat(with.unclaimed().isEmpty()).isTrue();
    UsageBindingTest.Billed b = UsageBindingTest.bill(CATALOG, List.of(parent), UsageSource.of(with), NOV);
    assertThat(b.result().failures()).isEmpty();
    // 1 + 2 + 3 + 4 = 10 calls × 0.10 = 1.00 on the billing account's one subscription
    assertThat(b.quantity("sub_acme")).isEqualByComparingTo("10");
    assertThat(b.usage("sub_acme")).isEqualTo(usd("1.00"));
  }

  @Test
  void aChildsOwnSubscriptionKeepsItsUsageNearestFirst() {
    Subscription parent = sub("sub_acme", "acme", "monthly", "2026-10-01T00:00:00Z").build();
    Subscription eu = sub("sub_eu", "acme_eu", "monthly", "2026-10-15T00:00:00Z").build();
    List<UsageEvent> events = all(
        events("eu_named", "acme_eu", "sub_eu", "2026-10-20T00:00:00Z", 2), // names its own subscription
        events("eu_open", "acme_eu", null, "2026-10-20T01:00:00Z", 3), // nearest: acme_eu's own
        events("de_open", "acme_eu_de", null, "2026-10-20T02:00:00Z", 4), // nearest ancestor: acme_eu
        events("eu_early", "EU-OLD", null, "2026-10-10T00:00:00Z", 5), // before sub_eu starts: up to acme
        events("de_to_parent", "acme_eu_de", "sub_acme", "2026-10-21T00:00:00Z", 6)); // names an ancestor's
    SubscriptionUsage u = aggregate(List.of(parent, eu), ACME, events);
    UsageBindingTest.Billed b = UsageBindingTest.bill(CATALOG, List.of(parent, eu), UsageSource.of(u), NOV);
    assertThat(b.result().failures()).isEmpty();
    assertThat(b.quantity("sub_eu")).isEqualByComparingTo("9"); // 2 + 3 + 4
    assertThat(b.quantity("sub_acme")).isEqualByComparingTo("11"); // 5 + 6
    assertThat(u.unclaimed().isEmpty()).isTrue();
    assertThat(u.eventsBilled()).isEqualTo(20);
  }

  /** Usage never rolls down or sideways: the parent's and a sibling's events naming sub_eu are unclaimed. */
  @Test
  void usageDoesNotRollDownOrSidewaysAndUnclaimedNamesTheOriginalCustomer() {
    Subscription eu = sub("sub_eu", "acme_eu", "monthly", "2026-10-01T00:00:00Z").build();
    List<UsageEvent> events = all(events("p", "acme", "sub_eu", "2026-10-05T00:00:00Z", 1),
        events("s", "acme_us", "sub_eu", "2026-10-05T00:00:00Z", 2),
        events("open", "acme_us", null, "2026-10-05T00:00:00Z", 3),
        events("alias_late", "EU-OLD", null, "2026-11-02T00:00:00Z", 4)); // after the run's horizon
    SubscriptionUsage u = aggregate(List.of(eu), ACME, events);
    assertThat(u.eventsBilled()).isZero();
    assertThat(u.unclaimed().counts()).isEqualTo(Map.of("acme", Map.of("calls", 1L), "acme_us",
        Map.of("calls", 5L), "EU-OLD", Map.of("calls", 4L)));
    assertThat(u.eventsBilled() + u.unclaimed().events() + u.unclaimed().ambiguous().size() + u.rejected())
        .isEqualTo(u.eventsRead()).isEqualTo(10);
  }

  @Test
  void severalCandidatesAtOneLevelAreDecidedByTheBindingRule() {
    Subscription a = sub("sub_a", "acme", "monthly", "2026-10-01T00:00:00Z").build();
    Subscription b = sub("sub_b", "acme", "monthly", "2026-10-01T00:00:00Z").build();
    List<UsageEvent> events = events("de", "acme_eu_de", null, "2026-10-05T00:00:00Z", 2);
    SubscriptionUsage u = aggregate(List.of(a, b), ACME, events);
    assertThat(u.unclaimed().ambiguous()).extracting(x -> x.candidates()).containsOnly(List.of("sub_a", "sub_b"));
    SubscriptionUsage chosen = SubscriptionUsageAggregator.of(List.of(a, b), CATALOG, METERS, NOV).withAccounts(ACME)
        .withBinding(UsageBinding.explicit((e, ids) -> java.util.Optional.of("sub_b"))).aggregate(events);
    assertThat(chosen.eventsBilled()).isEqualTo(2);
    assertThat(chosen.unclaimed().isEmpty()).isTrue();
  }
}

package dev.billwright.rating;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An account hierarchy: accounts with child accounts (to any depth) and alias ids, whose usage
 * rolls up to a billing account (the root of the account's tree). Immutable; built with
 * {@link #withChildren} and {@link #withAliases}, each of which validates the whole hierarchy.
 *
 * <p>Rules, each checked when an id is added: an id is a child of at most one account (so it
 * rolls up to one billing account), a child is never its own ancestor (no cycles), an alias names
 * one account and is not itself an account (a parent or a child) or the alias of another, and no
 * id is blank.
 *
 * <p>How {@link SubscriptionUsageAggregator#withAccounts} uses it to bind an event: the event's
 * customer id is read as its account ({@link #accountOf}: an alias is its account's id), then
 * that account's subscriptions are the candidates; when none of them meters the event at its
 * time, its parent's are, and so on up to the billing account (nearest first). An event naming a
 * subscription binds to it when that subscription is for its account or one of the account's
 * ancestors. Kill Bill's parent and child accounts likewise keep a child's own subscriptions on
 * the child and invoice the parent for them; {@link dev.billwright.billing.BillRun#consolidating} bills a billing account's
 * subscriptions and its children's on one invoice per period.
 */
public final class Accounts {
  /** No hierarchy: every customer id is its own billing account, and nothing rolls up. */
  public static final Accounts NONE = new Accounts(Map.of(), Map.of());

  /** Child account id → its parent account id. */
  private final Map<String, String> parents;
  /** Alias id → the account id it names. */
  private final Map<String, String> aliases;

  private Accounts(Map<String, String> parents, Map<String, String> aliases) {
    this.parents = Collections.unmodifiableMap(new TreeMap<>(parents));
    this.aliases = Collections.unmodifiableMap(new TreeMap<>(aliases));
  }

  /**
   * Returns a copy in which the given ids are child accounts of an account. Adding a child the
   * account already has is allowed (and changes nothing).
   *
   * @param accountId the parent account id, not blank, not an alias
   * @param childIds the child account ids, not null, none blank
   * @return the copy, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} naming the field
   *     ({@code accounts[ID].children[i]}) if an id is blank, the account or a child is an alias,
   *     a child is already the child of another account, or a child is the account itself or one
   *     of its ancestors (a cycle); nothing is added then
   */
  public Accounts withChildren(String accountId, List<String> childIds) {
    requireId("accounts", accountId);
    requireNotAlias("accounts[" + accountId + "]", accountId);
    Map<String, String> next = new TreeMap<>(parents);
    for (int i = 0; i < childIds.size(); i++) {
      String field = "accounts[" + accountId + "].children[" + i + "]";
      String child = childIds.get(i);
      requireId(field, child);
      requireNotAlias(field, child);
      String parent = next.get(child);
      if (parent != null && !parent.equals(accountId)) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, field, child,
            "an account that is not the child of another account (it is a child of " + parent
                + "): an account rolls up to one billing account");
      }
      for (String up = accountId; up != null; up = next.get(up)) {
        if (up.equals(child)) {
          throw BillingException.invalid(ErrorCode.INVALID_VALUE, field, child,
              "an account that is not " + accountId + " or one of its ancestors (a cycle)");
        }
      }
      next.put(child, accountId);
    }
    return new Accounts(next, aliases);
  }

  /**
   * Returns a copy in which the given ids are aliases of an account: an event whose customer is
   * an alias binds as the account's own would. Adding an alias the account already has is
   * allowed.
   *
   * @param accountId the account id, not blank, not an alias
   * @param aliasIds the alias ids, not null, none blank
   * @return the copy, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} naming the field
   *     ({@code accounts[ID].aliases[i]}) if an id is blank, the account is an alias, an alias is
   *     the account itself, an account of the hierarchy, or already an alias of another account;
   *     nothing is added then
   */
  public Accounts withAliases(String accountId, List<String> aliasIds) {
    requireId("accounts", accountId);
    requireNotAlias("accounts[" + accountId + "]", accountId);
    Map<String, String> next = new TreeMap<>(aliases);
    for (int i = 0; i < aliasIds.size(); i++) {
      String field = "accounts[" + accountId + "].aliases[" + i + "]";
      String alias = aliasIds.get(i);
      requireId(field, alias);
      if (alias.equals(accountId) || parents.containsKey(alias) || parents.containsValue(alias)) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, field, alias,
            "an id that is not an account of the hierarchy");
      }
      String owner = next.get(alias);
      if (owner != null && !owner.equals(accountId)) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, field, alias,
            "an id that is not already an alias of another account (it is an alias of " + owner + ")");
      }
      next.put(alias, accountId);
    }
    return new Accounts(parents, next);
  }

  /**
   * The account an id names: the account of an alias, else the id itself.
   *
   * @param customerId a customer id, not null
   * @return the account id, never null
   */
  public String accountOf(String customerId) {
    return aliases.getOrDefault(Objects.requireNonNull(customerId, "customerId"), customerId);
  }

  /**
   * The parent of an account.
   *
   * @param accountId an account id (not an alias), not null
   * @return the parent account id, or empty for a billing account (or an id not in the hierarchy)
   */
  public Optional<String> parentOf(String accountId) {
    return Optional.ofNullable(parents.get(Objects.requireNonNull(accountId, "accountId")));
  }

  /**
   * The billing account an id rolls up to: the root of its account's tree.
   *
   * @param customerId a customer id or alias, not null
   * @return the billing account id (the id's own account when it has no parent), never null
   */
  public String billingAccountOf(String customerId) {
    String account = accountOf(customerId);
    for (String up = parents.get(account); up != null; up = parents.get(up)) {
      account = up;
    }
    return account;
  }

  /**
   * Whether an id rolls up to an account: its account is that account or one of its descendants.
   *
   * @param customerId a customer id or alias, not null
   * @param accountId an account id, not null
   * @return true if usage of customerId may be billed to accountId's subscriptions
   */
  public boolean rollsUpTo(String customerId, String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    for (String up = accountOf(customerId); up != null; up = parents.get(up)) {
      if (up.equals(accountId)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether an id is an alias.
   *
   * @param id an id, not null
   * @return true if it is an alias of some account
   */
  public boolean isAlias(String id) {
    return aliases.containsKey(id);
  }

  /**
   * Every child account and its parent, in child id order.
   *
   * @return child id → parent id, unmodifiable, never null
   */
  public Map<String, String> parents() {
    return parents;
  }

  /**
   * Every alias and its account, in alias order.
   *
   * @return alias → account id, unmodifiable, never null
   */
  public Map<String, String> aliases() {
    return aliases;
  }

  /** Whether the hierarchy is empty (as {@link #NONE}). */
  boolean isEmpty() {
    return parents.isEmpty() && aliases.isEmpty();
  }

  /** Package access for the parent of an account, without allocation; null at a root. */
  String parentOrNull(String accountId) {
    return parents.get(accountId);
  }

  /** Refuses an alias where an account id is expected, naming the field. */
  private void requireNotAlias(String field, String id) {
    if (aliases.containsKey(id)) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, field, id,
          "an account id, not an alias (it is an alias of " + aliases.get(id) + ")");
    }
  }

  private static void requireId(String field, String id) {
    if (id == null || id.isBlank()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, field, id, "a non-blank account id");
    }
  }

  /**
   * Equal when both hold the same children and aliases.
   *
   * @param o the other object
   * @return whether equal
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof Accounts a && a.parents.equals(parents) && a.aliases.equals(aliases);
  }

  /**
   * A hash of the children and aliases.
   *
   * @return the hash
   */
  @Override
  public int hashCode() {
    return Objects.hash(parents, aliases);
  }

  /**
   * The children and aliases, for diagnostics.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return "Accounts{parents=" + parents + ", aliases=" + aliases + "}";
  }
}

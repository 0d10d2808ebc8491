package dev.billwright.subscription;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.util.List;

/**
 * A {@link BillingException} with {@link ErrorCode#INVALID_SUBSCRIPTION} carrying every problem
 * {@link SubscriptionValidator} found in one subscription; the message lists them all, one per
 * line after the first, in the order of {@link #problems()}.
 */
public final class InvalidSubscriptionException extends BillingException {
  private static final long serialVersionUID = 1L;

  /** The subscription id. */
  private final String subscriptionId;
  /** The problems, not empty. */
  private final transient List<SubscriptionProblem> problems;

  /**
   * Creates the exception.
   *
   * @param subscriptionId the id of the invalid subscription, not null
   * @param problems every problem found, not empty
   * @throws IllegalArgumentException if there is no problem
   */
  public InvalidSubscriptionException(String subscriptionId, List<SubscriptionProblem> problems) {
    super(ErrorCode.INVALID_SUBSCRIPTION, message(subscriptionId, problems));
    this.subscriptionId = subscriptionId;
    this.problems = List.copyOf(problems);
  }

  private static String message(String subscriptionId, List<SubscriptionProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid subscription has at least one problem");
    }
    StringBuilder b = new StringBuilder("subscription ").append(subscriptionId).append(" has ")
        .append(problems.size()).append(problems.size() == 1 ? " problem:" : " problems:");
    for (SubscriptionProblem p : problems) {
      b.append("\n  ").append(p.message());
    }
    return b.toString();
  }

  /**
   * Returns the id of the invalid subscription.
   *
   * @return the id, never null
   */
  public String subscriptionId() {
    return subscriptionId;
  }

  /**
   * Returns every problem found, in the validator's order.
   *
   * @return the problems, never empty
   */
  public List<SubscriptionProblem> problems() {
    return problems;
  }
}

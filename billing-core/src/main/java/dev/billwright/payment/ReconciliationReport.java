package dev.billwright.payment;

import dev.billwright.money.Money;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The result of matching provider payments to what Billwright expected.
 *
 * @param matched expectations met exactly (by one payment, or by partial payments that add up)
 * @param amountMismatches expectations whose matched payments add up to another amount
 * @param duplicates provider payments beyond the one that met an expectation (collected twice),
 *     and rows that repeat a reference already seen
 * @param unmatchedProvider provider payments that match no expectation
 * @param unmatchedExpected expectations no provider payment matches
 */
public record ReconciliationReport(List<Match> matched, List<Mismatch> amountMismatches, List<Duplicate> duplicates,
    List<ProviderPayment> unmatchedProvider, List<ExpectedPayment> unmatchedExpected) {
  /**
   * Copies the lists.
   *
   * @param matched see the record component
   * @param amountMismatches see the record component
   * @param duplicates see the record component
   * @param unmatchedProvider see the record component
   * @param unmatchedExpected see the record component
   */
  public ReconciliationReport {
    matched = List.copyOf(matched);
    amountMismatches = List.copyOf(amountMismatches);
    duplicates = List.copyOf(duplicates);
    unmatchedProvider = List.copyOf(unmatchedProvider);
    unmatchedExpected = List.copyOf(unmatchedExpected);
  }

  /**
   * An expectation met by provider payments.
   *
   * @param expected the expectation
   * @param payments the payments that met it, oldest first
   */
  public record Match(ExpectedPayment expected, List<ProviderPayment> payments) {}

  /**
   * An expectation whose payments add up to another amount.
   *
   * @param expected the expectation
   * @param payments the payments matched to it
   * @param received Σ their amounts (in the expected currency when they share it)
   * @param difference received − expected (zero-currency mismatches carry the received amount)
   */
  public record Mismatch(ExpectedPayment expected, List<ProviderPayment> payments, Money received, Money difference) {}

  /**
   * A payment that should not have happened.
   *
   * @param payment the extra payment
   * @param reason {@code collected_twice} (a second payment for an expectation already met) or
   *     {@code repeated_reference} (the provider report lists the same payment twice)
   * @param expected the expectation it duplicates, or null for a repeated row with no match
   */
  public record Duplicate(ProviderPayment payment, String reason, @Nullable ExpectedPayment expected) {}

  /**
   * Returns whether everything matched.
   *
   * @return true when there is nothing to look at
   */
  public boolean clean() {
    return amountMismatches.isEmpty() && duplicates.isEmpty() && unmatchedProvider.isEmpty()
        && unmatchedExpected.isEmpty();
  }
}

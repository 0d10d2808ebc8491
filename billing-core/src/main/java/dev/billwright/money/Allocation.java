package dev.billwright.money;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Splits an amount over weights so that the parts add up to exactly the amount: no minor unit is
 * lost or invented.
 *
 * <p>The method is the largest-remainder (Hamilton) method: each part first gets the floor of
 * its exact share in minor units; the units left over go one each to the parts with the largest
 * fractional remainders; ties go to the earlier weight. So {@code INR 0.05} over three equal
 * weights is {@code 0.02, 0.02, 0.01}. Negative amounts are split as their absolute value and
 * negated, so every part has the sign of the total.
 */
public final class Allocation {
  private Allocation() {}

  /**
   * Splits an amount over weights.
   *
   * @param total the amount to split, not null; must already be at the policy's scale (round it
   *     first, through the policy, if it is exact)
   * @param weights the weights, not null, not empty, each at least 0 and not all 0
   * @param policy the policy that gives the minor unit of the parts, not null
   * @return one part per weight, in order, each at the policy's scale, summing exactly to total
   * @throws BillingException with {@link ErrorCode#INVALID_ALLOCATION_WEIGHTS} for empty,
   *     negative or all-zero weights, or {@link ErrorCode#AMOUNT_NOT_AT_SCALE} if total is not a
   *     whole number of the policy's units
   */
  public static List<Money> allocate(Money total, List<BigDecimal> weights, RoundingPolicy policy) {
    if (weights == null || weights.isEmpty()) {
      throw BillingException.invalid(ErrorCode.INVALID_ALLOCATION_WEIGHTS, "weights", weights,
          "at least one weight");
    }
    BigDecimal weightSum = BigDecimal.ZERO;
    for (int i = 0; i < weights.size(); i++) {
      BigDecimal w = weights.get(i);
      Decimals.checkBounds(w, "weights[" + i + "]");
      if (w.signum() < 0) {
        throw BillingException.invalid(ErrorCode.INVALID_ALLOCATION_WEIGHTS, "weights[" + i + "]", w,
            "a weight of zero or more");
      }
      weightSum = weightSum.add(w);
    }
    if (weightSum.signum() == 0) {
      throw BillingException.invalid(ErrorCode.INVALID_ALLOCATION_WEIGHTS, "weights", weights,
          "weights that are not all zero");
    }
    BigDecimal unit = policy.unit(total.currency());
    BigDecimal unitsExact = total.amount().abs().divide(unit);
    BigInteger units;
    try {
      units = unitsExact.toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw BillingException.invalid(ErrorCode.AMOUNT_NOT_AT_SCALE, "total", total,
          "an amount that is a whole number of " + unit.toPlainString()
              + " (round it with the rounding policy first)");
    }
    int n = weights.size();
    BigInteger[] parts = new BigInteger[n];
    BigDecimal[] remainders = new BigDecimal[n];
    BigInteger given = BigInteger.ZERO;
    BigDecimal unitsDecimal = new BigDecimal(units);
    for (int i = 0; i < n; i++) {
      // exact share = units * w / W, as integer quotient and remainder (numerator over W)
      BigDecimal numerator = unitsDecimal.multiply(weights.get(i));
      BigDecimal[] qr = numerator.divideAndRemainder(weightSum);
      parts[i] = qr[0].toBigIntegerExact();
      remainders[i] = qr[1];
      given = given.add(parts[i]);
    }
    int leftover = units.subtract(given).intValueExact();
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    // Largest remainder first; ties to the earlier index (stable sort keeps index order).
    Arrays.sort(order, (a, b) -> remainders[b].compareTo(remainders[a]));
    for (int k = 0; k < leftover; k++) {
      parts[order[k]] = parts[order[k]].add(BigInteger.ONE);
    }
    boolean negative = total.isNegative();
    List<Money> result = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      BigDecimal amount = new BigDecimal(parts[i]).multiply(unit);
      result.add(Money.of(total.currency(), negative ? amount.negate() : amount));
    }
    return Collections.unmodifiableList(result);
  }
}

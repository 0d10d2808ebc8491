package dev.billwright.pricing;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * One tier of a {@link GraduatedPrice}, {@link VolumePrice} or {@link StairstepPrice}.
 *
 * <p>{@code upTo} is a cumulative, inclusive upper bound (plan format, version 1, as Stripe's
 * {@code up_to} and OpenMeter's {@code upToAmount}): a quantity equal to it stays in this tier.
 * The bounds of a tier list are checked by the price that holds it.
 *
 * <p>A tier priced per block (plan format 1.1: {@code block_size}, {@code block_price} instead
 * of {@code unit_price}) rounds the units that fall in it up to whole blocks of
 * {@code blockSize} and bills each block {@code blockPrice}, as Kill Bill's tiered blocks
 * ({@code TieredBlock} with {@code size} and {@code prices}) do: 250 units in a tier of blocks
 * of 100 at 1.50 are 3 blocks, 4.50. With {@code blockSize = 1} and {@code blockPrice =
 * unitPrice} a block tier bills exactly what the unit tier bills.
 *
 * @param upTo the inclusive cumulative upper bound, greater than zero, or null for unbounded
 *     (only the last tier)
 * @param unitPrice the price per unit in this tier in major units, zero or more, at most 12
 *     decimals (null means zero); zero when the tier is priced per block
 * @param flatFee the fee billed once when the tier is reached, in major units, zero or more, at
 *     most 12 decimals (null means zero)
 * @param blockSize the units in one block, greater than zero, or null when the tier is priced
 *     per unit; given exactly when {@code blockPrice} is
 * @param blockPrice the price of one block in major units, zero or more, at most 12 decimals, or
 *     null when the tier is priced per unit
 */
public record Tier(@Nullable BigDecimal upTo, BigDecimal unitPrice, BigDecimal flatFee, @Nullable BigDecimal blockSize,
    @Nullable BigDecimal blockPrice) {
  /**
   * Validates and canonicalises the fields.
   *
   * @param upTo the bound, greater than zero, or null
   * @param unitPrice the unit price, zero or more; null means zero
   * @param flatFee the flat fee, zero or more; null means zero
   * @param blockSize the block size, greater than zero, or null
   * @param blockPrice the block price, zero or more, or null
   * @throws dev.billwright.error.BillingException if a value is negative, out of bounds or a
   *     price has more than 12 decimals; {@link ErrorCode#INVALID_TIERS} if only one of
   *     {@code block_size} and {@code block_price} is given, or a block tier also has a non-zero
   *     {@code unit_price}
   */
  public Tier {
    upTo = upTo == null ? null : PriceChecks.positive(upTo, "up_to");
    unitPrice = PriceChecks.priceOrZero(unitPrice, "unit_price");
    flatFee = PriceChecks.priceOrZero(flatFee, "flat_fee");
    blockSize = blockSize == null ? null : PriceChecks.positive(blockSize, "block_size");
    blockPrice = PriceChecks.optionalPrice(blockPrice, "block_price");
    if ((blockSize == null) != (blockPrice == null)) {
      throw BillingException.invalid(ErrorCode.INVALID_TIERS, blockSize == null ? "block_size" : "block_price",
          null, "both block_size and block_price, or neither (a tier priced per block needs both)");
    }
    if (blockSize != null && unitPrice.signum() != 0) {
      throw BillingException.invalid(ErrorCode.INVALID_TIERS, "unit_price", unitPrice.toPlainString(),
          "absent: a tier priced per block (block_size, block_price) has no unit_price");
    }
  }

  /**
   * Creates a tier priced per unit (no blocks).
   *
   * @param upTo the bound, greater than zero, or null
   * @param unitPrice the unit price, zero or more; null means zero
   * @param flatFee the flat fee, zero or more; null means zero
   * @throws dev.billwright.error.BillingException if a value is invalid
   */
  public Tier(@Nullable BigDecimal upTo, BigDecimal unitPrice, BigDecimal flatFee) {
    this(upTo, unitPrice, flatFee, null, null);
  }

  /**
   * Returns a tier with a unit price and no flat fee.
   *
   * @param upTo the bound, or null for unbounded
   * @param unitPrice the unit price
   * @return the tier
   * @throws dev.billwright.error.BillingException if a value is invalid
   */
  public static Tier of(@Nullable BigDecimal upTo, BigDecimal unitPrice) {
    return new Tier(upTo, unitPrice, BigDecimal.ZERO);
  }

  /**
   * Returns a tier priced per block (Kill Bill tiered block), with no flat fee.
   *
   * @param upTo the bound, or null for unbounded
   * @param blockSize the units in one block, greater than zero
   * @param blockPrice the price of one block, zero or more
   * @return the tier
   * @throws dev.billwright.error.BillingException if a value is invalid
   */
  public static Tier ofBlocks(@Nullable BigDecimal upTo, BigDecimal blockSize, BigDecimal blockPrice) {
    return new Tier(upTo, null, BigDecimal.ZERO, PriceChecks.required(blockSize, "block_size"),
        PriceChecks.required(blockPrice, "block_price"));
  }

  /**
   * Tells whether the tier is priced per block.
   *
   * @return true when {@link #blockSize()} and {@link #blockPrice()} are set
   */
  public boolean perBlock() {
    return blockSize != null;
  }

  /**
   * Returns the number of whole blocks that hold some units: ⌈units / blockSize⌉.
   *
   * @param units the units in the tier, zero or more
   * @return the blocks, zero or more; for a tier priced per unit, the units themselves
   */
  BigDecimal blocks(BigDecimal units) {
    if (blockSize == null) {
      return units;
    }
    BigDecimal[] divRem = units.divideAndRemainder(blockSize);
    BigDecimal blocks = divRem[1].signum() == 0 ? divRem[0] : divRem[0].add(BigDecimal.ONE);
    return dev.billwright.money.Decimals.canonical(blocks, 0);
  }

  /**
   * Returns the units' price in this tier, without the flat fee: units × unit_price, or
   * ⌈units / block_size⌉ × block_price.
   *
   * @param units the units in the tier, zero or more
   * @return the exact amount in major units
   */
  BigDecimal variable(BigDecimal units) {
    return blockSize == null ? units.multiply(unitPrice) : blocks(units).multiply(blockPrice);
  }
}

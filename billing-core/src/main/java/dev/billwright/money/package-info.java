/**
 * Money: exact amounts with their currency ({@link dev.billwright.money.Money}), the single
 * rounding policy ({@link dev.billwright.money.RoundingPolicy}), loss-free allocation
 * ({@link dev.billwright.money.Allocation}) and decimal guard rails
 * ({@link dev.billwright.money.Decimals}).
 */
@NullMarked
package dev.billwright.money;

import org.jspecify.annotations.NullMarked;

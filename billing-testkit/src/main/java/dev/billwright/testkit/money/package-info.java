/** In-memory money SPIs: {@link dev.billwright.testkit.money.FixedExchangeRates}. */
package dev.billwright.testkit.money;

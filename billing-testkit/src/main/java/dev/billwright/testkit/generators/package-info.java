/**
 * QuickTheories generators of Billwright values for property tests, reusable by every module's
 * tests (for example {@link dev.billwright.testkit.generators.PriceGenerators#prices()}).
 */
package dev.billwright.testkit.generators;

/**
 * QuickTheories generators of Billwright values for property tests, reusable by every module's
 * tests and by hosts (for example {@link dev.billwright.testkit.generators.PriceGenerators#prices()}).
 */
package dev.billwright.testkit.generators;

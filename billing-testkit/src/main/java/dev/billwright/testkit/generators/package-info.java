/**
 * QuickTheories generators of Billwright values for property tests, reusable by every module's
 * tests and by hosts (for example {@link dev.billwright.testkit.generators.PriceGenerators#prices()}).
 */
@NullMarked
package dev.billwright.testkit.generators;

import org.jspecify.annotations.NullMarked;

/** QuickTheories generators of Billwright values, for property tests in this project and in hosts. */
package dev.billwright.testkit.generators;

/** In-memory metering SPIs and their contract tests, for hosts to run against their own implementations. */
package dev.billwright.testkit.metering;

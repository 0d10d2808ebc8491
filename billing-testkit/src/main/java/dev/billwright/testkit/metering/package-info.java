/** In-memory metering SPIs and their contract tests, for hosts to run against their own implementations. */
@NullMarked
package dev.billwright.testkit.metering;

import org.jspecify.annotations.NullMarked;

/**
 * Jackson integration: {@link dev.billwright.jackson.BillwrightModule} writes and reads
 * Billwright's values in their documented JSON through a plain {@code ObjectMapper}.
 */
@NullMarked
package dev.billwright.jackson;

import org.jspecify.annotations.NullMarked;

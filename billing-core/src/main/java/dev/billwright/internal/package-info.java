/** Internal helpers shared by Billwright modules; not a supported API. */
@NullMarked
package dev.billwright.internal;

import org.jspecify.annotations.NullMarked;

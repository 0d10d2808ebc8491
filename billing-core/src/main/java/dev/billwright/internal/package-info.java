/** Internal helpers shared by Billwright modules; not a supported API. */
package dev.billwright.internal;

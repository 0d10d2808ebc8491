/**
 * Every storage SPI of billing-core over JDBC: PostgreSQL in production, an H2 file database as
 * the embedded default. Open a {@link dev.billwright.store.jdbc.JdbcStore} (it migrates the
 * schema with Flyway and refuses a schema newer than the code) and take the stores from it. Each
 * operation is one transaction: it is applied whole or not at all. See docs/storage.md.
 */
@NullMarked
package dev.billwright.store.jdbc;

import org.jspecify.annotations.NullMarked;

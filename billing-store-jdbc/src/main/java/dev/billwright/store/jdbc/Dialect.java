package dev.billwright.store.jdbc;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.util.Locale;

/** The databases the stores support, told apart by their JDBC URL. */
public enum Dialect {
  /** PostgreSQL (production): {@code jdbc:postgresql://host:port/db}. */
  POSTGRESQL("postgresql"),
  /** H2 (the embedded default): {@code jdbc:h2:file:...} or {@code jdbc:h2:mem:...}. */
  H2("h2");

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /**
   * The Flyway location of this dialect's migrations.
   *
   * @return a {@code classpath:} location, never null
   */
  public String migrations() {
    return "classpath:db/billwright/" + folder;
  }

  /**
   * The dialect of a JDBC URL.
   *
   * @param url the JDBC URL, not null
   * @return the dialect, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the URL is of another database
   */
  public static Dialect of(String url) {
    String u = url.toLowerCase(Locale.ROOT);
    if (u.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    if (u.startsWith("jdbc:h2:")) {
      return H2;
    }
    throw BillingException.invalid(ErrorCode.INVALID_VALUE, "store", url,
        "a JDBC URL of PostgreSQL (jdbc:postgresql://host:5432/db) or H2 (jdbc:h2:file:path)");
  }
}

package dev.billwright.store.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real databases of the tests: one PostgreSQL server per test JVM (the zonky embedded
 * PostgreSQL binaries, started on a free local port, stopped when the JVM exits), with a new
 * database per use; and H2 file databases in a temporary directory.
 */
final class Databases {
  private static final AtomicInteger NEXT = new AtomicInteger();
  private static EmbeddedPostgres server;

  private Databases() {}

  static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
      }
      EmbeddedPostgres s = server;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          s.close();
        } catch (IOException e) {
          // the JVM is exiting
        }
      }));
    }
    return server;
  }

  /** A new, empty PostgreSQL database; its JDBC URL (user postgres, no password in the URL). */
  static String newPostgres() {
    String name = "bw_test_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
    EmbeddedPostgres s = server();
    try (Connection c = s.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return s.getJdbcUrl("postgres", name);
  }

  /** A new, empty H2 file database in a new temporary directory; its JDBC URL. */
  static String newH2() {
    try {
      Path dir = Files.createTempDirectory("bw-h2-");
      dir.toFile().deleteOnExit();
      return JdbcStore.embeddedUrl(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JdbcStore open(String url) {
    return url.startsWith("jdbc:postgresql:") ? JdbcStore.open(url, "postgres", null) : JdbcStore.open(url, null, null);
  }

  /** Empties every table of a store's database (fast fresh state between tests of one class). */
  static void truncate(String url) {
    String[] tables = {"bw_plan", "bw_invoice", "bw_sequence", "bw_credit_note", "bw_ledger_entry", "bw_dedup",
        "bw_usage_event", "bw_alert_outbox", "bw_metering_checkpoint"};
    try (Connection c = url.startsWith("jdbc:postgresql:") ? DriverManager.getConnection(url, "postgres", "")
        : DriverManager.getConnection(url); Statement st = c.createStatement()) {
      for (String t : tables) {
        st.execute("DELETE FROM " + t);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.billwright.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class EmbeddedPostgresStartsTest {
  @Test
  void aRealPostgresqlServerAnswers() throws Exception {
    try (Connection c = Databases.server().getPostgresDatabase().getConnection();
        Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT version()")) {
      rs.next();
      assertThat(rs.getString(1)).startsWith("PostgreSQL");
    }
  }
}

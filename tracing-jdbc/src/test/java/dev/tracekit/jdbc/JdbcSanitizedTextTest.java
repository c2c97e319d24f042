package dev.tracekit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.sql.SqlDialect;
import dev.tracekit.core.testing.Services;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.DbAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Exact {@code db.query.text}, {@code db.query.summary} and span names, which only the real SQL
 * sanitizer of tracing-core produces (the placeholder keeps the first keyword only).
 */
class JdbcSanitizedTextTest {
  private final TestOtel otel = new TestOtel();

  @AfterEach
  void tearDown() {
    otel.close();
  }

  private static JdbcDataSource h2() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:san_" + UUID.randomUUID().toString().replace("-", ""));
    return h2;
  }

  @Test
  void h2StatementsAndPreparedStatements() throws SQLException {
    DataSource ds = JdbcTracing.create(otel.otel()).wrap(h2());
    try (Connection c = ds.getConnection()) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(20))");
        s.executeUpdate("INSERT INTO users VALUES (1, 'alice')");
        try (ResultSet rs = s.executeQuery("SELECT name FROM users WHERE id = 1")) {
          rs.next();
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT name FROM users WHERE id = ?")) {
        ps.setInt(1, 1);
        ps.executeQuery().close();
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO users VALUES (?, ?)")) {
        for (int i = 2; i < 4; i++) {
          ps.setInt(1, i);
          ps.setString(2, "n" + i);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    SpanData insert =
        otel.only(s -> "INSERT users".equals(s.getAttributes().get(DbAttributes.DB_QUERY_SUMMARY)));
    assertThat(insert.getName()).isEqualTo("INSERT users");
    assertThat(insert.getAttributes().get(DbAttributes.DB_QUERY_TEXT))
        .isEqualTo("INSERT INTO users VALUES (?, ?)");
    assertThat(insert.getAttributes().get(DbAttributes.DB_COLLECTION_NAME)).isNull();

    assertThat(otel.spans())
        .filteredOn(s -> s.getName().equals("SELECT users"))
        .hasSize(2)
        .allSatisfy(
            s ->
                assertThat(s.getAttributes().get(DbAttributes.DB_QUERY_TEXT))
                    .isEqualTo("SELECT name FROM users WHERE id = ?"));

    SpanData batch = otel.only(s -> s.getName().startsWith("BATCH"));
    assertThat(batch.getName()).isEqualTo("BATCH INSERT users");
    assertThat(batch.getAttributes().get(DbAttributes.DB_QUERY_SUMMARY))
        .isEqualTo("BATCH INSERT users");
  }

  @Test
  void mysqlDoubleQuotedStringsAndBackslashEscapes() throws SQLException {
    JdbcTracing tracing = JdbcTracing.create(otel.otel());
    tracing.traceQuery(
        SqlDialect.MYSQL,
        "SELECT",
        "SELECT id FROM users WHERE name = \"bob\" AND note = 'it\\'s'",
        () -> null);
    SpanData span = otel.client("SELECT");
    assertThat(span.getAttributes().get(DbAttributes.DB_QUERY_TEXT))
        .isEqualTo("SELECT id FROM users WHERE name = ? AND note = ?");
    assertThat(span.getName()).isEqualTo("SELECT users");
  }

  @Test
  void postgresDollarQuotesAndPositionalParameters() throws SQLException {
    JdbcTracing tracing = JdbcTracing.create(otel.otel());
    tracing.traceQuery(
        SqlDialect.POSTGRESQL,
        "SELECT",
        "SELECT * FROM users WHERE organization_id = $1 AND note = $q$it's$q$",
        () -> null);
    SpanData span = otel.client("SELECT");
    assertThat(span.getAttributes().get(DbAttributes.DB_QUERY_TEXT))
        .isEqualTo("SELECT * FROM users WHERE organization_id = $1 AND note = ?");
  }

  @Test
  void onRealPostgres() throws SQLException {
    Services.require("PostgreSQL", 5432);
    PGSimpleDataSource pg = new PGSimpleDataSource();
    pg.setURL("jdbc:postgresql://127.0.0.1:5432/test");
    pg.setUser("postgres");
    try (Connection c = JdbcTracing.create(otel.otel()).wrap(pg).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT $t$secret$t$ AS v, 'x' AS w")) {
      rs.next();
    }
    assertThat(otel.client("SELECT").getAttributes().get(DbAttributes.DB_QUERY_TEXT))
        .isEqualTo("SELECT ? AS v, ? AS w");
  }

  @Test
  void onRealMariaDb() throws SQLException {
    Services.require("MariaDB", 3306);
    MariaDbDataSource maria = new MariaDbDataSource("jdbc:mariadb://127.0.0.1:3306/test");
    maria.setUser("root");
    maria.setPassword("");
    try (Connection c = JdbcTracing.create(otel.otel()).wrap(maria).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT \"secret\" AS v, 'it\\'s' AS w")) {
      rs.next();
    }
    assertThat(otel.client("SELECT").getAttributes().get(DbAttributes.DB_QUERY_TEXT))
        .isEqualTo("SELECT ? AS v, ? AS w");
  }
}

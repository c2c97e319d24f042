package dev.tracekit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.sql.SqlDialect;
import dev.tracekit.core.testing.Services;
import dev.tracekit.testing.TracekitAssertions;
import dev.tracekit.testing.TracekitExtension;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.DbAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Exact {@code db.query.text}, {@code db.query.summary} and span names, which only the real SQL
 * sanitizer of tracing-core produces (the placeholder keeps the first keyword only).
 */
class JdbcSanitizedTextTest {
  @RegisterExtension final TracekitExtension otel = TracekitExtension.create();

  private static JdbcDataSource h2() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:san_" + UUID.randomUUID().toString().replace("-", ""));
    return h2;
  }

  @Test
  void h2StatementsAndPreparedStatements() throws SQLException {
    DataSource ds = JdbcTracing.create(otel.openTelemetry()).wrap(h2());
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
    TracekitAssertions.assertThat(otel)
        .span("INSERT users")
        .hasKind(SpanKind.CLIENT)
        .hasAttribute(DbAttributes.DB_OPERATION_NAME, "INSERT")
        .hasDbQueryText("INSERT INTO users VALUES (?, ?)")
        .hasSanitizedDbQuery()
        .hasAttribute(DbAttributes.DB_COLLECTION_NAME, "users");

    assertThat(otel.spans("SELECT users")).hasSize(2);
    for (SpanData select : otel.spans("SELECT users")) {
      TracekitAssertions.assertThatSpans(List.of(select))
          .span("SELECT users")
          .hasDbQueryText("SELECT name FROM users WHERE id = ?");
    }

    TracekitAssertions.assertThat(otel)
        .span("BATCH INSERT users")
        .hasAttribute(DbAttributes.DB_QUERY_SUMMARY, "BATCH INSERT users")
        .hasSanitizedDbQuery();
    TracekitAssertions.assertThat(otel).doesNotContain("alice").hasNoSecrets();
  }

  @Test
  void mysqlDoubleQuotedStringsAndBackslashEscapes() throws SQLException {
    JdbcTracing tracing = JdbcTracing.create(otel.openTelemetry());
    tracing.traceQuery(
        SqlDialect.MYSQL,
        "SELECT",
        "SELECT id FROM users WHERE name = \"bob\" AND note = 'it\\'s'",
        () -> null);
    SpanData span = client("SELECT");
    assertThat(span.getAttributes().get(DbAttributes.DB_QUERY_TEXT))
        .isEqualTo("SELECT id FROM users WHERE name = ? AND note = ?");
    assertThat(span.getName()).isEqualTo("SELECT users");
  }

  @Test
  void postgresDollarQuotesAndPositionalParameters() throws SQLException {
    JdbcTracing tracing = JdbcTracing.create(otel.openTelemetry());
    tracing.traceQuery(
        SqlDialect.POSTGRESQL,
        "SELECT",
        "SELECT * FROM users WHERE organization_id = $1 AND note = $q$it's$q$",
        () -> null);
    SpanData span = client("SELECT");
    assertThat(span.getAttributes().get(DbAttributes.DB_QUERY_TEXT))
        .isEqualTo("SELECT * FROM users WHERE organization_id = $1 AND note = ?");
  }

  @Test
  void onRealPostgres() throws SQLException {
    Services.require("PostgreSQL", 5432);
    PGSimpleDataSource pg = new PGSimpleDataSource();
    pg.setURL("jdbc:postgresql://127.0.0.1:5432/test");
    pg.setUser("postgres");
    try (Connection c = JdbcTracing.create(otel.openTelemetry()).wrap(pg).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT $t$secret$t$ AS v, 'x' AS w")) {
      rs.next();
    }
    assertThat(client("SELECT").getAttributes().get(DbAttributes.DB_QUERY_TEXT))
        .isEqualTo("SELECT ? AS v, ? AS w");
  }

  @Test
  void onRealMariaDb() throws SQLException {
    Services.require("MariaDB", 3306);
    MariaDbDataSource maria = new MariaDbDataSource("jdbc:mariadb://127.0.0.1:3306/test");
    maria.setUser("root");
    maria.setPassword("");
    try (Connection c = JdbcTracing.create(otel.openTelemetry()).wrap(maria).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT \"secret\" AS v, 'it\\'s' AS w")) {
      rs.next();
    }
    assertThat(client("SELECT").getAttributes().get(DbAttributes.DB_QUERY_TEXT))
        .isEqualTo("SELECT ? AS v, ? AS w");
  }

  /** The one finished CLIENT span whose name starts with the prefix. */
  private SpanData client(String prefix) {
    return otel.span(s -> s.getKind() == SpanKind.CLIENT && s.getName().startsWith(prefix));
  }
}

package dev.tracekit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tracekit.core.testing.Services;
import dev.tracekit.testing.TracekitExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.DbAttributes;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.incubating.DbIncubatingAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same contract against each real database on loopback. */
abstract class RealDatabaseTest {
  static final AttributeKey<Long> AFFECTED_ROWS =
      AttributeKey.longKey("tracekit.db.response.affected_rows");

  @RegisterExtension final TracekitExtension otel = TracekitExtension.create();
  String table;

  abstract String serviceName();

  abstract int port();

  /** The plain JDBC URL, host 127.0.0.1. */
  abstract String url();

  abstract String user();

  abstract DataSource plainDataSource();

  abstract String systemName();

  /** The status code expected for a missing table, from the real exception. */
  abstract String missingTableCode(SQLException e);

  /** The status code expected for a duplicate key, from the real exception. */
  abstract String duplicateKeyCode(SQLException e);

  /** A SELECT whose literals use this dialect's special quoting; every literal says "secret". */
  abstract String dialectQuotedSelect();

  Connection plainConnection() throws SQLException {
    return DriverManager.getConnection(url(), user(), "");
  }

  @BeforeEach
  void createTable() throws SQLException {
    Services.require(serviceName(), port());
    table = "tk_jdbc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = plainConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE " + table + " (id INT PRIMARY KEY, name VARCHAR(64), email VARCHAR(128))");
      for (int i = 1; i <= 5; i++) {
        s.executeUpdate(
            "INSERT INTO " + table + " VALUES (" + i + ", 'user" + i + "', 'u" + i + "@x.org')");
      }
    }
  }

  @AfterEach
  void dropTable() throws SQLException {
    if (table != null && Services.listening(port())) {
      try (Connection c = plainConnection();
          Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS " + table);
      }
    }
  }

  DataSource traced() {
    return JdbcTracing.create(otel.openTelemetry()).wrap(plainDataSource());
  }

  @Test
  void serverAddressPortAndNamespaceFromTheRealUrl() throws SQLException {
    try (Connection c = traced().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT name FROM " + table + " WHERE id = ?")) {
      ps.setInt(1, 3);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("user3");
      }
    }
    SpanData span = client("SELECT");
    assertThat(span.getAttributes().get(DbAttributes.DB_SYSTEM_NAME)).isEqualTo(systemName());
    assertThat(span.getAttributes().get(ServerAttributes.SERVER_ADDRESS)).isEqualTo("127.0.0.1");
    assertThat(span.getAttributes().get(ServerAttributes.SERVER_PORT)).isEqualTo((long) port());
    assertThat(span.getAttributes().get(DbAttributes.DB_NAMESPACE)).isEqualTo("test");
    assertThat(span.getAttributes().get(DbIncubatingAttributes.DB_RESPONSE_RETURNED_ROWS))
        .isEqualTo(1L);
  }

  @Test
  void theTraceKitDriverUrlWorksOnTheRealServer() throws SQLException {
    io.opentelemetry.api.GlobalOpenTelemetry.resetForTest();
    io.opentelemetry.api.GlobalOpenTelemetry.set(otel.openTelemetry());
    try {
      String url = url().replace("jdbc:", "jdbc:tracekit:").replace("127.0.0.1", "localhost");
      try (Connection c = DriverManager.getConnection(url, user(), "");
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(5);
      }
    } finally {
      io.opentelemetry.api.GlobalOpenTelemetry.resetForTest();
    }
    SpanData span = client("SELECT");
    assertThat(span.getAttributes().get(ServerAttributes.SERVER_ADDRESS)).isEqualTo("localhost");
    assertThat(span.getAttributes().get(ServerAttributes.SERVER_PORT)).isEqualTo((long) port());
    assertThat(span.getAttributes().get(DbAttributes.DB_SYSTEM_NAME)).isEqualTo(systemName());
  }

  @Test
  void dialectQuotedLiteralsNeverLeak() throws SQLException {
    try (Connection c = traced().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(dialectQuotedSelect())) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).contains("secret");
    }
    SpanData span = client("SELECT");
    assertThat(span.getAttributes().get(DbAttributes.DB_QUERY_TEXT))
        .startsWith("SELECT")
        .doesNotContain("secret");
    assertThat(span.getName()).doesNotContain("secret");
  }

  @Test
  void missingTableRecordsTheRealStatusCode() throws SQLException {
    SQLException e;
    try (Connection c = traced().getConnection();
        Statement s = c.createStatement()) {
      e =
          catchThrowableOfType(
              SQLException.class, () -> s.executeQuery("SELECT * FROM tk_no_such_table_x"));
    }
    assertThat((Object) e).isNotNull();
    SpanData span = client("SELECT");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(ErrorAttributes.ERROR_TYPE))
        .isEqualTo(e.getClass().getName());
    assertThat(span.getAttributes().get(DbAttributes.DB_RESPONSE_STATUS_CODE))
        .isEqualTo(missingTableCode(e));
  }

  @Test
  void duplicateKeyRecordsTheRealStatusCodeAndNotTheMessage() throws SQLException {
    SQLException e;
    try (Connection c = traced().getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?)")) {
      ps.setInt(1, 1);
      ps.setString(2, "dup-name-value");
      ps.setString(3, "dup@x.org");
      e = catchThrowableOfType(SQLException.class, ps::executeUpdate);
    }
    assertThat((Object) e).isNotNull();
    SpanData span = client("INSERT");
    assertThat(span.getAttributes().get(DbAttributes.DB_RESPONSE_STATUS_CODE))
        .isEqualTo(duplicateKeyCode(e));
    assertThat(span.toString()).doesNotContain("dup-name-value").doesNotContain("dup@x.org");
  }

  @Test
  void batchesOnTheRealServer() throws SQLException {
    try (Connection c = traced().getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?)")) {
      for (int i = 100; i < 104; i++) {
        ps.setInt(1, i);
        ps.setString(2, "b" + i);
        ps.setString(3, "b" + i + "@x.org");
        ps.addBatch();
      }
      assertThat(ps.executeBatch()).hasSize(4);
    }
    SpanData span = client("BATCH");
    assertThat(span.getAttributes().get(DbAttributes.DB_OPERATION_BATCH_SIZE)).isEqualTo(4L);
    assertThat(span.getAttributes().get(DbAttributes.DB_OPERATION_NAME)).isEqualTo("BATCH INSERT");
    assertThat(span.getAttributes().get(AFFECTED_ROWS)).isBetween(0L, 4L);
    assertThat(count()).isEqualTo(9);
  }

  @Test
  void transactionRollbackOnTheRealServer() throws SQLException {
    JdbcTracing tracing =
        JdbcTracing.builder(otel.openTelemetry()).setTransactionSpans(true).build();
    DataSource ds = tracing.wrap(plainDataSource());
    IllegalStateException failure = new IllegalStateException("rule");
    try (Connection c = ds.getConnection()) {
      assertThatThrownBy(
              () ->
                  tracing.transaction(
                      c,
                      tx -> {
                        try (Statement s = tx.createStatement()) {
                          s.executeUpdate("DELETE FROM " + table);
                        }
                        throw failure;
                      }))
          .isSameAs(failure);
      assertThat(c.getAutoCommit()).isTrue();
    }
    assertThat(count()).isEqualTo(5);
    SpanData tx = otel.span(s -> s.getName().equals("TRANSACTION"));
    SpanData rollback = client("ROLLBACK");
    SpanData delete = client("DELETE");
    assertThat(rollback.getParentSpanId()).isEqualTo(tx.getSpanId());
    assertThat(delete.getParentSpanId()).isEqualTo(tx.getSpanId());
    assertThat(delete.getAttributes().get(AFFECTED_ROWS)).isEqualTo(5L);
    assertThat(tx.getAttributes().get(AttributeKey.stringKey("tracekit.db.transaction.outcome")))
        .isEqualTo("rollback");
    assertThat(
            tx.getAttributes()
                .get(AttributeKey.stringKey("tracekit.db.transaction.isolation_level")))
        .isIn("READ_COMMITTED", "REPEATABLE_READ");
    assertThat(tx.getAttributes().get(ServerAttributes.SERVER_ADDRESS)).isEqualTo("127.0.0.1");
  }

  @Test
  void rowCountingOnTheRealServer() throws SQLException {
    try (Connection c = traced().getConnection();
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT id FROM " + table + " ORDER BY id")) {
        int n = 0;
        while (rs.next()) {
          n++;
        }
        assertThat(n).isEqualTo(5);
      }
      assertThat(s.executeUpdate("UPDATE " + table + " SET name = 'z' WHERE id > 2")).isEqualTo(3);
    }
    assertThat(
            client("SELECT").getAttributes().get(DbIncubatingAttributes.DB_RESPONSE_RETURNED_ROWS))
        .isEqualTo(5L);
    assertThat(client("UPDATE").getAttributes().get(AFFECTED_ROWS)).isEqualTo(3L);
  }

  int count() throws SQLException {
    try (Connection c = plainConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** The one finished CLIENT span whose name starts with the prefix. */
  private SpanData client(String prefix) {
    return otel.span(s -> s.getKind() == SpanKind.CLIENT && s.getName().startsWith(prefix));
  }
}

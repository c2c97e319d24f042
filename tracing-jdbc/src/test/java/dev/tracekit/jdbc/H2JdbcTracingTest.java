package dev.tracekit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tracekit.testing.TracekitExtension;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.DbAttributes;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.incubating.DbIncubatingAttributes;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2JdbcTracingTest {
  static final AttributeKey<Long> RETURNED_ROWS = DbIncubatingAttributes.DB_RESPONSE_RETURNED_ROWS;
  static final AttributeKey<Long> AFFECTED_ROWS =
      AttributeKey.longKey("tracekit.db.response.affected_rows");

  @RegisterExtension final TracekitExtension otel = TracekitExtension.create();
  private String dbName;
  private JdbcDataSource h2;
  private Connection keepAlive;

  @BeforeEach
  void setUp() throws SQLException {
    dbName = "tk_" + UUID.randomUUID().toString().replace("-", "");
    h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + dbName + ";DB_CLOSE_DELAY=-1");
    keepAlive = h2.getConnection();
    try (Statement s = keepAlive.createStatement()) {
      s.execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(64), email VARCHAR(128))");
      s.execute(
          "INSERT INTO users VALUES (1, 'alice', 'alice@example.com'), (2, 'bob',"
              + " 'bob@example.com'), (3, 'carol', 'carol@example.com')");
    }
  }

  @AfterEach
  void tearDown() throws SQLException {
    try (Statement s = keepAlive.createStatement()) {
      s.execute("SHUTDOWN");
    } catch (SQLException ignored) {
      // already gone
    }
    keepAlive.close();
  }

  private DataSource traced() {
    return JdbcTracing.builder(otel.openTelemetry()).setCaptureReturnedRows(true).build().wrap(h2);
  }

  @Test
  void preparedQuerySpanCoversReadingAndCountsRows() throws SQLException {
    try (Connection c = traced().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT name FROM users WHERE id > ?")) {
      ps.setInt(1, 0);
      ResultSet rs = ps.executeQuery();
      assertThat(otel.spans()).as("span still open while the result set is read").isEmpty();
      List<String> names = new ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString(1));
      }
      assertThat(names).containsExactly("alice", "bob", "carol");
      rs.close();
    }
    SpanData span = client("SELECT");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getAttributes().get(DbAttributes.DB_SYSTEM_NAME)).isEqualTo("h2database");
    assertThat(span.getAttributes().get(DbAttributes.DB_NAMESPACE)).isEqualTo(dbName);
    assertThat(span.getAttributes().get(DbAttributes.DB_OPERATION_NAME)).isNull();
    assertThat(span.getAttributes().get(DbAttributes.DB_QUERY_SUMMARY)).startsWith("SELECT ");
    assertThat(span.getAttributes().get(DbAttributes.DB_QUERY_TEXT)).startsWith("SELECT");
    assertThat(span.getAttributes().get(RETURNED_ROWS)).isEqualTo(3L);
    assertThat(span.getAttributes().get(ServerAttributes.SERVER_ADDRESS)).isNull();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void statementLiteralsAreNeverExported() throws SQLException {
    try (Connection c = traced().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT id FROM users WHERE email = 'alice@example.com' AND id = 1")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
    SpanData span = client("SELECT");
    String text = span.getAttributes().get(DbAttributes.DB_QUERY_TEXT);
    assertThat(text).doesNotContain("alice").doesNotContain("example.com");
    assertThat(span.getName()).doesNotContain("alice");
    assertThat(span.getAttributes().get(RETURNED_ROWS)).isEqualTo(1L);
  }

  @Test
  void updatesRecordAffectedRows() throws SQLException {
    try (Connection c = traced().getConnection();
        Statement s = c.createStatement()) {
      assertThat(s.executeUpdate("UPDATE users SET name = 'x' WHERE id <= 2")).isEqualTo(2);
    }
    SpanData span = client("UPDATE");
    assertThat(span.getAttributes().get(AFFECTED_ROWS)).isEqualTo(2L);
    assertThat(span.getAttributes().get(DbAttributes.DB_OPERATION_NAME)).isNull();
    assertThat(span.getAttributes().get(DbAttributes.DB_QUERY_SUMMARY)).startsWith("UPDATE ");
    assertThat(span.getAttributes().get(RETURNED_ROWS)).isNull();
  }

  @Test
  void preparedBatchIsOneSpanWithBatchSize() throws SQLException {
    try (Connection c = traced().getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO users VALUES (?, ?, ?)")) {
      for (int i = 10; i < 13; i++) {
        ps.setInt(1, i);
        ps.setString(2, "user" + i);
        ps.setString(3, "user" + i + "@example.com");
        ps.addBatch();
      }
      assertThat(ps.executeBatch()).containsExactly(1, 1, 1);
    }
    SpanData span = client("BATCH");
    assertThat(span.getAttributes().get(DbAttributes.DB_OPERATION_BATCH_SIZE)).isEqualTo(3L);
    assertThat(span.getAttributes().get(DbAttributes.DB_OPERATION_NAME)).isEqualTo("BATCH");
    assertThat(span.getAttributes().get(AFFECTED_ROWS)).isEqualTo(3L);
    assertThat(span.getAttributes().get(DbAttributes.DB_QUERY_TEXT)).doesNotContain("user1");
  }

  @Test
  void statementBatchOfDifferentStatements() throws SQLException {
    try (Connection c = traced().getConnection();
        Statement s = c.createStatement()) {
      s.addBatch("INSERT INTO users VALUES (20, 'dave', 'dave@example.com')");
      s.addBatch("UPDATE users SET name = 'eve' WHERE id = 1");
      s.executeBatch();
      // the batch is reset: a later single statement is not a batch
      s.executeUpdate("DELETE FROM users WHERE id = 20");
    }
    SpanData batch = client("BATCH");
    assertThat(batch.getAttributes().get(DbAttributes.DB_OPERATION_BATCH_SIZE)).isEqualTo(2L);
    assertThat(batch.getAttributes().get(DbAttributes.DB_OPERATION_NAME)).isEqualTo("BATCH");
    String text = batch.getAttributes().get(DbAttributes.DB_QUERY_TEXT);
    assertThat(text).contains("; ").doesNotContain("dave").doesNotContain("eve");
    SpanData delete = client("DELETE");
    assertThat(delete.getAttributes().get(DbAttributes.DB_OPERATION_BATCH_SIZE)).isNull();
    assertThat(delete.getAttributes().get(AFFECTED_ROWS)).isEqualTo(1L);
  }

  @Test
  void failuresKeepTheOriginalExceptionAndRecordTheSqlState() throws SQLException {
    Throwable thrown;
    try (Connection c = traced().getConnection();
        Statement s = c.createStatement()) {
      thrown = catchThrowable(() -> s.executeQuery("SELECT * FROM missing_table WHERE a = 'x'"));
    }
    Throwable plain;
    try (Connection c = h2.getConnection();
        Statement s = c.createStatement()) {
      plain = catchThrowable(() -> s.executeQuery("SELECT * FROM missing_table WHERE a = 'x'"));
    }
    assertThat(thrown).isInstanceOf(plain.getClass());
    String state = ((SQLException) thrown).getSQLState();
    assertThat(state).isEqualTo(((SQLException) plain).getSQLState()).isNotBlank();
    SpanData span = client("SELECT");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(ErrorAttributes.ERROR_TYPE))
        .isEqualTo(thrown.getClass().getName());
    assertThat(span.getAttributes().get(DbAttributes.DB_RESPONSE_STATUS_CODE)).isEqualTo(state);
    assertThat(span.getEvents()).extracting(EventData::getName).contains("exception");
    // the database's message (which may quote values) is never exported
    assertThat(span.getEvents().toString()).doesNotContain("missing_table");
  }

  @Test
  void wrappersBehaveLikeTheOriginals() throws SQLException {
    JdbcTracing tracing = JdbcTracing.create(otel.openTelemetry());
    DataSource ds = tracing.wrap(h2);
    assertThat(tracing.wrap(ds)).isSameAs(ds);
    assertThat(ds.isWrapperFor(JdbcDataSource.class)).isTrue();
    assertThat(ds.unwrap(JdbcDataSource.class)).isSameAs(h2);
    try (Connection c = ds.getConnection()) {
      assertThat(tracing.wrap(c)).isSameAs(c);
      assertThat(c.isWrapperFor(JdbcConnection.class)).isTrue();
      assertThat(c.unwrap(JdbcConnection.class)).isInstanceOf(JdbcConnection.class);
      assertThat(c.unwrap(Connection.class)).isSameAs(c);
      assertThat(c.getMetaData().getConnection()).isSameAs(c);
      assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("H2");
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM users WHERE id = ?")) {
        assertThat(ps.getConnection()).isSameAs(c);
        ps.setInt(1, 2);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.getStatement()).isSameAs(ps);
          assertThat(rs.next()).isTrue();
          assertThat(rs.getInt("id")).isEqualTo(2);
          assertThat(rs.next()).isFalse();
        }
      }
      // a connection wrapped again is not traced twice
      Connection again = tracing.wrap(c);
      try (Statement s = again.createStatement()) {
        s.executeUpdate("UPDATE users SET name = 'z' WHERE id = 3");
      }
    }
    assertThat(otel.spans().stream().map(SpanData::getName).toList()).hasSize(2);
    assertThat(client("UPDATE")).isNotNull();
  }

  @Test
  void anAbandonedResultSetSpanEndsWhenTheStatementClosesOrReExecutes() throws SQLException {
    try (Connection c = traced().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT id FROM users ORDER BY id")) {
      ResultSet rs = ps.executeQuery();
      assertThat(rs.next()).isTrue();
      // executing again ends the first span with the one row read
      ResultSet rs2 = ps.executeQuery();
      assertThat(otel.spans()).hasSize(1);
      assertThat(otel.spans().get(0).getAttributes().get(RETURNED_ROWS)).isEqualTo(1L);
      assertThat(rs2.next()).isTrue();
      assertThat(rs2.next()).isTrue();
    }
    assertThat(otel.spans()).hasSize(2);
    assertThat(otel.spans().get(1).getAttributes().get(RETURNED_ROWS)).isEqualTo(2L);
  }

  @Test
  void anAbandonedResultSetSpanEndsWhenTheConnectionCloses() throws SQLException {
    Connection c = traced().getConnection();
    Statement s = c.createStatement();
    ResultSet rs = s.executeQuery("SELECT id FROM users");
    assertThat(rs.next()).isTrue();
    assertThat(otel.spans()).isEmpty();
    c.close();
    SpanData span = client("SELECT");
    assertThat(span.hasEnded()).isTrue();
    assertThat(span.getAttributes().get(RETURNED_ROWS)).isEqualTo(1L);
  }

  @Test
  void executeWithResultSetCountsRowsOfGetResultSet() throws SQLException {
    try (Connection c = traced().getConnection();
        Statement s = c.createStatement()) {
      assertThat(s.execute("SELECT id FROM users")).isTrue();
      ResultSet rs = s.getResultSet();
      assertThat(s.getResultSet()).isSameAs(rs);
      int n = 0;
      while (rs.next()) {
        n++;
      }
      assertThat(n).isEqualTo(3);
      assertThat(otel.spans()).hasSize(1);
      assertThat(s.execute("UPDATE users SET name = 'q' WHERE id = 1")).isFalse();
    }
    assertThat(client("SELECT").getAttributes().get(RETURNED_ROWS)).isEqualTo(3L);
    assertThat(client("UPDATE").hasEnded()).isTrue();
  }

  @Test
  void callableStatementsAreTraced() throws SQLException {
    try (Connection c = traced().getConnection();
        CallableStatement cs = c.prepareCall("CALL ABS(-5)")) {
      try (ResultSet rs = cs.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(5);
      }
    }
    SpanData span = client("CALL");
    assertThat(span.getAttributes().get(DbAttributes.DB_OPERATION_NAME)).isNull();
    assertThat(span.getAttributes().get(DbAttributes.DB_QUERY_TEXT)).doesNotContain("5");
  }

  @Test
  void slowStatementsGetAnEventAndAWarning() throws SQLException {
    List<LogRecord> records = new ArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger logger = Logger.getLogger("dev.tracekit.jdbc.slow");
    logger.addHandler(handler);
    try {
      DataSource ds =
          JdbcTracing.builder(otel.openTelemetry())
              .setSlowQueryThreshold(Duration.ofNanos(1))
              .build()
              .wrap(h2);
      try (Connection c = ds.getConnection();
          Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE users SET email = 'secret@example.com' WHERE id = 1");
      }
    } finally {
      logger.removeHandler(handler);
    }
    SpanData span = client("UPDATE");
    assertThat(span.getEvents()).extracting(EventData::getName).contains("tracekit.db.slow_query");
    EventData event =
        span.getEvents().stream()
            .filter(e -> e.getName().equals("tracekit.db.slow_query"))
            .findFirst()
            .orElseThrow();
    assertThat(
            event.getAttributes().get(AttributeKey.doubleKey("tracekit.db.slow_query.threshold")))
        .isEqualTo(1e-9); // seconds, no unit in the key
    assertThat(event.getAttributes().size()).isEqualTo(1); // the duration is the span's own
    assertThat(records).hasSize(1);
    assertThat(records.get(0).getMessage()).contains("slow SQL").doesNotContain("secret");
  }

  @Test
  void noSlowEventBelowTheThreshold() throws SQLException {
    DataSource ds =
        JdbcTracing.builder(otel.openTelemetry())
            .setSlowQueryThreshold(Duration.ofMinutes(5))
            .build()
            .wrap(h2);
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE users SET name = 'n' WHERE id = 1");
    }
    assertThat(client("UPDATE").getEvents()).isEmpty();
  }

  @Test
  void parametersAreCapturedOnlyOnRequestAndRedacted() throws SQLException {
    String jwt =
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    DataSource ds =
        JdbcTracing.builder(otel.openTelemetry())
            .setCaptureParameters(true)
            .setParameterRedaction(v -> v.startsWith("internal-"))
            .build()
            .wrap(h2);
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT id FROM users WHERE id = ? OR name IN (?, ?, ?, ?)")) {
      ps.setInt(1, 2);
      ps.setString(2, "bob");
      ps.setString(3, "4111 1111 1111 1111");
      ps.setString(4, jwt);
      ps.setString(5, "internal-42");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          // read
        }
      }
    }
    SpanData span = client("SELECT");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("db.query.parameter.0")))
        .isEqualTo("2");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("db.query.parameter.1")))
        .isEqualTo("bob");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("db.query.parameter.2")))
        .isEqualTo("[REDACTED]");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("db.query.parameter.3")))
        .isEqualTo("[REDACTED]");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("db.query.parameter.4")))
        .isEqualTo("[REDACTED]");
    assertThat(span.getAttributes().get(DbAttributes.DB_QUERY_TEXT))
        .doesNotContain("bob")
        .doesNotContain("4111");
    assertThat(span.getAttributes().toString()).doesNotContain("eyJ").doesNotContain("internal-");
  }

  @Test
  void parametersAreNotCapturedByDefault() throws SQLException {
    try (Connection c = traced().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT id FROM users WHERE name = ?")) {
      ps.setString(1, "alice");
      ps.executeQuery().close();
    }
    assertThat(client("SELECT").getAttributes().asMap().keySet())
        .noneMatch(k -> k.getKey().startsWith("db.query.parameter"));
    assertThat(client("SELECT").getAttributes().toString()).doesNotContain("alice");
  }

  @Test
  void transactionHelperCommitsInOneSpan() throws SQLException {
    JdbcTracing tracing = JdbcTracing.create(otel.openTelemetry());
    try (Connection c = tracing.wrap(h2).getConnection()) {
      int result =
          tracing.transaction(
              c,
              tx -> {
                try (Statement s = tx.createStatement()) {
                  return s.executeUpdate("INSERT INTO users VALUES (30, 'tx', 'tx@example.com')");
                }
              });
      assertThat(result).isEqualTo(1);
      assertThat(c.getAutoCommit()).isTrue();
    }
    SpanData tx = otel.span(s -> s.getName().equals("TRANSACTION"));
    SpanData insert = client("INSERT");
    assertThat(insert.getParentSpanId()).isEqualTo(tx.getSpanId());
    assertThat(tx.getAttributes().get(AttributeKey.stringKey("tracekit.db.transaction.outcome")))
        .isEqualTo("commit");
    assertThat(
            tx.getAttributes()
                .get(AttributeKey.stringKey("tracekit.db.transaction.isolation_level")))
        .isNotBlank();
    assertThat(tx.getAttributes().get(AttributeKey.booleanKey("tracekit.db.transaction.read_only")))
        .isFalse();
    assertThat(tx.getAttributes().get(DbAttributes.DB_SYSTEM_NAME)).isEqualTo("h2database");
    assertThat(countUsers()).isEqualTo(4);
  }

  @Test
  void transactionHelperRollsBackAndRethrowsUnchanged() throws SQLException {
    JdbcTracing tracing = JdbcTracing.create(otel.openTelemetry());
    IllegalStateException failure = new IllegalStateException("business rule");
    try (Connection c = h2.getConnection()) {
      assertThatThrownBy(
              () ->
                  tracing.transaction(
                      c,
                      tx -> {
                        try (Statement s = tx.createStatement()) {
                          s.executeUpdate("INSERT INTO users VALUES (31, 'no', 'no@example.com')");
                        }
                        throw failure;
                      }))
          .isSameAs(failure);
      assertThat(c.getAutoCommit()).isTrue();
    }
    SpanData tx = otel.span(s -> s.getName().equals("TRANSACTION"));
    assertThat(tx.getAttributes().get(AttributeKey.stringKey("tracekit.db.transaction.outcome")))
        .isEqualTo("rollback");
    assertThat(tx.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(tx.getAttributes().get(ErrorAttributes.ERROR_TYPE))
        .isEqualTo(IllegalStateException.class.getName());
    assertThat(countUsers()).isEqualTo(3);
  }

  @Test
  void commitAndRollbackSpansOnRequest() throws SQLException {
    DataSource ds =
        JdbcTracing.builder(otel.openTelemetry()).setTransactionSpans(true).build().wrap(h2);
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.executeUpdate("DELETE FROM users WHERE id = 1");
      }
      c.rollback();
      try (Statement s = c.createStatement()) {
        s.executeUpdate("DELETE FROM users WHERE id = 2");
      }
      c.commit();
    }
    assertThat(otel.spans().stream().map(SpanData::getName).toList())
        .contains("COMMIT", "ROLLBACK");
    assertThat(client("COMMIT").getAttributes().get(DbAttributes.DB_OPERATION_NAME))
        .isEqualTo("COMMIT");
    assertThat(countUsers()).isEqualTo(2);
  }

  @Test
  void noCommitSpansByDefault() throws SQLException {
    try (Connection c = traced().getConnection()) {
      c.setAutoCommit(false);
      c.commit();
    }
    assertThat(otel.spans().stream().map(SpanData::getName).toList()).isEmpty();
  }

  @Test
  void operationDurationMetricHasLowCardinalityAttributes() throws SQLException {
    try (Connection c = traced().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT name FROM users WHERE id = ?")) {
      for (int i = 1; i <= 3; i++) {
        ps.setInt(1, i);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
        }
      }
      try (Statement s = c.createStatement()) {
        catchThrowable(() -> s.executeQuery("SELECT nope FROM users"));
      }
    }
    List<HistogramPointData> points =
        List.copyOf(otel.metric("db.client.operation.duration").getHistogramData().getPoints());
    assertThat(otel.metric("db.client.operation.duration").getUnit()).isEqualTo("s");
    HistogramPointData ok =
        points.stream()
            .filter(p -> p.getAttributes().get(ErrorAttributes.ERROR_TYPE) == null)
            .findFirst()
            .orElseThrow();
    assertThat(ok.getCount()).isEqualTo(3);
    assertThat(ok.getBoundaries())
        .containsExactly(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0);
    assertThat(ok.getAttributes().get(DbAttributes.DB_SYSTEM_NAME)).isEqualTo("h2database");
    assertThat(ok.getAttributes().get(DbAttributes.DB_OPERATION_NAME)).isNull();
    assertThat(ok.getAttributes().get(DbAttributes.DB_QUERY_SUMMARY)).startsWith("SELECT ");
    assertThat(ok.getAttributes().get(DbAttributes.DB_QUERY_TEXT)).isNull();
    HistogramPointData failed =
        points.stream()
            .filter(p -> p.getAttributes().get(ErrorAttributes.ERROR_TYPE) != null)
            .findFirst()
            .orElseThrow();
    assertThat(failed.getCount()).isEqualTo(1);
    assertThat(failed.getAttributes().get(DbAttributes.DB_RESPONSE_STATUS_CODE)).isNotBlank();
  }

  @Test
  void connectionWaitAsSpanAndMetric() throws SQLException {
    DataSource ds =
        JdbcTracing.builder(otel.openTelemetry()).setConnectionWaitSpans(true).build().wrap(h2);
    try (Connection c = ds.getConnection()) {
      assertThat(c.isValid(1)).isTrue();
    }
    try (Connection c = ds.getConnection()) {
      assertThat(c.isValid(1)).isTrue();
    }
    List<SpanData> waits =
        otel.spans().stream().filter(s -> s.getName().equals("getConnection")).toList();
    assertThat(waits).hasSize(2);
    assertThat(waits.get(0).getKind()).isEqualTo(SpanKind.INTERNAL);
    // the database is known from the first connection on
    assertThat(waits.get(1).getAttributes().get(DbAttributes.DB_SYSTEM_NAME))
        .isEqualTo("h2database");
    HistogramPointData wait =
        List.copyOf(otel.metric("db.client.connection.wait_time").getHistogramData().getPoints())
            .get(0);
    assertThat(wait.getCount()).isEqualTo(2);
    assertThat(wait.getAttributes().get(AttributeKey.stringKey("db.client.connection.pool.name")))
        .startsWith("JdbcDataSource-");
  }

  @Test
  void traceQueryCoversNonJdbcAccessAndParentsNestedStatements() throws SQLException {
    JdbcTracing tracing = JdbcTracing.create(otel.openTelemetry());
    DataSource ds = tracing.wrap(h2);
    int n =
        tracing.traceQuery(
            "findMany",
            "SELECT * FROM users WHERE email = 'carol@example.com'",
            () -> {
              try (Connection c = ds.getConnection();
                  Statement s = c.createStatement();
                  ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM users")) {
                rs.next();
                return rs.getInt(1);
              }
            });
    assertThat(n).isEqualTo(3);
    SpanData helper =
        otel.span(s -> "findMany".equals(s.getAttributes().get(DbAttributes.DB_OPERATION_NAME)));
    assertThat(helper.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(helper.getAttributes().get(DbAttributes.DB_QUERY_TEXT)).doesNotContain("carol");
    assertThat(helper.getAttributes().get(DbAttributes.DB_SYSTEM_NAME)).isEqualTo("other_sql");
    SpanData nested =
        otel.span(
            s -> {
              String summary = s.getAttributes().get(DbAttributes.DB_QUERY_SUMMARY);
              return summary != null && summary.startsWith("SELECT ") && s != helper;
            });
    assertThat(nested.getParentSpanId()).isEqualTo(helper.getSpanId());

    IllegalArgumentException failure = new IllegalArgumentException("boom");
    assertThatThrownBy(
            () ->
                tracing.traceQuery(
                    "delete",
                    null,
                    () -> {
                      throw failure;
                    }))
        .isSameAs(failure);
    SpanData failed = otel.span(s -> s.getName().equals("delete"));
    assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void noopOpenTelemetryReturnsTheOriginals() throws SQLException {
    JdbcTracing tracing = JdbcTracing.create(OpenTelemetry.noop());
    assertThat(tracing.wrap(h2)).isSameAs(h2);
    try (Connection c = h2.getConnection()) {
      assertThat(tracing.wrap(c)).isSameAs(c);
      int five = tracing.transaction(c, tx -> 5);
      assertThat(five).isEqualTo(5);
    }
    String x = tracing.traceQuery("op", "SELECT 1", () -> "x");
    assertThat(x).isEqualTo("x");
  }

  @Test
  void builderFailsFastOnBadInput() {
    assertThatThrownBy(() -> JdbcTracing.builder(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(
            () ->
                JdbcTracing.builder(otel.openTelemetry())
                    .setSlowQueryThreshold(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JdbcTracing.builder(otel.openTelemetry()).setParameterRedaction(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> JdbcTracing.create(otel.openTelemetry()).wrap((DataSource) null))
        .isInstanceOf(NullPointerException.class);
  }

  private int countUsers() throws SQLException {
    try (Statement s = keepAlive.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM users")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** The one finished CLIENT span whose name starts with the prefix. */
  private SpanData client(String prefix) {
    return otel.span(s -> s.getKind() == SpanKind.CLIENT && s.getName().startsWith(prefix));
  }
}

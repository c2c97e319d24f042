package dev.tracekit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracekit.core.testing.OtlpReceiver;
import dev.tracekit.core.testing.TestSdk;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The database semantic conventions, one test per rule, on real OTLP output of H2 statements. */
class DbConventionsTest {
  private static JdbcDataSource h2() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL(
        "jdbc:h2:mem:conv_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
    return h2;
  }

  /** Runs the work on a wrapped H2 data source and returns what arrived over OTLP. */
  private static OtlpReceiver run(
      Function<OpenTelemetrySdk, JdbcTracing> tracing, int spans, SqlWork work) throws Exception {
    OtlpReceiver receiver = OtlpReceiver.start();
    OpenTelemetrySdk sdk = TestSdk.otlpBuilder(receiver).build();
    DataSource ds = tracing.apply(sdk).wrap(h2());
    try (Connection c = ds.getConnection()) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE items (id INT PRIMARY KEY, status VARCHAR(20))");
        s.executeUpdate("INSERT INTO items VALUES (1, 'vip'), (2, 'vip'), (3, 'new')");
      }
      work.run(c);
    }
    sdk.close();
    receiver.awaitSpans(spans, Duration.ofSeconds(10));
    return receiver;
  }

  interface SqlWork {
    void run(Connection c) throws Exception;
  }

  @Test
  void operationAndCollectionAreNotParsedOutOfTheQueryText() throws Exception {
    try (OtlpReceiver r =
        run(
            JdbcTracing::create,
            3,
            c -> {
              try (Statement s = c.createStatement();
                  ResultSet rs = s.executeQuery("SELECT * FROM items WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
              }
            })) {
      OtlpReceiver.ReceivedSpan select = r.span("SELECT items");
      assertThat(select.attr("db.query.summary")).isEqualTo("SELECT items");
      assertThat(select.attr("db.query.text")).isEqualTo("SELECT * FROM items WHERE id = ?");
      assertThat(select.attr("db.operation.name")).isNull();
      assertThat(select.attr("db.collection.name")).isNull();
      Metric duration = r.metrics("db.client.operation.duration").get(0);
      assertThat(duration.getHistogram().getDataPointsList())
          .allSatisfy(
              p ->
                  assertThat(p.getAttributesList())
                      .noneMatch(kv -> kv.getKey().equals("db.operation.name")));
    }
  }

  @Test
  void anInvalidStatementIsNotNamedAsIfItWereUnderstood() throws Exception {
    try (OtlpReceiver r =
        run(
            JdbcTracing::create,
            3,
            c -> {
              try (Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.executeQuery("SELEC * FROM items"))
                    .isInstanceOf(SQLException.class);
              }
            })) {
      Set<String> names =
          r.spans().stream().map(OtlpReceiver.ReceivedSpan::name).collect(Collectors.toSet());
      assertThat(names).doesNotContain("SELEC items");
      OtlpReceiver.ReceivedSpan failed =
          r.spans().stream()
              .filter(s -> "SELEC * FROM items".equals(s.attr("db.query.text")))
              .findFirst()
              .orElseThrow();
      assertThat(failed.attr("db.query.summary")).isNull();
      assertThat(failed.name()).startsWith("conv_");
      assertThat(failed.attr("error.type")).isNotNull().startsWith("org.h2.jdbc.");
      assertThat(failed.span().getStatus().getCode())
          .isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
      assertThat(failed.span().getStatus().getMessage()).isEmpty();
    }
  }

  @Test
  void returnedRowsAreOptIn() throws Exception {
    SqlWork query =
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT id FROM items WHERE status = ?")) {
            ps.setString(1, "vip");
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                // read to the end
              }
            }
          }
        };
    try (OtlpReceiver r = run(JdbcTracing::create, 3, query)) {
      assertThat(r.span("SELECT items").attr("db.response.returned_rows")).isNull();
      assertThat(r.metrics("db.client.response.returned_rows")).isEmpty();
    }
    try (OtlpReceiver r =
        run(sdk -> JdbcTracing.builder(sdk).setCaptureReturnedRows(true).build(), 3, query)) {
      assertThat(r.span("SELECT items").attr("db.response.returned_rows")).isEqualTo("2");
      Metric rows = r.metrics("db.client.response.returned_rows").get(0);
      assertThat(rows.getUnit()).isEqualTo("{row}");
      assertThat(rows.getHistogram().getDataPointsList())
          .anySatisfy(p -> assertThat(p.getSum()).isEqualTo(2.0));
    }
  }

  @Test
  void preparedStatementsAreSanitizedByDefaultAndThatIsConfigurable() throws Exception {
    SqlWork query =
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT id FROM items WHERE status = 'vip' AND id > ?")) {
            ps.setInt(1, 0);
            ps.executeQuery().close();
          }
        };
    try (OtlpReceiver r = run(JdbcTracing::create, 3, query)) {
      assertThat(r.span("SELECT items").attr("db.query.text"))
          .isEqualTo("SELECT id FROM items WHERE status = ? AND id > ?");
    }
    try (OtlpReceiver r =
        run(
            sdk -> JdbcTracing.builder(sdk).setSanitizePreparedStatements(false).build(),
            3,
            query)) {
      assertThat(r.span("SELECT items").attr("db.query.text"))
          .isEqualTo("SELECT id FROM items WHERE status = 'vip' AND id > ?");
    }
  }

  @Test
  void poolNamesAreUnique() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      OpenTelemetrySdk sdk = TestSdk.otlpBuilder(receiver).build();
      JdbcTracing tracing = JdbcTracing.create(sdk);
      DataSource first = tracing.wrap(h2());
      DataSource second = tracing.wrap(h2());
      DataSource named = tracing.wrap(h2(), "orders-pool");
      for (DataSource ds : List.of(first, second, named)) {
        ds.getConnection().close();
      }
      sdk.close();
      Set<String> pools =
          receiver.metrics("db.client.connection.wait_time").stream()
              .flatMap(m -> m.getHistogram().getDataPointsList().stream())
              .flatMap(p -> p.getAttributesList().stream())
              .filter(kv -> kv.getKey().equals("db.client.connection.pool.name"))
              .map(kv -> kv.getValue().getStringValue())
              .collect(Collectors.toSet());
      assertThat(pools).hasSize(3).contains("orders-pool");
      assertThatThrownBy(() -> tracing.wrap(h2(), " "))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aConventionReplacesNamesAndAddsAttributes() throws Exception {
    JdbcConvention convention =
        new DefaultJdbcConvention() {
          @Override
          public String spanName(DbQueryView query) {
            return "db " + super.spanName(query);
          }

          @Override
          public void onStart(
              DbQueryView query, io.opentelemetry.api.common.AttributesBuilder attributes) {
            attributes.put("app.db.text_length", (long) query.queryText().length());
          }

          @Override
          public void onEnd(
              DbQueryView query,
              Throwable error,
              io.opentelemetry.api.common.AttributesBuilder attributes) {
            attributes.put("app.db.failed", error != null);
          }
        };
    try (OtlpReceiver r =
        run(
            sdk -> JdbcTracing.builder(sdk).setConvention(convention).build(),
            3,
            c -> {
              try (Statement s = c.createStatement()) {
                s.executeQuery("SELECT * FROM items WHERE id = 1").close();
              }
            })) {
      OtlpReceiver.ReceivedSpan select = r.span("db SELECT items");
      assertThat(select.attr("app.db.text_length")).isEqualTo("32");
      assertThat(select.attr("app.db.failed")).isEqualTo("false");
      assertThat(select.attr("db.query.summary")).isEqualTo("SELECT items");
    }
  }

  @Test
  void aThrowingConventionFallsBackToTheDefault() throws Exception {
    JdbcConvention broken =
        query -> {
          throw new IllegalStateException("bug in user convention");
        };
    try (OtlpReceiver r =
        run(
            sdk -> JdbcTracing.builder(sdk).setConvention(broken).build(),
            3,
            c -> {
              try (Statement s = c.createStatement()) {
                s.executeQuery("SELECT * FROM items").close();
              }
            })) {
      assertThat(r.span("SELECT items").attr("db.system.name")).isEqualTo("h2database");
    }
  }
}

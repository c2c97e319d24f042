package dev.tracekit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.testing.OtlpReceiver;
import dev.tracekit.core.testing.TestSdk;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** Through the real OTLP/HTTP exporters into a loopback receiver decoding the protobuf. */
class OtlpExportTest {

  @Test
  void spansAndMetricsArriveOverOtlp() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      OpenTelemetrySdk sdk = TestSdk.otlpBuilder(receiver).build();
      JdbcDataSource h2 = new JdbcDataSource();
      String db = "otlp_" + UUID.randomUUID().toString().replace("-", "");
      h2.setURL("jdbc:h2:mem:" + db);
      try (Connection c = JdbcTracing.create(sdk).wrap(h2).getConnection()) {
        try (Statement s = c.createStatement()) {
          s.execute("CREATE TABLE accounts (id INT PRIMARY KEY, iban VARCHAR(40))");
          s.executeUpdate("INSERT INTO accounts VALUES (7, 'DE89370400440532013000')");
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT iban FROM accounts WHERE id = ?")) {
          ps.setInt(1, 7);
          try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.next()).isFalse();
          }
        }
      }
      sdk.close(); // flushes spans and metrics

      List<OtlpReceiver.ReceivedSpan> spans = receiver.awaitSpans(3, Duration.ofSeconds(10));
      OtlpReceiver.ReceivedSpan select =
          spans.stream()
              .filter(s -> "SELECT accounts".equals(s.attr("db.query.summary")))
              .findFirst()
              .orElseThrow();
      assertThat(select.scope()).isEqualTo("dev.tracekit.jdbc");
      assertThat(select.span().getKind())
          .isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT);
      assertThat(select.attr("db.system.name")).isEqualTo("h2database");
      assertThat(select.attr("db.namespace")).isEqualTo(db);
      assertThat(select.attr("db.response.returned_rows")).as("opt-in").isNull();
      OtlpReceiver.ReceivedSpan insert =
          spans.stream()
              .filter(s -> "INSERT accounts".equals(s.attr("db.query.summary")))
              .findFirst()
              .orElseThrow();
      assertThat(insert.attr("db.query.text")).doesNotContain("DE89");
      assertThat(insert.attr("tracekit.db.response.affected_rows")).isEqualTo("1");

      List<Metric> durations = receiver.metrics("db.client.operation.duration");
      assertThat(durations).isNotEmpty();
      long count =
          durations.get(0).getHistogram().getDataPointsList().stream()
              .mapToLong(p -> p.getCount())
              .sum();
      assertThat(count).isEqualTo(3);
      assertThat(durations.get(0).getUnit()).isEqualTo("s");
    }
  }
}

package dev.tracekit.jdbc;

import static dev.tracekit.testing.TracekitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.TracingSdk;
import dev.tracekit.testing.OtlpCapture;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * Through TracingSdk's real OTLP/HTTP exporters into an in-process receiver decoding the protobuf.
 */
class OtlpExportTest {

  @Test
  void spansAndMetricsArriveOverOtlp() throws Exception {
    try (OtlpCapture otlp = OtlpCapture.start()) {
      TracingSdk sdk =
          TracingSdk.builder()
              .serviceName("jdbc-otlp")
              .otlpEndpoint(otlp.endpoint())
              .property("otel.metric.export.interval", "3600000")
              .registerGlobal(false)
              .shutdownHook(false)
              .build();
      JdbcDataSource h2 = new JdbcDataSource();
      String db = "otlp_" + UUID.randomUUID().toString().replace("-", "");
      h2.setURL("jdbc:h2:mem:" + db);
      try (Connection c = JdbcTracing.create(sdk.openTelemetry()).wrap(h2).getConnection()) {
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

      List<SpanData> spans = otlp.awaitSpans(3, Duration.ofSeconds(10));
      SpanData select =
          spans.stream()
              .filter(
                  s ->
                      "SELECT"
                          .equals(
                              s.getAttributes().get(AttributeKey.stringKey("db.operation.name"))))
              .findFirst()
              .orElseThrow();
      assertThat(select.getInstrumentationScopeInfo().getName()).isEqualTo("dev.tracekit.jdbc");
      assertThat(otlp)
          .span(select.getName())
          .hasKind(SpanKind.CLIENT)
          .hasAttribute("db.system.name", "h2database")
          .hasAttribute("db.namespace", db)
          .hasAttribute("db.response.returned_rows", 1)
          .hasSanitizedDbQuery();
      assertThat(otlp).doesNotContain("DE89").hasNoSecrets();
      SpanData insert =
          spans.stream().filter(s -> s.getName().startsWith("INSERT")).findFirst().orElseThrow();
      assertThat(otlp).span(insert.getName()).hasAttribute("tracekit.db.response.affected_rows", 1);

      List<Metric> durations = otlp.metrics("db.client.operation.duration");
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

package dev.tracekit.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.jdbc.JdbcTracing;
import dev.tracekit.testing.TestTelemetry;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class StatementRegistryTest {

  @Test
  void leakedStatementsDoNotGrowTheRegistryAndOpenSpansEndOnClose() throws SQLException {
    try (TestTelemetry telemetry = TestTelemetry.create()) {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:mem:reg_" + UUID.randomUUID().toString().replace("-", ""));
      TracingConnection c =
          (TracingConnection)
              JdbcTracing.create(telemetry.openTelemetry()).wrap(h2).getConnection();
      // 600 statements, each read to the end but never closed (a leak)
      for (int i = 0; i < 600; i++) {
        Statement s = c.createStatement();
        try (ResultSet rs = s.executeQuery("SELECT 1")) {
          while (rs.next()) {
            // read all
          }
        }
      }
      assertThat(c.registrySize()).isLessThanOrEqualTo(TracingConnection.REGISTRY_PRUNE_SIZE);
      // a statement closed properly leaves the registry
      Statement closed = c.createStatement();
      closed.executeQuery("SELECT 2").close();
      int before = c.registrySize();
      closed.close();
      assertThat(c.registrySize()).isEqualTo(before - 1);
      // two result sets left open, on two statements: the connection's close ends their spans
      c.createStatement().executeQuery("SELECT 3").next();
      c.createStatement().executeQuery("SELECT 4");
      assertThat(telemetry.awaitSpans(601)).hasSize(601);
      assertThat(telemetry.openSpans()).hasSize(2);
      c.close();
      assertThat(telemetry.awaitSpans(603)).hasSize(603).allMatch(SpanData::hasEnded);
      assertThat(telemetry.openSpans()).isEmpty();
      assertThat(c.registrySize()).isZero();
    }
  }
}

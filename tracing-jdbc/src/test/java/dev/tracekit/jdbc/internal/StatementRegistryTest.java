package dev.tracekit.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.testing.TestSdk;
import dev.tracekit.jdbc.JdbcTracing;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
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
    try (TestSdk test = TestSdk.create()) {
      OpenTelemetrySdk sdk = test.sdk();
      InMemorySpanExporter exporter = test.spanExporter();
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:mem:reg_" + UUID.randomUUID().toString().replace("-", ""));
      TracingConnection c = (TracingConnection) JdbcTracing.create(sdk).wrap(h2).getConnection();
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
      assertThat(exporter.getFinishedSpanItems()).hasSize(601);
      c.close();
      assertThat(exporter.getFinishedSpanItems()).hasSize(603).allMatch(SpanData::hasEnded);
      assertThat(c.registrySize()).isZero();
    }
  }
}

package dev.tracekit.examples.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tracekit.api.support.Scopes;
import dev.tracekit.core.TracingSdk;
import dev.tracekit.http.HttpTracing;
import dev.tracekit.jdbc.JdbcTracing;
import dev.tracekit.metrics.MetricsTracing;
import dev.tracekit.testing.OtlpCapture;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * Every tracer and meter of tracing-core, tracing-jdbc, tracing-http and tracing-metrics carries
 * TraceKit's version as the instrumentation version and a {@code schema_url}, as exported: the real
 * OTLP exporter into the OTLP receiver of the test kit, decoded with the official protobuf.
 */
class ScopesExportTest {

  @Test
  void exportedSpansAndMetricPointsCarryVersionAndSchemaUrl() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    try (OtlpCapture otlp = OtlpCapture.start();
        TracingSdk sdk =
            TracingSdk.builder()
                .serviceName("scopes")
                .otlpEndpoint(otlp.endpoint())
                .registerGlobal(false)
                .shutdownHook(false)
                .build()) {
      OpenTelemetry otel = sdk.openTelemetry();
      // tracing-core (the helpers' scope) and tracing-metrics
      sdk.tracing().run("scopes.core", () -> {});
      MetricsTracing.create(otel).counter("scopes.count").build().add(1);
      // tracing-jdbc: a statement span and db.client.operation.duration
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:mem:scopes;DB_CLOSE_DELAY=-1");
      DataSource db = JdbcTracing.create(otel).wrap(h2);
      try (Connection c = db.getConnection();
          Statement s = c.createStatement()) {
        s.execute("SELECT 1");
      }
      // tracing-http: server and client spans and request durations
      HttpTracing http = HttpTracing.create(otel);
      server.createContext(
          "/ping",
          http.wrap(
              exchange -> {
                byte[] body = "pong".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                  out.write(body);
                }
              },
              "/ping"));
      server.start();
      HttpClient client = http.wrap(HttpClient.newHttpClient());
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ping"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.body()).isEqualTo("pong");

      assertThat(sdk.flush(Duration.ofSeconds(10))).isTrue();
      otlp.awaitSpans(4, Duration.ofSeconds(10));

      assertThat(Scopes.VERSION).as("TraceKit's version, read from the jar").matches("\\d+\\..*");
      Map<String, String> spanScopes = new TreeMap<>();
      for (SpanData span : otlp.spans()) {
        InstrumentationScopeInfo scope = span.getInstrumentationScopeInfo();
        spanScopes.put(scope.getName(), scope.getVersion() + " " + scope.getSchemaUrl());
      }
      assertThat(spanScopes).containsKeys("dev.tracekit", "dev.tracekit.jdbc", "dev.tracekit.http");
      assertThat(spanScopes.values())
          .allSatisfy(
              v ->
                  assertThat(v)
                      .startsWith(Scopes.VERSION + " https://opentelemetry.io/schemas/1."));

      Map<String, String> meterScopes = new TreeMap<>();
      for (ResourceMetrics rm : otlp.resourceMetrics()) {
        for (ScopeMetrics sm : rm.getScopeMetricsList()) {
          if (sm.getScope().getName().startsWith("dev.tracekit") && sm.getMetricsCount() > 0) {
            meterScopes.put(
                sm.getScope().getName(), sm.getScope().getVersion() + " " + sm.getSchemaUrl());
          }
        }
      }
      assertThat(meterScopes)
          .containsKeys("dev.tracekit.metrics", "dev.tracekit.jdbc", "dev.tracekit.http");
      assertThat(meterScopes.values())
          .allSatisfy(
              v ->
                  assertThat(v)
                      .startsWith(Scopes.VERSION + " https://opentelemetry.io/schemas/1."));
    } finally {
      server.stop(0);
    }
  }
}

package dev.tracekit.http;

import static dev.tracekit.testing.TracekitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.TracingSdk;
import dev.tracekit.testing.OtlpCapture;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spans and metrics through TracingSdk's real OTLP/HTTP exporters into an in-process receiver. */
class OtlpExportTest {

  @Test
  void clientAndServerSpansAndMetricsReachAnOtlpReceiver() throws Exception {
    try (OtlpCapture otlp = OtlpCapture.start();
        TracingSdk sdk =
            TracingSdk.builder()
                .serviceName("http-otlp")
                .otlpEndpoint(otlp.endpoint())
                .property("otel.metric.export.interval", "3600000")
                .registerGlobal(false)
                .shutdownHook(false)
                .build()) {
      HttpTracing tracing = HttpTracing.create(sdk.openTelemetry());
      try (LoopbackServer server =
          new LoopbackServer()
              .handle(
                  "/hooks",
                  tracing.wrap(
                      exchange -> LoopbackServer.respond(exchange, 202, "queued"),
                      "/hooks/{source}"))) {
        HttpResponse<String> response =
            tracing
                .wrap(HttpClient.newHttpClient())
                .send(
                    HttpRequest.newBuilder(server.uri("/hooks/crm?token=secret")).build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);
      }
      sdk.flush(Duration.ofSeconds(5));

      // The server span ends on the server thread after the response was written: the assertion
      // waits for it (the batch processor exports it on its schedule at the latest).
      assertThat(otlp).hasSpanNames("GET", "GET /hooks/{source}");
      assertThat(otlp)
          .hasOneTrace()
          .hasRoot("GET")
          .hasKind(SpanKind.CLIENT)
          .hasAttribute("url.full", server("/hooks/crm?token=REDACTED", otlp))
          .withChild("GET /hooks/{source}")
          .hasKind(SpanKind.SERVER)
          .hasAttribute("url.query", "token=REDACTED")
          .hasAttribute("http.route", "/hooks/{source}")
          .hasAttribute("http.response.status_code", 202)
          .hasAttributeKey("tracekit.correlation_id")
          .satisfiesOtel(s -> s.hasInstrumentationScopeInfo(scope("dev.tracekit.http")));
      assertThat(otlp).doesNotContain("secret").hasNoSecrets();

      sdk.flush(Duration.ofSeconds(5));
      List<Metric> durations = otlp.metrics("http.server.request.duration");
      assertThat(durations).isNotEmpty();
      HistogramDataPoint point = durations.get(0).getHistogram().getDataPoints(0);
      assertThat(point.getCount()).isEqualTo(1);
      assertThat(point.getExplicitBoundsList())
          .containsExactly(
              0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
      assertThat(durations.get(0).getUnit()).isEqualTo("s");
      assertThat(otlp.metrics("http.client.request.duration")).isNotEmpty();
    }
  }

  /** The client's url.full: the loopback server's address is only known from the span itself. */
  private static String server(String pathAndQuery, OtlpCapture otlp) {
    String full =
        otlp.spans().stream()
            .filter(s -> s.getName().equals("GET"))
            .map(s -> s.getAttributes().get(io.opentelemetry.semconv.UrlAttributes.URL_FULL))
            .findFirst()
            .orElse("");
    int path = full.indexOf("/hooks");
    return (path < 0 ? full : full.substring(0, path)) + pathAndQuery;
  }

  /** The scope as exported: TraceKit's version and the conventions' schema URL. */
  private static io.opentelemetry.sdk.common.InstrumentationScopeInfo scope(String name) {
    return io.opentelemetry.sdk.common.InstrumentationScopeInfo.builder(name)
        .setVersion(dev.tracekit.api.support.Scopes.VERSION)
        .setSchemaUrl(dev.tracekit.api.support.Scopes.SCHEMA_URL)
        .build();
  }
}

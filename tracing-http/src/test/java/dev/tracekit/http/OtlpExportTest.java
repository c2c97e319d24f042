package dev.tracekit.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.testing.OtlpReceiver;
import dev.tracekit.core.testing.TestSdk;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Spans and metrics through the real OTLP/HTTP exporters into a loopback receiver. */
class OtlpExportTest {

  @Test
  void clientAndServerSpansAndMetricsReachAnOtlpReceiver() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      OpenTelemetrySdk sdk =
          TestSdk.otlpBuilder(receiver)
              .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
              .build();
      HttpTracing tracing = HttpTracing.create(sdk);
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
                    HttpRequest.newBuilder(server.uri("/hooks/chatwoot?token=secret")).build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);
        // The server span ends on the server thread right after the response was written.
        Thread.sleep(100);
      }
      sdk.getSdkTracerProvider().forceFlush().join(5, TimeUnit.SECONDS);
      sdk.getSdkMeterProvider().forceFlush().join(5, TimeUnit.SECONDS);

      receiver.awaitSpans(2, Duration.ofSeconds(5));
      OtlpReceiver.ReceivedSpan server = receiver.span("GET /hooks/{source}");
      OtlpReceiver.ReceivedSpan client = receiver.span("GET");
      assertThat(server.span().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
      assertThat(client.span().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
      assertThat(server.traceId()).isEqualTo(client.traceId());
      assertThat(server.parentSpanId()).isEqualTo(client.spanId());
      assertThat(client.attr("url.full")).endsWith("/hooks/chatwoot?token=REDACTED");
      assertThat(server.attr("url.query")).isEqualTo("token=REDACTED");
      assertThat(server.attr("http.route")).isEqualTo("/hooks/{source}");
      assertThat(server.attr("http.response.status_code")).isEqualTo("202");
      assertThat(server.attr("tracekit.correlation_id")).isNotBlank();
      assertThat(server.scope()).isEqualTo("dev.tracekit.http");

      List<Metric> durations = receiver.metrics("http.server.request.duration");
      assertThat(durations).isNotEmpty();
      HistogramDataPoint point = durations.get(0).getHistogram().getDataPoints(0);
      assertThat(point.getCount()).isEqualTo(1);
      assertThat(point.getExplicitBoundsList())
          .containsExactly(
              0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
      assertThat(durations.get(0).getUnit()).isEqualTo("s");
      assertThat(receiver.metrics("http.client.request.duration")).isNotEmpty();
      sdk.close();
    }
  }
}

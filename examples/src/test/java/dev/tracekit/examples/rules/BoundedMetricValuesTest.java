package dev.tracekit.examples.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tracekit.http.HttpTracing;
import dev.tracekit.jdbc.JdbcTracing;
import dev.tracekit.metrics.LatencySnapshot;
import dev.tracekit.metrics.MetricsTracing;
import dev.tracekit.metrics.SpanMetricsProcessor;
import dev.tracekit.metrics.TracingHistogram;
import dev.tracekit.testing.TestTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Metric attribute values that come from input are bounded in tracing-http, tracing-jdbc and
 * tracing-metrics: a 1 MB value gives a short point (at most 255 characters per value).
 */
class BoundedMetricValuesTest {
  private static final String HUGE = "r".repeat(1 << 20);
  private static final int SHORT = 255;

  private TestTelemetry telemetry;
  private Level savedLevel;

  @BeforeEach
  void start() {
    telemetry = TestTelemetry.create();
    Logger tracekit = Logger.getLogger("dev.tracekit");
    savedLevel = tracekit.getLevel();
    tracekit.setLevel(Level.OFF); // "a value was cut" is reported once: expected here
  }

  @AfterEach
  void stop() {
    telemetry.close();
    Logger.getLogger("dev.tracekit").setLevel(savedLevel);
  }

  @Test
  void httpRouteOnServerMetricsIsCut() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    HttpTracing http = HttpTracing.create(telemetry.openTelemetry());
    server.createContext(
        "/ping",
        http.wrap(
            exchange -> {
              exchange.sendResponseHeaders(204, -1);
              try (OutputStream ignored = exchange.getResponseBody()) {
                // no body
              }
            },
            "/" + HUGE));
    server.start();
    try {
      HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ping"))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      telemetry.awaitSpans(1);
    } finally {
      server.stop(0);
    }
    String route =
        onlyPoint("http.server.request.duration")
            .getAttributes()
            .get(AttributeKey.stringKey("http.route"));
    assertThat(route).startsWith("/rrr").hasSizeLessThanOrEqualTo(SHORT);
  }

  @Test
  void jdbcOperationOnMetricsIsCut() {
    JdbcTracing jdbc = JdbcTracing.create(telemetry.openTelemetry());
    jdbc.traceQuery(HUGE, null, () -> 1);
    PointData point = onlyPoint("db.client.operation.duration");
    assertThat(point.getAttributes().get(AttributeKey.stringKey("db.operation.name")))
        .startsWith("rrr")
        .hasSizeLessThanOrEqualTo(SHORT);
    assertEveryValueShort(point);
  }

  @Test
  void histogramValuesAndSpanNamesAreBounded() {
    TracingHistogram histogram =
        MetricsTracing.create(telemetry.openTelemetry())
            .histogram("orders.duration")
            .attributes("operation")
            .build();
    histogram.record(0.1, HUGE);
    assertEveryValueShort(onlyPoint("orders.duration"));

    SpanMetricsProcessor processor =
        SpanMetricsProcessor.create(telemetry.openTelemetry().getMeterProvider());
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder().addSpanProcessor(processor).build()) {
      provider.get("bounded").spanBuilder(HUGE).startSpan().end();
    }
    PointData point = onlyPoint(SpanMetricsProcessor.METRIC_NAME);
    assertThat(point.getAttributes().get(SpanMetricsProcessor.SPAN_NAME))
        .startsWith("rrr")
        .hasSizeLessThanOrEqualTo(SHORT);
    LatencySnapshot snapshot = processor.snapshot();
    assertThat(snapshot.operations())
        .singleElement()
        .satisfies(op -> assertThat(op.name()).hasSizeLessThanOrEqualTo(SHORT));
  }

  private PointData onlyPoint(String metric) {
    MetricData data = telemetry.metric(metric);
    assertThat(data.getData().getPoints()).hasSize(1);
    return data.getData().getPoints().iterator().next();
  }

  private static void assertEveryValueShort(PointData point) {
    point
        .getAttributes()
        .forEach((key, value) -> assertThat(String.valueOf(value)).hasSizeLessThanOrEqualTo(SHORT));
  }
}

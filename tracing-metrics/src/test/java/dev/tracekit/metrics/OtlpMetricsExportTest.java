package dev.tracekit.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.testing.OtlpReceiver;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OtlpMetricsExportTest {
  private final OtlpReceiver receiver = OtlpReceiver.start();

  @AfterEach
  void tearDown() {
    receiver.close();
  }

  private static Map<String, String> attributes(List<KeyValue> list) {
    return list.stream()
        .collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue()));
  }

  private Metric last(String name) {
    List<Metric> all = receiver.metrics(name);
    assertThat(all).as("metric %s received", name).isNotEmpty();
    return all.get(all.size() - 1);
  }

  @Test
  void otlpExportCarriesNamesUnitsBucketsAttributesAndExemplars() {
    Set<String> apiKeys = ConcurrentHashMap.newKeySet();
    receiver.behaviour(
        (exchange, n) -> {
          String key = exchange.getRequestHeaders().getFirst("x-api-key");
          if (key != null) {
            apiKeys.add(key);
          }
          return false;
        });
    SdkMeterProvider meterProvider =
        SdkMeterProvider.builder()
            .registerMetricReader(
                MetricsExport.otlp(
                    receiver.endpoint(), Map.of("x-api-key", "k-123"), Duration.ofHours(1)))
            .build();
    try (OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setMeterProvider(meterProvider)
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create()))
                    .addSpanProcessor(SpanMetricsProcessor.create(meterProvider))
                    .build())
            .build()) {
      MetricsTracing metrics = MetricsTracing.create(sdk);
      TracingHistogram routeDuration =
          metrics.histogram("app.route.duration").description("Route determination time.").build();
      TracingCounter skippedMessages =
          metrics
              .counter("app.messages.skipped")
              .unit("{message}")
              .attributes("app.skip.reason")
              .build();
      Tracer tracer = sdk.getTracer("test");
      Span span = tracer.spanBuilder("route.message").setSpanKind(SpanKind.SERVER).startSpan();
      String traceId = span.getSpanContext().getTraceId();
      Scope scope = span.makeCurrent();
      try {
        routeDuration.record(0.015);
        skippedMessages.increment("filtered");
      } finally {
        scope.close();
      }
      span.end();

      assertThat(meterProvider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

      Metric route = last("app.route.duration");
      assertThat(route.getUnit()).isEqualTo("s");
      assertThat(route.getDescription()).isEqualTo("Route determination time.");
      HistogramDataPoint point = route.getHistogram().getDataPoints(0);
      assertThat(point.getExplicitBoundsList()).isEqualTo(TracingHistogram.DEFAULT_SECONDS_BUCKETS);
      assertThat(point.getCount()).isEqualTo(1);
      assertThat(point.getBucketCounts(4)).isEqualTo(1); // (0.01, 0.025]
      assertThat(point.getExemplarsList())
          .singleElement()
          .satisfies(
              e ->
                  assertThat(HexFormat.of().formatHex(e.getTraceId().toByteArray()))
                      .isEqualTo(traceId));

      Metric skipped = last("app.messages.skipped");
      assertThat(skipped.getUnit()).isEqualTo("{message}");
      assertThat(skipped.getSum().getIsMonotonic()).isTrue();
      NumberDataPoint skippedPoint = skipped.getSum().getDataPoints(0);
      assertThat(skippedPoint.getAsInt()).isEqualTo(1);
      assertThat(attributes(skippedPoint.getAttributesList()))
          .containsExactly(Map.entry("app.skip.reason", "filtered"));

      Metric spanDuration = last(SpanMetricsProcessor.METRIC_NAME);
      HistogramDataPoint spanPoint = spanDuration.getHistogram().getDataPoints(0);
      assertThat(attributes(spanPoint.getAttributesList()))
          .containsOnly(
              Map.entry("tracekit.span.name", "route.message"),
              Map.entry("tracekit.span.kind", "server"));
      assertThat(spanPoint.getExemplarsList())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(HexFormat.of().formatHex(e.getTraceId().toByteArray()))
                    .isEqualTo(traceId);
                assertThat(HexFormat.of().formatHex(e.getSpanId().toByteArray()))
                    .isEqualTo(span.getSpanContext().getSpanId());
              });
      assertThat(apiKeys).containsExactly("k-123");
    }
  }

  @Test
  void autoconfigureSendsMetricsToTheSameOtlpEndpointAndHeadersAsTraces() {
    Set<String> paths = ConcurrentHashMap.newKeySet();
    Set<String> headers = ConcurrentHashMap.newKeySet();
    receiver.behaviour(
        (exchange, n) -> {
          paths.add(exchange.getRequestURI().getPath());
          String key = exchange.getRequestHeaders().getFirst("x-api-key");
          if (key != null) {
            headers.add(exchange.getRequestURI().getPath() + " " + key);
          }
          return false;
        });
    SpanMetricsProcessor spanMetrics = SpanMetricsProcessor.builder().build();
    Map<String, String> properties =
        Map.of(
            "otel.exporter.otlp.endpoint", receiver.endpoint(),
            "otel.exporter.otlp.protocol", "http/protobuf",
            "otel.exporter.otlp.headers", "x-api-key=k-9",
            "otel.metric.export.interval", "3600000",
            "otel.bsp.schedule.delay", "10",
            "otel.logs.exporter", "none",
            "otel.service.name", "otlp-metrics-test");
    AutoConfiguredOpenTelemetrySdk auto =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(() -> properties)
            .addTracerProviderCustomizer((b, config) -> b.addSpanProcessor(spanMetrics))
            .addMeterProviderCustomizer(
                (SdkMeterProviderBuilder b,
                    io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties c) ->
                    MetricsExport.useExponentialHistograms(b, "app.queue.*"))
            .disableShutdownHook()
            .build();
    try (OpenTelemetrySdk sdk = auto.getOpenTelemetrySdk()) {
      spanMetrics.bindMeterProvider(sdk.getMeterProvider());
      MetricsTracing metrics = MetricsTracing.create(sdk);
      metrics.histogram("app.queue.wait.duration").build().record(0.5);
      metrics.counter("app.cache.hits").build().increment();
      sdk.getTracer("test").spanBuilder("queue.produce").startSpan().end();
      assertThat(sdk.getSdkMeterProvider().forceFlush().join(10, TimeUnit.SECONDS).isSuccess())
          .isTrue();
      receiver.awaitSpans(1, Duration.ofSeconds(10));

      assertThat(last("app.cache.hits").getSum().getDataPoints(0).getAsInt()).isEqualTo(1);
      Metric queueWait = last("app.queue.wait.duration");
      assertThat(queueWait.hasExponentialHistogram()).isTrue();
      assertThat(queueWait.getExponentialHistogram().getDataPoints(0).getCount()).isEqualTo(1);
      assertThat(last(SpanMetricsProcessor.METRIC_NAME).getHistogram().getDataPoints(0).getCount())
          .isEqualTo(1);
      assertThat(paths).contains("/v1/traces", "/v1/metrics");
      assertThat(headers).contains("/v1/traces k-9", "/v1/metrics k-9");
    }
  }
}

package dev.tracekit.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PrometheusExportTest {

  @Test
  void scrapeShowsCatalogCountersHistogramBucketsGaugesAndSpanMetrics() throws Exception {
    int port = Exposition.freePort();
    PrometheusHttpServer prometheus = MetricsExport.prometheus("127.0.0.1", port);
    SdkMeterProvider meterProvider =
        SdkMeterProvider.builder().registerMetricReader(prometheus).build();
    SpanMetricsProcessor spanMetrics = SpanMetricsProcessor.create(meterProvider);
    try (OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setMeterProvider(meterProvider)
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create()))
                    .addSpanProcessor(spanMetrics)
                    .build())
            .build()) {
      MetricsTracing metrics = MetricsTracing.create(sdk);
      metrics.counter("app.messages.received").unit("{message}").build().add(3);
      metrics
          .counter("app.messages.errored")
          .unit("{message}")
          .attributes("error.type")
          .build()
          .increment("java.io.IOException");
      metrics
          .counter("app.llm.calls")
          .unit("{call}")
          .attributes("gen_ai.request.model")
          .build()
          .bind("gpt-4o")
          .increment();
      TracingHistogram requestDuration = metrics.histogram("app.request.duration").build();
      requestDuration.record(0.02);
      requestDuration.record(0.2);
      requestDuration.record(3.0);
      TracingGauge queue = metrics.longGauge("app.queue.size", () -> 12).unit("{message}").build();
      Tracer tracer = sdk.getTracer("test");
      Span failed = tracer.spanBuilder("worker.process").startSpan();
      failed.setStatus(StatusCode.ERROR);
      failed.end();

      Exposition scrape = Exposition.scrape(port);

      assertThat(scrape.text).contains("# TYPE app_messages_received_total counter");
      assertThat(scrape.one("app_messages_received_total", Map.of()).value()).isEqualTo(3);
      assertThat(
              scrape
                  .one("app_messages_errored_total", Map.of("error_type", "java.io.IOException"))
                  .value())
          .isEqualTo(1);
      assertThat(
              scrape.one("app_llm_calls_total", Map.of("gen_ai_request_model", "gpt-4o")).value())
          .isEqualTo(1);
      assertThat(scrape.one("app_queue_size", Map.of()).value()).isEqualTo(12);

      // Histogram: the unit becomes the _seconds suffix; buckets are cumulative with le labels.
      assertThat(scrape.text).contains("# TYPE app_request_duration_seconds histogram");
      List<Exposition.Sample> buckets = scrape.named("app_request_duration_seconds_bucket");
      List<String> les = buckets.stream().map(s -> s.label("le")).collect(Collectors.toList());
      assertThat(les)
          .containsExactly(
              "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5",
              "0.75", "1.0", "2.5", "5.0", "7.5", "10.0", "30.0", "60.0", "+Inf");
      assertThat(scrape.one("app_request_duration_seconds_bucket", Map.of("le", "0.025")).value())
          .isEqualTo(1);
      assertThat(scrape.one("app_request_duration_seconds_bucket", Map.of("le", "0.25")).value())
          .isEqualTo(2);
      assertThat(scrape.one("app_request_duration_seconds_bucket", Map.of("le", "+Inf")).value())
          .isEqualTo(3);
      assertThat(scrape.one("app_request_duration_seconds_count", Map.of()).value()).isEqualTo(3);
      assertThat(scrape.one("app_request_duration_seconds_sum", Map.of()).value())
          .isCloseTo(3.22, org.assertj.core.data.Offset.offset(1e-9));

      // Span-derived metrics, labelled as PromQL dashboards query them.
      Map<String, String> worker =
          Map.of(
              "tracekit_span_name", "worker.process",
              "tracekit_span_kind", "internal",
              "otel_status_code", "ERROR");
      assertThat(scrape.one("tracekit_span_duration_seconds_count", worker).value()).isEqualTo(1);
      assertThat(
              scrape
                  .one(
                      "tracekit_span_duration_seconds_bucket",
                      Map.of("tracekit_span_name", "worker.process", "le", "+Inf"))
                  .value())
          .isEqualTo(1);
      assertThat(scrape.one("app_messages_received_total", Map.of()).label("otel_scope_name"))
          .isEqualTo(MetricsTracing.INSTRUMENTATION_NAME);
      queue.close();
    }
  }

  @Test
  void autoconfigureSelectsPrometheusWithTheEnvironmentVariables() throws Exception {
    int port = Exposition.freePort();
    Map<String, String> properties =
        Map.of(
            "otel.metrics.exporter", "prometheus",
            "otel.exporter.prometheus.host", "127.0.0.1",
            "otel.exporter.prometheus.port", Integer.toString(port),
            "otel.traces.exporter", "none",
            "otel.logs.exporter", "none",
            "otel.service.name", "metrics-test");
    SpanMetricsProcessor spanMetrics = SpanMetricsProcessor.builder().build();
    OpenTelemetrySdk sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(() -> properties)
            .addTracerProviderCustomizer((builder, config) -> builder.addSpanProcessor(spanMetrics))
            .disableShutdownHook()
            .build()
            .getOpenTelemetrySdk();
    try (sdk) {
      spanMetrics.bindMeterProvider(sdk.getMeterProvider());
      OpenTelemetry openTelemetry = sdk;
      MetricsTracing metrics = MetricsTracing.create(openTelemetry);
      metrics.counter("app.orders").unit("{order}").build().increment();
      metrics
          .histogram("app.llm.duration")
          .attributes("gen_ai.request.model")
          .build()
          .record(1.2, "gpt-4o");
      openTelemetry.getTracer("test").spanBuilder("message.filter").startSpan().end();

      Exposition scrape = Exposition.scrape(port);
      assertThat(scrape.one("app_orders_total", Map.of()).value()).isEqualTo(1);
      assertThat(
              scrape
                  .one(
                      "app_llm_duration_seconds_bucket",
                      Map.of("gen_ai_request_model", "gpt-4o", "le", "2.5"))
                  .value())
          .isEqualTo(1);
      assertThat(
              scrape
                  .one(
                      "tracekit_span_duration_seconds_count",
                      Map.of("tracekit_span_name", "message.filter"))
                  .value())
          .isEqualTo(1);
      assertThat(scrape.text).contains("target_info").contains("metrics-test");
    }
  }

  @Test
  void anInvalidHostFailsAtSetUpWithAClearMessage() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> MetricsExport.prometheus("no-such-host.invalid", Exposition.freePort()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-such-host.invalid")
        .hasMessageContaining("does not resolve");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> MetricsExport.prometheus(" ", 9464))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.tracekit.api.queue;

import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** A real SDK with in-memory span and metric export, for one test. */
final class TestTelemetry implements AutoCloseable {
  static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
  static final AttributeKey<String> DESTINATION =
      AttributeKey.stringKey("messaging.destination.name");
  static final AttributeKey<String> OPERATION_TYPE =
      AttributeKey.stringKey("messaging.operation.type");
  static final AttributeKey<String> OPERATION_NAME =
      AttributeKey.stringKey("messaging.operation.name");
  static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
  static final AttributeKey<Long> BATCH_COUNT =
      AttributeKey.longKey("messaging.batch.message_count");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<Double> WAIT_TIME =
      AttributeKey.doubleKey("tracekit.messaging.wait_time");
  static final AttributeKey<Double> E2E_LATENCY =
      AttributeKey.doubleKey("tracekit.messaging.e2e_latency");
  static final String REQUEST_START = "_requestStartedAt";

  /** The span's wait time in whole milliseconds, or null. */
  static Long waitMillis(io.opentelemetry.sdk.trace.data.SpanData span) {
    Double seconds = span.getAttributes().get(WAIT_TIME);
    return seconds == null ? null : Math.round(seconds * 1000);
  }

  /** The span's end-to-end latency in whole milliseconds, or null. */
  static Long e2eMillis(io.opentelemetry.sdk.trace.data.SpanData span) {
    Double seconds = span.getAttributes().get(E2E_LATENCY);
    return seconds == null ? null : Math.round(seconds * 1000);
  }

  static final AttributeKey<Boolean> TRACE_ID_ONLY =
      AttributeKey.booleanKey("tracekit.messaging.trace_id_only");

  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  final OpenTelemetrySdk sdk;

  TestTelemetry() {
    this(
        ContextPropagators.create(
            TextMapPropagator.composite(
                W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())));
  }

  TestTelemetry(ContextPropagators propagators) {
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .setPropagators(propagators)
            .build();
  }

  /** SDK without propagators configured (the default of OpenTelemetrySdk.builder()). */
  static TestTelemetry withoutPropagators() {
    return new TestTelemetry(ContextPropagators.noop());
  }

  SpanData span(String name) {
    List<SpanData> found = spans(name);
    if (found.size() != 1) {
      throw new AssertionError(
          "expected one span named " + name + " but found " + names() + " (" + found.size() + ")");
    }
    return found.get(0);
  }

  List<SpanData> spans(String name) {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name))
        .collect(Collectors.toList());
  }

  List<String> names() {
    return spans.getFinishedSpanItems().stream()
        .map(SpanData::getName)
        .collect(Collectors.toList());
  }

  /**
   * Waits (bounded) until a span with that name has ended; spans end after the callback returns.
   */
  SpanData awaitSpan(String name, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!spans(name).isEmpty()) {
        return span(name);
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no span named " + name + " within " + timeout + "; have " + names());
  }

  List<HistogramPointData> histogram(String name) {
    for (MetricData metric : metrics.collectAllMetrics()) {
      if (metric.getName().equals(name)) {
        return List.copyOf(metric.getHistogramData().getPoints());
      }
    }
    return List.of();
  }

  @Override
  public void close() {
    sdk.close();
  }
}

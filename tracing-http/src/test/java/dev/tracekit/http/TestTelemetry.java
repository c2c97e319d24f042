package dev.tracekit.http;

import dev.tracekit.core.testing.TestSdk;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The core test-jar's {@link TestSdk} with W3C trace context and baggage propagation, and the
 * span/histogram helpers these tests use.
 */
final class TestTelemetry implements AutoCloseable {
  private final TestSdk test =
      TestSdk.create(
          ContextPropagators.create(
              TextMapPropagator.composite(
                  W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())));
  final InMemorySpanExporter spans = test.spanExporter();
  final InMemoryMetricReader metrics = test.metricReader();
  final OpenTelemetrySdk sdk = test.sdk();

  /** Waits (bounded) until at least {@code count} spans ended, and returns them. */
  List<SpanData> awaitSpans(int count) throws InterruptedException {
    for (int i = 0; i < 500 && spans.getFinishedSpanItems().size() < count; i++) {
      Thread.sleep(10);
    }
    List<SpanData> finished = spans.getFinishedSpanItems();
    if (finished.size() < count) {
      throw new AssertionError("expected " + count + " spans, got " + names(finished));
    }
    return finished;
  }

  SpanData only(SpanKind kind) throws InterruptedException {
    awaitSpans(1);
    List<SpanData> matching =
        spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == kind).toList();
    if (matching.size() != 1) {
      throw new AssertionError("expected one " + kind + " span, got " + names(matching));
    }
    return matching.get(0);
  }

  List<HistogramPointData> histogram(String name) {
    return metrics.collectAllMetrics().stream()
        .filter(m -> m.getName().equals(name))
        .map(MetricData::getHistogramData)
        .flatMap(h -> h.getPoints().stream())
        .collect(Collectors.toList());
  }

  private static String names(List<SpanData> spans) {
    return spans.stream().map(s -> s.getKind() + " " + s.getName()).toList().toString();
  }

  @Override
  public void close() {
    test.close();
  }
}

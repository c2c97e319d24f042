package dev.tracekit.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tracekit.api.support.Diagnostics;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpanMetricsProcessorTest {
  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider meterProvider =
      SdkMeterProvider.builder().registerMetricReader(reader).build();
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private SdkTracerProvider tracerProvider;

  private Tracer tracer(SpanMetricsProcessor processor) {
    tracerProvider =
        SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans))
            .addSpanProcessor(processor)
            .build();
    return tracerProvider.get("test");
  }

  @AfterEach
  void tearDown() {
    if (tracerProvider != null) {
      tracerProvider.close();
    }
    meterProvider.close();
  }

  /** Ends a span exactly {@code micros} after it started, using explicit timestamps. */
  private static void span(
      Tracer tracer, String name, SpanKind kind, StatusCode status, long micros) {
    long start = 1_000_000_000L;
    Span span =
        tracer
            .spanBuilder(name)
            .setSpanKind(kind)
            .setStartTimestamp(start, TimeUnit.MICROSECONDS)
            .startSpan();
    if (status != StatusCode.UNSET) {
      span.setStatus(status);
    }
    span.end(start + micros, TimeUnit.MICROSECONDS);
  }

  private MetricData duration() {
    return reader.collectAllMetrics().stream()
        .filter(m -> m.getName().equals(SpanMetricsProcessor.METRIC_NAME))
        .findFirst()
        .orElseThrow();
  }

  private static HistogramPointData point(MetricData data, Attributes attributes) {
    return data.getHistogramData().getPoints().stream()
        .filter(p -> p.getAttributes().equals(attributes))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no point " + attributes));
  }

  @Test
  void recordsDurationByNameKindAndStatus() {
    Tracer tracer = tracer(SpanMetricsProcessor.create(meterProvider));
    span(tracer, "GET /orders", SpanKind.SERVER, StatusCode.UNSET, 20_000);
    span(tracer, "GET /orders", SpanKind.SERVER, StatusCode.UNSET, 40_000);
    span(tracer, "GET /orders", SpanKind.SERVER, StatusCode.ERROR, 300_000);
    span(tracer, "llm.chat", SpanKind.CLIENT, StatusCode.OK, 1_200_000);

    MetricData data = duration();
    assertThat(data.getUnit()).isEqualTo("s");
    assertThat(data.getInstrumentationScopeInfo().getName())
        .isEqualTo(MetricsTracing.INSTRUMENTATION_NAME);
    HistogramPointData ok =
        point(
            data,
            Attributes.of(
                SpanMetricsProcessor.SPAN_NAME,
                "GET /orders",
                SpanMetricsProcessor.SPAN_KIND,
                "server"));
    assertThat(ok.getCount()).isEqualTo(2);
    assertThat(ok.getSum()).isCloseTo(0.06, within(1e-9));
    assertThat(ok.getBoundaries()).isEqualTo(TracingHistogram.DEFAULT_SECONDS_BUCKETS);
    HistogramPointData error =
        point(
            data,
            Attributes.of(
                SpanMetricsProcessor.SPAN_NAME,
                "GET /orders",
                SpanMetricsProcessor.SPAN_KIND,
                "server",
                SpanMetricsProcessor.STATUS_CODE,
                "ERROR"));
    assertThat(error.getCount()).isEqualTo(1);
    assertThat(error.getSum()).isCloseTo(0.3, within(1e-9));
    assertThat(
            point(
                    data,
                    Attributes.of(
                        SpanMetricsProcessor.SPAN_NAME,
                        "llm.chat",
                        SpanMetricsProcessor.SPAN_KIND,
                        "client",
                        SpanMetricsProcessor.STATUS_CODE,
                        "OK"))
                .getCount())
        .isEqualTo(1);
    assertThat(spans.getFinishedSpanItems()).hasSize(4);
  }

  @Test
  void exemplarsCarryTheTraceIdOfTheSpan() {
    Tracer tracer = tracer(SpanMetricsProcessor.create(meterProvider));
    Span span = tracer.spanBuilder("checkout").startSpan();
    String traceId = span.getSpanContext().getTraceId();
    span.end();
    HistogramPointData point = duration().getHistogramData().getPoints().iterator().next();
    assertThat(point.getExemplars())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getSpanContext().getTraceId()).isEqualTo(traceId);
              assertThat(e.getSpanContext().getSpanId())
                  .isEqualTo(span.getSpanContext().getSpanId());
            });
  }

  @Test
  void exemplarsCanBeTurnedOff() {
    Tracer tracer =
        tracer(
            SpanMetricsProcessor.builder()
                .setMeterProvider(meterProvider)
                .setExemplarsEnabled(false)
                .build());
    tracer.spanBuilder("checkout").startSpan().end();
    HistogramPointData point = duration().getHistogramData().getPoints().iterator().next();
    assertThat(point.getCount()).isEqualTo(1);
    assertThat(point.getExemplars()).isEmpty();
  }

  @Test
  void snapshotPercentilesMatchKnownValuesWithinTheBucketError() {
    SpanMetricsProcessor processor = SpanMetricsProcessor.create(meterProvider);
    Tracer tracer = tracer(processor);
    for (int ms = 1; ms <= 100; ms++) {
      span(
          tracer,
          "worker.process",
          SpanKind.CONSUMER,
          ms % 10 == 0 ? StatusCode.ERROR : StatusCode.UNSET,
          ms * 1000L);
    }
    LatencySnapshot.Operation op = processor.snapshot().operation("worker.process");
    assertThat(op).isNotNull();
    assertThat(op.count()).isEqualTo(100);
    assertThat(op.errors()).isEqualTo(10);
    assertThat(op.errorRate()).isEqualTo(0.1);
    // Documented bound: within 1/32 (3.125%) of the value at the rank ceil(q * count).
    assertThat(op.p50Nanos()).isCloseTo(50_000_000L, within(50_000_000L / 32));
    assertThat(op.p95Nanos()).isCloseTo(95_000_000L, within(95_000_000L / 32));
    assertThat(op.p99Nanos()).isCloseTo(99_000_000L, within(99_000_000L / 32));
    assertThat(op.mean().toNanos()).isEqualTo(50_500_000L);

    String table = processor.snapshot().toTable();
    assertThat(table.lines().findFirst().orElseThrow())
        .contains("operation", "count", "errors", "p50 ms", "p95 ms", "p99 ms");
    assertThat(table).containsPattern("worker\\.process\\s+100\\s+10\\s+10\\.0\\s+\\d+\\.\\d{3}");
  }

  @Test
  void generatedLookingNamesAreNormalisedBeforeBecomingOperations() {
    SpanMetricsProcessor processor =
        SpanMetricsProcessor.builder().setMeterProvider(meterProvider).build();
    Tracer tracer = tracer(processor);
    for (String name :
        new String[] {
          "lead_bot.contact_12345", "lead_bot.contact_67890", "reset bob@example.com"
        }) {
      span(tracer, name, SpanKind.INTERNAL, StatusCode.UNSET, 1000);
    }
    assertThat(processor.snapshot().operations())
        .extracting(LatencySnapshot.Operation::name)
        .doesNotContain("lead_bot.contact_12345", "reset bob@example.com")
        .contains("lead_bot.contact_{id}");
    assertThat(processor.snapshot().operation("lead_bot.contact_{id}").count()).isEqualTo(2);
    assertThat(duration().getHistogramData().getPoints())
        .extracting(p -> p.getAttributes().get(SpanMetricsProcessor.SPAN_NAME))
        .noneMatch(n -> n.contains("bob@example.com"));
  }

  @Test
  void distinctSpanNamesAreCappedAndOverflowIsOther() {
    SpanMetricsProcessor processor =
        SpanMetricsProcessor.builder().setMeterProvider(meterProvider).setMaxOperations(2).build();
    Tracer tracer = tracer(processor);
    for (String name : new String[] {"a", "b", "order 1", "order 2", "a"}) {
      span(tracer, name, SpanKind.INTERNAL, StatusCode.UNSET, 1000);
    }
    assertThat(processor.snapshot().operations())
        .extracting(LatencySnapshot.Operation::name, LatencySnapshot.Operation::count)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("_other", 2L),
            org.assertj.core.groups.Tuple.tuple("a", 2L),
            org.assertj.core.groups.Tuple.tuple("b", 1L));
    assertThat(duration().getHistogramData().getPoints())
        .extracting(p -> p.getAttributes().get(SpanMetricsProcessor.SPAN_NAME))
        .containsExactlyInAnyOrder("a", "b", "_other");
    assertThat(Diagnostics.wasReported("metrics.span.cap")).isTrue();
  }

  @Test
  void concurrentSpansAreAllCounted() throws Exception {
    SpanMetricsProcessor processor = SpanMetricsProcessor.create(meterProvider);
    Tracer tracer = tracer(processor);
    int threads = 4;
    int perThread = 5_000;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      java.util.List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String name = "op" + (t % 2);
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    tracer.spanBuilder(name).startSpan().end();
                  }
                }));
      }
      for (java.util.concurrent.Future<?> future : futures) {
        future.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(processor.snapshot().operations())
        .extracting(LatencySnapshot.Operation::name, LatencySnapshot.Operation::count)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("op0", 2L * perThread),
            org.assertj.core.groups.Tuple.tuple("op1", 2L * perThread));
    long exported =
        duration().getHistogramData().getPoints().stream()
            .mapToLong(HistogramPointData::getCount)
            .sum();
    assertThat(exported).isEqualTo((long) threads * perThread);
  }

  @Test
  void lateBoundMeterProviderStartsRecordingWhenBound() {
    SpanMetricsProcessor processor = SpanMetricsProcessor.builder().build();
    Tracer tracer = tracer(processor);
    span(tracer, "early", SpanKind.INTERNAL, StatusCode.UNSET, 1000);
    assertThat(reader.collectAllMetrics()).isEmpty();
    processor.bindMeterProvider(meterProvider);
    span(tracer, "late", SpanKind.INTERNAL, StatusCode.UNSET, 1000);
    assertThat(duration().getHistogramData().getPoints())
        .extracting(p -> p.getAttributes().get(SpanMetricsProcessor.SPAN_NAME))
        .containsExactly("late");
    assertThat(processor.snapshot().operations()).hasSize(2);
    processor.bindMeterProvider(SdkMeterProvider.builder().build());
    assertThat(Diagnostics.wasReported("metrics.span.rebind")).isTrue();
  }
}

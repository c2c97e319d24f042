package dev.tracekit.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.testing.TracekitExtension;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MetricsTracingTest {
  @RegisterExtension final TracekitExtension sdk = TracekitExtension.create();
  private MetricsTracing metrics;

  @BeforeEach
  void setUp() {
    metrics = MetricsTracing.builder(sdk.openTelemetry()).setMaxValuesPerKey(3).build();
  }

  private MetricData metric(String name) {
    return sdk.metric(name);
  }

  private static long sum(MetricData metric, Attributes attributes) {
    return metric.getLongSumData().getPoints().stream()
        .filter(p -> p.getAttributes().equals(attributes))
        .mapToLong(LongPointData::getValue)
        .sum();
  }

  @Test
  void counterRecordsWithDeclaredAttributesAndBoundHandles() {
    TracingCounter counter =
        metrics
            .counter("test.jobs")
            .unit("{job}")
            .description("Jobs.")
            .attributes("outcome", "queue")
            .build();
    counter.add(2, "ok", "ai");
    counter.increment("ok", "ai");
    TracingCounter.Bound failed = counter.bind("failed", "ai");
    failed.increment();
    failed.add(4);
    failed.add(-1); // dropped, reported

    MetricData data = metric("test.jobs");
    assertThat(data.getUnit()).isEqualTo("{job}");
    assertThat(data.getDescription()).isEqualTo("Jobs.");
    assertThat(data.getType()).isEqualTo(MetricDataType.LONG_SUM);
    assertThat(data.getLongSumData().isMonotonic()).isTrue();
    AttributeKey<String> outcome = AttributeKey.stringKey("outcome");
    AttributeKey<String> queue = AttributeKey.stringKey("queue");
    assertThat(sum(data, Attributes.of(outcome, "ok", queue, "ai"))).isEqualTo(3);
    assertThat(sum(data, Attributes.of(outcome, "failed", queue, "ai"))).isEqualTo(5);
    assertThat(Diagnostics.wasReported("metrics.counter.negative.test.jobs")).isTrue();
  }

  @Test
  void upDownCounterGoesBothWays() {
    TracingUpDownCounter inFlight =
        metrics.upDownCounter("test.in_flight").attributes("queue").build();
    TracingUpDownCounter.Bound ai = inFlight.bind("ai");
    ai.increment();
    ai.increment();
    ai.decrement();
    inFlight.add(5, "ai");
    inFlight.decrement("ai");
    MetricData data = metric("test.in_flight");
    assertThat(data.getLongSumData().isMonotonic()).isFalse();
    assertThat(sum(data, Attributes.of(AttributeKey.stringKey("queue"), "ai"))).isEqualTo(5);
  }

  @Test
  void histogramUsesSecondsBucketsByDefaultAndExplicitBucketsWhenGiven() {
    TracingHistogram latency = metrics.histogram("test.latency").build();
    latency.record(0.02);
    latency.bind().record(0.3);
    TracingHistogram sizes =
        metrics.histogram("test.size").unit("By").explicitBuckets(100, 1000, 10000).build();
    sizes.record(50);
    sizes.record(5000);

    MetricData latencyData = metric("test.latency");
    assertThat(latencyData.getUnit()).isEqualTo("s");
    HistogramPointData point = latencyData.getHistogramData().getPoints().iterator().next();
    assertThat(point.getBoundaries()).isEqualTo(TracingHistogram.DEFAULT_SECONDS_BUCKETS);
    assertThat(point.getCount()).isEqualTo(2);
    assertThat(point.getSum()).isCloseTo(0.32, org.assertj.core.data.Offset.offset(1e-9));

    HistogramPointData sizePoint =
        metric("test.size").getHistogramData().getPoints().iterator().next();
    assertThat(sizePoint.getBoundaries()).containsExactly(100.0, 1000.0, 10000.0);
    assertThat(sizePoint.getCounts()).containsExactly(1L, 0L, 1L, 0L);
  }

  @Test
  void gaugesReadTheirCallbackAndSurviveAThrowingOne() {
    AtomicLong depth = new AtomicLong(7);
    TracingGauge queue = metrics.longGauge("test.queue.size", depth::get).unit("{message}").build();
    TracingGauge broken =
        metrics
            .gauge(
                "test.broken",
                () -> {
                  throw new IllegalStateException("boom");
                })
            .build();
    TracingGauge ratio = metrics.gauge("test.ratio", () -> 0.25).attribute("pool", "a").build();

    MetricData data = metric("test.queue.size");
    assertThat(data.getLongGaugeData().getPoints()).singleElement().returns(7L, p -> p.getValue());
    assertThat(metric("test.ratio").getDoubleGaugeData().getPoints())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getValue()).isEqualTo(0.25);
              assertThat(p.getAttributes().get(AttributeKey.stringKey("pool"))).isEqualTo("a");
            });
    assertThat(Diagnostics.wasReported("metrics.gauge.callback.test.broken")).isTrue();

    queue.close();
    broken.close();
    ratio.close();
    assertThat(sdk.metrics()).noneMatch(m -> m.getName().equals("test.queue.size"));
  }

  @Test
  void invalidNamesUnitsAndKeysFailAtBuildTime() {
    assertThatThrownBy(() -> metrics.counter("1jobs"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'1jobs'")
        .hasMessageContaining("start with a letter");
    assertThatThrownBy(() -> metrics.histogram("jobs latency"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> metrics.counter("a".repeat(256)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(metrics.counter("a".repeat(255)).build().name()).hasSize(255);
    assertThatThrownBy(() -> metrics.gauge("jobs*", () -> 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> metrics.counter("jobs").unit("µs"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ASCII");
    assertThatThrownBy(() -> metrics.counter("jobs").unit("x".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> metrics.counter("jobs").attributes("a", "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> metrics.counter("jobs").attributes(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> metrics.histogram("h").explicitBuckets(1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("increasing");
    assertThatThrownBy(() -> metrics.counter(null)).isInstanceOf(NullPointerException.class);
    assertThat(metrics.counter("http.server/requests-v2_total").build().name())
        .isEqualTo("http.server/requests-v2_total");
  }

  @Test
  void highCardinalityValuesAreCollapsedToOther() {
    TracingCounter counter = metrics.counter("test.card").attributes("v").build();
    List<String> refused =
        List.of(
            "alice@example.com",
            "123e4567-e89b-12d3-a456-426614174000",
            "/orders/12345",
            "https://shop.example/cart?id=7",
            "order-123456",
            "4242",
            "5f2b9c0e8a7d4e11",
            "x".repeat(101));
    for (String value : refused) {
      counter.increment(value);
    }
    counter.increment("ok");
    counter.increment("gpt-4o-2024-08-06");
    MetricData data = metric("test.card");
    AttributeKey<String> v = AttributeKey.stringKey("v");
    assertThat(sum(data, Attributes.of(v, MetricsTracing.OTHER))).isEqualTo(refused.size());
    assertThat(sum(data, Attributes.of(v, "ok"))).isEqualTo(1);
    assertThat(sum(data, Attributes.of(v, "gpt-4o-2024-08-06"))).isEqualTo(1);
    assertThat(Diagnostics.wasReported("metrics.cardinality.pattern.test.card.v")).isTrue();
  }

  @Test
  void distinctValuesBeyondTheCapAreCollapsed() {
    TracingCounter counter = metrics.counter("test.cap").attributes("route").build();
    for (String route : List.of("a", "b", "c", "d", "e", "a")) {
      counter.increment(route);
    }
    MetricData data = metric("test.cap");
    AttributeKey<String> route = AttributeKey.stringKey("route");
    assertThat(sum(data, Attributes.of(route, "a"))).isEqualTo(2);
    assertThat(sum(data, Attributes.of(route, "c"))).isEqualTo(1);
    assertThat(sum(data, Attributes.of(route, MetricsTracing.OTHER))).isEqualTo(2);
    assertThat(data.getLongSumData().getPoints()).hasSize(4);
    assertThat(Diagnostics.wasReported("metrics.cardinality.cap.test.cap.route")).isTrue();
  }

  @Test
  void recordingNeverThrowsOnWrongInput() {
    TracingCounter counter = metrics.counter("test.safe").attributes("a", "b").build();
    counter.increment("only-one");
    counter.increment((String) null, null);
    counter.increment((String[]) null);
    counter.increment("x", "y", "extra");
    TracingHistogram histogram = metrics.histogram("test.safe.h").build();
    histogram.record(1.0, "unexpected");
    MetricData data = metric("test.safe");
    AttributeKey<String> a = AttributeKey.stringKey("a");
    AttributeKey<String> b = AttributeKey.stringKey("b");
    String other = MetricsTracing.OTHER;
    assertThat(sum(data, Attributes.of(a, "only-one", b, other))).isEqualTo(1);
    assertThat(sum(data, Attributes.of(a, other, b, other))).isEqualTo(2);
    assertThat(sum(data, Attributes.of(a, "x", b, "y"))).isEqualTo(1);
    assertThat(Diagnostics.wasReported("metrics.attributes.arity.test.safe")).isTrue();
    assertThat(metric("test.safe.h").getHistogramData().getPoints())
        .singleElement()
        .satisfies(p -> assertThat(p.getAttributes().isEmpty()).isTrue());
  }

  @Test
  void timingHelpersRecordDurationAndErrorType() throws Exception {
    TracingHistogram h = metrics.histogram("test.timed").unit("ms").attributes("op").build();
    String result =
        h.time(
            () -> {
              Thread.sleep(20);
              return "done";
            },
            "read");
    assertThat(result).isEqualTo("done");
    IOException thrown = new IOException("disk");
    assertThatThrownBy(
            () ->
                h.timeRun(
                    () -> {
                      throw thrown;
                    },
                    "write"))
        .isSameAs(thrown);
    MetricData data = metric("test.timed");
    AttributeKey<String> op = AttributeKey.stringKey("op");
    HistogramPointData read = point(data, Attributes.of(op, "read"));
    assertThat(read.getCount()).isEqualTo(1);
    assertThat(read.getSum()).isBetween(19.0, 5000.0); // milliseconds
    HistogramPointData write =
        point(data, Attributes.of(op, "write", TracingHistogram.ERROR_TYPE, "java.io.IOException"));
    assertThat(write.getCount()).isEqualTo(1);
  }

  @Test
  void asyncTimingRecordsAtCompletionAndUnwrapsTheCause() {
    TracingHistogram h = metrics.histogram("test.async").build();
    CompletableFuture<String> ok = new CompletableFuture<>();
    CompletableFuture<String> failing = new CompletableFuture<>();
    assertThat(h.timeAsync(() -> ok)).isSameAs(ok);
    h.timeAsync(() -> failing.thenApply(s -> s));
    assertThat(sdk.metrics()).noneMatch(m -> m.getName().equals("test.async"));
    ok.complete("x");
    failing.completeExceptionally(new IllegalStateException("nope"));
    IllegalArgumentException sync = new IllegalArgumentException("sync");
    assertThatThrownBy(
            () ->
                h.timeAsync(
                    () -> {
                      throw sync;
                    }))
        .isSameAs(sync);
    MetricData data = metric("test.async");
    assertThat(point(data, Attributes.empty()).getCount()).isEqualTo(1);
    assertThat(
            point(
                    data,
                    Attributes.of(
                        TracingHistogram.ERROR_TYPE, IllegalStateException.class.getName()))
                .getCount())
        .isEqualTo(1);
    assertThat(
            point(
                    data,
                    Attributes.of(
                        TracingHistogram.ERROR_TYPE, IllegalArgumentException.class.getName()))
                .getCount())
        .isEqualTo(1);
  }

  @Test
  void noopOpenTelemetryIsHarmless() throws Exception {
    MetricsTracing noop = MetricsTracing.create(OpenTelemetry.noop());
    noop.counter("app.messages.received").build().increment();
    noop.counter("app.llm.calls")
        .attributes("gen_ai.request.model")
        .build()
        .bind("gpt-4o")
        .increment();
    assertThat(noop.histogram("app.request.duration").build().time(() -> 42)).isEqualTo(42);
    try (TracingGauge gauge = noop.longGauge("app.queue.size", () -> 3).build()) {
      assertThat(gauge.name()).isEqualTo("app.queue.size");
    }
  }

  private static HistogramPointData point(MetricData data, Attributes attributes) {
    return data.getHistogramData().getPoints().stream()
        .filter(p -> p.getAttributes().equals(attributes))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no point with " + attributes + " in " + data.getHistogramData().getPoints()));
  }
}

package dev.tracekit.testing;

import dev.tracekit.api.Tracing;
import dev.tracekit.core.TracingSdk;
import dev.tracekit.core.redaction.Redactor;
import dev.tracekit.testing.internal.InMemoryMetricExporterProvider;
import dev.tracekit.testing.internal.SpanCapture;
import dev.tracekit.testing.internal.SpanForest;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory TraceKit SDK for one test (or one test class): built by {@link
 * TracingSdk#builder()}, so spans pass through TraceKit's own pipeline (limits, span-name guard,
 * redaction) before they are captured, exactly as they would be exported. Metrics are read from the
 * SDK's meter provider on demand.
 *
 * <pre>{@code
 * try (TestTelemetry telemetry = TestTelemetry.create()) {
 *   JdbcTracing.create(telemetry.openTelemetry()).wrap(dataSource) ...;
 *   assertThat(telemetry).hasRoot("checkout").withChild("INSERT orders");
 * }
 * }</pre>
 *
 * <p>{@link TracekitExtension} creates and closes one around each test. Reading methods flush
 * first; waiting methods wake up each time a span ends, so spans ending on other threads are seen
 * without sleeps.
 */
public final class TestTelemetry implements AutoCloseable {
  private final TracingSdk tracingSdk;
  private final OpenTelemetrySdk sdk;
  private final SpanCapture capture;
  private final InMemoryMetricExporter metricExporter;
  private final String metricExporterId;
  private final Duration timeout;
  private final boolean global;
  private final @Nullable OpenTelemetry previousGlobal;

  private TestTelemetry(Builder b) {
    this.capture = new SpanCapture();
    this.metricExporter = InMemoryMetricExporter.create();
    this.metricExporterId = InMemoryMetricExporterProvider.register(metricExporter);
    this.timeout = b.timeout;
    this.global = b.global;
    this.previousGlobal = b.global ? dev.tracekit.api.GlobalOpenTelemetryAccess.getIfSet() : null;
    if (b.global) {
      GlobalOpenTelemetry.resetForTest();
    }
    TracingSdk.Builder sdkBuilder =
        TracingSdk.builder()
            .serviceName(b.serviceName)
            .exporters("none")
            .registerGlobal(b.global)
            .shutdownHook(false)
            .shutdownTimeout(Duration.ofSeconds(5))
            .addSpanProcessor(capture.processor())
            .addSpanExporter(capture.exporter())
            .property("otel.metrics.exporter", InMemoryMetricExporterProvider.NAME)
            .property(InMemoryMetricExporterProvider.ID_PROPERTY, metricExporterId)
            .property("otel.metric.export.interval", Long.toString(TimeUnit.HOURS.toMillis(1)));
    if (b.redactor != null) {
      sdkBuilder.redactor(b.redactor);
    }
    for (Consumer<TracingSdk.Builder> c : b.customizers) {
      c.accept(sdkBuilder);
    }
    this.tracingSdk = sdkBuilder.build();
    OpenTelemetrySdk built = tracingSdk.sdk();
    if (built == null) {
      close();
      throw new IllegalStateException(
          "TestTelemetry: telemetry is disabled in this environment (OTEL_ENABLED=false or"
              + " OTEL_SDK_DISABLED=true); unset it to run tests that assert traces");
    }
    this.sdk = built;
  }

  /**
   * An in-memory SDK with the defaults: service name {@code test}, not global, 10 s to wait.
   *
   * @return the running SDK; close it after the test
   */
  public static TestTelemetry create() {
    return builder().build();
  }

  /**
   * A builder for the options.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The OpenTelemetry to hand to the code under test.
   *
   * @return the SDK
   */
  public OpenTelemetry openTelemetry() {
    return sdk;
  }

  /**
   * TraceKit's helpers bound to this SDK.
   *
   * @return the helpers
   */
  public Tracing tracing() {
    return tracingSdk.tracing();
  }

  /**
   * The TraceKit handle, for what the other methods do not cover (health status, flush).
   *
   * @return the handle
   */
  public TracingSdk tracingSdk() {
    return tracingSdk;
  }

  /**
   * How long waiting methods and assertions wait for spans.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * The finished spans, after a flush, in export order.
   *
   * @return the spans
   */
  public List<SpanData> spans() {
    flush();
    return capture.exported();
  }

  /**
   * The finished spans with this name.
   *
   * @param name the span name
   * @return the spans, possibly none
   */
  public List<SpanData> spans(String name) {
    Objects.requireNonNull(name, "name");
    return spans().stream().filter(s -> s.getName().equals(name)).toList();
  }

  /**
   * Waits until at least {@code count} spans ended and were exported.
   *
   * @param count how many
   * @return every finished span
   * @throws AssertionError after the timeout, printing what was captured
   */
  public List<SpanData> awaitSpans(int count) {
    return await(
        all -> all.size() >= count,
        () -> "expected at least " + count + " finished spans within " + timeout);
  }

  /**
   * Waits until a span with this name ended; fails when several have it.
   *
   * @param name the span name
   * @return the span
   * @throws AssertionError after the timeout or when the name is not unique, printing the traces
   */
  public SpanData span(String name) {
    Objects.requireNonNull(name, "name");
    List<SpanData> all =
        await(
            l -> l.stream().anyMatch(s -> s.getName().equals(name)),
            () -> "expected a span named \"" + name + "\" within " + timeout);
    List<SpanData> found = all.stream().filter(s -> s.getName().equals(name)).toList();
    if (found.size() != 1) {
      throw new AssertionError(
          "expected one span named \""
              + name
              + "\", found "
              + found.size()
              + "\nCaptured traces:\n"
              + new SpanForest(all).render());
    }
    return found.get(0);
  }

  /**
   * Waits until a finished span matches the filter; fails when several match.
   *
   * @param filter which span, for example {@code s -> s.getKind() == SpanKind.CLIENT}
   * @return the span
   * @throws AssertionError after the timeout or when several match, printing the traces
   */
  public SpanData span(Predicate<? super SpanData> filter) {
    Objects.requireNonNull(filter, "filter");
    List<SpanData> all =
        await(
            l -> l.stream().anyMatch(filter),
            () -> "expected a span matching the filter within " + timeout);
    List<SpanData> found = all.stream().filter(filter).toList();
    if (found.size() != 1) {
      throw new AssertionError(
          "expected one span matching the filter, found "
              + found.stream().map(SpanData::getName).toList()
              + "\nCaptured traces:\n"
              + new SpanForest(all).render());
    }
    return found.get(0);
  }

  /**
   * The spans started and not ended yet.
   *
   * @return the open spans (as snapshots)
   */
  public List<SpanData> openSpans() {
    return capture.open();
  }

  /** Forgets the finished spans captured so far (open spans are still tracked). */
  public void clear() {
    flush();
    capture.clear();
  }

  /**
   * Collects the metrics now (cumulative since the SDK was built).
   *
   * @return every metric with at least one point
   */
  public List<MetricData> metrics() {
    synchronized (metricExporter) {
      metricExporter.reset();
      sdk.getSdkMeterProvider().forceFlush().join(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new ArrayList<>(metricExporter.getFinishedMetricItems());
    }
  }

  /**
   * The metric with this name, collected now.
   *
   * @param name the metric name
   * @return the metric
   * @throws AssertionError when it has no points, listing the metrics there are
   */
  public MetricData metric(String name) {
    Objects.requireNonNull(name, "name");
    List<MetricData> all = metrics();
    return all.stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "expected a metric named \""
                        + name
                        + "\", found "
                        + all.stream().map(MetricData::getName).sorted().toList()));
  }

  /** Exports every ended span now. */
  void flush() {
    // A batch processor's forceFlush may return a flush that was already under way (and misses a
    // span queued just now): flush again until every ended span reached the capture, for at most
    // two seconds (a span dropped by a full queue never does).
    long deadline = System.nanoTime() + Math.min(timeout.toNanos(), TimeUnit.SECONDS.toNanos(2));
    while (true) {
      sdk.getSdkTracerProvider().forceFlush().join(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (capture.allExported() || System.nanoTime() > deadline) {
        return;
      }
      capture.pause();
    }
  }

  /** Waits for the condition; null on timeout. */
  @Nullable List<SpanData> tryAwait(Predicate<List<SpanData>> condition, Duration within) {
    return capture.await(condition, within, this::flush);
  }

  boolean hasOpenSpan(String traceId) {
    return capture.hasOpenSpan(traceId);
  }

  private List<SpanData> await(
      Predicate<List<SpanData>> condition, java.util.function.Supplier<String> message) {
    List<SpanData> found = tryAwait(condition, timeout);
    if (found == null) {
      throw new AssertionError(
          message.get() + "\nCaptured traces:\n" + new SpanForest(capture.exported()).render());
    }
    return found;
  }

  /**
   * Flushes and shuts the SDK down; when it was installed as the global instance, the previous
   * global instance (or none) is restored.
   */
  @Override
  public void close() {
    try {
      if (tracingSdk != null) {
        tracingSdk.close();
      }
    } finally {
      InMemoryMetricExporterProvider.unregister(metricExporterId);
      if (global) {
        restoreGlobal();
      }
    }
  }

  private void restoreGlobal() {
    GlobalOpenTelemetry.resetForTest();
    // A disabled TracingSdk registered globally makes TraceKit's static helpers forget this SDK.
    TracingSdk.builder().enabled(false).registerGlobal(true).shutdownHook(false).build().close();
    GlobalOpenTelemetry.resetForTest();
    if (previousGlobal != null) {
      GlobalOpenTelemetry.set(previousGlobal);
    }
  }

  @Override
  public String toString() {
    return "TestTelemetry{" + tracingSdk + "}";
  }

  /** Options of {@link TestTelemetry}; invalid values fail here. */
  public static final class Builder {
    private String serviceName = "test";
    private boolean global;
    private Duration timeout = Duration.ofSeconds(10);
    private @Nullable Redactor redactor;
    private final List<Consumer<TracingSdk.Builder>> customizers = new ArrayList<>();

    Builder() {}

    /**
     * The {@code service.name} resource attribute (default {@code test}).
     *
     * @param serviceName the name
     * @return this
     */
    public Builder serviceName(String serviceName) {
      Objects.requireNonNull(serviceName, "serviceName");
      if (serviceName.isBlank()) {
        throw new IllegalArgumentException("serviceName must not be blank");
      }
      this.serviceName = serviceName;
      return this;
    }

    /**
     * Also installs the SDK as {@link GlobalOpenTelemetry} (so {@code Traces.*} records into it);
     * the previous global instance is restored on close. Default false.
     *
     * @param on true to install globally
     * @return this
     */
    public Builder global(boolean on) {
      this.global = on;
      return this;
    }

    /**
     * How long waiting methods and assertions wait for spans (default 10 s).
     *
     * @param timeout a positive duration
     * @return this
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * The redaction applied before spans are captured (default: TraceKit's, as in production).
     *
     * @param redactor the redactor
     * @return this
     */
    public Builder redactor(Redactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor");
      return this;
    }

    /**
     * Adjusts the {@link TracingSdk.Builder} further (sampler, resource attributes, processors),
     * after the in-memory pipeline was set up.
     *
     * @param customizer called once per SDK built
     * @return this
     */
    public Builder configure(Consumer<TracingSdk.Builder> customizer) {
      customizers.add(Objects.requireNonNull(customizer, "customizer"));
      return this;
    }

    /**
     * Builds and starts the SDK.
     *
     * @return the running SDK
     * @throws IllegalStateException when telemetry is disabled by the environment
     */
    public TestTelemetry build() {
      return new TestTelemetry(this);
    }
  }
}

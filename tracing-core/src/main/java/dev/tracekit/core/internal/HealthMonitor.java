package dev.tracekit.core.internal;

import static dev.tracekit.core.HealthStatus.STALL_SECONDS;
import static dev.tracekit.core.HealthStatus.WINDOW_SECONDS;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounterBuilder;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableLongCounter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * "Monitoring the monitoring": counts spans started, ended and exported and export failures, reads
 * the spans the batch processors report dropped, and publishes the counts as OpenTelemetry metrics
 * ({@code tracekit.sdk.*}).
 *
 * <p>Internal: not API.
 */
public final class HealthMonitor {
  private static final AttributeKey<Boolean> DROPPED = AttributeKey.booleanKey("dropped");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private final LongAdder started = new LongAdder();
  private final LongAdder ended = new LongAdder();
  private final LongAdder exported = new LongAdder();
  private final LongAdder exportFailures = new LongAdder();
  private final LongAdder exportedFailedSpans = new LongAdder();
  private final AtomicReference<@Nullable String> lastExportError = new AtomicReference<>();
  private volatile boolean lastExportOk = true;
  private final long windowNanos;
  private volatile long lostAtNanos;
  private volatile boolean lostEver;
  private volatile long droppedSeen;
  private final AtomicReference<@Nullable Long> exportSince = new AtomicReference<>();
  private final LongAdder droppedByProcessors = new LongAdder();
  private final MeterProvider processorMetrics = new ProcessorMeters();

  /** A monitor with the default health window ({@code HealthStatus.WINDOW_SECONDS}). */
  public HealthMonitor() {
    this(Duration.ofSeconds(WINDOW_SECONDS));
  }

  /** A monitor for which a lost span keeps the SDK unhealthy for {@code window}. */
  public HealthMonitor(Duration window) {
    this.windowNanos = window.toNanos();
  }

  /**
   * The meter provider to give TraceKit's batch span processors. It is not a metrics SDK: it keeps
   * one number, the spans the processors report dropped (their {@code processedSpans} counter with
   * {@code dropped=true}, or {@code otel.sdk.processor.span.processed} with {@code
   * error.type=queue_full}), in a {@link LongAdder}, and ignores their other instruments. A drop on
   * the application's thread then costs one increment instead of a metric SDK's attribute lookup.
   */
  public MeterProvider meterProvider() {
    return processorMetrics;
  }

  /** Kept for the SDK's shutdown sequence: the counts need no release. */
  public void close() {}

  /** Publishes the counts as asynchronous counters on the given meter. */
  public void registerMetrics(Meter meter) {
    meter
        .counterBuilder("tracekit.sdk.spans.started")
        .setUnit("{span}")
        .setDescription("Spans started by this process")
        .buildWithCallback(m -> m.record(started.sum()));
    meter
        .counterBuilder("tracekit.sdk.spans.ended")
        .setUnit("{span}")
        .setDescription("Spans ended by this process")
        .buildWithCallback(m -> m.record(ended.sum()));
    meter
        .counterBuilder("tracekit.sdk.spans.exported")
        .setUnit("{span}")
        .setDescription("Spans the exporters accepted")
        .buildWithCallback(m -> m.record(exported.sum()));
    meter
        .counterBuilder("tracekit.sdk.export.failures")
        .setUnit("{export}")
        .setDescription("Export calls that failed")
        .buildWithCallback(m -> m.record(exportFailures.sum()));
  }

  /** Wraps an exporter so that its results are counted. */
  public SpanExporter count(SpanExporter exporter) {
    return new CountingExporter(exporter);
  }

  /** Spans started. */
  public long started() {
    return started.sum();
  }

  /** Spans ended. */
  public long ended() {
    return ended.sum();
  }

  /** Spans exported successfully. */
  public long exported() {
    return exported.sum();
  }

  /** Failed export calls. */
  public long exportFailures() {
    return exportFailures.sum();
  }

  /** Spans in failed export calls. */
  public long failedSpans() {
    return exportedFailedSpans.sum();
  }

  /** What {@code HealthStatus} reports beside the plain counts. */
  public record Snapshot(long dropped, boolean lastExportOk, boolean healthy) {}

  /**
   * Reads the dropped count and derives the export state and health: see {@code HealthStatus}.
   *
   * @return the snapshot
   */
  public Snapshot snapshot() {
    long now = System.nanoTime();
    long dropped;
    try {
      dropped = dropped();
    } catch (RuntimeException e) {
      dropped = droppedSeen;
    }
    synchronized (this) {
      if (dropped > droppedSeen) {
        droppedSeen = dropped;
        lost(now);
      }
    }
    Long since = exportSince.get();
    boolean stalled = since != null && now - since > TimeUnit.SECONDS.toNanos(STALL_SECONDS);
    boolean exportOk = lastExportOk && !stalled;
    boolean recentLoss = lostEver && now - lostAtNanos < windowNanos;
    return new Snapshot(dropped, exportOk, exportOk && !recentLoss);
  }

  private void lost(long now) {
    lostAtNanos = now;
    lostEver = true;
  }

  /** The last export failure's description, or null. */
  public @Nullable String lastExportError() {
    return lastExportError.get();
  }

  /** Spans the batch processors dropped because their queue was full (their own metric). */
  public long dropped() {
    return droppedByProcessors.sum();
  }

  /**
   * The tracer provider's one span processor: counts spans started and ended, then hands them to
   * {@code delegate} (the pipeline's processors). One processor instead of a monitor beside the
   * pipeline spares the SDK its multi-processor loop on every span.
   */
  public SpanProcessor around(SpanProcessor delegate) {
    return new CountingProcessor(delegate);
  }

  private final class CountingProcessor implements SpanProcessor {
    private final SpanProcessor delegate;
    private final boolean delegateStart;
    private final boolean delegateEnd;

    CountingProcessor(SpanProcessor delegate) {
      this.delegate = delegate;
      this.delegateStart = delegate.isStartRequired();
      this.delegateEnd = delegate.isEndRequired();
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
      started.increment();
      if (delegateStart) {
        delegate.onStart(parentContext, span);
      }
    }

    @Override
    public boolean isStartRequired() {
      return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      ended.increment();
      if (delegateEnd) {
        delegate.onEnd(span);
      }
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }

    @Override
    public CompletableResultCode forceFlush() {
      return delegate.forceFlush();
    }

    @Override
    public String toString() {
      return "TraceKitPipeline{" + delegate + "}";
    }
  }

  private final class CountingExporter implements SpanExporter {
    private final SpanExporter delegate;

    CountingExporter(SpanExporter delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      int size = spans.size();
      Long started = System.nanoTime();
      exportSince.compareAndSet(null, started);
      CompletableResultCode result;
      try {
        result = delegate.export(spans);
      } catch (RuntimeException e) {
        exportSince.compareAndSet(started, null);
        failed(size, e.toString());
        return CompletableResultCode.ofExceptionalFailure(e);
      }
      result.whenComplete(
          () -> {
            exportSince.compareAndSet(started, null);
            if (result.isSuccess()) {
              exported.add(size);
              lastExportOk = true;
            } else {
              Throwable failure = result.getFailureThrowable();
              failed(size, failure == null ? "export failed" : failure.toString());
            }
          });
      return result;
    }

    private void failed(int size, String description) {
      lastExportOk = false;
      lost(System.nanoTime());
      exportFailures.increment();
      exportedFailedSpans.add(size);
      lastExportError.set(delegate.getClass().getSimpleName() + ": " + description);
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }

    @Override
    public String toString() {
      return "CountingExporter{" + delegate + "}";
    }
  }

  /** See {@link #meterProvider()}. */
  private final class ProcessorMeters implements MeterProvider, MeterBuilder, Meter {
    private final Meter noop = MeterProvider.noop().get("tracekit.health");

    @Override
    public MeterBuilder meterBuilder(String instrumentationScopeName) {
      return this;
    }

    @Override
    public MeterBuilder setSchemaUrl(String schemaUrl) {
      return this;
    }

    @Override
    public MeterBuilder setInstrumentationVersion(String instrumentationScopeVersion) {
      return this;
    }

    @Override
    public Meter build() {
      return this;
    }

    @Override
    public LongCounterBuilder counterBuilder(String name) {
      return new DropCounterBuilder(noop.counterBuilder(name));
    }

    @Override
    public LongUpDownCounterBuilder upDownCounterBuilder(String name) {
      return noop.upDownCounterBuilder(name);
    }

    @Override
    public DoubleHistogramBuilder histogramBuilder(String name) {
      return noop.histogramBuilder(name);
    }

    @Override
    public DoubleGaugeBuilder gaugeBuilder(String name) {
      return noop.gaugeBuilder(name);
    }
  }

  private final class DropCounterBuilder implements LongCounterBuilder, LongCounter {
    private final LongCounterBuilder noop;

    DropCounterBuilder(LongCounterBuilder noop) {
      this.noop = noop;
    }

    @Override
    public LongCounterBuilder setDescription(String description) {
      return this;
    }

    @Override
    public LongCounterBuilder setUnit(String unit) {
      return this;
    }

    @Override
    public DoubleCounterBuilder ofDoubles() {
      return noop.ofDoubles();
    }

    @Override
    public LongCounter build() {
      return this;
    }

    @Override
    public ObservableLongCounter buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
      return noop.buildWithCallback(callback);
    }

    @Override
    public void add(long value) {}

    @Override
    public void add(long value, Attributes attributes) {
      if (Boolean.TRUE.equals(attributes.get(DROPPED))
          || "queue_full".equals(attributes.get(ERROR_TYPE))) {
        droppedByProcessors.add(value);
      }
    }

    @Override
    public void add(long value, Attributes attributes, Context context) {
      add(value, attributes);
    }
  }
}

package dev.tracekit.spring.internal;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Counts what the application's exporters (built by Boot or OpenTelemetry's starter) exported and
 * how often they failed, for the health indicator when TraceKit does not own the SDK.
 *
 * <p>Internal: not API.
 */
public final class ExportStats {
  private final AtomicLong exported = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile boolean lastOk = true;
  private volatile @Nullable String lastError;
  private volatile boolean used;

  /** Creates empty counters. */
  public ExportStats() {}

  /**
   * Wraps an exporter so that its results are counted here.
   *
   * @param exporter the exporter
   * @return the counting exporter
   */
  public SpanExporter count(SpanExporter exporter) {
    used = true;
    return new Counting(Objects.requireNonNull(exporter, "exporter"), this);
  }

  /**
   * Whether any exporter is counted.
   *
   * @return true once {@link #count} was called
   */
  public boolean used() {
    return used;
  }

  /**
   * Spans the exporters accepted.
   *
   * @return the count
   */
  public long exported() {
    return exported.get();
  }

  /**
   * Failed export calls.
   *
   * @return the count
   */
  public long failures() {
    return failures.get();
  }

  /**
   * Whether the last export call succeeded (true before any export).
   *
   * @return true when it did
   */
  public boolean lastOk() {
    return lastOk;
  }

  /**
   * The last failure, or null.
   *
   * @return the description
   */
  public @Nullable String lastError() {
    return lastError;
  }

  private void record(CompletableResultCode result, int size) {
    if (result.isSuccess()) {
      exported.addAndGet(size);
      lastOk = true;
    } else {
      failures.incrementAndGet();
      lastOk = false;
      Throwable failure = result.getFailureThrowable();
      lastError = failure != null ? failure.getClass().getName() : "export failed";
    }
  }

  private static final class Counting implements SpanExporter {
    private final SpanExporter delegate;
    private final ExportStats stats;

    Counting(SpanExporter delegate, ExportStats stats) {
      this.delegate = delegate;
      this.stats = stats;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      int size = spans.size();
      CompletableResultCode result;
      try {
        result = delegate.export(spans);
      } catch (RuntimeException e) {
        stats.failures.incrementAndGet();
        stats.lastOk = false;
        stats.lastError = e.getClass().getName();
        return CompletableResultCode.ofFailure();
      }
      result.whenComplete(() -> stats.record(result, size));
      return result;
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
      return "CountingSpanExporter{" + delegate + "}";
    }
  }
}

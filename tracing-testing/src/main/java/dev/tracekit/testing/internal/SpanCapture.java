package dev.tracekit.testing.internal;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * What the in-memory SDK captured: a span processor that knows which spans are still open, and an
 * exporter (placed behind TraceKit's own redaction) that keeps what was exported. Both wake up
 * threads waiting in {@link #await}, so waiting for spans that end on other threads needs no
 * sleeps.
 *
 * <p>Internal: not API.
 */
public final class SpanCapture {
  private final Object lock = new Object();
  private final Map<String, ReadableSpan> open = new ConcurrentHashMap<>();
  private final List<SpanData> exported = new ArrayList<>();
  private long version;
  private long ended;
  private long exportedCount;

  /** The processor tracking open spans. */
  public SpanProcessor processor() {
    return new SpanProcessor() {
      @Override
      public void onStart(Context parentContext, ReadWriteSpan span) {
        open.put(key(span), span);
      }

      @Override
      public boolean isStartRequired() {
        return true;
      }

      @Override
      public void onEnd(ReadableSpan span) {
        open.remove(key(span));
        synchronized (lock) {
          if (span.getSpanContext().isSampled()) {
            ended++;
          }
          version++;
          lock.notifyAll();
        }
      }

      @Override
      public boolean isEndRequired() {
        return true;
      }

      @Override
      public String toString() {
        return "SpanCapture.processor";
      }
    };
  }

  /** The exporter keeping every exported span. */
  public SpanExporter exporter() {
    return new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        synchronized (lock) {
          exported.addAll(spans);
          exportedCount += spans.size();
          version++;
          lock.notifyAll();
        }
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public String toString() {
        return "SpanCapture.exporter";
      }
    };
  }

  private static String key(ReadableSpan span) {
    return span.getSpanContext().getTraceId() + span.getSpanContext().getSpanId();
  }

  /** The spans exported so far, in export order. */
  public List<SpanData> exported() {
    synchronized (lock) {
      return List.copyOf(exported);
    }
  }

  /** The spans started and not ended yet. */
  public List<SpanData> open() {
    List<SpanData> out = new ArrayList<>();
    for (ReadableSpan span : open.values()) {
      out.add(span.toSpanData());
    }
    return out;
  }

  /** Whether every sampled span that ended has reached the exporter. */
  public boolean allExported() {
    synchronized (lock) {
      return exportedCount >= ended;
    }
  }

  /** Waits up to a millisecond for the next span end or export. */
  public void pause() {
    synchronized (lock) {
      try {
        lock.wait(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Whether a span of this trace is still open. */
  public boolean hasOpenSpan(String traceId) {
    for (ReadableSpan span : open.values()) {
      if (span.getSpanContext().getTraceId().equals(traceId)) {
        return true;
      }
    }
    return false;
  }

  /** Forgets the exported spans (open spans stay tracked: they may still end). */
  public void clear() {
    synchronized (lock) {
      exported.clear();
      version++;
    }
  }

  /**
   * Flushes and re-checks each time a span ends or is exported, until the condition holds for the
   * exported spans or the timeout passes.
   *
   * @return the exported spans satisfying the condition, or null on timeout
   */
  public @Nullable List<SpanData> await(
      Predicate<List<SpanData>> condition, Duration timeout, Runnable flush) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      flush.run();
      List<SpanData> snapshot;
      long seen;
      synchronized (lock) {
        snapshot = List.copyOf(exported);
        seen = version;
      }
      if (condition.test(snapshot)) {
        return snapshot;
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return null;
      }
      synchronized (lock) {
        if (version == seen) {
          // A span that just ended may reach the exporter's queue only after the flush above
          // (TraceKit's processors run before the exporters'): then re-flush shortly.
          long millis = ended > exportedCount ? 2 : Math.max(1, remaining / 1_000_000);
          try {
            lock.wait(Math.min(millis, Math.max(1, remaining / 1_000_000)));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
          }
        }
      }
    }
  }
}

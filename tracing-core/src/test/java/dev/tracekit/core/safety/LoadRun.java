package dev.tracekit.core.safety;

import dev.tracekit.core.redaction.RedactingSpanExporter;
import dev.tracekit.core.testing.OtlpReceiver;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Producer threads end spans at full speed for a fixed time through the TraceKit export path
 * (SpanNameGuard, RedactingSpanExporter, SafeSpanExporter, bounded BatchSpanProcessor, OTLP
 * http/protobuf) into a live loopback receiver that decodes every request. Counts what was started,
 * exported, failed and dropped, and samples the used heap.
 */
final class LoadRun {

  record Result(
      int threads,
      Duration duration,
      int queueSize,
      long targetPerSecond,
      long started,
      long exported,
      long exportFailed,
      long dropped,
      long heapPeakBytes,
      long retainedHeapBytes,
      double meanExportMillis,
      @org.jspecify.annotations.Nullable Throwable producerError) {

    double startedPerSecond() {
      return started / (duration.toMillis() / 1000.0);
    }

    double exportedPerSecond() {
      return exported / (duration.toMillis() / 1000.0);
    }

    String summary() {
      return String.format(
          Locale.ROOT,
          "threads=%d duration=%ds queue=%d target=%s started=%d (%.0f/s) exported=%d (%.0f/s sustained)"
              + " exportFailed=%d dropped=%d (%.1f%%) heapPeak=%dMB retainedAfterGc=%dMB meanExportCall=%.1fms",
          threads,
          duration.toSeconds(),
          queueSize,
          targetPerSecond <= 0 ? "full-speed" : targetPerSecond + "/s",
          started,
          startedPerSecond(),
          exported,
          exportedPerSecond(),
          exportFailed,
          dropped,
          started == 0 ? 0.0 : 100.0 * dropped / started,
          heapPeakBytes >> 20,
          retainedHeapBytes >> 20,
          meanExportMillis);
    }
  }

  /** Counts the spans the OTLP exporter reports as exported or failed. */
  static final class CountingExporter implements SpanExporter {
    final SpanExporter delegate;
    final LongAdder exported = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder batches = new LongAdder();
    final LongAdder batchNanos = new LongAdder();

    CountingExporter(SpanExporter delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      int n = spans.size();
      long t0 = System.nanoTime();
      CompletableResultCode result = delegate.export(spans);
      result.whenComplete(
          () -> {
            batches.increment();
            batchNanos.add(System.nanoTime() - t0);
            if (result.isSuccess()) {
              exported.add(n);
            } else {
              failed.add(n);
            }
          });
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
  }

  private LoadRun() {}

  /** Answers 200 without keeping the spans (the receiver still decodes every request). */
  static void acceptWithoutStoring(OtlpReceiver receiver) {
    receiver.behaviour(
        (exchange, n) -> {
          exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
          exchange.sendResponseHeaders(200, -1);
          return true;
        });
  }

  static Result run(OtlpReceiver receiver, int threads, Duration duration, int queueSize)
      throws InterruptedException {
    return run(receiver, threads, duration, queueSize, 0, phase -> {});
  }

  /**
   * Runs the load; {@code everySecond} is called once per elapsed second (for fault phases) with
   * the second's index.
   */
  static Result run(
      OtlpReceiver receiver,
      int threads,
      Duration duration,
      int queueSize,
      long targetPerSecond,
      java.util.function.IntConsumer everySecond)
      throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long baseline = memory.getHeapMemoryUsage().getUsed();

    CountingExporter counting =
        new CountingExporter(Pipeline.otlp(receiver.endpoint(), Duration.ofSeconds(2), null));
    Pipeline p =
        Pipeline.create(
            SafeSpanExporter.wrap(RedactingSpanExporter.create(counting)),
            queueSize,
            Duration.ofMillis(100),
            Duration.ofSeconds(2),
            b -> b.addSpanProcessor(dev.tracekit.core.redaction.SpanNameGuard.reporting()));

    LongAdder started = new LongAdder();
    AtomicReference<Throwable> error = new AtomicReference<>();
    AtomicLong heapPeak = new AtomicLong();
    long end = System.nanoTime() + duration.toNanos();
    List<Thread> producers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  long i = 0;
                  // paced producers start bursts of 100 spans at the target rate
                  long burstNanos =
                      targetPerSecond <= 0 ? 0 : 100L * 1_000_000_000L * threads / targetPerSecond;
                  long nextBurst = System.nanoTime();
                  while (System.nanoTime() < end) {
                    if (burstNanos > 0 && i % 100 == 0) {
                      long wait = nextBurst - System.nanoTime();
                      if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                      }
                      nextBurst += burstNanos;
                    }
                    Span span =
                        p.tracer
                            .spanBuilder("GET /orders/{id}")
                            .setAttribute("http.route", "/orders/{id}")
                            .setAttribute("order.id", i++)
                            .startSpan();
                    span.end();
                    started.increment();
                  }
                } catch (Throwable e) {
                  error.compareAndSet(null, e);
                }
              },
              "load-producer-" + t);
      producers.add(thread);
      thread.start();
    }
    int second = 0;
    long nextSecond = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < end) {
      heapPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
      if (System.nanoTime() >= nextSecond) {
        everySecond.accept(++second);
        nextSecond += 1_000_000_000L;
      }
      Thread.sleep(20);
    }
    for (Thread thread : producers) {
      thread.join(10_000);
    }
    heapPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
    everySecond.accept(-1); // end of load: the collector is healthy again
    p.provider.shutdown().join(30, TimeUnit.SECONDS);
    long dropped = p.dropped();
    p.close();
    System.gc();
    long retained = Math.max(0, memory.getHeapMemoryUsage().getUsed() - baseline);
    return new Result(
        threads,
        duration,
        queueSize,
        targetPerSecond,
        started.sum(),
        counting.exported.sum(),
        counting.failed.sum(),
        dropped,
        heapPeak.get(),
        retained,
        counting.batches.sum() == 0
            ? 0.0
            : counting.batchNanos.sum() / 1e6 / counting.batches.sum(),
        error.get());
  }
}

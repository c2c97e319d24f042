package dev.tracekit.testing;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** Where assertions read spans from, and how they wait for more. */
interface SpanSource {
  /** The spans now (after a flush). */
  List<SpanData> snapshot();

  /** Waits until the condition holds; null on timeout. */
  @Nullable List<SpanData> await(Predicate<List<SpanData>> condition, Duration timeout);

  /** Whether no span of this trace is still open (as far as this source knows). */
  boolean complete(String traceId);

  /** The spans still open. */
  List<SpanData> open();

  /** How long assertions wait. */
  Duration timeout();

  /** The in-memory SDK, for metrics; null for other sources. */
  @Nullable TestTelemetry telemetry();

  static SpanSource of(TestTelemetry t) {
    return new SpanSource() {
      @Override
      public List<SpanData> snapshot() {
        return t.spans();
      }

      @Override
      public @Nullable List<SpanData> await(Predicate<List<SpanData>> c, Duration timeout) {
        return t.tryAwait(c, timeout);
      }

      @Override
      public boolean complete(String traceId) {
        return !t.hasOpenSpan(traceId);
      }

      @Override
      public List<SpanData> open() {
        t.flush();
        return t.openSpans();
      }

      @Override
      public Duration timeout() {
        return t.timeout();
      }

      @Override
      public TestTelemetry telemetry() {
        return t;
      }
    };
  }

  static SpanSource of(OtlpCapture otlp, Duration timeout) {
    return new SpanSource() {
      @Override
      public List<SpanData> snapshot() {
        return otlp.spans();
      }

      @Override
      public @Nullable List<SpanData> await(Predicate<List<SpanData>> c, Duration t) {
        return otlp.await(c, t);
      }

      @Override
      public boolean complete(String traceId) {
        return true;
      }

      @Override
      public List<SpanData> open() {
        return List.of();
      }

      @Override
      public Duration timeout() {
        return timeout;
      }

      @Override
      public @Nullable TestTelemetry telemetry() {
        return null;
      }
    };
  }

  static SpanSource of(List<SpanData> spans) {
    List<SpanData> copy = List.copyOf(spans);
    return new SpanSource() {
      @Override
      public List<SpanData> snapshot() {
        return copy;
      }

      @Override
      public @Nullable List<SpanData> await(Predicate<List<SpanData>> c, Duration t) {
        return c.test(copy) ? copy : null;
      }

      @Override
      public boolean complete(String traceId) {
        return true;
      }

      @Override
      public List<SpanData> open() {
        return copy.stream().filter(s -> !s.hasEnded()).toList();
      }

      @Override
      public Duration timeout() {
        return Duration.ZERO;
      }

      @Override
      public @Nullable TestTelemetry telemetry() {
        return null;
      }
    };
  }

  /** Both sources as one: spans from either, waiting on each in turn. */
  static SpanSource union(SpanSource a, SpanSource b) {
    return new SpanSource() {
      @Override
      public List<SpanData> snapshot() {
        List<SpanData> all = new ArrayList<>(a.snapshot());
        all.addAll(b.snapshot());
        return all;
      }

      @Override
      public @Nullable List<SpanData> await(Predicate<List<SpanData>> c, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration slice = Duration.ofMillis(50);
        while (true) {
          List<SpanData> fromB = b.snapshot();
          if (a.await(all -> c.test(concat(all, fromB)), slice) != null) {
            return snapshot();
          }
          List<SpanData> fromA = a.snapshot();
          if (b.await(all -> c.test(concat(fromA, all)), slice) != null) {
            return snapshot();
          }
          if (System.nanoTime() > deadline) {
            List<SpanData> last = snapshot();
            return c.test(last) ? last : null;
          }
        }
      }

      private List<SpanData> concat(List<SpanData> x, List<SpanData> y) {
        List<SpanData> all = new ArrayList<>(x);
        all.addAll(y);
        return all;
      }

      @Override
      public boolean complete(String traceId) {
        return a.complete(traceId) && b.complete(traceId);
      }

      @Override
      public List<SpanData> open() {
        List<SpanData> all = new ArrayList<>(a.open());
        all.addAll(b.open());
        return all;
      }

      @Override
      public Duration timeout() {
        return a.timeout().compareTo(b.timeout()) >= 0 ? a.timeout() : b.timeout();
      }

      @Override
      public @Nullable TestTelemetry telemetry() {
        TestTelemetry t = a.telemetry();
        return t != null ? t : b.telemetry();
      }
    };
  }
}

package dev.tracekit.benchmarks.propagation;

import dev.tracekit.core.propagation.TraceContextPropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Extracting then injecting a {@code traceparent} with a three-member {@code tracestate} (the
 * server side of every traced request), through OpenTelemetry's {@link W3CTraceContextPropagator}
 * (the peer) and TraceKit's {@link TraceContextPropagator}, which reads {@code traceparent} with
 * the peer and parses {@code tracestate} itself.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class TraceContextPropagatorBenchmark {
  private static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<>() {
        @Override
        @SuppressWarnings("deprecation")
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private final Map<String, String> headers =
      Map.of(
          "traceparent",
          "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
          "tracestate",
          "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE,tenant@vendor=opaque-value-1");

  private static Map<String, String> roundTrip(
      TextMapPropagator propagator, Map<String, String> in) {
    Context context = propagator.extract(Context.root(), in, GETTER);
    Map<String, String> out = new HashMap<>(4);
    propagator.inject(context, out, Map::put);
    return out;
  }

  /** The peer: OpenTelemetry Java's W3C propagator. */
  @Benchmark
  public Map<String, String> openTelemetry() {
    return roundTrip(W3CTraceContextPropagator.getInstance(), headers);
  }

  /** TraceKit's propagator. */
  @Benchmark
  public Map<String, String> tracekit() {
    return roundTrip(TraceContextPropagator.getInstance(), headers);
  }
}

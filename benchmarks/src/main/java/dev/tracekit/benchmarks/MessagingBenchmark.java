package dev.tracekit.benchmarks;

import dev.tracekit.api.Messaging;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One message through {@link Messaging} (producer span, inject, consumer span, queue-wait and
 * end-to-end histograms) beside the same work written by hand against the raw OpenTelemetry API,
 * with a recording SDK and with {@link OpenTelemetry#noop()}.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@SuppressWarnings("try") // scopes closed by try-with-resources on purpose
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MessagingBenchmark {
  private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
  private static final AttributeKey<String> DESTINATION =
      AttributeKey.stringKey("messaging.destination.name");
  private static final AttributeKey<String> OP_TYPE =
      AttributeKey.stringKey("messaging.operation.type");
  private static final AttributeKey<String> OP_NAME =
      AttributeKey.stringKey("messaging.operation.name");
  private static final AttributeKey<Double> WAIT =
      AttributeKey.doubleKey("tracekit.messaging.wait_time");
  private static final AttributeKey<Double> E2E =
      AttributeKey.doubleKey("tracekit.messaging.e2e_latency");
  private static final TextMapGetter<Map<String, Object>> GETTER =
      new TextMapGetter<Map<String, Object>>() {
        @Override
        public Iterable<String> keys(Map<String, Object> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, Object> carrier, String key) {
          Object value = carrier == null ? null : carrier.get(key);
          return value == null ? null : value.toString();
        }
      };

  private OpenTelemetrySdk sdk;
  private Messaging tracekit;
  private Messaging tracekitNoop;
  private RawApi raw;
  private RawApi rawNoop;

  /** Creates a recording SDK whose spans go nowhere (to measure the instrumentation only). */
  @Setup(Level.Trial)
  public void setUp() {
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(new BenchSdk.NothingProcessor(false))
                    .build())
            .setMeterProvider(
                SdkMeterProvider.builder().registerMetricReader(new IdleReader()).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    tracekit = Messaging.builder(sdk).system("redis").build();
    tracekitNoop = Messaging.builder(OpenTelemetry.noop()).system("redis").build();
    raw = new RawApi(sdk);
    rawNoop = new RawApi(OpenTelemetry.noop());
  }

  /** Closes the SDK. */
  @TearDown(Level.Trial)
  public void tearDown() {
    sdk.close();
  }

  /**
   * TraceKit, recording SDK.
   *
   * @return a value for the blackhole
   */
  @Benchmark
  public Object tracekit_sendAndProcess() {
    return roundTrip(tracekit);
  }

  /**
   * Raw OpenTelemetry API, recording SDK.
   *
   * @return a value for the blackhole
   */
  @Benchmark
  public Object rawApi_sendAndProcess() {
    return raw.roundTrip();
  }

  /**
   * TraceKit on {@link OpenTelemetry#noop()}.
   *
   * @return a value for the blackhole
   */
  @Benchmark
  public Object tracekit_sendAndProcess_noop() {
    return roundTrip(tracekitNoop);
  }

  /**
   * Raw OpenTelemetry API on {@link OpenTelemetry#noop()}.
   *
   * @return a value for the blackhole
   */
  @Benchmark
  public Object rawApi_sendAndProcess_noop() {
    return rawNoop.roundTrip();
  }

  private static Object roundTrip(Messaging messaging) {
    Map<String, Object> job = new HashMap<>();
    messaging.send("jobs", job, () -> null);
    return messaging.process("jobs", job, job::size);
  }

  /** What a user writes by hand for the same spans, attributes and histograms. */
  private static final class RawApi {
    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final DoubleHistogram wait;
    private final DoubleHistogram e2e;
    private final Attributes metricAttributes = Attributes.of(SYSTEM, "redis", DESTINATION, "jobs");

    RawApi(OpenTelemetry openTelemetry) {
      tracer = openTelemetry.getTracer("raw");
      TextMapPropagator configured = openTelemetry.getPropagators().getTextMapPropagator();
      propagator =
          configured.fields().isEmpty() ? W3CTraceContextPropagator.getInstance() : configured;
      wait = openTelemetry.getMeter("raw").histogramBuilder("raw.wait").setUnit("s").build();
      e2e = openTelemetry.getMeter("raw").histogramBuilder("raw.e2e").setUnit("s").build();
    }

    Object roundTrip() {
      Map<String, Object> job = new HashMap<>();
      Span send = tracer.spanBuilder("send jobs").setSpanKind(SpanKind.PRODUCER).startSpan();
      if (send.isRecording()) {
        send.setAttribute(SYSTEM, "redis");
        send.setAttribute(DESTINATION, "jobs");
        send.setAttribute(OP_TYPE, "send");
        send.setAttribute(OP_NAME, "send");
      }
      try (Scope ignored = send.makeCurrent()) {
        propagator.inject(Context.current(), job, (c, k, v) -> c.put(k, v));
        job.put("_enqueuedAt", Long.toString(System.currentTimeMillis()));
      } finally {
        send.end();
      }

      long start = System.currentTimeMillis();
      Context parent = propagator.extract(Context.current(), job, GETTER);
      Object enqueued = job.get("_enqueuedAt");
      long enqueuedAt = enqueued == null ? -1 : Long.parseLong(enqueued.toString());
      Span process =
          tracer
              .spanBuilder("process jobs")
              .setSpanKind(SpanKind.CONSUMER)
              .setParent(parent)
              .startSpan();
      long waitMs = Math.max(0, start - enqueuedAt);
      wait.record(waitMs / 1000.0, metricAttributes);
      if (process.isRecording()) {
        process.setAttribute(SYSTEM, "redis");
        process.setAttribute(DESTINATION, "jobs");
        process.setAttribute(OP_TYPE, "process");
        process.setAttribute(OP_NAME, "process");
        process.setAttribute(WAIT, waitMs / 1000.0);
      }
      try (Scope ignored = process.makeCurrent()) {
        return job.size();
      } finally {
        long e2eMs = Math.max(0, System.currentTimeMillis() - enqueuedAt);
        e2e.record(e2eMs / 1000.0, metricAttributes);
        if (process.isRecording()) {
          process.setAttribute(E2E, e2eMs / 1000.0);
        }
        process.end();
      }
    }
  }

  /** Keeps the meter provider active (aggregating) without ever collecting. */
  private static final class IdleReader implements MetricReader {
    @Override
    public void register(CollectionRegistration registration) {}

    @Override
    public CompletableResultCode forceFlush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return AggregationTemporality.CUMULATIVE;
    }
  }
}

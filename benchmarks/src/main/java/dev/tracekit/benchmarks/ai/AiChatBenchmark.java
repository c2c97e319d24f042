package dev.tracekit.benchmarks.ai;

import dev.tracekit.ai.AiTracing;
import dev.tracekit.ai.GenAiAttributes;
import dev.tracekit.ai.GenAiResponseExtractor;
import dev.tracekit.benchmarks.BenchSdk;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.List;
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
 * The chat wrapper's own overhead: {@code ai.chat(..).call(fn, extractor)} around a trivial
 * callable returning a prebuilt response, against a hand-written OpenTelemetry span with the same
 * attributes, on the same SDK (always-on sampler, batch processor, no-op exporter). The {@code
 * *Metrics} pair adds the two GenAI histograms on both sides.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class AiChatBenchmark {
  /** A prebuilt response object, as a client library would return. */
  public record Reply(String id, String model, String finishReason, long input, long output) {}

  static final Reply REPLY = new Reply("chatcmpl-123", "gpt-4o-2024-08-06", "stop", 19, 10);
  static final List<String> STOP = List.of("stop");
  static final GenAiResponseExtractor<Reply> EXTRACTOR =
      (r, info) ->
          info.responseId(r.id())
              .responseModel(r.model())
              .addFinishReason(r.finishReason())
              .inputTokens(r.input())
              .outputTokens(r.output());

  private OpenTelemetrySdk traces;
  private OpenTelemetrySdk tracesAndMetrics;
  private AiTracing ai;
  private AiTracing aiMetrics;
  private Tracer tracer;
  private Tracer tracerMetrics;
  private DoubleHistogram duration;
  private LongHistogram tokens;

  @Setup(Level.Trial)
  public void setUp() {
    traces = BenchSdk.traces();
    tracesAndMetrics = BenchSdk.tracesAndMetrics();
    ai = AiTracing.builder(traces).captureContent(false).build();
    aiMetrics = AiTracing.builder(tracesAndMetrics).captureContent(false).build();
    tracer = traces.getTracer("raw");
    tracerMetrics = tracesAndMetrics.getTracer("raw");
    Meter meter = tracesAndMetrics.getMeter("raw");
    duration =
        meter
            .histogramBuilder("raw.gen_ai.client.operation.duration")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(
                List.of(
                    0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96,
                    81.92))
            .build();
    tokens =
        meter
            .histogramBuilder("raw.gen_ai.client.token.usage")
            .ofLongs()
            .setUnit("{token}")
            .setExplicitBucketBoundariesAdvice(
                List.of(
                    1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L, 1048576L,
                    4194304L, 16777216L, 67108864L))
            .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    traces.close();
    tracesAndMetrics.close();
  }

  static Reply call() {
    return REPLY;
  }

  @Benchmark
  public Reply rawSpan() {
    return raw(tracer);
  }

  @Benchmark
  public Reply tracekitChat() {
    return ai.chat("openai", "gpt-4o")
        .maxTokens(1000)
        .temperature(0.7)
        .call(AiChatBenchmark::call, EXTRACTOR);
  }

  @Benchmark
  public Reply rawSpanMetrics() {
    long start = System.nanoTime();
    Reply r = raw(tracerMetrics);
    Attributes attrs =
        Attributes.builder()
            .put(GenAiAttributes.OPERATION_NAME, "chat")
            .put(GenAiAttributes.PROVIDER_NAME, "openai")
            .put(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
            .put(GenAiAttributes.RESPONSE_MODEL, r.model())
            .build();
    duration.record((System.nanoTime() - start) / 1e9, attrs);
    tokens.record(r.input(), attrs.toBuilder().put(GenAiAttributes.TOKEN_TYPE, "input").build());
    tokens.record(r.output(), attrs.toBuilder().put(GenAiAttributes.TOKEN_TYPE, "output").build());
    return r;
  }

  @Benchmark
  public Reply tracekitChatMetrics() {
    return aiMetrics
        .chat("openai", "gpt-4o")
        .maxTokens(1000)
        .temperature(0.7)
        .call(AiChatBenchmark::call, EXTRACTOR);
  }

  private static Reply raw(Tracer tracer) {
    Span span =
        tracer
            .spanBuilder("chat gpt-4o")
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(GenAiAttributes.OPERATION_NAME, "chat")
            .setAttribute(GenAiAttributes.PROVIDER_NAME, "openai")
            .setAttribute(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
            .setAttribute(GenAiAttributes.REQUEST_MAX_TOKENS, 1000L)
            .setAttribute(GenAiAttributes.REQUEST_TEMPERATURE, 0.7)
            .startSpan();
    Reply r;
    Scope scope = span.makeCurrent();
    try {
      r = call();
    } catch (RuntimeException e) {
      span.end();
      throw e;
    } finally {
      scope.close();
    }
    span.setAttribute(GenAiAttributes.RESPONSE_ID, r.id());
    span.setAttribute(GenAiAttributes.RESPONSE_MODEL, r.model());
    span.setAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of(r.finishReason()));
    span.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, r.input());
    span.setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, r.output());
    span.end();
    return r;
  }
}

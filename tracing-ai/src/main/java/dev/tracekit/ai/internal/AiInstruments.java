package dev.tracekit.ai.internal;

import dev.tracekit.ai.GenAiAttributes;
import dev.tracekit.ai.TracekitAiAttributes;
import dev.tracekit.api.support.BoundedValues;
import dev.tracekit.api.support.Scopes;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The instruments of tracing-ai, created once per {@code AiTracing}, with one {@link BoundedValues}
 * guard per instrument family and attribute key whose values come from input: request and response
 * model (the provider controls the latter), provider, operation, server address, error type, cache
 * name, handoff source and target.
 *
 * <p>Internal: not API.
 */
public final class AiInstruments {
  /** Bucket boundaries of {@code gen_ai.client.token.usage} from the GenAI conventions. */
  public static final List<Long> TOKEN_BUCKETS =
      List.of(
          1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L, 1048576L, 4194304L,
          16777216L, 67108864L);

  /** Bucket boundaries of {@code gen_ai.client.operation.duration} from the GenAI conventions. */
  public static final List<Double> DURATION_BUCKETS =
      List.of(
          0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);

  /** The conventions' advice for {@code gen_ai.client.operation.time_per_output_chunk}. */
  public static final List<Double> CHUNK_BUCKETS =
      List.of(0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5);

  /** Semantic cache lookups take microseconds to tens of milliseconds: buckets in seconds. */
  public static final List<Double> CACHE_BUCKETS =
      List.of(
          0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0,
          2.5);

  /** Whether a real meter is behind these instruments (false for a no-op meter provider). */
  public final boolean enabled;

  /** Whether the newer names of the GenAI conventions' own repository are used. */
  public final boolean latest;

  /** {@code gen_ai.client.token.usage} (v1.41 names only, else null). */
  public final @Nullable LongHistogram tokenUsage;

  /** {@code gen_ai.client.operation.duration}. */
  public final DoubleHistogram duration;

  /** {@code gen_ai.client.inference.duration} (newer names only, else null). */
  public final @Nullable DoubleHistogram inferenceDuration;

  /** {@code gen_ai.client.embeddings.duration} (newer names only, else null). */
  public final @Nullable DoubleHistogram embeddingsDuration;

  /** {@code gen_ai.client.embeddings.operation.input_tokens} (newer names only, else null). */
  public final @Nullable LongHistogram embeddingsInputTokens;

  /** {@code gen_ai.client.inference.operation.input_tokens} (newer names only, else null). */
  public final @Nullable LongHistogram inferenceInputTokens;

  /** {@code gen_ai.client.inference.operation.output_tokens} (newer names only, else null). */
  public final @Nullable LongHistogram inferenceOutputTokens;

  /** {@code gen_ai.client.inference.usage.input_tokens} (newer names only, else null). */
  public final @Nullable LongCounter usageInputTokens;

  /** {@code gen_ai.client.inference.usage.output_tokens} (newer names only, else null). */
  public final @Nullable LongCounter usageOutputTokens;

  /** {@code gen_ai.client.inference.usage.cache_read.input_tokens} (newer names only). */
  public final @Nullable LongCounter usageCacheReadInputTokens;

  /** {@code gen_ai.client.inference.usage.cache_write.input_tokens} (newer names only). */
  public final @Nullable LongCounter usageCacheWriteInputTokens;

  /** {@code gen_ai.client.inference.usage.reasoning.output_tokens} (newer names only). */
  public final @Nullable LongCounter usageReasoningOutputTokens;

  /** Time to first chunk ({@code gen_ai.client.operation.} or {@code .inference.} name). */
  public final DoubleHistogram timeToFirstChunk;

  /** Time per output chunk ({@code gen_ai.client.operation.} or {@code .inference.} name). */
  public final DoubleHistogram timePerOutputChunk;

  /** Bounds {@code gen_ai.operation.name} on the {@code gen_ai.client.*} metrics. */
  public final BoundedValues operations = guard("gen_ai.operation.name");

  /** Bounds {@code gen_ai.provider.name} on the {@code gen_ai.client.*} metrics. */
  public final BoundedValues providers = guard("gen_ai.provider.name");

  /** Bounds {@code gen_ai.request.model} on the {@code gen_ai.client.*} metrics. */
  public final BoundedValues requestModels = guard("gen_ai.request.model");

  /** Bounds {@code gen_ai.response.model} (chosen by the remote provider). */
  public final BoundedValues responseModels = guard("gen_ai.response.model");

  /** Bounds {@code server.address} on the {@code gen_ai.client.*} metrics. */
  public final BoundedValues serverAddresses = guard("server.address");

  /** Bounds {@code error.type} (a provider's error code) on the {@code gen_ai.client.*} metrics. */
  public final BoundedValues errorTypes = guard("error.type");

  /** Bounds {@code tracekit.handoff.source} on {@code tracekit.handoffs}. */
  public final BoundedValues handoffSources =
      BoundedValues.of(TracekitAiAttributes.METRIC_HANDOFFS, "tracekit.handoff.source");

  /** Bounds {@code tracekit.handoff.target} on {@code tracekit.handoffs}. */
  public final BoundedValues handoffTargets =
      BoundedValues.of(TracekitAiAttributes.METRIC_HANDOFFS, "tracekit.handoff.target");

  private static BoundedValues guard(String key) {
    return BoundedValues.of("gen_ai.client", key);
  }

  /** {@code tracekit.gen_ai.client.cost}. */
  public final DoubleCounter cost;

  /** {@code tracekit.semantic_cache.requests}. */
  public final LongCounter cacheRequests;

  /** {@code tracekit.semantic_cache.lookup.duration}. */
  public final DoubleHistogram cacheLookupDuration;

  /** {@code tracekit.semantic_cache.tokens_saved}. */
  public final LongCounter cacheTokensSaved;

  /** {@code tracekit.semantic_cache.cost_saved}. */
  public final DoubleCounter cacheCostSaved;

  /** {@code tracekit.handoffs}. */
  public final LongCounter handoffs;

  /** The meter, for callbacks registered later (cache size gauges). */
  public final Meter meter;

  /**
   * Creates the instruments.
   *
   * @param openTelemetry the OpenTelemetry to use
   * @param scope the instrumentation scope name
   * @param schemaUrl the conventions' schema URL
   * @param latest whether to use the newer names of the GenAI conventions' own repository
   */
  public AiInstruments(
      OpenTelemetry openTelemetry, String scope, String schemaUrl, boolean latest) {
    this.meter = Scopes.meter(openTelemetry, scope, schemaUrl);
    Meter noop = MeterProvider.noop().get(scope);
    this.enabled = meter.getClass() != noop.getClass();
    this.latest = latest;
    if (latest) {
      this.tokenUsage = null;
      this.inferenceDuration =
          seconds("gen_ai.client.inference.duration", "GenAI inference duration.");
      this.embeddingsDuration =
          seconds("gen_ai.client.embeddings.duration", "GenAI embeddings operation duration.");
      this.embeddingsInputTokens =
          tokens(
              "gen_ai.client.embeddings.operation.input_tokens",
              "Input tokens used per embeddings operation.");
      this.inferenceInputTokens =
          tokens(
              "gen_ai.client.inference.operation.input_tokens",
              "Input (prompt) tokens used per inference operation.");
      this.inferenceOutputTokens =
          tokens(
              "gen_ai.client.inference.operation.output_tokens",
              "Output (completion) tokens used per inference operation.");
      this.usageInputTokens =
          counter(
              "gen_ai.client.inference.usage.input_tokens",
              "Input (prompt) tokens used, including cached tokens.");
      this.usageOutputTokens =
          counter(
              "gen_ai.client.inference.usage.output_tokens",
              "Output (completion) tokens used, including reasoning tokens.");
      this.usageCacheReadInputTokens =
          counter(
              "gen_ai.client.inference.usage.cache_read.input_tokens",
              "Input tokens served from a provider-managed cache.");
      this.usageCacheWriteInputTokens =
          counter(
              "gen_ai.client.inference.usage.cache_write.input_tokens",
              "Input tokens written to a provider-managed cache.");
      this.usageReasoningOutputTokens =
          counter(
              "gen_ai.client.inference.usage.reasoning.output_tokens",
              "Output tokens used for reasoning.");
    } else {
      this.tokenUsage =
          meter
              .histogramBuilder(GenAiAttributes.METRIC_TOKEN_USAGE)
              .ofLongs()
              .setUnit("{token}")
              .setDescription("Number of input and output tokens used.")
              .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS)
              .build();
      this.inferenceDuration = null;
      this.embeddingsDuration = null;
      this.embeddingsInputTokens = null;
      this.inferenceInputTokens = null;
      this.inferenceOutputTokens = null;
      this.usageInputTokens = null;
      this.usageOutputTokens = null;
      this.usageCacheReadInputTokens = null;
      this.usageCacheWriteInputTokens = null;
      this.usageReasoningOutputTokens = null;
    }
    this.duration =
        meter
            .histogramBuilder(GenAiAttributes.METRIC_OPERATION_DURATION)
            .setUnit("s")
            .setDescription("GenAI operation duration.")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
            .build();
    this.timeToFirstChunk =
        meter
            .histogramBuilder(
                latest
                    ? "gen_ai.client.inference.time_to_first_chunk"
                    : GenAiAttributes.METRIC_TIME_TO_FIRST_CHUNK)
            .setUnit("s")
            .setDescription("Time to receive the first chunk of a streamed response.")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
            .build();
    this.timePerOutputChunk =
        meter
            .histogramBuilder(
                latest
                    ? "gen_ai.client.inference.time_per_output_chunk"
                    : GenAiAttributes.METRIC_TIME_PER_OUTPUT_CHUNK)
            .setUnit("s")
            .setDescription("Time per output chunk after the first one.")
            .setExplicitBucketBoundariesAdvice(CHUNK_BUCKETS)
            .build();
    this.cost =
        meter
            .counterBuilder(TracekitAiAttributes.METRIC_COST)
            .ofDoubles()
            .setUnit("{USD}")
            .setDescription("Cost of model calls, from the configured price table.")
            .build();
    this.cacheRequests =
        meter
            .counterBuilder(TracekitAiAttributes.METRIC_CACHE_REQUESTS)
            .setUnit("{request}")
            .setDescription("Semantic cache lookups and stores by outcome.")
            .build();
    this.cacheLookupDuration =
        meter
            .histogramBuilder(TracekitAiAttributes.METRIC_CACHE_LOOKUP_DURATION)
            .setUnit("s")
            .setDescription("Semantic cache lookup latency.")
            // seconds: without advice the SDK's millisecond-shaped default buckets put every
            // lookup into the first bucket
            .setExplicitBucketBoundariesAdvice(CACHE_BUCKETS)
            .build();
    this.cacheTokensSaved =
        meter
            .counterBuilder(TracekitAiAttributes.METRIC_CACHE_TOKENS_SAVED)
            .setUnit("{token}")
            .setDescription("Tokens saved by semantic cache hits.")
            .build();
    this.cacheCostSaved =
        meter
            .counterBuilder(TracekitAiAttributes.METRIC_CACHE_COST_SAVED)
            .ofDoubles()
            .setUnit("{USD}")
            .setDescription("Cost saved by semantic cache hits (priced models only).")
            .build();
    this.handoffs =
        meter
            .counterBuilder(TracekitAiAttributes.METRIC_HANDOFFS)
            .setUnit("{handoff}")
            .setDescription("Handoffs between bots.")
            .build();
  }

  private DoubleHistogram seconds(String name, String description) {
    return meter
        .histogramBuilder(name)
        .setUnit("s")
        .setDescription(description)
        .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
        .build();
  }

  private LongHistogram tokens(String name, String description) {
    return meter
        .histogramBuilder(name)
        .ofLongs()
        .setUnit("{token}")
        .setDescription(description)
        .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS)
        .build();
  }

  private LongCounter counter(String name, String description) {
    return meter.counterBuilder(name).setUnit("{token}").setDescription(description).build();
  }
}

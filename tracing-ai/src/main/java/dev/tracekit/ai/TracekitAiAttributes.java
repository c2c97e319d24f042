package dev.tracekit.ai;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Attribute keys, metric and event names TraceKit defines for AI work that has no OpenTelemetry
 * semantic convention: who the call is made for (organization, user), cost, streaming details,
 * agent workflow nodes and handoffs, semantic caches and ML operations. All live under {@code
 * tracekit.}.
 */
public final class TracekitAiAttributes {
  private TracekitAiAttributes() {}

  /**
   * {@code tracekit.gen_ai.organization.id}: The organization the call is made for (an
   * application's {@code organizationId}).
   */
  public static final AttributeKey<String> ORGANIZATION_ID =
      AttributeKey.stringKey("tracekit.gen_ai.organization.id");

  /**
   * {@code tracekit.gen_ai.user.id}: The end user the call is made for (an application's {@code
   * userId}); opaque id, never an email.
   */
  public static final AttributeKey<String> USER_ID = AttributeKey.stringKey("user.id");

  /** {@code tracekit.gen_ai.request.message_count}: The number of input messages. */
  public static final AttributeKey<Long> REQUEST_MESSAGE_COUNT =
      AttributeKey.longKey("tracekit.gen_ai.request.message_count");

  /**
   * {@code tracekit.gen_ai.usage.cost}: The call's cost in the price table's currency (USD by
   * convention).
   */
  public static final AttributeKey<Double> USAGE_COST =
      AttributeKey.doubleKey("tracekit.gen_ai.usage.cost");

  /** {@code tracekit.gen_ai.response.chunk_count}: Chunks received in a streamed response. */
  public static final AttributeKey<Long> RESPONSE_CHUNK_COUNT =
      AttributeKey.longKey("tracekit.gen_ai.response.chunk_count");

  /**
   * {@code tracekit.gen_ai.stream.abandoned}: True when a streamed response was closed before its
   * end.
   */
  public static final AttributeKey<Boolean> STREAM_ABANDONED =
      AttributeKey.booleanKey("tracekit.gen_ai.stream.abandoned");

  /**
   * {@code tracekit.gen_ai.rate_limited}: True when the provider refused the call for rate limiting
   * (HTTP 429).
   */
  public static final AttributeKey<Boolean> RATE_LIMITED =
      AttributeKey.booleanKey("tracekit.gen_ai.rate_limited");

  /**
   * {@code tracekit.gen_ai.retry_after}: Seconds the provider asked to wait (the {@code
   * retry-after} header).
   */
  public static final AttributeKey<Double> RETRY_AFTER =
      AttributeKey.doubleKey("tracekit.gen_ai.retry_after");

  /** {@code tracekit.workflow.bot}: The bot (agent) running a workflow node. */
  public static final AttributeKey<String> WORKFLOW_BOT =
      AttributeKey.stringKey("tracekit.workflow.bot");

  /** {@code tracekit.workflow.node}: The workflow node. */
  public static final AttributeKey<String> WORKFLOW_NODE =
      AttributeKey.stringKey("tracekit.workflow.node");

  /** {@code tracekit.handoff.source}: The bot handing the conversation off. */
  public static final AttributeKey<String> HANDOFF_SOURCE =
      AttributeKey.stringKey("tracekit.handoff.source");

  /** {@code tracekit.handoff.target}: The bot taking the conversation over. */
  public static final AttributeKey<String> HANDOFF_TARGET =
      AttributeKey.stringKey("tracekit.handoff.target");

  /** {@code tracekit.handoff.confidence}: The confidence of the handoff decision, 0 to 1. */
  public static final AttributeKey<Double> HANDOFF_CONFIDENCE =
      AttributeKey.doubleKey("tracekit.handoff.confidence");

  /** {@code tracekit.handoff.reason}: Why the conversation was handed off (a short code). */
  public static final AttributeKey<String> HANDOFF_REASON =
      AttributeKey.stringKey("tracekit.handoff.reason");

  /** {@code tracekit.semantic_cache.name}: The semantic cache's name. */
  public static final AttributeKey<String> CACHE_NAME =
      AttributeKey.stringKey("tracekit.semantic_cache.name");

  /** {@code tracekit.semantic_cache.operation}: {@code lookup} or {@code store}. */
  public static final AttributeKey<String> CACHE_OPERATION =
      AttributeKey.stringKey("tracekit.semantic_cache.operation");

  /**
   * {@code tracekit.semantic_cache.outcome}: {@code hit}, {@code miss}, {@code stored} or {@code
   * error}.
   */
  public static final AttributeKey<String> CACHE_OUTCOME =
      AttributeKey.stringKey("tracekit.semantic_cache.outcome");

  /** {@code tracekit.semantic_cache.hit}: Whether a lookup hit. */
  public static final AttributeKey<Boolean> CACHE_HIT =
      AttributeKey.booleanKey("tracekit.semantic_cache.hit");

  /**
   * {@code tracekit.semantic_cache.key_hash}: The first 16 hex digits of the SHA-256 of the key
   * (never the key itself).
   */
  public static final AttributeKey<String> CACHE_KEY_HASH =
      AttributeKey.stringKey("tracekit.semantic_cache.key_hash");

  /** {@code tracekit.semantic_cache.similarity}: The similarity score of the best match. */
  public static final AttributeKey<Double> CACHE_SIMILARITY =
      AttributeKey.doubleKey("tracekit.semantic_cache.similarity");

  /** {@code tracekit.semantic_cache.threshold}: The similarity threshold for a hit. */
  public static final AttributeKey<Double> CACHE_THRESHOLD =
      AttributeKey.doubleKey("tracekit.semantic_cache.threshold");

  /** {@code tracekit.semantic_cache.entry_count}: Entries in the cache, if known. */
  public static final AttributeKey<Long> CACHE_ENTRY_COUNT =
      AttributeKey.longKey("tracekit.semantic_cache.entry_count");

  /** {@code tracekit.semantic_cache.tokens_saved}: Tokens a hit saved. */
  public static final AttributeKey<Long> CACHE_TOKENS_SAVED =
      AttributeKey.longKey("tracekit.semantic_cache.tokens_saved");

  /** {@code tracekit.semantic_cache.cost_saved}: Cost a hit saved (when the model is priced). */
  public static final AttributeKey<Double> CACHE_COST_SAVED =
      AttributeKey.doubleKey("tracekit.semantic_cache.cost_saved");

  /**
   * {@code tracekit.ml.operation}: The ML operation: {@code train}, {@code predict}, {@code
   * evaluate}, ...
   */
  public static final AttributeKey<String> ML_OPERATION =
      AttributeKey.stringKey("tracekit.ml.operation");

  /** {@code tracekit.ml.model}: The ML model's name. */
  public static final AttributeKey<String> ML_MODEL = AttributeKey.stringKey("tracekit.ml.model");

  /** {@code tracekit.ml.dataset.size}: Records in the data set. */
  public static final AttributeKey<Long> ML_DATASET_SIZE =
      AttributeKey.longKey("tracekit.ml.dataset.size");

  /** {@code tracekit.ml.feature.count}: Number of features. */
  public static final AttributeKey<Long> ML_FEATURE_COUNT =
      AttributeKey.longKey("tracekit.ml.feature.count");

  /** {@code tracekit.ml.epochs}: Training epochs. */
  public static final AttributeKey<Long> ML_EPOCHS = AttributeKey.longKey("tracekit.ml.epochs");

  /** {@code tracekit.ml.batch_size}: Batch size. */
  public static final AttributeKey<Long> ML_BATCH_SIZE =
      AttributeKey.longKey("tracekit.ml.batch_size");

  /** Counter of semantic cache requests by name, operation and outcome. */
  public static final String METRIC_CACHE_REQUESTS = "tracekit.semantic_cache.requests";

  /** Histogram of semantic cache lookup latency, seconds. */
  public static final String METRIC_CACHE_LOOKUP_DURATION =
      "tracekit.semantic_cache.lookup.duration";

  /** Gauge of semantic cache entries (when an entry count supplier is given). */
  public static final String METRIC_CACHE_SIZE = "tracekit.semantic_cache.size";

  /** Counter of tokens saved by semantic cache hits. */
  public static final String METRIC_CACHE_TOKENS_SAVED = "tracekit.semantic_cache.tokens_saved";

  /** Counter of cost saved by semantic cache hits (priced models only). */
  public static final String METRIC_CACHE_COST_SAVED = "tracekit.semantic_cache.cost_saved";

  /** Counter of model call cost by provider and model (priced models only). */
  public static final String METRIC_COST = "tracekit.gen_ai.client.cost";

  /** Counter of handoffs between bots, by source and target. */
  public static final String METRIC_HANDOFFS = "tracekit.handoffs";

  /** Name of the span event carrying an ML operation's result metrics. */
  public static final String EVENT_ML_RESULT = "tracekit.ml.result";
}

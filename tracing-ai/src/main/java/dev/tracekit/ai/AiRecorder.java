package dev.tracekit.ai;

import dev.tracekit.ai.internal.AiInstruments;
import dev.tracekit.ai.internal.Json;
import dev.tracekit.ai.internal.OpenAiJavaBridge;
import dev.tracekit.ai.internal.OpenAiWire;
import dev.tracekit.ai.internal.Redactor;
import dev.tracekit.api.ErrorRecorder;
import dev.tracekit.api.ThrowingSupplier;
import dev.tracekit.api.support.Diagnostics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** The recording side shared by every wrapper of one {@link AiTracing}. */
final class AiRecorder {
  static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
  static final AttributeKey<String> TOKEN_MODALITY =
      AttributeKey.stringKey("gen_ai.token.modality");
  static final GenAiResponseExtractor<Object> AUTO = AiRecorder::auto;

  final Tracer tracer;
  final ErrorRecorder errors;
  final GenAiConvention convention;
  final AiInstruments instruments;
  final boolean captureContent;
  final Redactor redactor;
  final @Nullable PriceTable prices;
  final @Nullable String serverAddress;
  final int serverPort;

  /** Whether the newer names of the GenAI conventions' own repository are emitted. */
  final boolean latest;

  private final boolean defaultNames;
  private final ConcurrentHashMap<String, String> chatNames = new ConcurrentHashMap<>();

  AiRecorder(
      Tracer tracer,
      ErrorRecorder errors,
      GenAiConvention convention,
      AiInstruments instruments,
      boolean captureContent,
      Redactor redactor,
      @Nullable PriceTable prices,
      @Nullable String serverAddress,
      int serverPort,
      boolean latest) {
    this.tracer = tracer;
    this.latest = latest;
    this.defaultNames = convention.getClass() == DefaultGenAiConvention.class;
    this.errors = errors;
    this.convention = convention;
    this.instruments = instruments;
    this.captureContent = captureContent;
    this.redactor = redactor;
    this.prices = prices;
    this.serverAddress = serverAddress;
    this.serverPort = serverPort;
  }

  /**
   * Reports once that a run-time method got a null argument and what was done instead.
   *
   * @param method the method, for example {@code ModelCall.call}
   * @param parameter the parameter
   * @param outcome what happens instead
   */
  static void reportNull(String method, String parameter, String outcome) {
    Diagnostics.reportOnce(
        "ai.null." + method + "." + parameter,
        "tracing-ai: "
            + method
            + " was given a null "
            + parameter
            + "; "
            + outcome
            + " (reported once)");
  }

  /** The value, or the fallback (reported once) when null. */
  static String orDefault(
      @Nullable String value, String method, String parameter, String fallback) {
    if (value != null) {
      return value;
    }
    reportNull(method, parameter, "'" + fallback + "' is recorded instead");
    return fallback;
  }

  /** The span name from the convention; default chat names are cached (bounded). */
  String spanName(String operation, String target) {
    if (!defaultNames) {
      try {
        String name = convention.spanName(operation, target);
        if (name != null && !name.isEmpty()) {
          return name;
        }
      } catch (RuntimeException e) {
        Diagnostics.reportOnce(
            "ai.convention.name " + convention.getClass().getName(),
            "a GenAiConvention threw naming a span; the default name is used",
            e);
      }
    }
    if (!"chat".equals(operation)) {
      return GenAiConvention.DEFAULT.spanName(operation, target);
    }
    String name = chatNames.get(target);
    if (name == null) {
      name = GenAiConvention.DEFAULT.spanName(operation, target);
      if (chatNames.size() < 256) {
        chatNames.put(target, name);
      }
    }
    return name;
  }

  /** Starts a span, with the convention's attributes after the standard ones. */
  Span start(io.opentelemetry.api.trace.SpanBuilder builder, String operation, String target) {
    if (!defaultNames) {
      try {
        AttributesBuilder attributes = Attributes.builder();
        convention.onStart(operation, target, attributes);
        builder.setAllAttributes(attributes.build());
      } catch (RuntimeException e) {
        Diagnostics.reportOnce(
            "ai.convention.start " + convention.getClass().getName(),
            "a GenAiConvention threw adding attributes; they are left out",
            e);
      }
    }
    return builder.startSpan();
  }

  static void auto(@Nullable Object result, ResponseInfo info) {
    if (result instanceof HttpResponse<?> h) {
      OpenAiCompatible.httpResponse().extract(h, info);
    } else if (result instanceof String s) {
      OpenAiWire.body(s, info);
    } else if (result instanceof byte[] b) {
      OpenAiWire.body(new String(b, StandardCharsets.UTF_8), info);
    } else {
      OpenAiJavaBridge.extract(result, info);
    }
  }

  /** Runs an extractor, never letting it throw. */
  <R> void extract(GenAiResponseExtractor<? super R> extractor, R result, ResponseInfo info) {
    try {
      extractor.extract(result, info);
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "ai.extractor." + extractor.getClass().getName(),
          "a GenAI response extractor threw; the span keeps what was read before",
          e);
    }
  }

  /** Fills error data for a thrown exception. */
  ResponseInfo errorInfo(Throwable error) {
    ResponseInfo info = new ResponseInfo(false);
    if (!classify(error, info)) {
      info.errorType(error.getClass().getName());
    }
    return info;
  }

  private static boolean classify(Throwable error, ResponseInfo info) {
    try {
      return OpenAiJavaBridge.classify(error, info);
    } catch (RuntimeException | LinkageError e) {
      Diagnostics.reportOnce("ai.classify", "classifying a provider error failed", e);
      return false;
    }
  }

  /** Records a failure on a span: status, error.type and an exception event without message. */
  void fail(Span span, Throwable error, String errorType) {
    // The message of a provider error may quote the prompt: only the type leaves the process
    // unless content capture is on.
    errors.record(span, error, errorType, null, captureContent);
  }

  String redact(String text) {
    return redactor.apply(text);
  }

  /** Builds a {@code gen_ai.*.messages} JSON array from roles and texts. */
  String messagesJson(
      List<String> roles, List<? extends CharSequence> texts, @Nullable List<String> finish) {
    StringBuilder sb = new StringBuilder(64);
    sb.append('[');
    for (int i = 0; i < texts.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append("{\"role\":");
      Json.quote(sb, roles.get(i));
      sb.append(",\"parts\":[{\"type\":\"text\",\"content\":");
      Json.quote(sb, redact(texts.get(i).toString()));
      sb.append("}]");
      // The newer GenAI conventions deprecate the per-message finish_reason (the span's
      // gen_ai.response.finish_reasons carries it).
      if (!latest && finish != null && i < finish.size()) {
        sb.append(",\"finish_reason\":");
        Json.quote(sb, finish.get(i));
      }
      sb.append('}');
    }
    return sb.append(']').toString();
  }

  /** Writes response data on the span and records metrics; ends the span. */
  void endModelCall(
      ModelCall call,
      Span span,
      boolean recording,
      @Nullable ResponseInfo info,
      @Nullable Throwable error,
      long startNanos,
      long endNanos,
      double timeToFirstChunk,
      long chunks,
      boolean abandoned) {
    try {
      String errorType = info == null ? null : info.errorType;
      if (error != null && errorType == null) {
        errorType = error.getClass().getName();
      }
      double cost = Double.NaN;
      if (info != null && prices != null && (info.inputTokens >= 0 || info.outputTokens >= 0)) {
        String priced = info.responseModel != null ? info.responseModel : call.model;
        cost =
            prices.cost(
                priced,
                Math.max(0, info.inputTokens),
                Math.max(0, info.outputTokens),
                Math.max(0, info.cacheReadInputTokens));
        if (Double.isNaN(cost) && info.responseModel != null) {
          cost =
              prices.cost(
                  call.model,
                  Math.max(0, info.inputTokens),
                  Math.max(0, info.outputTokens),
                  Math.max(0, info.cacheReadInputTokens));
        }
      }
      if (recording) {
        if (info != null) {
          writeResponse(span, info);
        }
        if (!Double.isNaN(cost)) {
          span.setAttribute(TracekitAiAttributes.USAGE_COST, cost);
        }
        if (chunks >= 0) {
          span.setAttribute(TracekitAiAttributes.RESPONSE_CHUNK_COUNT, chunks);
          if (!Double.isNaN(timeToFirstChunk)) {
            span.setAttribute(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK, timeToFirstChunk);
          }
        }
        if (abandoned) {
          span.setAttribute(TracekitAiAttributes.STREAM_ABANDONED, true);
        }
        if (error != null) {
          fail(span, error, errorType);
        } else if (errorType != null) {
          errors.recordError(span, errorType, null);
        }
      }
      if (instruments.enabled) {
        record(call, info, errorType, startNanos, endNanos, timeToFirstChunk, cost);
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("ai.record", "recording a GenAI call failed", e);
    } finally {
      span.end();
    }
  }

  private void writeResponse(Span span, ResponseInfo info) {
    if (info.responseId != null) {
      span.setAttribute(GenAiAttributes.RESPONSE_ID, info.responseId);
    }
    if (info.responseModel != null) {
      span.setAttribute(GenAiAttributes.RESPONSE_MODEL, info.responseModel);
    }
    if (info.serviceTier != null) {
      span.setAttribute(GenAiAttributes.OPENAI_RESPONSE_SERVICE_TIER, info.serviceTier);
    }
    if (info.systemFingerprint != null) {
      span.setAttribute(GenAiAttributes.OPENAI_RESPONSE_SYSTEM_FINGERPRINT, info.systemFingerprint);
    }
    if (info.openAiApiType != null) {
      span.setAttribute(GenAiAttributes.OPENAI_API_TYPE, info.openAiApiType);
    }
    List<String> finish = info.finishReasons();
    if (finish != null) {
      span.setAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, finish);
    }
    if (info.inputTokens >= 0) {
      span.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, info.inputTokens);
    }
    if (info.outputTokens >= 0) {
      span.setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, info.outputTokens);
    }
    if (info.cacheReadInputTokens >= 0) {
      span.setAttribute(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, info.cacheReadInputTokens);
    }
    if (info.cacheCreationInputTokens >= 0) {
      span.setAttribute(
          latest
              ? GenAiAttributes.USAGE_CACHE_WRITE_INPUT_TOKENS
              : GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS,
          info.cacheCreationInputTokens);
    }
    if (info.reasoningOutputTokens >= 0) {
      span.setAttribute(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS, info.reasoningOutputTokens);
    }
    if (info.embeddingDimensions > 0) {
      span.setAttribute(GenAiAttributes.EMBEDDINGS_DIMENSION_COUNT, info.embeddingDimensions);
    }
    if (info.rateLimited) {
      span.setAttribute(TracekitAiAttributes.RATE_LIMITED, true);
      if (!Double.isNaN(info.retryAfterSeconds)) {
        span.setAttribute(TracekitAiAttributes.RETRY_AFTER, info.retryAfterSeconds);
      }
    }
    if (captureContent && info.outputText != null && info.outputRoles != null) {
      span.setAttribute(
          GenAiAttributes.OUTPUT_MESSAGES, messagesJson(info.outputRoles, info.outputText, finish));
    }
  }

  /**
   * The attributes of the per-chunk metric, known when the stream starts.
   *
   * @param call the call
   * @return the attributes
   */
  Attributes chunkAttributes(ModelCall call) {
    return baseMetricAttributes(call).build();
  }

  /**
   * The metric attributes every {@code gen_ai.client.*} point of a model call has, each value from
   * input bounded in length and number of distinct values.
   */
  private AttributesBuilder baseMetricAttributes(ModelCall call) {
    AttributesBuilder b =
        Attributes.builder()
            .put(GenAiAttributes.OPERATION_NAME, instruments.operations.bound(call.operation))
            .put(GenAiAttributes.PROVIDER_NAME, instruments.providers.bound(call.provider))
            .put(GenAiAttributes.REQUEST_MODEL, instruments.requestModels.bound(call.model));
    String address = call.serverAddress();
    if (address != null) {
      b.put(ServerAttributes.SERVER_ADDRESS, instruments.serverAddresses.bound(address));
      int port = call.serverPort();
      if (port > 0) {
        b.put(ServerAttributes.SERVER_PORT, port);
      }
    }
    return b;
  }

  private void record(
      ModelCall call,
      @Nullable ResponseInfo info,
      @Nullable String errorType,
      long startNanos,
      long endNanos,
      double timeToFirstChunk,
      double cost) {
    AttributesBuilder b = baseMetricAttributes(call);
    if (info != null && info.responseModel != null) {
      b.put(GenAiAttributes.RESPONSE_MODEL, instruments.responseModels.bound(info.responseModel));
    }
    Attributes success = b.build();
    Attributes attrs =
        errorType == null
            ? success
            : success.toBuilder()
                .put(ErrorAttributes.ERROR_TYPE, instruments.errorTypes.bound(errorType))
                .build();
    double seconds = (endNanos - startNanos) / 1e9;
    if (instruments.latest) {
      recordLatest(call, info, attrs, success, seconds, timeToFirstChunk);
    } else {
      instruments.duration.record(seconds, attrs);
      if (!Double.isNaN(timeToFirstChunk)) {
        instruments.timeToFirstChunk.record(timeToFirstChunk, attrs);
      }
      io.opentelemetry.api.metrics.LongHistogram tokenUsage = instruments.tokenUsage;
      if (tokenUsage != null && info != null && (info.inputTokens >= 0 || info.outputTokens >= 0)) {
        AttributesBuilder tb = success.toBuilder();
        if (info.inputTokens >= 0) {
          tokenUsage.record(info.inputTokens, tb.put(GenAiAttributes.TOKEN_TYPE, "input").build());
        }
        if (info.outputTokens >= 0) {
          tokenUsage.record(
              info.outputTokens, tb.put(GenAiAttributes.TOKEN_TYPE, "output").build());
        }
      }
    }
    if (!Double.isNaN(cost) && cost > 0) {
      instruments.cost.add(
          cost,
          Attributes.of(
              GenAiAttributes.PROVIDER_NAME,
              instruments.providers.bound(call.provider),
              GenAiAttributes.REQUEST_MODEL,
              instruments.requestModels.bound(call.model)));
    }
  }

  /** The metrics under the newer names of the GenAI conventions' own repository. */
  private void recordLatest(
      ModelCall call,
      @Nullable ResponseInfo info,
      Attributes attrs,
      Attributes success,
      double seconds,
      double timeToFirstChunk) {
    boolean embeddings = GenAiAttributes.OPERATION_EMBEDDINGS.equals(call.operation);
    boolean inference =
        GenAiAttributes.OPERATION_CHAT.equals(call.operation)
            || GenAiAttributes.OPERATION_TEXT_COMPLETION.equals(call.operation)
            || GenAiAttributes.OPERATION_GENERATE_CONTENT.equals(call.operation);
    io.opentelemetry.api.metrics.DoubleHistogram duration =
        embeddings
            ? instruments.embeddingsDuration
            : inference ? instruments.inferenceDuration : instruments.duration;
    if (duration != null) {
      duration.record(seconds, attrs);
    }
    if (!Double.isNaN(timeToFirstChunk)) {
      instruments.timeToFirstChunk.record(timeToFirstChunk, attrs);
    }
    if (info == null) {
      return;
    }
    if (embeddings) {
      if (info.inputTokens >= 0 && instruments.embeddingsInputTokens != null) {
        instruments.embeddingsInputTokens.record(info.inputTokens, attrs);
      }
      return;
    }
    if (info.inputTokens >= 0 && instruments.inferenceInputTokens != null) {
      instruments.inferenceInputTokens.record(info.inputTokens, attrs);
    }
    if (info.outputTokens >= 0 && instruments.inferenceOutputTokens != null) {
      instruments.inferenceOutputTokens.record(info.outputTokens, attrs);
    }
    // Providers' per-modality counts are not read: the counters carry modality "unknown".
    Attributes usage = success.toBuilder().put(TOKEN_MODALITY, "unknown").build();
    add(instruments.usageInputTokens, info.inputTokens, usage);
    add(instruments.usageOutputTokens, info.outputTokens, usage);
    add(instruments.usageCacheReadInputTokens, info.cacheReadInputTokens, usage);
    add(instruments.usageCacheWriteInputTokens, info.cacheCreationInputTokens, usage);
    add(instruments.usageReasoningOutputTokens, info.reasoningOutputTokens, usage);
  }

  private static void add(
      io.opentelemetry.api.metrics.@Nullable LongCounter counter, long value, Attributes attrs) {
    if (counter != null && value >= 0) {
      counter.add(value, attrs);
    }
  }

  /** Runs {@code fn} in {@code span}, records a failure, ends the span. */
  @SuppressWarnings("try") // the scope only needs closing
  <R, E extends Throwable> R run(Span span, ThrowingSupplier<R, E> fn, @Nullable ResultHook<R> hook)
      throws E {
    R result;
    try (io.opentelemetry.context.Scope ignored = span.makeCurrent()) {
      result = fn.get();
    } catch (Throwable t) {
      try {
        if (span.isRecording()) {
          fail(span, t, errorInfo(t).errorType);
        }
      } finally {
        span.end();
      }
      throw t;
    }
    try {
      if (hook != null && span.isRecording()) {
        hook.onResult(span, result);
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("ai.result-hook", "recording a result failed", e);
    } finally {
      span.end();
    }
    return result;
  }

  /** Adds result data to a span before it ends. */
  @FunctionalInterface
  interface ResultHook<R> {
    void onResult(Span span, R result);
  }
}

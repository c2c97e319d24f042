package dev.tracekit.ai;

import dev.tracekit.ai.internal.AiInstruments;
import dev.tracekit.ai.internal.Json;
import dev.tracekit.ai.internal.OpenAiJavaBridge;
import dev.tracekit.ai.internal.OpenAiWire;
import dev.tracekit.ai.internal.Redactor;
import dev.tracekit.api.ErrorRecorder;
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
      int serverPort) {
    this.tracer = tracer;
    this.errors = errors;
    this.convention = convention;
    this.instruments = instruments;
    this.captureContent = captureContent;
    this.redactor = redactor;
    this.prices = prices;
    this.serverAddress = serverAddress;
    this.serverPort = serverPort;
  }

  /** The span name from the convention; default chat names are cached (bounded). */
  String spanName(String operation, String target) {
    if (convention != GenAiConvention.DEFAULT) {
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
    if (convention != GenAiConvention.DEFAULT) {
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
    if (!OpenAiJavaBridge.classify(error, info)) {
      info.errorType(error.getClass().getName());
    }
    return info;
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
      if (finish != null && i < finish.size()) {
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
    AttributesBuilder b =
        Attributes.builder()
            .put(GenAiAttributes.OPERATION_NAME, call.operation)
            .put(GenAiAttributes.PROVIDER_NAME, call.provider)
            .put(GenAiAttributes.REQUEST_MODEL, call.model);
    String address = call.serverAddress();
    if (address != null) {
      b.put(ServerAttributes.SERVER_ADDRESS, address);
      int port = call.serverPort();
      if (port > 0) {
        b.put(ServerAttributes.SERVER_PORT, port);
      }
    }
    return b.build();
  }

  private void record(
      ModelCall call,
      @Nullable ResponseInfo info,
      @Nullable String errorType,
      long startNanos,
      long endNanos,
      double timeToFirstChunk,
      double cost) {
    AttributesBuilder b =
        Attributes.builder()
            .put(GenAiAttributes.OPERATION_NAME, call.operation)
            .put(GenAiAttributes.PROVIDER_NAME, call.provider)
            .put(GenAiAttributes.REQUEST_MODEL, call.model);
    if (info != null && info.responseModel != null) {
      b.put(GenAiAttributes.RESPONSE_MODEL, info.responseModel);
    }
    String address = call.serverAddress();
    if (address != null) {
      b.put(ServerAttributes.SERVER_ADDRESS, address);
      int port = call.serverPort();
      if (port > 0) {
        b.put(ServerAttributes.SERVER_PORT, port);
      }
    }
    if (errorType != null) {
      b.put(ErrorAttributes.ERROR_TYPE, errorType);
    }
    Attributes attrs = b.build();
    instruments.duration.record((endNanos - startNanos) / 1e9, attrs);
    if (!Double.isNaN(timeToFirstChunk)) {
      instruments.timeToFirstChunk.record(timeToFirstChunk, attrs);
    }
    if (info != null && (info.inputTokens >= 0 || info.outputTokens >= 0)) {
      AttributesBuilder tb = attrs.toBuilder().remove(ErrorAttributes.ERROR_TYPE);
      if (info.inputTokens >= 0) {
        instruments.tokenUsage.record(
            info.inputTokens, tb.put(GenAiAttributes.TOKEN_TYPE, "input").build());
      }
      if (info.outputTokens >= 0) {
        instruments.tokenUsage.record(
            info.outputTokens, tb.put(GenAiAttributes.TOKEN_TYPE, "output").build());
      }
    }
    if (!Double.isNaN(cost) && cost > 0) {
      instruments.cost.add(
          cost,
          Attributes.of(
              GenAiAttributes.PROVIDER_NAME,
              call.provider,
              GenAiAttributes.REQUEST_MODEL,
              call.model));
    }
  }

  /** Runs {@code fn} in {@code span}, records a failure, ends the span. */
  @SuppressWarnings("try") // the scope only needs closing
  <R, E extends Throwable> R run(Span span, AiCallable<R, E> fn, @Nullable ResultHook<R> hook)
      throws E {
    R result;
    try (io.opentelemetry.context.Scope ignored = span.makeCurrent()) {
      result = fn.call();
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

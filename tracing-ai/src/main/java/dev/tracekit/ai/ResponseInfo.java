package dev.tracekit.ai;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an extractor read from a model call's result. Setters are run-time methods: they never
 * throw, and ignore nulls and negative counts; output text is only kept when content capture is on
 * ({@link #captureContent()}), so extractors may call the text methods unconditionally.
 */
public final class ResponseInfo {
  private final boolean captureContent;
  @Nullable String responseId;
  @Nullable String responseModel;
  @Nullable String serviceTier;
  @Nullable String systemFingerprint;
  @Nullable String openAiApiType;
  @Nullable String firstFinishReason;
  @Nullable List<String> finishReasons;
  long inputTokens = -1;
  long outputTokens = -1;
  long cacheReadInputTokens = -1;
  long cacheCreationInputTokens = -1;
  long reasoningOutputTokens = -1;
  long embeddingDimensions = -1;
  @Nullable String errorType;
  boolean rateLimited;
  double retryAfterSeconds = Double.NaN;
  @Nullable List<StringBuilder> outputText;
  @Nullable List<String> outputRoles;

  ResponseInfo(boolean captureContent) {
    this.captureContent = captureContent;
  }

  /**
   * Whether output text is recorded; extractors may skip building text when false.
   *
   * @return true when content capture is on
   */
  public boolean captureContent() {
    return captureContent;
  }

  /**
   * Sets {@code gen_ai.response.id}.
   *
   * @param id the provider's response id
   * @return this
   */
  public ResponseInfo responseId(@Nullable String id) {
    if (id != null && !id.isEmpty()) {
      this.responseId = id;
    }
    return this;
  }

  /**
   * Sets {@code gen_ai.response.model}.
   *
   * @param model the model that answered
   * @return this
   */
  public ResponseInfo responseModel(@Nullable String model) {
    if (model != null && !model.isEmpty()) {
      this.responseModel = model;
    }
    return this;
  }

  /**
   * Sets {@code openai.response.service_tier}.
   *
   * @param tier the service tier the provider used
   * @return this
   */
  public ResponseInfo serviceTier(@Nullable String tier) {
    if (tier != null && !tier.isEmpty()) {
      this.serviceTier = tier;
    }
    return this;
  }

  /**
   * Sets {@code openai.response.system_fingerprint}.
   *
   * @param fingerprint the backend configuration's fingerprint
   * @return this
   */
  public ResponseInfo systemFingerprint(@Nullable String fingerprint) {
    if (fingerprint != null && !fingerprint.isEmpty()) {
      this.systemFingerprint = fingerprint;
    }
    return this;
  }

  /**
   * Sets {@code openai.api.type}: {@code chat_completions} or {@code responses}.
   *
   * @param type the API the response came from
   * @return this
   */
  public ResponseInfo openAiApiType(@Nullable String type) {
    if (type != null && !type.isEmpty()) {
      this.openAiApiType = type;
    }
    return this;
  }

  /**
   * Adds one choice's finish reason to {@code gen_ai.response.finish_reasons}.
   *
   * @param reason the reason, for example {@code stop}, {@code length}, {@code tool_calls}
   * @return this
   */
  public ResponseInfo addFinishReason(@Nullable String reason) {
    if (reason != null && !reason.isEmpty()) {
      if (firstFinishReason == null) {
        firstFinishReason = reason;
      } else {
        if (finishReasons == null) {
          finishReasons = new ArrayList<>(4);
          finishReasons.add(firstFinishReason);
        }
        if (finishReasons.size() < 128) {
          finishReasons.add(reason);
        }
      }
    }
    return this;
  }

  /**
   * Sets {@code gen_ai.usage.input_tokens}.
   *
   * @param tokens the count, ignored when negative
   * @return this
   */
  public ResponseInfo inputTokens(long tokens) {
    if (tokens >= 0) {
      this.inputTokens = tokens;
    }
    return this;
  }

  /**
   * Sets {@code gen_ai.usage.output_tokens}.
   *
   * @param tokens the count, ignored when negative
   * @return this
   */
  public ResponseInfo outputTokens(long tokens) {
    if (tokens >= 0) {
      this.outputTokens = tokens;
    }
    return this;
  }

  /**
   * Sets {@code gen_ai.usage.cache_read.input_tokens}.
   *
   * @param tokens the count, ignored when negative
   * @return this
   */
  public ResponseInfo cacheReadInputTokens(long tokens) {
    if (tokens >= 0) {
      this.cacheReadInputTokens = tokens;
    }
    return this;
  }

  /**
   * Sets the input tokens written to the provider's prompt cache: {@code
   * gen_ai.usage.cache_creation.input_tokens} ({@code gen_ai.usage.cache_write.input_tokens} with
   * the newer GenAI names, see {@link GenAiConventionVersion}).
   *
   * @param tokens the count, ignored when negative
   * @return this
   */
  public ResponseInfo cacheCreationInputTokens(long tokens) {
    if (tokens >= 0) {
      this.cacheCreationInputTokens = tokens;
    }
    return this;
  }

  /**
   * Sets {@code gen_ai.usage.reasoning.output_tokens}.
   *
   * @param tokens the count, ignored when negative
   * @return this
   */
  public ResponseInfo reasoningOutputTokens(long tokens) {
    if (tokens >= 0) {
      this.reasoningOutputTokens = tokens;
    }
    return this;
  }

  /**
   * Sets {@code gen_ai.embeddings.dimension.count}.
   *
   * @param dimensions the count, ignored when not positive
   * @return this
   */
  public ResponseInfo embeddingDimensions(long dimensions) {
    if (dimensions > 0) {
      this.embeddingDimensions = dimensions;
    }
    return this;
  }

  /**
   * Marks the call as failed although no exception was thrown (for example an HTTP 4xx/5xx
   * response), with {@code error.type}: the provider's error code, else the HTTP status.
   *
   * @param errorType the low-cardinality error type
   * @return this
   */
  public ResponseInfo errorType(@Nullable String errorType) {
    if (errorType != null && !errorType.isEmpty()) {
      this.errorType = errorType;
    }
    return this;
  }

  /**
   * Marks the call as refused for rate limiting.
   *
   * @param retryAfterSeconds seconds the provider asked to wait, NaN when not given
   * @return this
   */
  public ResponseInfo rateLimited(double retryAfterSeconds) {
    this.rateLimited = true;
    if (retryAfterSeconds >= 0) {
      this.retryAfterSeconds = retryAfterSeconds;
    }
    return this;
  }

  /**
   * Adds output text of one choice (a whole message, or a streamed delta); kept only with content
   * capture on.
   *
   * @param choiceIndex the choice's index (0 for the first)
   * @param role the message role, usually {@code assistant}; null keeps the earlier role
   * @param text the text
   * @return this
   */
  public ResponseInfo appendOutputText(
      int choiceIndex, @Nullable String role, @Nullable String text) {
    if (!captureContent || choiceIndex < 0 || choiceIndex > 16) {
      return this;
    }
    if (outputText == null) {
      outputText = new ArrayList<>(1);
      outputRoles = new ArrayList<>(1);
    }
    List<String> roles = outputRoles;
    while (outputText.size() <= choiceIndex) {
      outputText.add(new StringBuilder());
      roles.add("assistant");
    }
    if (role != null && !role.isEmpty()) {
      roles.set(choiceIndex, role);
    }
    if (text != null) {
      StringBuilder sb = outputText.get(choiceIndex);
      if (sb.length() < 1_000_000) {
        sb.append(text);
      }
    }
    return this;
  }

  /** The finish reasons, or null when none was given. */
  @Nullable List<String> finishReasons() {
    if (finishReasons != null) {
      return finishReasons;
    }
    return firstFinishReason == null ? null : List.of(firstFinishReason);
  }
}

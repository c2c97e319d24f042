package dev.tracekit.anthropic.internal;

import com.anthropic.core.http.Headers;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.ErrorType;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageContentParam;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Usage;
import dev.tracekit.ai.AiSpan;
import dev.tracekit.ai.AiTracing;
import dev.tracekit.ai.GenAiAttributes;
import dev.tracekit.ai.ModelCall;
import dev.tracekit.ai.ResponseInfo;
import dev.tracekit.api.support.Diagnostics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Reads anthropic-java's request, response and error types. Internal. */
public final class Anthropic {
  private static final AttributeKey<String> EXCEPTION_TYPE =
      AttributeKey.stringKey("exception.type");

  private Anthropic() {}

  /**
   * Describes a Messages API call.
   *
   * @param ai where it is recorded
   * @param params the request
   * @param server the endpoint, or null
   * @param stream whether it is streamed
   * @return the call, not started
   */
  public static ModelCall call(
      AiTracing ai, MessageCreateParams params, @Nullable URI server, boolean stream) {
    String model;
    try {
      model = params.model().asString();
    } catch (RuntimeException e) {
      model = "unknown";
    }
    ModelCall call = ai.chat(GenAiAttributes.PROVIDER_ANTHROPIC, model);
    if (server != null) {
      call.server(server);
    }
    if (stream) {
      call.streamRequested(true);
    }
    try {
      call.maxTokens(params.maxTokens());
      params.stopSequences().ifPresent(call::stopSequences);
      List<MessageParam> messages = params.messages();
      call.messages(messages.size());
      if (ai.captureContent()) {
        params
            .system()
            .ifPresent(
                s -> {
                  if (s.isString()) {
                    call.message("system", s.asString());
                  } else if (s.isTextBlockParams()) {
                    for (TextBlockParam b : s.asTextBlockParams()) {
                      call.message("system", b.text());
                    }
                  }
                });
        for (MessageParam m : messages) {
          call.message(role(m), text(m.content()));
        }
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "anthropic.request", "reading an Anthropic request failed; the span has less data", e);
    }
    return call;
  }

  private static String role(MessageParam m) {
    if (m.isSystem()) {
      return "system";
    }
    return m.isAssistant() ? "assistant" : "user";
  }

  private static String text(@Nullable MessageContentParam content) {
    if (content == null) {
      return "";
    }
    if (content.isString()) {
      return content.asString();
    }
    return String.valueOf(content);
  }

  /**
   * Reads a complete message into the span's response.
   *
   * @param message the message
   * @param span the span
   */
  public static void read(@Nullable Message message, AiSpan span) {
    read(message, span.response());
  }

  /**
   * Reads a complete message: id, model, stop reason, usage, text with capture on.
   *
   * @param message the message
   * @param info where it goes
   */
  public static void read(@Nullable Message message, ResponseInfo info) {
    if (message == null) {
      return;
    }
    try {
      info.responseId(message.id()).responseModel(message.model().asString());
      message.stopReason().ifPresent(r -> info.addFinishReason(stopReason(r)));
      Usage usage = message.usage();
      if (usage != null) {
        usage(
            info,
            usage.inputTokens(),
            usage.outputTokens(),
            usage.cacheReadInputTokens().orElse(-1L),
            usage.cacheCreationInputTokens().orElse(-1L));
      }
      if (info.captureContent()) {
        for (ContentBlock block : message.content()) {
          block.text().ifPresent(t -> info.appendOutputText(0, "assistant", t.text()));
        }
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "anthropic.response", "reading an Anthropic response failed; the span has less data", e);
    }
  }

  /**
   * Sets token usage: Anthropic's {@code input_tokens} excludes prompt-cache reads and writes, the
   * conventions' {@code gen_ai.usage.input_tokens} includes them.
   *
   * @param info where it goes
   * @param input input tokens outside the cache, or -1
   * @param output output tokens, or -1
   * @param cacheRead tokens read from the cache, or -1
   * @param cacheCreation tokens written to the cache, or -1
   */
  public static void usage(
      ResponseInfo info, long input, long output, long cacheRead, long cacheCreation) {
    if (input >= 0) {
      info.inputTokens(input + Math.max(0, cacheRead) + Math.max(0, cacheCreation));
    }
    info.outputTokens(output);
    info.cacheReadInputTokens(cacheRead);
    info.cacheCreationInputTokens(cacheCreation);
  }

  /**
   * The stop reason as recorded: Anthropic's own value ({@code end_turn}, {@code tool_use}, {@code
   * max_tokens}, ...).
   *
   * @param reason the reason
   * @return its string value
   */
  public static String stopReason(StopReason reason) {
    return reason.asString();
  }

  /**
   * Ends a span as failed. A service error is typed by Anthropic's error type ({@code
   * rate_limit_error}, {@code overloaded_error}, {@code api_error}), else by its HTTP status; other
   * failures (malformed responses, I/O) by their exception class.
   *
   * @param span the span
   * @param error the failure
   */
  public static void fail(AiSpan span, Throwable error) {
    if (!(error instanceof AnthropicServiceException e)) {
      span.fail(error);
      return;
    }
    try {
      String type =
          e.type()
              .map(ErrorType::asString)
              .filter(s -> !s.isEmpty())
              .orElse(String.valueOf(e.statusCode()));
      if (e.statusCode() == 429) {
        span.response().rateLimited(retryAfter(e.headers()));
      }
      span.response().errorType(type);
      if (span.span().isRecording()) {
        // The message may quote the request: only the type is recorded.
        span.span().addEvent("exception", Attributes.of(EXCEPTION_TYPE, e.getClass().getName()));
      }
      span.end();
    } catch (RuntimeException r) {
      Diagnostics.reportOnce("anthropic.error", "classifying an Anthropic error failed", r);
      span.fail(error);
    }
  }

  private static double retryAfter(@Nullable Headers headers) {
    if (headers == null) {
      return Double.NaN;
    }
    Optional<String> value = headers.values("retry-after").stream().findFirst();
    if (value.isEmpty()) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(value.get().trim());
    } catch (NumberFormatException n) {
      return Double.NaN;
    }
  }
}

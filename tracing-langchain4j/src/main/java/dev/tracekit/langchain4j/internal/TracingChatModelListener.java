package dev.tracekit.langchain4j.internal;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tracekit.ai.AiSpan;
import dev.tracekit.ai.AiTracing;
import dev.tracekit.ai.ModelCall;
import dev.tracekit.api.support.Diagnostics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Starts a chat span in {@code onRequest} (on the caller's thread, so the current span is its
 * parent) and ends it in {@code onResponse}/{@code onError}, which a streaming model calls on its
 * HTTP thread; the span travels in the request's attribute map. Internal.
 */
public final class TracingChatModelListener implements ChatModelListener {
  /** The key of the span in LangChain4j's per-request attribute map. */
  static final Object SPAN_KEY = new Object();

  private final AiTracing ai;

  /**
   * Creates the listener.
   *
   * @param ai where spans and metrics go
   */
  public TracingChatModelListener(AiTracing ai) {
    this.ai = ai;
  }

  @Override
  public void onRequest(ChatModelRequestContext context) {
    try {
      ChatRequest request = context.chatRequest();
      String model = request == null ? null : request.modelName();
      ModelCall call =
          ai.chat(Providers.name(context.modelProvider()), model == null ? "unknown" : model);
      if (request != null) {
        describe(call, request);
      }
      StreamLink link = StreamLink.CURRENT.get();
      if (link != null) {
        call.streamRequested(true);
      }
      AiSpan span = call.begin();
      context.attributes().put(SPAN_KEY, span);
      if (link != null) {
        link.attach(span);
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "langchain4j.chat.request", "starting a LangChain4j chat span failed", e);
    }
  }

  @Override
  public void onResponse(ChatModelResponseContext context) {
    AiSpan span = span(context.attributes());
    if (span == null) {
      return;
    }
    try {
      ChatResponse response = context.chatResponse();
      if (response != null) {
        span.response()
            .responseId(response.id())
            .responseModel(response.modelName())
            .addFinishReason(Providers.finishReason(response.finishReason()));
        Usage.read(response.tokenUsage(), span);
        AiMessage message = response.aiMessage();
        if (message != null && span.response().captureContent()) {
          span.response().appendOutputText(0, "assistant", message.text());
        }
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "langchain4j.chat.response", "reading a LangChain4j chat response failed", e);
    }
    span.end();
  }

  @Override
  public void onError(ChatModelErrorContext context) {
    AiSpan span = span(context.attributes());
    if (span != null) {
      Errors.fail(span, context.error());
    }
  }

  private static @Nullable AiSpan span(@Nullable Map<Object, Object> attributes) {
    if (attributes == null) {
      return null;
    }
    Object span = attributes.remove(SPAN_KEY);
    return span instanceof AiSpan s ? s : null;
  }

  private void describe(ModelCall call, ChatRequest request) {
    if (request.maxOutputTokens() != null) {
      call.maxTokens(request.maxOutputTokens());
    }
    if (request.temperature() != null) {
      call.temperature(request.temperature());
    }
    if (request.topP() != null) {
      call.topP(request.topP());
    }
    if (request.topK() != null) {
      call.topK(request.topK());
    }
    if (request.frequencyPenalty() != null) {
      call.frequencyPenalty(request.frequencyPenalty());
    }
    if (request.presencePenalty() != null) {
      call.presencePenalty(request.presencePenalty());
    }
    List<String> stop = request.stopSequences();
    if (stop != null && !stop.isEmpty()) {
      call.stopSequences(stop);
    }
    List<ChatMessage> messages = request.messages();
    if (messages == null) {
      return;
    }
    call.messages(messages.size());
    if (!ai.captureContent()) {
      return;
    }
    for (ChatMessage m : messages) {
      if (m instanceof SystemMessage s) {
        call.message("system", s.text());
      } else if (m instanceof UserMessage u) {
        call.message("user", u.hasSingleText() ? u.singleText() : String.valueOf(u.contents()));
      } else if (m instanceof AiMessage a) {
        call.message("assistant", a.text());
      } else if (m instanceof ToolExecutionResultMessage t) {
        call.message("tool", t.text());
      }
    }
  }

  /** Ends a span as failed; HTTP errors are typed by their status (429, 500). Internal. */
  public static final class Errors {
    private Errors() {}

    /**
     * Ends the span as failed.
     *
     * @param span the span
     * @param error the failure, may be null
     */
    public static void fail(AiSpan span, @Nullable Throwable error) {
      int status = -1;
      try {
        Throwable t = error;
        for (int i = 0; i < 4 && t != null; i++) {
          if (t instanceof HttpException h) {
            status = h.statusCode();
            break;
          }
          t = t.getCause();
        }
      } catch (RuntimeException e) {
        Diagnostics.reportOnce("langchain4j.error", "classifying a LangChain4j error failed", e);
      }
      if (status <= 0) {
        span.fail(error);
        return;
      }
      // error.type is the HTTP status, as for the other clients; the exception's message may quote
      // the prompt, so only its type is recorded.
      if (status == 429) {
        span.response().rateLimited(Double.NaN);
      }
      span.response().errorType(String.valueOf(status));
      if (span.span().isRecording() && error != null) {
        span.span()
            .addEvent(
                "exception",
                Attributes.of(
                    AttributeKey.stringKey("exception.type"), error.getClass().getName()));
      }
      span.end();
    }
  }
}

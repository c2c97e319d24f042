package dev.tracekit.langchain4j.internal;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.tracekit.ai.AiSpan;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A streaming chat model whose handler callbacks, which arrive on the HTTP client's threads, run in
 * the caller's context and mark streamed chunks on the span the listener started (time to first
 * chunk, time per chunk). Internal.
 */
public final class TracingStreamingChatModel implements StreamingChatModel {
  private final StreamingChatModel delegate;

  /**
   * Wraps a model.
   *
   * @param delegate the model
   */
  public TracingStreamingChatModel(StreamingChatModel delegate) {
    this.delegate = delegate;
  }

  @Override
  public void chat(ChatRequest request, StreamingChatResponseHandler handler) {
    StreamLink link = new StreamLink();
    StreamLink previous = StreamLink.CURRENT.get();
    StreamLink.CURRENT.set(link);
    try {
      delegate.chat(request, wrap(handler, link));
    } finally {
      restore(previous);
    }
  }

  @Override
  public void chat(
      ChatRequest request, ChatRequestOptions options, StreamingChatResponseHandler handler) {
    StreamLink link = new StreamLink();
    StreamLink previous = StreamLink.CURRENT.get();
    StreamLink.CURRENT.set(link);
    try {
      delegate.chat(request, options, wrap(handler, link));
    } finally {
      restore(previous);
    }
  }

  private static void restore(@Nullable StreamLink previous) {
    if (previous == null) {
      StreamLink.CURRENT.remove();
    } else {
      StreamLink.CURRENT.set(previous);
    }
  }

  private static StreamingChatResponseHandler wrap(
      @Nullable StreamingChatResponseHandler handler, StreamLink link) {
    return handler == null ? handler : new Handler(handler, link, Context.current());
  }

  @Override
  public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
    delegate.doChat(request, handler);
  }

  @Override
  public ChatRequestParameters defaultRequestParameters() {
    return delegate.defaultRequestParameters();
  }

  @Override
  public List<ChatModelListener> listeners() {
    return delegate.listeners();
  }

  @Override
  public ModelProvider provider() {
    return delegate.provider();
  }

  @Override
  public Set<Capability> supportedCapabilities() {
    return delegate.supportedCapabilities();
  }

  /** Ends the span as abandoned when the caller cancels the stream. */
  private static final class Cancelling implements StreamingHandle {
    private final StreamingHandle delegate;
    private final StreamLink link;

    Cancelling(StreamingHandle delegate, StreamLink link) {
      this.delegate = delegate;
      this.link = link;
    }

    @Override
    public void cancel() {
      try {
        delegate.cancel();
      } finally {
        AiSpan span = link.span();
        if (span != null) {
          span.abandon();
        }
      }
    }

    @Override
    public boolean isCancelled() {
      return delegate.isCancelled();
    }
  }

  /** The caller's handler, run in the caller's context, counting chunks. */
  private static final class Handler implements StreamingChatResponseHandler {
    private final StreamingChatResponseHandler delegate;
    private final StreamLink link;
    private final Context parent;

    Handler(StreamingChatResponseHandler delegate, StreamLink link, Context parent) {
      this.delegate = delegate;
      this.link = link;
      this.parent = parent;
    }

    /** A handle whose cancel() ends the span as abandoned (no listener callback follows). */
    private StreamingHandle handle(StreamingHandle handle) {
      if (handle == null || handle instanceof Cancelling) {
        return handle;
      }
      return new Cancelling(handle, link);
    }

    private void chunk() {
      AiSpan span = link.span();
      if (span != null) {
        span.chunk();
      }
    }

    @Override
    public void onPartialResponse(String partialResponse) {
      chunk();
      try (Scope ignored = parent.makeCurrent()) {
        delegate.onPartialResponse(partialResponse);
      }
    }

    @Override
    public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
      chunk();
      try (Scope ignored = parent.makeCurrent()) {
        delegate.onPartialResponse(
            partialResponse, new PartialResponseContext(handle(context.streamingHandle())));
      }
    }

    @Override
    public void onPartialThinking(PartialThinking partialThinking) {
      chunk();
      try (Scope ignored = parent.makeCurrent()) {
        delegate.onPartialThinking(partialThinking);
      }
    }

    @Override
    public void onPartialThinking(PartialThinking partialThinking, PartialThinkingContext context) {
      chunk();
      try (Scope ignored = parent.makeCurrent()) {
        delegate.onPartialThinking(
            partialThinking, new PartialThinkingContext(handle(context.streamingHandle())));
      }
    }

    @Override
    public void onPartialToolCall(PartialToolCall partialToolCall) {
      chunk();
      try (Scope ignored = parent.makeCurrent()) {
        delegate.onPartialToolCall(partialToolCall);
      }
    }

    @Override
    public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
      chunk();
      try (Scope ignored = parent.makeCurrent()) {
        delegate.onPartialToolCall(
            partialToolCall, new PartialToolCallContext(handle(context.streamingHandle())));
      }
    }

    @Override
    public void onCompleteToolCall(CompleteToolCall completeToolCall) {
      try (Scope ignored = parent.makeCurrent()) {
        delegate.onCompleteToolCall(completeToolCall);
      }
    }

    @Override
    public void onUnmappedRawEvent(Object event) {
      try (Scope ignored = parent.makeCurrent()) {
        delegate.onUnmappedRawEvent(event);
      }
    }

    @Override
    public void onCompleteResponse(ChatResponse completeResponse) {
      try (Scope ignored = parent.makeCurrent()) {
        delegate.onCompleteResponse(completeResponse);
      }
    }

    @Override
    public void onError(Throwable error) {
      try (Scope ignored = parent.makeCurrent()) {
        delegate.onError(error);
      }
    }
  }
}

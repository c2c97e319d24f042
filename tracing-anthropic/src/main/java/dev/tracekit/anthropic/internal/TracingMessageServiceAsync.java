package dev.tracekit.anthropic.internal;

import com.anthropic.core.ClientOptions;
import com.anthropic.core.RequestOptions;
import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageTokensCount;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.services.async.MessageServiceAsync;
import com.anthropic.services.async.messages.BatchServiceAsync;
import dev.tracekit.ai.AiSpan;
import dev.tracekit.ai.AiTracing;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.net.URI;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Anthropic's asynchronous Messages API with {@code create} and {@code createStreaming} in {@code
 * chat {model}} spans, ended when the future or the stream completes. Internal.
 */
public final class TracingMessageServiceAsync implements MessageServiceAsync {
  private final AiTracing ai;
  private final MessageServiceAsync delegate;
  private final @Nullable URI server;

  /**
   * Wraps a message service.
   *
   * @param ai where spans go
   * @param delegate the service
   * @param server the endpoint for {@code server.address}, or null
   */
  public TracingMessageServiceAsync(
      AiTracing ai, MessageServiceAsync delegate, @Nullable URI server) {
    this.ai = ai;
    this.delegate = delegate;
    this.server = server;
  }

  @Override
  @SuppressWarnings("try") // the scope only needs closing
  public CompletableFuture<Message> create(
      MessageCreateParams params, RequestOptions requestOptions) {
    AiSpan span = Anthropic.call(ai, params, server, false).begin();
    CompletableFuture<Message> future;
    try (Scope ignored = span.makeCurrent()) {
      future = delegate.create(params, requestOptions);
    } catch (Throwable t) {
      Anthropic.fail(span, t);
      throw t;
    }
    if (future == null) {
      span.end();
      return future;
    }
    future.whenComplete(
        (message, error) -> {
          if (error == null) {
            Anthropic.read(message, span);
            span.end();
          } else {
            Throwable t = StreamState.unwrap(error);
            if (t instanceof CancellationException) {
              span.abandon();
            } else {
              Anthropic.fail(span, t);
            }
          }
        });
    return future;
  }

  @Override
  @SuppressWarnings("try") // the scope only needs closing
  public AsyncStreamResponse<RawMessageStreamEvent> createStreaming(
      MessageCreateParams params, RequestOptions requestOptions) {
    Context parent = Context.current();
    AiSpan span = Anthropic.call(ai, params, server, true).begin();
    AsyncStreamResponse<RawMessageStreamEvent> response;
    try (Scope ignored = span.makeCurrent()) {
      response = delegate.createStreaming(params, requestOptions);
    } catch (Throwable t) {
      Anthropic.fail(span, t);
      throw t;
    }
    return new TracedAsyncStreamResponse(response, span, parent);
  }

  @Override
  public CompletableFuture<MessageTokensCount> countTokens(
      MessageCountTokensParams params, RequestOptions requestOptions) {
    return delegate.countTokens(params, requestOptions);
  }

  @Override
  public WithRawResponse withRawResponse() {
    return delegate.withRawResponse();
  }

  @Override
  public MessageServiceAsync withOptions(Consumer<ClientOptions.Builder> modifier) {
    return new TracingMessageServiceAsync(ai, delegate.withOptions(modifier), server);
  }

  @Override
  public BatchServiceAsync batches() {
    return delegate.batches();
  }
}

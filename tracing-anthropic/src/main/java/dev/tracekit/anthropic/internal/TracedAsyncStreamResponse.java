package dev.tracekit.anthropic.internal;

import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.models.messages.RawMessageStreamEvent;
import dev.tracekit.ai.AiSpan;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * An asynchronously streamed Messages response: the subscriber's events fill the span ({@link
 * StreamState}) and run in the caller's context; completion ends it, an error fails it, {@code
 * close()} before the end abandons it. Internal.
 */
final class TracedAsyncStreamResponse implements AsyncStreamResponse<RawMessageStreamEvent> {
  private final AsyncStreamResponse<RawMessageStreamEvent> delegate;
  private final StreamState state;
  private final Context parent;

  TracedAsyncStreamResponse(
      AsyncStreamResponse<RawMessageStreamEvent> delegate, AiSpan span, Context parent) {
    this.delegate = delegate;
    this.state = new StreamState(span);
    this.parent = parent;
  }

  @Override
  public AsyncStreamResponse<RawMessageStreamEvent> subscribe(
      Handler<? super RawMessageStreamEvent> handler) {
    delegate.subscribe(new TracingHandler(handler));
    return this;
  }

  @Override
  public AsyncStreamResponse<RawMessageStreamEvent> subscribe(
      Handler<? super RawMessageStreamEvent> handler, Executor executor) {
    delegate.subscribe(new TracingHandler(handler), executor);
    return this;
  }

  @Override
  public CompletableFuture<Void> onCompleteFuture() {
    return delegate.onCompleteFuture();
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      state.abandon();
    }
  }

  private final class TracingHandler implements Handler<RawMessageStreamEvent> {
    private final Handler<? super RawMessageStreamEvent> handler;

    TracingHandler(Handler<? super RawMessageStreamEvent> handler) {
      this.handler = handler;
    }

    @Override
    @SuppressWarnings("try") // the scope only needs closing
    public void onNext(RawMessageStreamEvent event) {
      state.read(event);
      try (Scope ignored = parent.makeCurrent()) {
        handler.onNext(event);
      }
    }

    @Override
    @SuppressWarnings("try") // the scope only needs closing
    public void onComplete(Optional<Throwable> error) {
      if (error.isPresent()) {
        state.fail(error.get());
      } else {
        state.finish();
      }
      try (Scope ignored = parent.makeCurrent()) {
        handler.onComplete(error);
      }
    }
  }
}

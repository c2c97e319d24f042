package dev.tracekit.http.internal;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The future handed back by {@code sendAsync}: it ends the CLIENT call when the client's future
 * completes, then completes itself with the caller's context current, so stages the caller chained
 * run in the caller's context (not the CLIENT span's). Cancelling it cancels the client's future.
 *
 * <p>Internal: not API.
 *
 * @param <T> the response body type
 */
public final class CallerContextFuture<T> extends CompletableFuture<HttpResponse<T>>
    implements BiConsumer<HttpResponse<T>, Throwable> {
  private final CompletableFuture<HttpResponse<T>> source;
  private final Context callerContext;
  private final ClientCall call;

  private CallerContextFuture(
      CompletableFuture<HttpResponse<T>> source, Context callerContext, ClientCall call) {
    this.source = source;
    this.callerContext = callerContext;
    this.call = call;
  }

  /**
   * Wraps the client's future.
   *
   * @param source the client's future
   * @param callerContext the context current when {@code sendAsync} was called
   * @param call the call to end
   * @param <T> the body type
   * @return the future to give the caller
   */
  public static <T> CompletableFuture<HttpResponse<T>> wrap(
      CompletableFuture<HttpResponse<T>> source, Context callerContext, ClientCall call) {
    CallerContextFuture<T> future = new CallerContextFuture<>(source, callerContext, call);
    source.whenComplete(future);
    return future;
  }

  @Override
  @SuppressWarnings("try") // the scope is what matters, not the variable
  public void accept(@Nullable HttpResponse<T> response, @Nullable Throwable error) {
    call.end(response, error);
    try (Scope ignored = callerContext.makeCurrent()) {
      if (error != null) {
        completeExceptionally(error);
      } else {
        complete(response);
      }
    }
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    source.cancel(mayInterruptIfRunning);
    return cancelled;
  }
}

package dev.tracekit.http.internal;

import dev.tracekit.api.support.Diagnostics;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * An {@link HttpClient} that traces {@code send} and {@code sendAsync} and delegates everything
 * else to the wrapped client.
 *
 * <p>Internal: not API; obtained from {@code HttpTracing.wrap(HttpClient)}.
 */
public final class TracingHttpClient extends HttpClient {
  private final HttpClient delegate;
  private final HttpInstrumentation instrumentation;

  /**
   * Wraps a client.
   *
   * @param delegate the client doing the work
   * @param instrumentation the shared instrumentation
   */
  public TracingHttpClient(HttpClient delegate, HttpInstrumentation instrumentation) {
    this.delegate = delegate;
    this.instrumentation = instrumentation;
  }

  /**
   * The wrapped client.
   *
   * @return the delegate
   */
  public HttpClient delegate() {
    return delegate;
  }

  @Override
  @SuppressWarnings("try") // the scope is what matters, not the variable
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    ClientCall call = start(Context.current(), request);
    if (call == null) {
      return delegate.send(request, handler);
    }
    HttpResponse<T> response;
    try (Scope ignored = call.context().makeCurrent()) {
      response = delegate.send(call.request(request), handler);
    } catch (Throwable t) {
      call.end(null, t);
      throw t;
    }
    call.end(response, null);
    return response;
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return traceAsync(request, r -> delegate.sendAsync(r, handler));
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request,
      HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
    return traceAsync(request, r -> delegate.sendAsync(r, handler, pushPromiseHandler));
  }

  @SuppressWarnings("try") // the scope is what matters, not the variable
  private <T> CompletableFuture<HttpResponse<T>> traceAsync(
      HttpRequest request, Function<HttpRequest, CompletableFuture<HttpResponse<T>>> send) {
    Context caller = Context.current();
    ClientCall call = start(caller, request);
    if (call == null) {
      return send.apply(request);
    }
    CompletableFuture<HttpResponse<T>> future;
    try (Scope ignored = call.context().makeCurrent()) {
      future = send.apply(call.request(request));
    } catch (Throwable t) {
      call.end(null, t);
      throw t;
    }
    return CallerContextFuture.wrap(future, caller, call);
  }

  private @Nullable ClientCall start(Context parent, HttpRequest request) {
    // A null request goes to the delegate unchanged, which throws the NullPointerException the
    // HttpClient contract promises.
    if (request == null) {
      return null;
    }
    try {
      return instrumentation.startClient(parent, request);
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "http.clientStart", "could not start tracing an HTTP request; it is sent untraced", e);
      return null;
    }
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return delegate.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return delegate.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return delegate.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return delegate.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return delegate.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return delegate.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return delegate.authenticator();
  }

  @Override
  public Version version() {
    return delegate.version();
  }

  @Override
  public Optional<Executor> executor() {
    return delegate.executor();
  }

  @Override
  public WebSocket.Builder newWebSocketBuilder() {
    return delegate.newWebSocketBuilder();
  }

  @Override
  public String toString() {
    return "TracingHttpClient{" + delegate + "}";
  }
}

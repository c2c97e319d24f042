package dev.tracekit.http.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.tracekit.api.support.Diagnostics;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A {@code com.sun.net.httpserver} handler that wraps each exchange in a SERVER span.
 *
 * <p>Internal: not API; obtained from {@code HttpTracing.wrap(HttpHandler)}.
 */
public final class TracingHttpHandler implements HttpHandler {
  private final HttpHandler delegate;
  private final HttpInstrumentation instrumentation;
  private final @Nullable String route;

  /**
   * Wraps a handler.
   *
   * @param delegate the user's handler
   * @param instrumentation the shared instrumentation
   * @param route the route the handler serves, may be null
   */
  public TracingHttpHandler(
      HttpHandler delegate, HttpInstrumentation instrumentation, @Nullable String route) {
    this.delegate = delegate;
    this.instrumentation = instrumentation;
    this.route = route;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    ServerCall call;
    try {
      call = instrumentation.startServer(exchange, JdkServerGetter.INSTANCE, route);
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "http.serverStart", "could not start tracing an incoming request; it is untraced", e);
      delegate.handle(exchange);
      return;
    }
    String header = instrumentation.correlationHeader();
    String correlationId = call.correlationId();
    if (header != null && correlationId != null) {
      try {
        exchange.getResponseHeaders().set(header, correlationId);
      } catch (RuntimeException e) {
        // The span and scope are open: carry on traced, without the echo.
        Diagnostics.reportOnce("http.correlationEcho", "could not echo the correlation id", e);
      }
    }
    Throwable error = null;
    try {
      delegate.handle(exchange);
    } catch (Throwable t) {
      error = t;
      throw t;
    } finally {
      call.exit();
      call.end(exchange.getResponseCode(), error, name -> exchange.getResponseHeaders().get(name));
    }
  }
}

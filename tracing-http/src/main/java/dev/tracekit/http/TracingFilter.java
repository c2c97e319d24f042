package dev.tracekit.http;

import dev.tracekit.api.GlobalOpenTelemetryAccess;
import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.http.internal.HttpInstrumentation;
import dev.tracekit.http.internal.ServerCall;
import dev.tracekit.http.internal.ServletGetter;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Jakarta Servlet filter that wraps each HTTP request in a SERVER span continuing the incoming
 * context. {@code http.route} comes from the servlet mapping (context path + pattern) when the
 * request matched a servlet other than the default one. Asynchronous requests end their span when
 * the async cycle completes.
 *
 * <pre>{@code
 * context.addFilter(new FilterHolder(new TracingFilter(httpTracing)), "/*", null);
 * }</pre>
 */
public final class TracingFilter implements Filter {
  /** Fixed by the first constructor; resolved from the global on first request by the second. */
  private volatile @Nullable HttpInstrumentation instrumentation;

  /**
   * A filter recording with the given tracing.
   *
   * @param tracing the HTTP tracing
   * @throws NullPointerException when {@code tracing} is null
   */
  public TracingFilter(HttpTracing tracing) {
    this.instrumentation = Objects.requireNonNull(tracing, "tracing").instrumentation();
  }

  /**
   * A filter recording with {@link GlobalOpenTelemetry}, for containers that instantiate filters by
   * class name. The global instance is looked up on the first request after it is installed (never
   * at construction, which would fix it to a no-op when the filter is created before the SDK);
   * requests before that pass through untraced.
   */
  public TracingFilter() {
    this.instrumentation = null;
  }

  private @Nullable HttpInstrumentation instrumentation() {
    HttpInstrumentation current = instrumentation;
    if (current != null) {
      return current;
    }
    OpenTelemetry global = GlobalOpenTelemetryAccess.getIfSet();
    if (global == null) {
      return null;
    }
    try {
      current = HttpTracing.create(global).instrumentation();
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "http.filterGlobal", "could not set up tracing with the global OpenTelemetry", e);
      return null;
    }
    instrumentation = current;
    return current;
  }

  /**
   * Traces one request.
   *
   * @param request the request
   * @param response the response
   * @param chain the rest of the chain
   * @throws IOException from the chain, unchanged
   * @throws ServletException from the chain, unchanged
   */
  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (chain == null) {
      Diagnostics.reportOnce("http.filter null chain", "TracingFilter.doFilter without a chain");
      return;
    }
    if (!(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)) {
      chain.doFilter(request, response);
      return;
    }
    HttpInstrumentation instrumentation = instrumentation();
    if (instrumentation == null) {
      chain.doFilter(request, response);
      return;
    }
    HttpServletRequest httpRequest = (HttpServletRequest) request;
    HttpServletResponse httpResponse = (HttpServletResponse) response;
    ServerCall call;
    try {
      call =
          instrumentation.startServer(
              httpRequest, ServletGetter.INSTANCE, ServletGetter.route(httpRequest));
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "http.filterStart", "could not start tracing an incoming request; it is untraced", e);
      chain.doFilter(request, response);
      return;
    }
    String header = instrumentation.correlationHeader();
    String correlationId = call.correlationId();
    if (header != null && correlationId != null) {
      try {
        httpResponse.setHeader(header, correlationId);
      } catch (RuntimeException e) {
        // The span and scope are open: carry on traced, without the echo.
        Diagnostics.reportOnce("http.correlationEcho", "could not echo the correlation id", e);
      }
    }
    Throwable error = null;
    try {
      chain.doFilter(request, response);
    } catch (Throwable t) {
      error = t;
      throw t;
    } finally {
      call.exit();
      if (error == null && httpRequest.isAsyncStarted()) {
        endWhenAsyncCompletes(httpRequest, call);
      } else {
        int status = error != null && !httpResponse.isCommitted() ? 500 : httpResponse.getStatus();
        end(call, status, error, httpResponse);
      }
    }
  }

  private static void end(
      ServerCall call, int status, @Nullable Throwable error, HttpServletResponse response) {
    call.end(status, error, name -> new ArrayList<>(response.getHeaders(name)));
  }

  private static void endWhenAsyncCompletes(HttpServletRequest request, ServerCall call) {
    try {
      request
          .getAsyncContext()
          .addListener(
              new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) {
                  HttpServletResponse response = (HttpServletResponse) event.getSuppliedResponse();
                  end(call, response.getStatus(), null, response);
                }

                @Override
                public void onTimeout(AsyncEvent event) {
                  HttpServletResponse response = (HttpServletResponse) event.getSuppliedResponse();
                  end(call, response.getStatus(), event.getThrowable(), response);
                }

                @Override
                public void onError(AsyncEvent event) {
                  HttpServletResponse response = (HttpServletResponse) event.getSuppliedResponse();
                  end(call, response.getStatus(), event.getThrowable(), response);
                }

                @Override
                public void onStartAsync(AsyncEvent event) {
                  event.getAsyncContext().addListener(this);
                }
              });
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("http.async", "could not follow an asynchronous request", e);
      call.end(-1, null, name -> null);
    }
  }
}

package dev.tracekit.http.internal;

import static io.opentelemetry.semconv.ErrorAttributes.ERROR_TYPE;
import static io.opentelemetry.semconv.HttpAttributes.HTTP_REQUEST_METHOD;
import static io.opentelemetry.semconv.HttpAttributes.HTTP_RESPONSE_STATUS_CODE;
import static io.opentelemetry.semconv.HttpAttributes.HTTP_ROUTE;
import static io.opentelemetry.semconv.NetworkAttributes.NETWORK_PROTOCOL_VERSION;
import static io.opentelemetry.semconv.UrlAttributes.URL_SCHEME;

import dev.tracekit.api.support.Diagnostics;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * One incoming request in flight. {@link #exit()} undoes what was made current on the request
 * thread; {@link #end} ends the span and records the metric (possibly later, for asynchronous
 * requests).
 *
 * <p>Internal: not API.
 */
public final class ServerCall {
  private final RequestView view;
  private final HttpInstrumentation instrumentation;
  private final Span span;
  private final Scope scope;
  private final String method;
  private final String scheme;
  private final @Nullable String route;
  private final @Nullable String protocolVersion;
  private final @Nullable String correlationId;
  private final @Nullable String previousMdc;
  private final long startNanos;
  private boolean ended;

  ServerCall(
      RequestView view,
      HttpInstrumentation instrumentation,
      Span span,
      Scope scope,
      String method,
      String scheme,
      @Nullable String route,
      @Nullable String protocolVersion,
      @Nullable String correlationId,
      @Nullable String previousMdc) {
    this.view = view;
    this.instrumentation = instrumentation;
    this.span = span;
    this.scope = scope;
    this.method = method;
    this.scheme = scheme;
    this.route = route;
    this.protocolVersion = protocolVersion;
    this.correlationId = correlationId;
    this.previousMdc = previousMdc;
    this.startNanos = System.nanoTime();
  }

  /**
   * The correlation id of the request, or null when correlation ids are disabled.
   *
   * @return the id
   */
  public @Nullable String correlationId() {
    return correlationId;
  }

  /** Closes the scope and restores the MDC; call on the thread that started the call. */
  public void exit() {
    try {
      scope.close();
      if (correlationId != null) {
        if (previousMdc == null) {
          MDC.remove(HttpInstrumentation.CORRELATION_KEY);
        } else {
          MDC.put(HttpInstrumentation.CORRELATION_KEY, previousMdc);
        }
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("http.serverExit", "could not restore the request thread's state", e);
    }
  }

  /**
   * Ends the span and records the metric, once.
   *
   * @param status the response status, or -1 when unknown
   * @param error the error that escaped the handler, may be null
   * @param responseHeaders reads response headers for capture
   */
  public synchronized void end(
      int status,
      @Nullable Throwable error,
      Function<String, @Nullable List<String>> responseHeaders) {
    if (ended) {
      return;
    }
    ended = true;
    try {
      long endNanos = System.nanoTime();
      String errorType = null;
      if (error != null) {
        errorType = HttpConventions.errorType(error);
      } else if (status >= 500) {
        errorType = Integer.toString(status);
      }
      if (span.isRecording()) {
        if (status >= 0) {
          span.setAttribute(HTTP_RESPONSE_STATUS_CODE, status);
        }
        if (error != null) {
          instrumentation.errors.record(span, HttpConventions.unwrap(error), errorType, null, true);
        } else if (errorType != null) {
          instrumentation.errors.recordError(span, errorType, null);
        }
        if (!instrumentation.responseHeaders.isEmpty()) {
          instrumentation.responseHeaders.capture(span, responseHeaders);
        }
      }
      instrumentation.onEnd(span, view, status, error);
      span.end();
      if (instrumentation.metrics.enabled()) {
        AttributesBuilder attributes =
            Attributes.builder().put(HTTP_REQUEST_METHOD, method).put(URL_SCHEME, scheme);
        if (status >= 0) {
          attributes.put(HTTP_RESPONSE_STATUS_CODE, status);
        }
        if (route != null) {
          attributes.put(HTTP_ROUTE, instrumentation.metrics.route(route));
        }
        if (errorType != null) {
          attributes.put(ERROR_TYPE, errorType);
        }
        if (protocolVersion != null) {
          attributes.put(NETWORK_PROTOCOL_VERSION, protocolVersion);
        }
        instrumentation.metrics.recordServer(startNanos, endNanos, attributes.build());
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("http.serverEnd", "could not record the end of an HTTP request", e);
      span.end();
    }
  }
}

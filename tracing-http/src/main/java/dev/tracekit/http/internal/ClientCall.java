package dev.tracekit.http.internal;

import static io.opentelemetry.semconv.ErrorAttributes.ERROR_TYPE;
import static io.opentelemetry.semconv.HttpAttributes.HTTP_REQUEST_METHOD;
import static io.opentelemetry.semconv.HttpAttributes.HTTP_REQUEST_RESEND_COUNT;
import static io.opentelemetry.semconv.HttpAttributes.HTTP_RESPONSE_STATUS_CODE;
import static io.opentelemetry.semconv.NetworkAttributes.NETWORK_PROTOCOL_VERSION;
import static io.opentelemetry.semconv.ServerAttributes.SERVER_ADDRESS;
import static io.opentelemetry.semconv.ServerAttributes.SERVER_PORT;
import static io.opentelemetry.semconv.UrlAttributes.URL_SCHEME;

import dev.tracekit.api.support.Diagnostics;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One outgoing request in flight: its span, its context and what the metric needs.
 *
 * <p>Internal: not API.
 */
public final class ClientCall {
  private final HttpInstrumentation instrumentation;
  final Span span;
  final Context context;
  private final @Nullable String method;
  private final @Nullable String scheme;
  private final @Nullable String host;
  private final int port;
  private final long startNanos;
  private final boolean suppressed;
  @Nullable HttpRequest request;
  @Nullable RequestView view;

  ClientCall(
      HttpInstrumentation instrumentation,
      Span span,
      Context context,
      @Nullable String method,
      @Nullable String scheme,
      @Nullable String host,
      int port) {
    this(instrumentation, span, context, method, scheme, host, port, false);
  }

  private ClientCall(
      HttpInstrumentation instrumentation,
      Span span,
      Context context,
      @Nullable String method,
      @Nullable String scheme,
      @Nullable String host,
      int port,
      boolean suppressed) {
    this.suppressed = suppressed;
    this.instrumentation = instrumentation;
    this.span = span;
    this.context = context;
    this.method = method;
    this.scheme = scheme;
    this.host = host;
    this.port = port;
    this.startNanos = System.nanoTime();
  }

  /**
   * A call inside an enclosing {@code traceApiClient} CLIENT span: no span and no metric of its
   * own, the enclosing span's context is propagated.
   *
   * @param instrumentation the instrumentation
   * @param parent the context holding the enclosing span
   * @return the call
   */
  static ClientCall suppressed(HttpInstrumentation instrumentation, Context parent) {
    return new ClientCall(
        instrumentation, Span.fromContext(parent), parent, null, null, null, -1, true);
  }

  /**
   * The context holding the CLIENT span.
   *
   * @return the context
   */
  public Context context() {
    return context;
  }

  /**
   * The request to send: the user's request with the propagation headers.
   *
   * @param original the user's request, returned when no header was added
   * @return the request to send
   */
  public HttpRequest request(HttpRequest original) {
    HttpRequest r = request;
    return r == null ? original : r;
  }

  /**
   * Ends the call with a JDK response or an error.
   *
   * @param response the response, may be null
   * @param error the error, may be null
   */
  public void end(@Nullable HttpResponse<?> response, @Nullable Throwable error) {
    if (suppressed) {
      return;
    }
    try {
      if (response == null) {
        end(-1, null, 0, error);
        return;
      }
      int resends = 0;
      Optional<? extends HttpResponse<?>> previous = response.previousResponse();
      while (previous.isPresent() && resends < 100) {
        resends++;
        previous = previous.get().previousResponse();
      }
      String version = HttpConventions.protocolVersion(response.version());
      if (span.isRecording() && !instrumentation.responseHeaders.isEmpty()) {
        instrumentation.responseHeaders.capture(span, name -> response.headers().allValues(name));
      }
      end(response.statusCode(), version, resends, error);
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "http.clientEnd", "could not record the end of an HTTP client call", e);
      span.end();
    }
  }

  /**
   * Ends the call with a status code (or -1) and an error.
   *
   * @param status the status code, or -1 when there is none
   * @param protocolVersion the protocol version, may be null
   * @param resendCount how many times the request was resent
   * @param error the error, may be null
   */
  public void end(
      int status, @Nullable String protocolVersion, int resendCount, @Nullable Throwable error) {
    if (suppressed) {
      return;
    }
    long endNanos = System.nanoTime();
    String errorType = null;
    if (error != null) {
      errorType = HttpConventions.errorType(error);
    } else if (status >= 400) {
      errorType = Integer.toString(status);
    }
    if (span.isRecording()) {
      if (status >= 0) {
        span.setAttribute(HTTP_RESPONSE_STATUS_CODE, status);
      }
      if (protocolVersion != null) {
        span.setAttribute(NETWORK_PROTOCOL_VERSION, protocolVersion);
      }
      if (resendCount > 0) {
        span.setAttribute(HTTP_REQUEST_RESEND_COUNT, resendCount);
      }
      if (error != null) {
        instrumentation.errors.record(span, HttpConventions.unwrap(error), errorType, null, true);
      } else if (errorType != null) {
        instrumentation.errors.recordError(span, errorType, null);
      }
    }
    instrumentation.onEnd(span, view, status, error);
    span.end();
    if (instrumentation.metrics.enabled()) {
      AttributesBuilder attributes = Attributes.builder();
      if (method != null) {
        attributes.put(HTTP_REQUEST_METHOD, method);
      }
      if (status >= 0) {
        attributes.put(HTTP_RESPONSE_STATUS_CODE, status);
      }
      if (errorType != null) {
        attributes.put(ERROR_TYPE, errorType);
      }
      if (host != null) {
        attributes
            .put(SERVER_ADDRESS, instrumentation.metrics.serverAddress(host))
            .put(SERVER_PORT, port);
      }
      if (scheme != null && instrumentation.clientMetricUrlScheme) {
        attributes.put(URL_SCHEME, scheme);
      }
      if (protocolVersion != null) {
        attributes.put(NETWORK_PROTOCOL_VERSION, protocolVersion);
      }
      instrumentation.metrics.recordClient(startNanos, endNanos, attributes.build());
    }
  }
}

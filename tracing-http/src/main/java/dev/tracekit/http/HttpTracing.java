package dev.tracekit.http;

import com.sun.net.httpserver.HttpHandler;
import dev.tracekit.api.ThrowingSupplier;
import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.http.internal.ClientCall;
import dev.tracekit.http.internal.HttpConventions;
import dev.tracekit.http.internal.HttpInstrumentation;
import dev.tracekit.http.internal.TracingHttpClient;
import dev.tracekit.http.internal.TracingHttpHandler;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * HTTP tracing for an {@link OpenTelemetry}: wraps {@link HttpClient}s and {@code
 * com.sun.net.httpserver} handlers (see {@link TracingFilter} for servlets), and traces calls made
 * with any other client.
 *
 * <p>Client spans are named {@code {method}} or {@code {method} {url.template}}, server spans
 * {@code {method}} or {@code {method} {http.route}}, with the stable HTTP semantic conventions
 * attributes; URLs are recorded with credentials redacted. The metrics {@code
 * http.client.request.duration} and {@code http.server.request.duration} are recorded in seconds.
 *
 * <pre>{@code
 * HttpTracing tracing = HttpTracing.create(openTelemetry);
 * HttpClient client = tracing.wrap(HttpClient.newHttpClient());
 * server.createContext("/orders", tracing.wrap(ordersHandler, "/orders"));
 * }</pre>
 */
public final class HttpTracing {
  /** The query parameters whose values are redacted unless configured otherwise. */
  public static final List<String> DEFAULT_SENSITIVE_QUERY_PARAMETERS =
      List.of(
          "AWSAccessKeyId",
          "Signature",
          "sig",
          "X-Amz-*",
          "X-Goog-Signature",
          "token",
          "access_token",
          "api_key",
          "key",
          "password");

  /** The default correlation id header. */
  public static final String DEFAULT_CORRELATION_ID_HEADER = "X-Correlation-Id";

  /** The request methods the semantic conventions know; others are recorded as {@code _OTHER}. */
  public static final Set<String> DEFAULT_KNOWN_METHODS =
      Set.of("CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE");

  private final OpenTelemetry openTelemetry;
  private final HttpInstrumentation instrumentation;

  HttpTracing(OpenTelemetry openTelemetry, HttpInstrumentation instrumentation) {
    this.openTelemetry = openTelemetry;
    this.instrumentation = instrumentation;
  }

  /**
   * HTTP tracing with the defaults.
   *
   * @param openTelemetry where spans, metrics and propagators come from
   * @return the tracing
   * @throws NullPointerException when {@code openTelemetry} is null
   */
  public static HttpTracing create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /**
   * A builder for HTTP tracing with options.
   *
   * @param openTelemetry where spans, metrics and propagators come from
   * @return a new builder
   * @throws NullPointerException when {@code openTelemetry} is null
   */
  public static HttpTracingBuilder builder(OpenTelemetry openTelemetry) {
    return new HttpTracingBuilder(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /**
   * Wraps a client: {@code send} and both {@code sendAsync} create CLIENT spans and inject the
   * propagation headers (W3C {@code traceparent}/{@code tracestate} and {@code baggage} with the
   * default propagators). Continuations chained on the future {@code sendAsync} returns run in the
   * caller's context; cancelling that future cancels the client's. Everything else is delegated.
   *
   * @param client the client to wrap
   * @return the traced client (the same client when OpenTelemetry is a no-op)
   * @throws NullPointerException when {@code client} is null
   */
  public HttpClient wrap(HttpClient client) {
    Objects.requireNonNull(client, "client");
    if (openTelemetry == OpenTelemetry.noop() || client instanceof TracingHttpClient) {
      return client;
    }
    return new TracingHttpClient(client, instrumentation);
  }

  /**
   * Wraps a JDK server handler: each exchange gets a SERVER span (named {@code {method}})
   * continuing the incoming context, and a correlation id.
   *
   * @param handler the handler
   * @return the traced handler
   * @throws NullPointerException when {@code handler} is null
   */
  public HttpHandler wrap(HttpHandler handler) {
    return new TracingHttpHandler(
        Objects.requireNonNull(handler, "handler"), instrumentation, null);
  }

  /**
   * Wraps a JDK server handler that serves one route: spans are named {@code {method} {route}} and
   * carry {@code http.route}.
   *
   * @param handler the handler
   * @param route the low-cardinality route template, for example {@code /orders/{id}}
   * @return the traced handler
   * @throws NullPointerException when an argument is null
   */
  public HttpHandler wrap(HttpHandler handler, String route) {
    return new TracingHttpHandler(
        Objects.requireNonNull(handler, "handler"),
        instrumentation,
        Objects.requireNonNull(route, "route"));
  }

  /**
   * Traces a call made with any HTTP client: a CLIENT span named {@code {method}} with {@code
   * url.full} (redacted), {@code server.address} and {@code server.port}. The span is current
   * inside the call, so {@link #inject} there adds the propagation headers. When the call returns
   * an {@link HttpResponse}, its status is recorded.
   *
   * @param method the request method
   * @param url the URL
   * @param call the call
   * @param <T> the result type
   * @param <E> the exception type of the call
   * @return the call's result; null when {@code call} is null (skipped and reported once)
   * @throws E the call's exception, unchanged
   */
  public <T, E extends Throwable> @Nullable T traceOutgoingRequest(
      @Nullable String method, @Nullable String url, @Nullable ThrowingSupplier<T, E> call)
      throws E {
    if (call == null) {
      Diagnostics.reportOnce(
          "http.outgoing null call", "traceOutgoingRequest(.., null): no call to trace, skipped");
      return null;
    }
    ClientCall clientCall;
    try {
      clientCall =
          instrumentation.startClient(
              Context.current(), String.valueOf(method), String.valueOf(url));
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("http.outgoingStart", "could not start an outgoing request span", e);
      return call.get();
    }
    return run(clientCall, call);
  }

  /**
   * Traces a call to an external API: a CLIENT span named {@code {service} {operation}} with {@code
   * tracekit.api.service}, {@code tracekit.api.operation}, and from the options {@code
   * http.request.method}, {@code tracekit.api.endpoint} and one {@code tracekit.api.param.<name>}
   * per parameter (values of sensitive parameters redacted).
   *
   * @param service the API's name, for example {@code weather-service}
   * @param operation the operation, for example {@code get-forecast}
   * @param call the call
   * @param options method, endpoint and parameters
   * @param <T> the result type
   * @param <E> the exception type of the call
   * @return the call's result; null when {@code call} is null (skipped and reported once)
   * @throws E the call's exception, unchanged
   */
  public <T, E extends Throwable> @Nullable T traceApiClient(
      @Nullable String service,
      @Nullable String operation,
      @Nullable ThrowingSupplier<T, E> call,
      @Nullable ApiCallOptions options)
      throws E {
    if (call == null) {
      Diagnostics.reportOnce(
          "http.api null call", "traceApiClient(.., null): no call to trace, skipped");
      return null;
    }
    ClientCall clientCall;
    try {
      ApiCallOptions opts = options == null ? ApiCallOptions.NONE : options;
      clientCall =
          instrumentation.startApiCall(Context.current(), service + " " + operation, opts.method());
      Span span = Span.fromContext(clientCall.context());
      if (span.isRecording()) {
        span.setAttribute(HttpConventions.API_SERVICE, String.valueOf(service));
        span.setAttribute(HttpConventions.API_OPERATION, String.valueOf(operation));
        if (opts.endpoint() != null) {
          span.setAttribute(HttpConventions.API_ENDPOINT, opts.endpoint());
        }
        for (Map.Entry<String, ?> param : opts.params().entrySet()) {
          String name = param.getKey();
          String value =
              instrumentation.redactor().isSensitive(name)
                  ? "REDACTED"
                  : String.valueOf(param.getValue());
          span.setAttribute(AttributeKey.stringKey(HttpConventions.API_PARAM_PREFIX + name), value);
        }
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("http.apiStart", "could not start an API client span", e);
      return call.get();
    }
    return run(clientCall, call);
  }

  /**
   * Traces a call to an external API without options: see {@link #traceApiClient(String, String,
   * ThrowingSupplier, ApiCallOptions)}.
   *
   * @param service the API's name
   * @param operation the operation
   * @param call the call
   * @param <T> the result type
   * @param <E> the exception type of the call
   * @return the call's result; null when {@code call} is null (skipped and reported once)
   * @throws E the call's exception, unchanged
   */
  public <T, E extends Throwable> @Nullable T traceApiClient(
      @Nullable String service, @Nullable String operation, @Nullable ThrowingSupplier<T, E> call)
      throws E {
    return traceApiClient(service, operation, call, ApiCallOptions.NONE);
  }

  /**
   * Writes the propagation headers of the current context (and the correlation id header when
   * baggage carries one) with the given setter, for clients TraceKit does not wrap.
   *
   * @param headers receives each header name and value; a null one is skipped and reported once
   */
  public void inject(@Nullable BiConsumer<String, String> headers) {
    if (headers == null) {
      Diagnostics.reportOnce("http.inject null", "inject(null): no header setter, skipped");
      return;
    }
    List<String> pairs;
    try {
      pairs = instrumentation.injectedHeaders(Context.current());
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("http.injectHelper", "could not inject the trace headers", e);
      return;
    }
    for (int i = 0; i + 1 < pairs.size(); i += 2) {
      headers.accept(pairs.get(i), pairs.get(i + 1));
    }
  }

  /**
   * Redacts a URL the way spans record it: user info becomes {@code REDACTED:REDACTED}, values of
   * sensitive query parameters {@code REDACTED}.
   *
   * @param url the URL
   * @return the redacted URL; null when {@code url} is null
   */
  public @Nullable String redactUrl(@Nullable String url) {
    return url == null ? null : instrumentation.redactor().redactUrl(url);
  }

  HttpInstrumentation instrumentation() {
    return instrumentation;
  }

  private static <T, E extends Throwable> @Nullable T run(
      ClientCall clientCall, ThrowingSupplier<T, E> call) throws E {
    T result;
    Scope scope = clientCall.context().makeCurrent();
    try {
      result = call.get();
    } catch (Throwable t) {
      clientCall.end(null, t);
      throw t;
    } finally {
      scope.close();
    }
    if (result instanceof HttpResponse) {
      clientCall.end((HttpResponse<?>) result, null);
    } else {
      clientCall.end(-1, null, 0, null);
    }
    return result;
  }
}

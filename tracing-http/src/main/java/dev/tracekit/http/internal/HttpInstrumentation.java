package dev.tracekit.http.internal;

import static io.opentelemetry.semconv.ClientAttributes.CLIENT_ADDRESS;
import static io.opentelemetry.semconv.HttpAttributes.HTTP_REQUEST_METHOD;
import static io.opentelemetry.semconv.HttpAttributes.HTTP_REQUEST_METHOD_ORIGINAL;
import static io.opentelemetry.semconv.HttpAttributes.HTTP_ROUTE;
import static io.opentelemetry.semconv.NetworkAttributes.NETWORK_PEER_ADDRESS;
import static io.opentelemetry.semconv.NetworkAttributes.NETWORK_PEER_PORT;
import static io.opentelemetry.semconv.NetworkAttributes.NETWORK_PROTOCOL_VERSION;
import static io.opentelemetry.semconv.ServerAttributes.SERVER_ADDRESS;
import static io.opentelemetry.semconv.ServerAttributes.SERVER_PORT;
import static io.opentelemetry.semconv.UrlAttributes.URL_FULL;
import static io.opentelemetry.semconv.UrlAttributes.URL_PATH;
import static io.opentelemetry.semconv.UrlAttributes.URL_QUERY;
import static io.opentelemetry.semconv.UrlAttributes.URL_SCHEME;
import static io.opentelemetry.semconv.UserAgentAttributes.USER_AGENT_ORIGINAL;

import dev.tracekit.api.ErrorRecorder;
import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.api.support.Scopes;
import dev.tracekit.http.HttpConvention;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.semconv.SchemaUrls;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Everything the HTTP wrappers share: the tracer, propagator, instruments and settings, and the
 * code that starts client and server calls.
 *
 * <p>Internal: not API.
 */
public final class HttpInstrumentation {
  /** Instrumentation scope name. */
  public static final String SCOPE = "dev.tracekit.http";

  /** Instrumentation scope version: TraceKit's. */
  public static final String VERSION = Scopes.VERSION;

  /** The conventions the HTTP spans and metrics follow. */
  public static final String SCHEMA_URL = SchemaUrls.V1_45_0;

  /** The MDC key and baggage key of the correlation id. */
  public static final String CORRELATION_KEY = "correlation_id";

  private static final TextMapSetter<List<String>> LIST_SETTER =
      (carrier, key, value) -> {
        if (carrier != null) {
          carrier.add(key);
          carrier.add(value);
        }
      };

  final Tracer tracer;
  final ErrorRecorder errors;
  final TextMapPropagator propagator;
  final HttpMetrics metrics;
  final UrlRedactor redactor;
  final HeaderCapture requestHeaders;
  final HeaderCapture responseHeaders;
  final @Nullable String correlationHeader;
  final @Nullable Function<HttpRequest, @Nullable String> urlTemplate;
  final Set<String> knownMethods;
  final boolean clientMetricUrlScheme;
  final HttpConvention convention;

  /** Marks the context of a {@code traceApiClient} span: HTTP calls inside it add no span. */
  private static final ContextKey<Boolean> API_CALL = ContextKey.named("tracekit-http-api-call");

  /**
   * Creates the shared state.
   *
   * @param openTelemetry the OpenTelemetry
   * @param sensitiveParameters sensitive query parameter names
   * @param capturedRequestHeaders request headers to record
   * @param capturedResponseHeaders response headers to record
   * @param correlationHeader the correlation id header, or null to disable correlation ids
   * @param urlTemplate gives the URL template of a client request, may be null
   * @param knownMethods the known request methods
   * @param clientMetricUrlScheme whether the client duration metric carries {@code url.scheme}
   *     (opt-in in the conventions)
   * @param convention span names and extra attributes
   */
  public HttpInstrumentation(
      OpenTelemetry openTelemetry,
      Collection<String> sensitiveParameters,
      Collection<String> capturedRequestHeaders,
      Collection<String> capturedResponseHeaders,
      @Nullable String correlationHeader,
      @Nullable Function<HttpRequest, @Nullable String> urlTemplate,
      Set<String> knownMethods,
      boolean clientMetricUrlScheme,
      HttpConvention convention) {
    this.tracer = Scopes.tracer(openTelemetry, SCOPE, SCHEMA_URL);
    this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    this.errors = ErrorRecorder.create(openTelemetry, SCOPE);
    this.metrics = new HttpMetrics(openTelemetry, SCOPE, SCHEMA_URL);
    this.redactor = new UrlRedactor(sensitiveParameters);
    this.requestHeaders = new HeaderCapture("http.request.header.", capturedRequestHeaders);
    this.responseHeaders = new HeaderCapture("http.response.header.", capturedResponseHeaders);
    this.correlationHeader = correlationHeader;
    this.urlTemplate = urlTemplate;
    this.knownMethods = Set.copyOf(knownMethods);
    this.clientMetricUrlScheme = clientMetricUrlScheme;
    this.convention = convention;
  }

  /** The span name from the convention; the default's when a user convention throws. */
  String spanName(RequestView view) {
    if (convention != HttpConvention.DEFAULT) {
      try {
        String name = convention.spanName(view);
        if (name != null && !name.isEmpty()) {
          return name;
        }
      } catch (RuntimeException e) {
        Diagnostics.reportOnce(
            "http.convention.name " + convention.getClass().getName(),
            "an HttpConvention threw naming a span; the default name is used",
            e);
      }
    }
    return HttpConvention.DEFAULT.spanName(view);
  }

  /** The convention's start attributes, set after the standard ones. */
  void onStart(Span span, RequestView view) {
    if (convention == HttpConvention.DEFAULT || !span.isRecording()) {
      return;
    }
    try {
      AttributesBuilder attributes = Attributes.builder();
      convention.onStart(view, attributes);
      span.setAllAttributes(attributes.build());
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "http.convention.start " + convention.getClass().getName(),
          "an HttpConvention threw on a request start; its attributes are left out",
          e);
    }
  }

  /** The convention's end attributes, set after the standard ones. */
  void onEnd(Span span, @Nullable RequestView view, int status, @Nullable Throwable error) {
    if (view == null || convention == HttpConvention.DEFAULT || !span.isRecording()) {
      return;
    }
    try {
      AttributesBuilder attributes = Attributes.builder();
      convention.onEnd(view, status, error, attributes);
      span.setAllAttributes(attributes.build());
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "http.convention.end " + convention.getClass().getName(),
          "an HttpConvention threw on a request end; its attributes are left out",
          e);
    }
  }

  /**
   * The redactor.
   *
   * @return the URL redactor
   */
  public UrlRedactor redactor() {
    return redactor;
  }

  /**
   * The correlation id header, or null when disabled.
   *
   * @return the header name
   */
  public @Nullable String correlationHeader() {
    return correlationHeader;
  }

  /**
   * Injects a context into header name/value pairs.
   *
   * @param context the context
   * @return name, value, name, value ...; empty when the propagator wrote nothing
   */
  public List<String> injectedHeaders(Context context) {
    List<String> headers = new ArrayList<>(6);
    propagator.inject(context, headers, LIST_SETTER);
    if (correlationHeader != null) {
      String correlationId = Baggage.fromContext(context).getEntryValue(CORRELATION_KEY);
      if (correlationId != null) {
        headers.add(correlationHeader);
        headers.add(correlationId);
      }
    }
    return headers;
  }

  /**
   * Starts a CLIENT call for a JDK request; the returned call carries the request to send (with the
   * propagation headers).
   *
   * @param parent the parent context
   * @param request the user's request
   * @return the call
   */
  public ClientCall startClient(Context parent, HttpRequest request) {
    if (parent.get(API_CALL) != null) {
      // Inside traceApiClient: its CLIENT span is the only one (no logical span around another).
      ClientCall call = ClientCall.suppressed(this, parent);
      call.request = withHeaders(request, injectedHeaders(parent));
      return call;
    }
    String method = request.method();
    URI uri = request.uri();
    String template = null;
    if (urlTemplate != null) {
      try {
        template = urlTemplate.apply(request);
      } catch (RuntimeException e) {
        Diagnostics.reportOnce(
            "http.urlTemplate", "the URL template function threw; the span is named {method}", e);
      }
    }
    ClientCall call =
        startClient(
            parent,
            method,
            uri.getScheme(),
            uri.getHost(),
            uri.getPort(),
            template,
            name -> ServerGetter.combine(request.headers().allValues(name)));
    Span span = call.span;
    if (span.isRecording()) {
      span.setAttribute(URL_FULL, redactor.redactUrl(uri.toString()));
      if (!requestHeaders.isEmpty()) {
        requestHeaders.capture(span, name -> request.headers().allValues(name));
      }
    }
    call.request = withHeaders(request, injectedHeaders(call.context));
    return call;
  }

  /**
   * Starts a CLIENT call for any HTTP client.
   *
   * @param parent the parent context
   * @param method the request method
   * @param url the URL, redacted before it is recorded
   * @return the call
   */
  public ClientCall startClient(Context parent, String method, String url) {
    if (parent.get(API_CALL) != null) {
      return ClientCall.suppressed(this, parent);
    }
    URI uri = null;
    try {
      uri = URI.create(url);
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("http.badUrl", "a URL given to traceOutgoingRequest is invalid", e);
    }
    ClientCall call =
        uri == null
            ? startClient(parent, method, null, null, -1, null, null)
            : startClient(
                parent, method, uri.getScheme(), uri.getHost(), uri.getPort(), null, null);
    if (call.span.isRecording()) {
      call.span.setAttribute(URL_FULL, redactor.redactUrl(url));
    }
    return call;
  }

  /**
   * Starts a CLIENT call named {@code {service} {operation}}.
   *
   * @param parent the parent context
   * @param spanName the span name
   * @param method the request method, may be null
   * @return the call
   */
  public ClientCall startApiCall(Context parent, String spanName, @Nullable String method) {
    String normalized =
        method == null ? null : HttpConventions.normalizeMethod(method, knownMethods);
    SpanBuilder builder =
        tracer.spanBuilder(spanName).setParent(parent).setSpanKind(SpanKind.CLIENT);
    if (normalized != null) {
      builder.setAttribute(HTTP_REQUEST_METHOD, normalized);
    }
    Span span = builder.startSpan();
    if (method != null && HttpConventions.OTHER_METHOD.equals(normalized) && span.isRecording()) {
      span.setAttribute(HTTP_REQUEST_METHOD_ORIGINAL, method);
    }
    return new ClientCall(
        this, span, parent.with(span).with(API_CALL, Boolean.TRUE), normalized, null, null, -1);
  }

  private ClientCall startClient(
      Context parent,
      String method,
      @Nullable String scheme,
      @Nullable String host,
      int port,
      @Nullable String template,
      @Nullable Function<String, @Nullable String> headers) {
    String normalized = HttpConventions.normalizeMethod(method, knownMethods);
    int serverPort = host == null ? -1 : port >= 0 ? port : HttpConventions.defaultPort(scheme);
    RequestView view = new RequestView(SpanKind.CLIENT, normalized, template, headers);
    SpanBuilder builder =
        tracer
            .spanBuilder(spanName(view))
            .setParent(parent)
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(HTTP_REQUEST_METHOD, normalized);
    if (host != null) {
      builder.setAttribute(SERVER_ADDRESS, host).setAttribute(SERVER_PORT, serverPort);
    }
    Span span = builder.startSpan();
    if (span.isRecording()) {
      if (HttpConventions.OTHER_METHOD.equals(normalized)) {
        span.setAttribute(HTTP_REQUEST_METHOD_ORIGINAL, method);
      }
      if (template != null) {
        span.setAttribute(HttpConventions.URL_TEMPLATE, template);
      }
      onStart(span, view);
    }
    ClientCall call =
        new ClientCall(this, span, parent.with(span), normalized, scheme, host, serverPort);
    call.view = view;
    return call;
  }

  private static HttpRequest withHeaders(HttpRequest request, List<String> headers) {
    if (headers.isEmpty()) {
      return request;
    }
    try {
      HttpRequest.Builder builder = HttpRequest.newBuilder(request, (name, value) -> true);
      for (int i = 0; i + 1 < headers.size(); i += 2) {
        builder.setHeader(headers.get(i), headers.get(i + 1));
      }
      return builder.build();
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "http.inject", "could not add trace headers to a request; it is sent unchanged", e);
      return request;
    }
  }

  /**
   * Starts a SERVER call: extracts the incoming context, starts the span, settles the correlation
   * id (span, baggage, MDC) and makes the new context current on this thread.
   *
   * @param request the server's request
   * @param getter reads the request
   * @param route the route, may be null
   * @param <REQ> the request type
   * @return the call; {@link ServerCall#exit()} must be called on this thread
   */
  public <REQ> ServerCall startServer(
      REQ request, ServerGetter<REQ> getter, @Nullable String route) {
    Context parent = propagator.extract(Context.root(), request, getter);
    String method = getter.method(request);
    String normalized = HttpConventions.normalizeMethod(method, knownMethods);
    String scheme = getter.scheme(request);
    RequestView view =
        new RequestView(SpanKind.SERVER, normalized, route, name -> getter.get(request, name));
    Span span =
        tracer
            .spanBuilder(spanName(view))
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .setAttribute(HTTP_REQUEST_METHOD, normalized)
            .setAttribute(URL_SCHEME, scheme)
            .startSpan();
    String protocolVersion = HttpConventions.protocolVersion(getter.protocol(request));
    Context context = parent.with(span);
    String correlationId = null;
    if (correlationHeader != null) {
      correlationId = getter.get(request, correlationHeader);
      if (!CorrelationIds.isValid(correlationId)) {
        String fromBaggage = Baggage.fromContext(parent).getEntryValue(CORRELATION_KEY);
        correlationId =
            CorrelationIds.isValid(fromBaggage) ? fromBaggage : CorrelationIds.generate();
      }
      context =
          Baggage.fromContext(parent).toBuilder()
              .put(CORRELATION_KEY, correlationId)
              .build()
              .storeInContext(context);
    }
    if (span.isRecording()) {
      String path = getter.path(request);
      if (path != null) {
        span.setAttribute(URL_PATH, path);
      }
      String query = getter.query(request);
      if (query != null) {
        span.setAttribute(URL_QUERY, redactor.redactQuery(query));
      }
      if (route != null) {
        span.setAttribute(HTTP_ROUTE, route);
      }
      if (HttpConventions.OTHER_METHOD.equals(normalized)) {
        span.setAttribute(HTTP_REQUEST_METHOD_ORIGINAL, method);
      }
      String client = getter.clientAddress(request);
      if (client != null) {
        span.setAttribute(CLIENT_ADDRESS, client);
        span.setAttribute(NETWORK_PEER_ADDRESS, client);
        int peerPort = getter.clientPort(request);
        if (peerPort > 0) {
          span.setAttribute(NETWORK_PEER_PORT, peerPort);
        }
      }
      HttpConventions.HostAndPort host =
          HttpConventions.hostAndPort(getter.get(request, "host"), scheme);
      if (host != null) {
        span.setAttribute(SERVER_ADDRESS, host.host());
        if (host.port() > 0) {
          span.setAttribute(SERVER_PORT, host.port());
        }
      }
      String userAgent = getter.get(request, "user-agent");
      if (userAgent != null) {
        span.setAttribute(USER_AGENT_ORIGINAL, userAgent);
      }
      if (protocolVersion != null) {
        span.setAttribute(NETWORK_PROTOCOL_VERSION, protocolVersion);
      }
      if (correlationId != null) {
        span.setAttribute(HttpConventions.CORRELATION_ID, correlationId);
      }
      if (!requestHeaders.isEmpty()) {
        requestHeaders.capture(span, name -> getter.headers(request, name));
      }
      onStart(span, view);
    }
    String previousMdc = null;
    if (correlationId != null) {
      try {
        previousMdc = MDC.get(CORRELATION_KEY);
        MDC.put(CORRELATION_KEY, correlationId);
      } catch (RuntimeException e) {
        Diagnostics.reportOnce("http.mdc", "could not put the correlation id in the MDC", e);
      }
    }
    return new ServerCall(
        view,
        this,
        span,
        context.makeCurrent(),
        normalized,
        scheme,
        route,
        protocolVersion,
        correlationId,
        previousMdc);
  }
}

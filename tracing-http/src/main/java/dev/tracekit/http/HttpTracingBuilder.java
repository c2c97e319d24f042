package dev.tracekit.http;

import dev.tracekit.http.internal.HttpInstrumentation;
import io.opentelemetry.api.OpenTelemetry;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Configures {@link HttpTracing}. Obtained from {@link HttpTracing#builder(OpenTelemetry)}. */
public final class HttpTracingBuilder {
  private final OpenTelemetry openTelemetry;
  private List<String> sensitiveQueryParameters = HttpTracing.DEFAULT_SENSITIVE_QUERY_PARAMETERS;
  private List<String> capturedRequestHeaders = List.of();
  private List<String> capturedResponseHeaders = List.of();
  private @Nullable String correlationIdHeader = HttpTracing.DEFAULT_CORRELATION_ID_HEADER;
  private @Nullable Function<HttpRequest, @Nullable String> urlTemplate;
  private Set<String> knownMethods = HttpTracing.DEFAULT_KNOWN_METHODS;
  private boolean clientMetricUrlScheme;
  private HttpConvention convention = HttpConvention.DEFAULT;

  HttpTracingBuilder(OpenTelemetry openTelemetry) {
    this.openTelemetry = openTelemetry;
  }

  /**
   * Replaces the query parameters whose values are redacted in recorded URLs (default {@link
   * HttpTracing#DEFAULT_SENSITIVE_QUERY_PARAMETERS}). Names match case-insensitively; a trailing
   * {@code *} matches a prefix.
   *
   * @param names the parameter names
   * @return this builder
   * @throws NullPointerException when {@code names} or one of them is null
   * @throws IllegalArgumentException when a name is empty
   */
  public HttpTracingBuilder sensitiveQueryParameters(Collection<String> names) {
    this.sensitiveQueryParameters = names(names, "names");
    return this;
  }

  /**
   * Records these request headers as {@code http.request.header.<lower-case name>} (none by
   * default). {@code Authorization}, {@code Cookie}, {@code Set-Cookie}, {@code
   * Proxy-Authorization} and {@code X-Api-Key} are always recorded as {@code REDACTED}.
   *
   * @param names the header names
   * @return this builder
   * @throws NullPointerException when {@code names} or one of them is null
   * @throws IllegalArgumentException when a name is empty
   */
  public HttpTracingBuilder capturedRequestHeaders(Collection<String> names) {
    this.capturedRequestHeaders = names(names, "names");
    return this;
  }

  /**
   * Records these response headers as {@code http.response.header.<lower-case name>} (none by
   * default), with the same redaction as request headers.
   *
   * @param names the header names
   * @return this builder
   * @throws NullPointerException when {@code names} or one of them is null
   * @throws IllegalArgumentException when a name is empty
   */
  public HttpTracingBuilder capturedResponseHeaders(Collection<String> names) {
    this.capturedResponseHeaders = names(names, "names");
    return this;
  }

  /**
   * The header carrying the correlation id (default {@code X-Correlation-Id}).
   *
   * @param headerName the header name
   * @return this builder
   * @throws NullPointerException when {@code headerName} is null
   * @throws IllegalArgumentException when it is blank
   */
  public HttpTracingBuilder correlationIdHeader(String headerName) {
    Objects.requireNonNull(headerName, "headerName");
    if (headerName.isBlank()) {
      throw new IllegalArgumentException("correlationIdHeader must not be blank");
    }
    for (int i = 0; i < headerName.length(); i++) {
      char c = headerName.charAt(i);
      if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
        throw new IllegalArgumentException(
            "correlationIdHeader must be an HTTP header name (a token), was '" + headerName + "'");
      }
    }
    this.correlationIdHeader = headerName;
    return this;
  }

  /**
   * Turns correlation ids off (they are on by default): servers neither read, generate nor echo
   * them.
   *
   * @return this builder
   */
  public HttpTracingBuilder disableCorrelationIds() {
    this.correlationIdHeader = null;
    return this;
  }

  /**
   * Gives the URL template of a client request (for example {@code /users/{id}}), used in the span
   * name {@code {method} {template}} and as {@code url.template}. The function returns null when it
   * does not know the template; an exception it throws is reported once and ignored.
   *
   * @param urlTemplate the function
   * @return this builder
   * @throws NullPointerException when {@code urlTemplate} is null
   */
  public HttpTracingBuilder urlTemplate(Function<HttpRequest, @Nullable String> urlTemplate) {
    this.urlTemplate = Objects.requireNonNull(urlTemplate, "urlTemplate");
    return this;
  }

  /**
   * Replaces the known request methods (default {@link HttpTracing#DEFAULT_KNOWN_METHODS}); other
   * methods are recorded as {@code _OTHER} with {@code http.request.method_original}.
   *
   * @param methods the methods, case-sensitive
   * @return this builder
   * @throws NullPointerException when {@code methods} or one of them is null
   * @throws IllegalArgumentException when a method is empty
   */
  public HttpTracingBuilder knownMethods(Collection<String> methods) {
    this.knownMethods = Set.copyOf(names(methods, "methods"));
    return this;
  }

  /**
   * Adds {@code url.scheme} to the {@code http.client.request.duration} metric (opt-in in the HTTP
   * semantic conventions; spans always carry it). Default: off.
   *
   * @param on whether to add it
   * @return this builder
   */
  public HttpTracingBuilder clientMetricUrlScheme(boolean on) {
    this.clientMetricUrlScheme = on;
    return this;
  }

  /**
   * Replaces the span names and adds attributes: see {@link HttpConvention}. Default: {@link
   * HttpConvention#DEFAULT}, the stable HTTP semantic conventions.
   *
   * @param convention the convention
   * @return this builder
   * @throws NullPointerException when {@code convention} is null
   */
  public HttpTracingBuilder convention(HttpConvention convention) {
    this.convention = Objects.requireNonNull(convention, "convention");
    return this;
  }

  /**
   * Builds the tracing.
   *
   * @return the HTTP tracing
   */
  public HttpTracing build() {
    return new HttpTracing(
        openTelemetry,
        new HttpInstrumentation(
            openTelemetry,
            sensitiveQueryParameters,
            capturedRequestHeaders,
            capturedResponseHeaders,
            correlationIdHeader,
            urlTemplate,
            knownMethods,
            clientMetricUrlScheme,
            convention));
  }

  private static List<String> names(Collection<String> names, String what) {
    Objects.requireNonNull(names, what);
    List<String> copy = new ArrayList<>(names.size());
    for (String name : names) {
      Objects.requireNonNull(name, what + " element");
      if (name.isEmpty()) {
        throw new IllegalArgumentException(what + " must not contain an empty name");
      }
      copy.add(name.trim());
    }
    return List.copyOf(copy);
  }
}

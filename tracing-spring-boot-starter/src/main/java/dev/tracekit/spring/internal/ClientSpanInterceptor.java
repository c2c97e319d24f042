package dev.tracekit.spring.internal;

import dev.tracekit.http.HttpTracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import java.io.IOException;
import java.util.Objects;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Client spans and propagation headers for {@code RestTemplate} and {@code RestClient} through
 * tracing-http. When a client span is already current (the framework's observation of this very
 * exchange, or this interceptor added twice), the request passes untouched: never two client spans.
 *
 * <p>Internal: not API.
 */
public final class ClientSpanInterceptor implements ClientHttpRequestInterceptor {
  private final HttpTracing tracing;

  /**
   * Creates the interceptor.
   *
   * @param tracing the HTTP tracing
   */
  public ClientSpanInterceptor(HttpTracing tracing) {
    this.tracing = Objects.requireNonNull(tracing, "tracing");
  }

  @Override
  public ClientHttpResponse intercept(
      HttpRequest request, byte[] body, ClientHttpRequestExecution execution) throws IOException {
    if (CurrentSpans.clientCurrent()) {
      return execution.execute(request, body);
    }
    return tracing.traceOutgoingRequest(
        request.getMethod().name(),
        String.valueOf(request.getURI()),
        () -> {
          tracing.inject((name, value) -> request.getHeaders().set(name, value));
          ClientHttpResponse response = execution.execute(request, body);
          recordStatus(response);
          return response;
        });
  }

  private static void recordStatus(ClientHttpResponse response) {
    try {
      Span span = Span.current();
      if (!span.isRecording()) {
        return;
      }
      int status = response.getStatusCode().value();
      span.setAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, (long) status);
      if (status >= 400) {
        span.setAttribute(ErrorAttributes.ERROR_TYPE, Integer.toString(status));
        span.setStatus(StatusCode.ERROR);
      }
    } catch (IOException | RuntimeException | LinkageError e) {
      Reports.once("client status", "could not read a client response status", e);
    }
  }
}

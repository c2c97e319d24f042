package dev.tracekit.http;

import io.opentelemetry.api.trace.SpanKind;
import org.jspecify.annotations.Nullable;

/** What an {@link HttpConvention} sees of a request. */
public interface HttpRequestView {
  /**
   * {@link SpanKind#CLIENT} for an outgoing request, {@link SpanKind#SERVER} for an incoming one.
   *
   * @return the kind
   */
  SpanKind kind();

  /**
   * The request method as recorded: a known method, or {@code _OTHER}.
   *
   * @return the method
   */
  String method();

  /**
   * The low-cardinality target: the server route, or the client's URL template.
   *
   * @return the target, or null when unknown
   */
  @Nullable String target();

  /**
   * A request header (several lines joined with commas).
   *
   * @param name the header name, case-insensitive
   * @return the value, or null when absent
   */
  @Nullable String header(String name);
}

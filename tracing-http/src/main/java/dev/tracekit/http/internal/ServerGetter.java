package dev.tracekit.http.internal;

import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads what the server conventions need from one server's request type.
 *
 * <p>Internal: not API.
 *
 * @param <REQ> the request (or exchange) type
 */
public interface ServerGetter<REQ> extends TextMapGetter<REQ> {
  /**
   * The request method.
   *
   * @param request the request
   * @return the method
   */
  String method(REQ request);

  /**
   * The URL scheme.
   *
   * @param request the request
   * @return http or https
   */
  String scheme(REQ request);

  /**
   * The raw path.
   *
   * @param request the request
   * @return the path
   */
  @Nullable String path(REQ request);

  /**
   * The raw query, without {@code ?}.
   *
   * @param request the request
   * @return the query or null
   */
  @Nullable String query(REQ request);

  /**
   * The peer address.
   *
   * @param request the request
   * @return the address or null
   */
  @Nullable String clientAddress(REQ request);

  /**
   * The peer port.
   *
   * @param request the request
   * @return the port, or -1 when unknown
   */
  int clientPort(REQ request);

  /**
   * The protocol string, for example {@code HTTP/1.1}.
   *
   * @param request the request
   * @return the protocol or null
   */
  @Nullable String protocol(REQ request);

  /**
   * All values of a request header.
   *
   * @param request the request
   * @param name the header name, lower case
   * @return the values or null
   */
  @Nullable List<String> headers(REQ request, String name);

  /**
   * Combines the lines of one header field as RFC 9110 section 5.3 says: joined with commas.
   *
   * @param values the values in the order received, may be null
   * @return the combined value, or null when there is none
   */
  static @Nullable String combine(@Nullable List<String> values) {
    if (values == null || values.isEmpty()) {
      return null;
    }
    return values.size() == 1 ? values.get(0) : String.join(",", values);
  }
}

package dev.tracekit.http.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import java.net.InetSocketAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code com.sun.net.httpserver} exchange.
 *
 * <p>Internal: not API.
 */
public final class JdkServerGetter implements ServerGetter<HttpExchange> {
  /** The instance. */
  public static final JdkServerGetter INSTANCE = new JdkServerGetter();

  private JdkServerGetter() {}

  /**
   * The header's value; several header lines of the same name are combined into one value joined
   * with commas (RFC 9110 section 5.3), so that repeated {@code tracestate} lines are all read and
   * two {@code traceparent} lines make an invalid value, as W3C Trace Context requires.
   */
  @Override
  // Deprecated in API 1.67 but abstract before it: propagators that iterate keys call it on
  // older versions.
  @SuppressWarnings("deprecation")
  public Iterable<String> keys(HttpExchange exchange) {
    return exchange.getRequestHeaders().keySet();
  }

  @Override
  public @Nullable String get(@Nullable HttpExchange exchange, String key) {
    return exchange == null ? null : ServerGetter.combine(exchange.getRequestHeaders().get(key));
  }

  @Override
  public String method(HttpExchange exchange) {
    return exchange.getRequestMethod();
  }

  @Override
  public String scheme(HttpExchange exchange) {
    return exchange instanceof HttpsExchange ? "https" : "http";
  }

  @Override
  public @Nullable String path(HttpExchange exchange) {
    return exchange.getRequestURI().getRawPath();
  }

  @Override
  public @Nullable String query(HttpExchange exchange) {
    return exchange.getRequestURI().getRawQuery();
  }

  @Override
  public @Nullable String clientAddress(HttpExchange exchange) {
    InetSocketAddress remote = exchange.getRemoteAddress();
    return remote == null || remote.getAddress() == null
        ? null
        : remote.getAddress().getHostAddress();
  }

  @Override
  public int clientPort(HttpExchange exchange) {
    InetSocketAddress remote = exchange.getRemoteAddress();
    return remote == null ? -1 : remote.getPort();
  }

  @Override
  public @Nullable String protocol(HttpExchange exchange) {
    return exchange.getProtocol();
  }

  @Override
  public @Nullable List<String> headers(HttpExchange exchange, String name) {
    return exchange.getRequestHeaders().get(name);
  }
}

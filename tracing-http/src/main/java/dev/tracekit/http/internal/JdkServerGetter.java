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

  @Override
  // Deprecated in API 1.67 but abstract before it: propagators that iterate keys call it on
  // older versions.
  @SuppressWarnings("deprecation")
  public Iterable<String> keys(HttpExchange exchange) {
    return exchange.getRequestHeaders().keySet();
  }

  @Override
  public @Nullable String get(@Nullable HttpExchange exchange, String key) {
    return exchange == null ? null : exchange.getRequestHeaders().getFirst(key);
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
  public @Nullable String protocol(HttpExchange exchange) {
    return exchange.getProtocol();
  }

  @Override
  public @Nullable List<String> headers(HttpExchange exchange, String name) {
    return exchange.getRequestHeaders().get(name);
  }
}

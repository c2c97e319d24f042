package dev.tracekit.http.internal;

import io.opentelemetry.api.common.AttributeKey;
import java.net.http.HttpClient;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * The rules of the stable HTTP semantic conventions the recording code applies (span names are
 * {@link dev.tracekit.http.HttpConvention}'s): method normalization, protocol versions, {@code
 * error.type} values, and the keys TraceKit defines itself.
 *
 * <p>Internal: not API.
 */
public final class HttpConventions {
  /** The method value used for methods outside the known set. */
  public static final String OTHER_METHOD = "_OTHER";

  /** {@code url.template} (incubating in the semantic conventions). */
  public static final AttributeKey<String> URL_TEMPLATE = AttributeKey.stringKey("url.template");

  /** The correlation id of the request. */
  public static final AttributeKey<String> CORRELATION_ID =
      AttributeKey.stringKey("tracekit.correlation_id");

  /** Service name given to {@code traceApiClient}. */
  public static final AttributeKey<String> API_SERVICE =
      AttributeKey.stringKey("tracekit.api.service");

  /** Operation name given to {@code traceApiClient}. */
  public static final AttributeKey<String> API_OPERATION =
      AttributeKey.stringKey("tracekit.api.operation");

  /** Endpoint given to {@code traceApiClient}. */
  public static final AttributeKey<String> API_ENDPOINT =
      AttributeKey.stringKey("tracekit.api.endpoint");

  /** Prefix of the parameters given to {@code traceApiClient}. */
  public static final String API_PARAM_PREFIX = "tracekit.api.param.";

  private HttpConventions() {}

  /**
   * The method as recorded: itself when known, {@code _OTHER} otherwise.
   *
   * @param method the request method
   * @param knownMethods the known methods
   * @return the normalized method
   */
  public static String normalizeMethod(String method, Set<String> knownMethods) {
    return knownMethods.contains(method) ? method : OTHER_METHOD;
  }

  /**
   * {@code network.protocol.version} of a JDK client version.
   *
   * @param version the version
   * @return "1.1" or "2"
   */
  public static String protocolVersion(HttpClient.Version version) {
    return version == HttpClient.Version.HTTP_2 ? "2" : "1.1";
  }

  /**
   * {@code network.protocol.version} of a protocol string such as {@code HTTP/1.1}.
   *
   * @param protocol the protocol, may be null
   * @return the version, or null when unknown
   */
  public static @Nullable String protocolVersion(@Nullable String protocol) {
    if (protocol == null) {
      return null;
    }
    if (protocol.startsWith("HTTP/")) {
      String version = protocol.substring(5);
      return "2.0".equals(version) ? "2" : version;
    }
    return null;
  }

  /**
   * The exception the caller sees, without the wrappers added by futures.
   *
   * @param error the error
   * @return its cause when it is a {@link CompletionException} or {@link ExecutionException}
   */
  public static Throwable unwrap(Throwable error) {
    Throwable t = error;
    for (int i = 0; i < 8; i++) {
      Throwable cause = t.getCause();
      if ((t instanceof CompletionException || t instanceof ExecutionException) && cause != null) {
        t = cause;
      } else {
        break;
      }
    }
    return t;
  }

  /**
   * {@code error.type} of an exception: its class name.
   *
   * @param error the error
   * @return the fully qualified class name
   */
  public static String errorType(Throwable error) {
    return unwrap(error).getClass().getName();
  }

  /** A host and port read from a {@code Host} header. */
  public record HostAndPort(String host, int port) {}

  /**
   * {@code server.address} and {@code server.port} of a server request from its {@code Host} header
   * ({@code host}, {@code host:port}, {@code [v6]:port}); the scheme's default port when the header
   * has none.
   *
   * @param header the header, may be null
   * @param scheme the URL scheme
   * @return the host and port, or null when the header is absent or malformed
   */
  public static @Nullable HostAndPort hostAndPort(
      @Nullable String header, @Nullable String scheme) {
    if (header == null) {
      return null;
    }
    String value = header.trim();
    int comma = value.indexOf(',');
    if (comma >= 0 || value.isEmpty()) {
      return null; // several Host lines: ambiguous
    }
    String host;
    String port = null;
    if (value.startsWith("[")) {
      int end = value.indexOf(']');
      if (end < 0) {
        return null;
      }
      host = value.substring(1, end);
      if (end + 1 < value.length()) {
        if (value.charAt(end + 1) != ':') {
          return null;
        }
        port = value.substring(end + 2);
      }
    } else {
      int colon = value.lastIndexOf(':');
      host = colon < 0 ? value : value.substring(0, colon);
      port = colon < 0 ? null : value.substring(colon + 1);
    }
    if (host.isEmpty()) {
      return null;
    }
    int p = defaultPort(scheme);
    if (port != null) {
      try {
        p = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        return null;
      }
      if (p <= 0 || p > 65535) {
        return null;
      }
    }
    return new HostAndPort(host, p);
  }

  /**
   * Default port of a scheme.
   *
   * @param scheme the scheme, may be null
   * @return 443 for https/wss, 80 otherwise
   */
  public static int defaultPort(@Nullable String scheme) {
    return "https".equalsIgnoreCase(scheme) || "wss".equalsIgnoreCase(scheme) ? 443 : 80;
  }
}

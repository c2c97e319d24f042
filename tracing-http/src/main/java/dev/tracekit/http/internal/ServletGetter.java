package dev.tracekit.http.internal;

import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.MappingMatch;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Jakarta servlet request.
 *
 * <p>Internal: not API.
 */
public final class ServletGetter implements ServerGetter<HttpServletRequest> {
  /** The instance. */
  public static final ServletGetter INSTANCE = new ServletGetter();

  private ServletGetter() {}

  /**
   * The route of a request from its servlet mapping: the context path followed by the matched
   * pattern ({@code /orders/*}, {@code *.do}, an exact path), or null for the default servlet or
   * when the container does not know the mapping.
   *
   * @param request the request
   * @return the route or null
   */
  public static @Nullable String route(HttpServletRequest request) {
    try {
      HttpServletMapping mapping = request.getHttpServletMapping();
      if (mapping == null || mapping.getMappingMatch() == null) {
        return null;
      }
      MappingMatch match = mapping.getMappingMatch();
      if (match == MappingMatch.DEFAULT) {
        return null;
      }
      String contextPath = request.getContextPath();
      String pattern = match == MappingMatch.CONTEXT_ROOT ? "/" : mapping.getPattern();
      if (pattern == null) {
        return null;
      }
      return contextPath == null || contextPath.isEmpty() ? pattern : contextPath + pattern;
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  @Override
  // Deprecated in API 1.67 but abstract before it: propagators that iterate keys call it on
  // older versions.
  @SuppressWarnings("deprecation")
  public Iterable<String> keys(HttpServletRequest request) {
    Enumeration<String> names = request.getHeaderNames();
    return names == null ? Collections.emptyList() : Collections.list(names);
  }

  @Override
  public @Nullable String get(@Nullable HttpServletRequest request, String key) {
    return request == null ? null : request.getHeader(key);
  }

  @Override
  public String method(HttpServletRequest request) {
    return request.getMethod();
  }

  @Override
  public String scheme(HttpServletRequest request) {
    return request.getScheme();
  }

  @Override
  public @Nullable String path(HttpServletRequest request) {
    return request.getRequestURI();
  }

  @Override
  public @Nullable String query(HttpServletRequest request) {
    return request.getQueryString();
  }

  @Override
  public @Nullable String clientAddress(HttpServletRequest request) {
    return request.getRemoteAddr();
  }

  @Override
  public @Nullable String protocol(HttpServletRequest request) {
    return request.getProtocol();
  }

  @Override
  public @Nullable List<String> headers(HttpServletRequest request, String name) {
    Enumeration<String> values = request.getHeaders(name);
    return values == null ? null : Collections.list(values);
  }
}

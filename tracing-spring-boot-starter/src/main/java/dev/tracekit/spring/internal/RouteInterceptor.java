package dev.tracekit.spring.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.semconv.HttpAttributes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Names TraceKit's server span after the matched Spring MVC route ({@code GET /orders/{id}}) and
 * records {@code http.route}, which the servlet mapping alone does not know.
 *
 * <p>Internal: not API.
 */
public final class RouteInterceptor implements HandlerInterceptor {
  /** Creates the interceptor. */
  public RouteInterceptor() {}

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    try {
      if (request.getAttribute(ServerSpanFilter.SPAN_ATTRIBUTE) instanceof Span span
          && span.isRecording()
          && request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE)
              instanceof String pattern) {
        String contextPath = request.getContextPath();
        String route =
            contextPath == null || contextPath.isEmpty() ? pattern : contextPath + pattern;
        span.setAttribute(HttpAttributes.HTTP_ROUTE, route);
        span.updateName(request.getMethod() + " " + route);
      }
    } catch (RuntimeException | LinkageError e) {
      Reports.once("route", "could not record the Spring MVC route on the server span", e);
    }
    return true;
  }
}

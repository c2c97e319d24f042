package dev.tracekit.spring.internal;

import dev.tracekit.http.HttpTracing;
import dev.tracekit.http.TracingFilter;
import io.opentelemetry.api.trace.Span;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;

/**
 * Server spans for servlet requests through tracing-http's {@link TracingFilter}, registered by
 * Boot as a filter bean. When a span is already current as the request enters (a framework's
 * observation filter or an agent made the server span), the request passes untouched: a request
 * never gets two server spans. The span is left in a request attribute for {@link
 * RouteInterceptor}, which names it after the Spring MVC route.
 *
 * <p>Internal: not API.
 */
public final class ServerSpanFilter implements Filter, Ordered {
  /** The request attribute holding TraceKit's server span. */
  public static final String SPAN_ATTRIBUTE = ServerSpanFilter.class.getName() + ".span";

  /** After Boot's observation filter (highest precedence + 1), before Spring Security. */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

  private final TracingFilter delegate;

  /**
   * Creates the filter.
   *
   * @param tracing the HTTP tracing
   */
  public ServerSpanFilter(HttpTracing tracing) {
    this.delegate = new TracingFilter(tracing);
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request.getAttribute(SPAN_ATTRIBUTE) != null || CurrentSpans.anyCurrent()) {
      chain.doFilter(request, response);
      return;
    }
    delegate.doFilter(
        request,
        response,
        (req, res) -> {
          req.setAttribute(SPAN_ATTRIBUTE, Span.current());
          chain.doFilter(req, res);
        });
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}

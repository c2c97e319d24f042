package dev.tracekit.http;

import org.jspecify.annotations.Nullable;

/**
 * The stable HTTP semantic conventions' span names: {@code {method} {target}} where the target is
 * the server route or the client URL template, {@code {method}} without one, and {@code HTTP} for a
 * method outside the known set. Adds no attributes beyond the standard ones.
 */
public class DefaultHttpConvention implements HttpConvention {
  /** Use {@link HttpConvention#DEFAULT}; subclasses may extend it. */
  protected DefaultHttpConvention() {}

  /**
   * {@inheritDoc}
   *
   * @param request the request; TraceKit never passes null (null gives {@code HTTP})
   * @return the name
   */
  @Override
  public String spanName(@Nullable HttpRequestView request) {
    if (request == null) {
      return "HTTP";
    }
    String method = "_OTHER".equals(request.method()) ? "HTTP" : request.method();
    String target = request.target();
    return target == null || target.isEmpty() ? method : method + ' ' + target;
  }
}

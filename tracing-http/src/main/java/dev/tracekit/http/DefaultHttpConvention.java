package dev.tracekit.http;

/**
 * The stable HTTP semantic conventions' span names: {@code {method} {target}} where the target is
 * the server route or the client URL template, {@code {method}} without one, and {@code HTTP} for a
 * method outside the known set. Adds no attributes beyond the standard ones.
 */
public class DefaultHttpConvention implements HttpConvention {
  /** Use {@link HttpConvention#DEFAULT}; subclasses may extend it. */
  protected DefaultHttpConvention() {}

  @Override
  public String spanName(HttpRequestView request) {
    String method = "_OTHER".equals(request.method()) ? "HTTP" : request.method();
    String target = request.target();
    return target == null || target.isEmpty() ? method : method + ' ' + target;
  }
}

package dev.tracekit.http;

import io.opentelemetry.api.common.AttributesBuilder;
import org.jspecify.annotations.Nullable;

/**
 * How TraceKit names HTTP spans and which attributes it adds beyond the standard ones, in one
 * place: {@link #DEFAULT} is the stable HTTP semantic conventions. Replace or extend it with {@link
 * HttpTracingBuilder#convention(HttpConvention)}:
 *
 * <pre>{@code
 * HttpConvention withTenant =
 *     new HttpConvention() {
 *       public String spanName(HttpRequestView request) {
 *         return HttpConvention.DEFAULT.spanName(request);
 *       }
 *
 *       public void onStart(HttpRequestView request, AttributesBuilder attributes) {
 *         String tenant = request.header("x-tenant");
 *         if (tenant != null) {
 *           attributes.put("tenant.id", tenant);
 *         }
 *       }
 *     };
 * }</pre>
 *
 * <p>The standard attributes ({@code http.request.method}, {@code url.*}, {@code server.*}, {@code
 * http.response.status_code}, {@code error.type}, ...) are always recorded; what a convention adds
 * is set after them and may override them. A convention that throws is reported once and the
 * default is used for that call.
 */
public interface HttpConvention {
  /** The stable HTTP semantic conventions. */
  HttpConvention DEFAULT = new DefaultHttpConvention();

  /**
   * The span name.
   *
   * @param request the request
   * @return the name
   */
  String spanName(HttpRequestView request);

  /**
   * Adds attributes when the request starts (only for recording spans).
   *
   * @param request the request
   * @param attributes where to put them
   */
  default void onStart(HttpRequestView request, AttributesBuilder attributes) {}

  /**
   * Adds attributes when the response is known (only for recording spans).
   *
   * @param request the request
   * @param statusCode the response status, or -1 when there is none
   * @param error the failure, or null
   * @param attributes where to put them
   */
  default void onEnd(
      HttpRequestView request,
      int statusCode,
      @Nullable Throwable error,
      AttributesBuilder attributes) {}
}

package dev.tracekit.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link HttpTracing#traceApiClient} records about an API call besides its name.
 *
 * @param method the HTTP method, may be null
 * @param endpoint the endpoint path or template (low-cardinality, for example {@code /forecast}),
 *     may be null
 * @param params parameters recorded as {@code tracekit.api.param.<name>}; values of sensitive names
 *     are redacted
 */
public record ApiCallOptions(
    @Nullable String method, @Nullable String endpoint, Map<String, ?> params) {

  /** No method, endpoint or parameters. */
  public static final ApiCallOptions NONE = new ApiCallOptions(null, null, Map.of());

  /**
   * Copies the parameters.
   *
   * @param method the HTTP method, may be null
   * @param endpoint the endpoint, may be null
   * @param params the parameters (values may be null)
   * @throws NullPointerException when {@code params} is null
   */
  public ApiCallOptions {
    params =
        Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(params, "params")));
  }

  /**
   * Options with a method and an endpoint, no parameters.
   *
   * @param method the HTTP method
   * @param endpoint the endpoint
   * @return the options
   */
  public static ApiCallOptions of(String method, String endpoint) {
    return new ApiCallOptions(method, endpoint, Map.of());
  }

  /**
   * Options with a method, an endpoint and parameters.
   *
   * @param method the HTTP method
   * @param endpoint the endpoint
   * @param params the parameters
   * @return the options
   */
  public static ApiCallOptions of(String method, String endpoint, Map<String, ?> params) {
    return new ApiCallOptions(method, endpoint, params);
  }
}

package dev.tracekit.http.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Records the opted-in headers as {@code http.request.header.<name>} / {@code
 * http.response.header.<name>} attributes; credentials headers are always recorded as {@code
 * REDACTED}.
 *
 * <p>Internal: not API.
 */
public final class HeaderCapture {
  /** Headers whose values are never recorded. */
  public static final Set<String> ALWAYS_REDACTED =
      Set.of("authorization", "cookie", "set-cookie", "proxy-authorization", "x-api-key");

  private static final List<String> REDACTED = List.of(UrlRedactor.REDACTED);

  private final String[] names;
  private final List<AttributeKey<List<String>>> keys;

  /**
   * Creates a capture.
   *
   * @param prefix {@code http.request.header.} or {@code http.response.header.}
   * @param headerNames the header names to capture
   */
  public HeaderCapture(String prefix, Collection<String> headerNames) {
    this.names =
        headerNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).distinct().toArray(String[]::new);
    this.keys = Arrays.stream(names).map(n -> AttributeKey.stringArrayKey(prefix + n)).toList();
  }

  /**
   * Whether no header is captured.
   *
   * @return true when the capture does nothing
   */
  public boolean isEmpty() {
    return names.length == 0;
  }

  /**
   * Records the headers present.
   *
   * @param span the span
   * @param values the values of a header name (any case), or null/empty when absent
   */
  public void capture(Span span, Function<String, @Nullable List<String>> values) {
    for (int i = 0; i < names.length; i++) {
      List<String> value = values.apply(names[i]);
      if (value != null && !value.isEmpty()) {
        span.setAttribute(keys.get(i), ALWAYS_REDACTED.contains(names[i]) ? REDACTED : value);
      }
    }
  }
}

package dev.tracekit.http.internal;

import dev.tracekit.http.HttpRequestView;
import io.opentelemetry.api.trace.SpanKind;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The request as an {@link dev.tracekit.http.HttpConvention} sees it.
 *
 * <p>Internal: not API.
 */
final class RequestView implements HttpRequestView {
  private static final Function<String, @Nullable String> NO_HEADERS = name -> null;

  private final SpanKind kind;
  private final String method;
  private final @Nullable String target;
  private final Function<String, @Nullable String> headers;

  RequestView(
      SpanKind kind,
      String method,
      @Nullable String target,
      @Nullable Function<String, @Nullable String> headers) {
    this.kind = kind;
    this.method = method;
    this.target = target;
    this.headers = headers == null ? NO_HEADERS : headers;
  }

  @Override
  public SpanKind kind() {
    return kind;
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public @Nullable String target() {
    return target;
  }

  @Override
  public @Nullable String header(String name) {
    if (name == null) {
      return null;
    }
    try {
      return headers.apply(name);
    } catch (RuntimeException e) {
      return null;
    }
  }
}

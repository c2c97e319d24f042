package dev.tracekit.core.internal.logging;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * A context storage wrapper that writes the current span's ids into the MDC whenever a context with
 * a different span becomes current and restores them when its scope closes. Used only for SLF4J
 * bindings other than Logback, and only when the application builds {@code TracingSdk} before the
 * first context is made current ({@link ContextStorage#addWrapper} is ignored afterwards).
 *
 * <p>Internal: not API.
 */
final class MdcContextStorage implements ContextStorage {
  private static volatile @Nullable MdcKeys keys;

  private final ContextStorage delegate;

  MdcContextStorage(ContextStorage delegate) {
    this.delegate = delegate;
  }

  /** Turns MDC writes on with these keys, or off with null. */
  static void keys(@Nullable MdcKeys k) {
    keys = k;
  }

  @Override
  public Scope attach(Context toAttach) {
    Context before = delegate.current();
    Scope scope = delegate.attach(toAttach);
    MdcKeys k = keys;
    if (k == null) {
      return scope;
    }
    SpanContext previous = before == null ? SpanContext.getInvalid() : MdcKeys.spanContext(before);
    SpanContext next = MdcKeys.spanContext(toAttach);
    if (previous == next || previous.equals(next)) {
      return scope;
    }
    try {
      k.write(next);
    } catch (RuntimeException e) {
      return scope;
    }
    return () -> {
      scope.close();
      try {
        k.write(previous);
      } catch (RuntimeException ignored) {
        // MDC must never break the application.
      }
    };
  }

  @Override
  public @Nullable Context current() {
    return delegate.current();
  }

  @Override
  public Context root() {
    return delegate.root();
  }
}

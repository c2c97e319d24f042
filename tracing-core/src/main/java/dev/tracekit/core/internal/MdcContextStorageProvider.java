package dev.tracekit.core.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.ContextStorageProvider;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Log correlation without an agent: a context storage (found by OpenTelemetry through {@code
 * META-INF/services}) that, whenever a context with a different span becomes current, puts the
 * span's {@code trace_id}, {@code span_id} and {@code trace_flags} into SLF4J's MDC and restores
 * the previous values when the scope closes. Works with any SLF4J binding. Key names are
 * configurable ({@link #setKeys}).
 *
 * <p>Internal: not API.
 */
public final class MdcContextStorageProvider implements ContextStorageProvider {
  private static volatile String traceIdKey = "trace_id";
  private static volatile String spanIdKey = "span_id";
  private static volatile String traceFlagsKey = "trace_flags";
  private static volatile boolean enabled = true;

  /** Sets the MDC key names; null keeps the current one. */
  public static void setKeys(
      @Nullable String traceId, @Nullable String spanId, @Nullable String traceFlags) {
    if (traceId != null && !traceId.isEmpty()) {
      traceIdKey = traceId;
    }
    if (spanId != null && !spanId.isEmpty()) {
      spanIdKey = spanId;
    }
    if (traceFlags != null && !traceFlags.isEmpty()) {
      traceFlagsKey = traceFlags;
    }
  }

  /** Turns MDC updates on or off (on by default). */
  public static void setEnabled(boolean on) {
    enabled = on;
  }

  /** Whether this storage is the one OpenTelemetry uses in this JVM. */
  public static boolean active() {
    return ContextStorage.get() instanceof MdcStorage;
  }

  @Override
  public ContextStorage get() {
    return new MdcStorage(ContextStorage.defaultStorage());
  }

  static final class MdcStorage implements ContextStorage {
    private final ContextStorage delegate;

    MdcStorage(ContextStorage delegate) {
      this.delegate = delegate;
    }

    @Override
    public Scope attach(Context toAttach) {
      Context before = delegate.current();
      Scope scope = delegate.attach(toAttach);
      if (!enabled) {
        return scope;
      }
      SpanContext previous = before == null ? SpanContext.getInvalid() : spanContext(before);
      SpanContext next = spanContext(toAttach);
      if (previous == next || previous.equals(next)) {
        return scope;
      }
      String traceKey = traceIdKey;
      String spanKey = spanIdKey;
      String flagsKey = traceFlagsKey;
      try {
        put(next, traceKey, spanKey, flagsKey);
      } catch (RuntimeException e) {
        return scope;
      }
      return () -> {
        scope.close();
        try {
          put(previous, traceKey, spanKey, flagsKey);
        } catch (RuntimeException ignored) {
          // MDC must never break the application.
        }
      };
    }

    private static SpanContext spanContext(Context context) {
      Span span = Span.fromContextOrNull(context);
      return span == null ? SpanContext.getInvalid() : span.getSpanContext();
    }

    private static void put(SpanContext sc, String traceKey, String spanKey, String flagsKey) {
      if (sc.isValid()) {
        MDC.put(traceKey, sc.getTraceId());
        MDC.put(spanKey, sc.getSpanId());
        MDC.put(flagsKey, sc.getTraceFlags().asHex());
      } else {
        MDC.remove(traceKey);
        MDC.remove(spanKey);
        MDC.remove(flagsKey);
      }
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
}

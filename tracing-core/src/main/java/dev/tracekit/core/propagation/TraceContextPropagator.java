package dev.tracekit.core.propagation;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The W3C Trace Context propagator ({@code traceparent} and {@code tracestate}) with a {@code
 * tracestate} handling that follows the current W3C grammar. The {@code traceparent} header is read
 * and written by OpenTelemetry's {@link W3CTraceContextPropagator}; the {@code tracestate} header
 * is parsed here because OpenTelemetry Java's parser drops the whole header on a duplicated key and
 * rejects keys the specification allows ({@code foo@}, {@code foo@@bar}, 256-character keys with
 * {@code @}). The differences:
 *
 * <ul>
 *   <li>keys: {@code (lcalpha / DIGIT) 0*255(lcalpha / DIGIT / "_" / "-" / "*" / "/" / "@")};
 *   <li>a duplicated key keeps its first (left-most) member and drops the others;
 *   <li>an invalid member, more than 32 members or a key or value too long discard the whole {@code
 *       tracestate} (the {@code traceparent} is kept);
 *   <li>empty and whitespace-only members are ignored.
 * </ul>
 *
 * <p>Several {@code tracestate} header lines are combined by the getter (joined with a comma) as
 * RFC 9110 requires; TraceKit's HTTP server getters do so. Select it with {@code
 * OTEL_PROPAGATORS=tracekit-tracecontext,baggage} (the default of {@code TracingSdk}) or use {@link
 * #getInstance()} directly.
 */
public final class TraceContextPropagator implements TextMapPropagator {
  /** The name under which the propagator is registered for {@code OTEL_PROPAGATORS}. */
  public static final String NAME = "tracekit-tracecontext";

  private static final String TRACE_STATE = "tracestate";
  private static final TraceContextPropagator INSTANCE = new TraceContextPropagator();
  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
  private static final List<String> FIELDS = List.of("traceparent", TRACE_STATE);

  private TraceContextPropagator() {}

  /**
   * The propagator.
   *
   * @return the single instance
   */
  public static TraceContextPropagator getInstance() {
    return INSTANCE;
  }

  @Override
  public Collection<String> fields() {
    return FIELDS;
  }

  @Override
  public <C> void inject(Context context, @Nullable C carrier, TextMapSetter<C> setter) {
    if (context == null || setter == null) {
      return;
    }
    // OpenTelemetry writes traceparent and, from TraceState.forEach, tracestate: both are right.
    W3C.inject(context, carrier, setter);
  }

  @Override
  public <C> Context extract(Context context, @Nullable C carrier, TextMapGetter<C> getter) {
    if (context == null) {
      return Context.root();
    }
    if (getter == null) {
      return context;
    }
    Context parsed = W3C.extract(Context.root(), carrier, new WithoutTraceState<>(getter));
    SpanContext parent = Span.fromContext(parsed).getSpanContext();
    if (!parent.isValid()) {
      // The specification: a vendor that failed to parse traceparent must not parse tracestate.
      return context;
    }
    TraceState state = W3cTraceState.parse(getter.get(carrier, TRACE_STATE));
    return context.with(
        Span.wrap(
            SpanContext.createFromRemoteParent(
                parent.getTraceId(), parent.getSpanId(), parent.getTraceFlags(), state)));
  }

  @Override
  public String toString() {
    return "TraceContextPropagator{" + NAME + "}";
  }

  /** Hides tracestate from OpenTelemetry's parser, which would otherwise parse it a second time. */
  private static final class WithoutTraceState<C> implements TextMapGetter<C> {
    private final TextMapGetter<C> delegate;

    WithoutTraceState(TextMapGetter<C> delegate) {
      this.delegate = delegate;
    }

    // Abstract in OpenTelemetry 1.49, deprecated later: implemented for the whole supported range.
    @Override
    @SuppressWarnings("deprecation")
    public Iterable<String> keys(C carrier) {
      return delegate.keys(carrier);
    }

    @Override
    public @Nullable String get(@Nullable C carrier, String key) {
      return TRACE_STATE.equals(key) ? null : delegate.get(carrier, key);
    }
  }
}

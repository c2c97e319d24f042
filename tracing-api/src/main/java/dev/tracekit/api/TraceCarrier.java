package dev.tracekit.api;

import dev.tracekit.api.support.CarrierSupport;
import dev.tracekit.api.support.Diagnostics;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Moves the trace context into and out of anything that travels with a job or message: a payload
 * map, message headers, a job object. Inject on the producer side, extract on the consumer side,
 * and the consumer's spans join the producer's trace.
 *
 * <p>Writing uses the propagators of the {@link OpenTelemetry} instance ({@code traceparent},
 * {@code tracestate}, {@code baggage} with the default W3C set-up). When that instance has no-op
 * propagators (for example an {@code OpenTelemetrySdk} built without {@code setPropagators}), W3C
 * trace context plus W3C baggage are used instead, so that the context is never silently dropped.
 *
 * <p>Reading accepts the carrier shapes found in real job queues, first match wins:
 *
 * <ol>
 *   <li>the propagator's own fields at the top level of the carrier ({@code traceparent}, {@code
 *       tracestate}, {@code baggage}), keys matched exactly and then ignoring case (header maps);
 *   <li>a {@value #TRACE_CONTEXT_FIELD} field holding the serialized context: a map of those
 *       fields, a JSON object string of them (as {@link #serialize()} writes), or a bare {@code
 *       traceparent} string;
 *   <li>a bare {@value #TRACE_ID_FIELD} of 32 hex characters. This can only continue the trace
 *       <em>id</em>: the parent span id is unknown (a random one is made up, so the consumer span
 *       appears in the right trace under a parent no backend has, usually shown as a "missing
 *       span"), the sampling decision is unknown (sampled is assumed), and {@code tracestate} and
 *       baggage are lost. {@link #isTraceIdOnly(Context)} tells such a context apart.
 * </ol>
 *
 * <p>Extraction starts from {@link Context#current()}, as OpenTelemetry's own instrumentations do:
 * a missing, corrupt or unreadable carrier returns the current context unchanged, so a worker that
 * has no span of its own starts a new trace. Nothing here ever throws at run time.
 */
public final class TraceCarrier {
  /** The payload field holding the serialized context as one JSON object: {@value}. */
  public static final String TRACE_CONTEXT_FIELD = "_traceContext";

  /** The payload field holding only a bare trace id (manual propagation): {@value}. */
  public static final String TRACE_ID_FIELD = "trace_id";

  private final @Nullable OpenTelemetry openTelemetry;
  private final @Nullable TextMapPropagator propagator;

  private TraceCarrier(@Nullable OpenTelemetry openTelemetry) {
    this.openTelemetry = openTelemetry;
    this.propagator = openTelemetry == null ? null : CarrierSupport.propagator(openTelemetry);
  }

  /**
   * A carrier helper using the propagators of the given instance.
   *
   * @param openTelemetry the OpenTelemetry instance
   * @return the helper
   * @throws NullPointerException if openTelemetry is null
   */
  public static TraceCarrier create(OpenTelemetry openTelemetry) {
    return new TraceCarrier(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /**
   * A carrier helper that uses the global OpenTelemetry's propagators, looked up on each call (it
   * does not fix the global instance, so it may be created before the SDK is installed).
   *
   * @return the helper
   */
  public static TraceCarrier global() {
    return new TraceCarrier(null);
  }

  TextMapPropagator propagator() {
    TextMapPropagator fixed = propagator;
    return fixed != null ? fixed : CarrierSupport.propagator(GlobalOpenTelemetryAccess.getOrNoop());
  }

  @Nullable OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /**
   * Writes the current context into a map (a payload or a header map).
   *
   * @param carrier the map to write {@code traceparent} etc. into; must be mutable
   */
  public void inject(Map<String, ? super String> carrier) {
    inject(Context.current(), carrier, CarrierSupport.MAP_SETTER);
  }

  /**
   * Writes the current context into any carrier through a setter.
   *
   * @param carrier the carrier
   * @param setter writes one field into the carrier
   * @param <C> the carrier type
   */
  public <C> void inject(@Nullable C carrier, TextMapSetter<C> setter) {
    inject(Context.current(), carrier, setter);
  }

  /**
   * Writes the given context into any carrier through a setter. Problems (an immutable map, a
   * failing setter) are reported once and otherwise ignored.
   *
   * @param context the context to write
   * @param carrier the carrier
   * @param setter writes one field into the carrier
   * @param <C> the carrier type
   */
  public <C> void inject(Context context, @Nullable C carrier, TextMapSetter<C> setter) {
    if (carrier == null || context == null || setter == null) {
      return;
    }
    try {
      propagator().inject(context, carrier, setter);
    } catch (Throwable t) {
      Diagnostics.propagateIfFatal(t);
      Diagnostics.reportOnce(
          "carrier inject " + t.getClass().getName(),
          "could not write the trace context into a " + carrier.getClass().getName() + " carrier",
          t);
    }
  }

  /**
   * The current context as a new map of propagation fields (for example {@code traceparent}), ready
   * to store under {@value #TRACE_CONTEXT_FIELD}.
   *
   * @return a new mutable map; empty when there is nothing to propagate
   */
  public Map<String, String> toMap() {
    Map<String, String> fields = new LinkedHashMap<>();
    inject(Context.current(), fields, CarrierSupport.MAP_SETTER);
    return fields;
  }

  /**
   * The current context serialized as a JSON object of propagation fields, for example {@code
   * {"traceparent":"00-…-01"}}, ready to store under {@value #TRACE_CONTEXT_FIELD} in a job whose
   * values are strings. {@link #extract(Map)} reads it back.
   *
   * @return the JSON text; {@code {}} when there is nothing to propagate
   */
  public String serialize() {
    return CarrierSupport.toJson(toMap());
  }

  /**
   * Reads the context from a map carrier in any of the shapes listed on this class.
   *
   * @param carrier the payload or header map; null is treated as empty
   * @return the extracted context on top of the current one, or the current context when the
   *     carrier holds nothing usable
   */
  public Context extract(@Nullable Map<String, ?> carrier) {
    return extract(Context.current(), carrier);
  }

  /**
   * Reads the context from any carrier through a getter, in any of the shapes listed on this class
   * (a {@value #TRACE_CONTEXT_FIELD} value must then be a string).
   *
   * @param carrier the carrier; null is treated as empty
   * @param getter reads one field from the carrier
   * @param <C> the carrier type
   * @return the extracted context on top of the current one, or the current context when the
   *     carrier holds nothing usable
   */
  public <C> Context extract(@Nullable C carrier, TextMapGetter<C> getter) {
    return extract(Context.current(), carrier, getter);
  }

  /**
   * Whether a context's parent was built from a bare {@value #TRACE_ID_FIELD} (its parent span id
   * is synthetic).
   *
   * @param context a context returned by {@code extract}
   * @return true when the span in it continues the trace id only
   */
  public static boolean isTraceIdOnly(Context context) {
    return context != null && Boolean.TRUE.equals(context.get(CarrierSupport.TRACE_ID_ONLY));
  }

  Context extract(Context base, @Nullable Map<String, ?> carrier) {
    if (carrier == null) {
      return base;
    }
    try {
      if (carrier.isEmpty()) {
        return base;
      }
      TextMapPropagator p = propagator();
      Context context = p.extract(base, carrier, CarrierSupport.MAP_GETTER);
      if (hasNewSpan(base, context)) {
        return context;
      }
      Object nested = carrier.get(TRACE_CONTEXT_FIELD);
      if (nested instanceof Map) {
        Map<String, ?> fields = asStringKeyed((Map<?, ?>) nested);
        Context fromNested = p.extract(context, fields, CarrierSupport.MAP_GETTER);
        if (hasNewSpan(context, fromNested)) {
          return fromNested;
        }
      } else if (nested != null) {
        Context fromNested = fromSerialized(p, context, CarrierSupport.valueAsString(nested));
        if (hasNewSpan(context, fromNested)) {
          return fromNested;
        }
      }
      return fromTraceId(context, CarrierSupport.valueAsString(carrier.get(TRACE_ID_FIELD)));
    } catch (Throwable t) {
      return failed(base, carrier, t);
    }
  }

  /**
   * Reads the context from any carrier on top of a given context (for example {@link
   * Context#root()}, to link to a message's context rather than join it), in any of the shapes
   * listed on this class.
   *
   * @param base the context to extract on top of; null is the root context
   * @param carrier the carrier; null is treated as empty
   * @param getter reads one field from the carrier; null is treated as an empty carrier
   * @param <C> the carrier type
   * @return the extracted context on top of {@code base}, or {@code base} when the carrier holds
   *     nothing usable
   */
  public <C> Context extract(
      @Nullable Context base, @Nullable C carrier, @Nullable TextMapGetter<C> getter) {
    if (base == null) {
      base = Context.root();
    }
    if (carrier == null || getter == null) {
      return base;
    }
    try {
      TextMapPropagator p = propagator();
      Context context = p.extract(base, carrier, getter);
      if (hasNewSpan(base, context)) {
        return context;
      }
      Context fromNested = fromSerialized(p, context, getter.get(carrier, TRACE_CONTEXT_FIELD));
      if (hasNewSpan(context, fromNested)) {
        return fromNested;
      }
      return fromTraceId(context, getter.get(carrier, TRACE_ID_FIELD));
    } catch (Throwable t) {
      return failed(base, carrier, t);
    }
  }

  private static Context failed(Context base, Object carrier, Throwable t) {
    Diagnostics.propagateIfFatal(t);
    Diagnostics.reportOnce(
        "carrier extract " + t.getClass().getName(),
        "could not read the trace context from a "
            + carrier.getClass().getName()
            + " carrier; continuing without it",
        t);
    return base;
  }

  private static Context fromSerialized(
      TextMapPropagator p, Context base, @Nullable String serialized) {
    if (serialized == null) {
      return base;
    }
    String text = serialized.trim();
    Map<String, String> fields;
    if (text.startsWith("{")) {
      fields = CarrierSupport.parseFlatJson(text);
      if (fields == null) {
        Diagnostics.reportOnce(
            "carrier corrupt " + TRACE_CONTEXT_FIELD,
            "the " + TRACE_CONTEXT_FIELD + " field is not a flat JSON object; it is ignored");
        return base;
      }
    } else {
      fields = Map.of("traceparent", text);
    }
    return p.extract(base, fields, CarrierSupport.MAP_GETTER);
  }

  private static Context fromTraceId(Context base, @Nullable String traceId) {
    SpanContext spanContext = CarrierSupport.traceIdOnly(traceId);
    if (spanContext == null) {
      return base;
    }
    return base.with(Span.wrap(spanContext)).with(CarrierSupport.TRACE_ID_ONLY, Boolean.TRUE);
  }

  private static boolean hasNewSpan(Context before, Context after) {
    SpanContext extracted = Span.fromContext(after).getSpanContext();
    return extracted.isValid() && extracted != Span.fromContext(before).getSpanContext();
  }

  private static Map<String, ?> asStringKeyed(Map<?, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (entry.getKey() != null && entry.getValue() != null) {
        copy.put(String.valueOf(entry.getKey()), entry.getValue());
      }
    }
    return copy;
  }
}

package dev.tracekit.api;

import dev.tracekit.api.internal.Names;
import dev.tracekit.api.support.AttributeValues;
import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.api.support.Scopes;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * TraceKit's tracing helpers bound to one {@link OpenTelemetry} instance: wrap a call in a span,
 * build spans with options, enrich the current span, carry baggage. Context across threads: {@link
 * ContextExecutors}. {@link Traces} offers the same helpers on the global instance.
 *
 * <pre>{@code
 * Tracing tracing = Tracing.create(openTelemetry);
 * Order order = tracing.trace("orders.place", () -> repository.save(draft));
 * tracing.run("cache.warm", cache::warm);
 * CompletableFuture<Reply> reply = tracing.traceAsync("llm.reply", () -> client.sendAsync(req));
 * }</pre>
 *
 * <p>The span is current inside the callback and ends when the callback returns (or, for {@code
 * traceAsync}, when the stage completes). An exception is recorded (an {@code exception} event,
 * status ERROR with its message, {@code error.type}) and rethrown unchanged. Nothing else ever
 * throws: bad arguments are tolerated and reported once through {@code java.util.logging}.
 *
 * <p>When the {@code OpenTelemetry} is a no-op (TraceKit disabled, no SDK installed), every helper
 * just runs the callback: no span, no allocation.
 */
public final class Tracing {
  /** The instrumentation scope name of spans made by these helpers. */
  public static final String INSTRUMENTATION_NAME = "dev.tracekit";

  private static final Tracing NOOP = new Tracing(OpenTelemetry.noop());

  private final OpenTelemetry openTelemetry;
  private final Tracer tracer;
  private final boolean noop;
  private final ErrorRecorder errors;

  private Tracing(OpenTelemetry openTelemetry) {
    this.openTelemetry = openTelemetry;
    this.tracer = Scopes.tracer(openTelemetry, INSTRUMENTATION_NAME);
    this.errors = ErrorRecorder.create(openTelemetry, INSTRUMENTATION_NAME);
    this.noop = openTelemetry.getTracerProvider() == TracerProvider.noop();
  }

  /**
   * Helpers on the given OpenTelemetry.
   *
   * @param openTelemetry the OpenTelemetry to trace with
   * @return the helpers
   * @throws NullPointerException if {@code openTelemetry} is null
   */
  public static Tracing create(OpenTelemetry openTelemetry) {
    Objects.requireNonNull(openTelemetry, "openTelemetry");
    if (openTelemetry == NOOP.openTelemetry) {
      return NOOP;
    }
    return new Tracing(openTelemetry);
  }

  /**
   * Helpers that trace nothing.
   *
   * @return the no-op helpers
   */
  public static Tracing noop() {
    return NOOP;
  }

  /**
   * The OpenTelemetry these helpers use.
   *
   * @return the OpenTelemetry
   */
  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /**
   * How these helpers record failures (span events, or log records under {@code
   * OTEL_SEMCONV_EXCEPTION_SIGNAL_OPT_IN}).
   *
   * @return the error recorder
   */
  public ErrorRecorder errors() {
    return errors;
  }

  /**
   * The tracer these helpers use (scope {@value #INSTRUMENTATION_NAME}).
   *
   * @return the tracer
   */
  public Tracer tracer() {
    return tracer;
  }

  /**
   * Whether these helpers record nothing (their OpenTelemetry has a no-op tracer provider).
   *
   * @return true when tracing is off
   */
  public boolean isNoop() {
    return noop;
  }

  // ---------------------------------------------------------------- wrapping calls

  /**
   * Runs {@code fn} inside a new span named {@code name} and returns its result.
   *
   * @param name the span name (keep it static; ids belong in attributes)
   * @param fn the call
   * @param <T> the result type
   * @param <E> the exception type {@code fn} may throw
   * @return what {@code fn} returned; null if {@code fn} is null
   * @throws E what {@code fn} threw, unchanged
   */
  public <T, E extends Throwable> @Nullable T trace(
      String name, ThrowingSupplier<? extends T, E> fn) throws E {
    if (fn == null) {
      Diagnostics.reportOnce("trace null fn", "trace(" + name + ", null): nothing to run");
      return null;
    }
    if (noop) {
      return fn.get();
    }
    return callIn(errors, tracer.spanBuilder(Names.spanName(name)).startSpan(), fn);
  }

  /**
   * Runs {@code fn} inside a new span and hands it the span, for attributes and events.
   *
   * @param name the span name
   * @param fn the call, given the span
   * @param <T> the result type
   * @param <E> the exception type {@code fn} may throw
   * @return what {@code fn} returned; null if {@code fn} is null
   * @throws E what {@code fn} threw, unchanged
   */
  public <T, E extends Throwable> @Nullable T trace(
      String name, ThrowingFunction<? super Span, ? extends T, E> fn) throws E {
    if (fn == null) {
      Diagnostics.reportOnce("trace null fn", "trace(" + name + ", null): nothing to run");
      return null;
    }
    if (noop) {
      return fn.apply(Span.getInvalid());
    }
    return applyIn(errors, tracer.spanBuilder(Names.spanName(name)).startSpan(), fn);
  }

  /**
   * Runs {@code fn} inside a new span.
   *
   * @param name the span name
   * @param fn the call
   * @param <E> the exception type {@code fn} may throw
   * @throws E what {@code fn} threw, unchanged
   */
  public <E extends Throwable> void run(String name, ThrowingRunnable<E> fn) throws E {
    if (fn == null) {
      Diagnostics.reportOnce("trace null fn", "run(" + name + ", null): nothing to run");
      return;
    }
    if (noop) {
      fn.run();
      return;
    }
    runIn(errors, tracer.spanBuilder(Names.spanName(name)).startSpan(), fn);
  }

  /** Calls {@code fn} with {@code span} current; records a failure; ends the span. */
  static <T, E extends Throwable> @Nullable T callIn(
      ErrorRecorder errors, Span span, ThrowingSupplier<? extends T, E> fn) throws E {
    return callIn(errors, span, Context.current().with(span), fn);
  }

  /**
   * Like {@link #callIn(ErrorRecorder, Span, ThrowingSupplier)} with {@code context} (holding the
   * span) current.
   */
  static <T, E extends Throwable> @Nullable T callIn(
      ErrorRecorder errors, Span span, Context context, ThrowingSupplier<? extends T, E> fn)
      throws E {
    try (Scope ignored = context.makeCurrent()) {
      return fn.get();
    } catch (Throwable t) {
      errors.record(span, t);
      throw t;
    } finally {
      span.end();
    }
  }

  /** Like {@link #callIn}, handing the span to {@code fn}. */
  static <T, E extends Throwable> @Nullable T applyIn(
      ErrorRecorder errors, Span span, ThrowingFunction<? super Span, ? extends T, E> fn) throws E {
    try (Scope ignored = span.makeCurrent()) {
      return fn.apply(span);
    } catch (Throwable t) {
      errors.record(span, t);
      throw t;
    } finally {
      span.end();
    }
  }

  /** Runs {@code fn} with {@code span} current; records a failure; ends the span. */
  static <E extends Throwable> void runIn(ErrorRecorder errors, Span span, ThrowingRunnable<E> fn)
      throws E {
    try (Scope ignored = span.makeCurrent()) {
      fn.run();
    } catch (Throwable t) {
      errors.record(span, t);
      throw t;
    } finally {
      span.end();
    }
  }

  /**
   * Traces an asynchronous call: the span is current while {@code supplier} runs and ends when the
   * stage it returns completes. A failure or cancellation is recorded. Never throws: a supplier
   * that throws or returns null yields a failed future. Cancelling the returned future cancels the
   * supplier's future when it is a {@link CompletableFuture}.
   *
   * @param name the span name
   * @param supplier starts the work and returns its stage
   * @param <T> the result type
   * @return a future completed with the stage's outcome after the span ended
   */
  public <T> CompletableFuture<T> traceAsync(
      String name, Supplier<? extends CompletionStage<T>> supplier) {
    return traceAsync(tracer.spanBuilder(Names.spanName(name)).startSpan(), supplier);
  }

  <T> CompletableFuture<T> traceAsync(Span span, Supplier<? extends CompletionStage<T>> supplier) {
    CompletionStage<T> stage;
    try (Scope ignored = span.makeCurrent()) {
      stage = supplier == null ? null : supplier.get();
    } catch (Throwable t) {
      Diagnostics.propagateIfFatal(t);
      errors.record(span, t);
      span.end();
      return CompletableFuture.failedFuture(t);
    }
    if (stage == null) {
      NullPointerException npe =
          new NullPointerException("traceAsync: the supplier (or its stage) was null");
      Diagnostics.reportOnce("traceAsync null", npe.getMessage());
      errors.record(span, npe);
      span.end();
      return CompletableFuture.failedFuture(npe);
    }
    return completeWith(errors, span, stage);
  }

  static <T> CompletableFuture<T> completeWith(
      ErrorRecorder errors, Span span, CompletionStage<T> stage) {
    CompletableFuture<T> result = new CompletableFuture<>();
    stage.whenComplete(
        (value, error) -> {
          if (!result.isDone()) {
            if (error != null) {
              Throwable cause = ErrorRecorder.unwrap(error);
              if (cause instanceof CancellationException) {
                errors.recordCancelled(span);
              } else {
                errors.record(span, cause);
              }
            }
            span.end();
          }
          if (error != null) {
            result.completeExceptionally(ErrorRecorder.unwrap(error));
          } else {
            result.complete(value);
          }
        });
    result.whenComplete(
        (value, error) -> {
          if (result.isCancelled()) {
            errors.recordCancelled(span);
            span.end();
            if (stage instanceof CompletableFuture<?> f) {
              f.cancel(true);
            }
          }
        });
    return result;
  }

  // ---------------------------------------------------------------- span builder

  /**
   * Starts describing a span: kind, attributes, parent, links, start time; then run it with {@link
   * SpanRunner#run}, {@link SpanRunner#call}, {@link SpanRunner#callAsync} or {@link
   * SpanRunner#start}.
   *
   * @param name the span name
   * @return the builder
   */
  public SpanRunner span(String name) {
    return new SpanRunner(this, tracer.spanBuilder(Names.spanName(name)));
  }

  // ---------------------------------------------------------------- current span

  /**
   * Sets a string attribute on the current span (if it records).
   *
   * @param key the key
   * @param value the value; null is ignored
   */
  public void setAttribute(String key, @Nullable String value) {
    Span span = Span.current();
    if (value != null && key != null && span.isRecording()) {
      span.setAttribute(key, value);
    }
  }

  /**
   * Sets a long attribute on the current span (if it records).
   *
   * @param key the key
   * @param value the value
   */
  public void setAttribute(String key, long value) {
    Span span = Span.current();
    if (key != null && span.isRecording()) {
      span.setAttribute(key, value);
    }
  }

  /**
   * Sets a double attribute on the current span (if it records).
   *
   * @param key the key
   * @param value the value
   */
  public void setAttribute(String key, double value) {
    Span span = Span.current();
    if (key != null && span.isRecording()) {
      span.setAttribute(key, value);
    }
  }

  /**
   * Sets a boolean attribute on the current span (if it records).
   *
   * @param key the key
   * @param value the value
   */
  public void setAttribute(String key, boolean value) {
    Span span = Span.current();
    if (key != null && span.isRecording()) {
      span.setAttribute(key, value);
    }
  }

  /**
   * Sets a typed attribute on the current span (if it records).
   *
   * @param key the key
   * @param value the value; null is ignored
   * @param <T> the value type
   */
  public <T> void setAttribute(AttributeKey<T> key, @Nullable T value) {
    Span span = Span.current();
    if (key != null && value != null && span.isRecording()) {
      span.setAttribute(key, value);
    }
  }

  /**
   * Sets attributes from a map on the current span, as JavaScript SDKs' {@code
   * addSpanAttributes({...})} does: strings, numbers, booleans and their arrays/lists keep their
   * type; other values are recorded as text; null values are skipped.
   *
   * @param attributes the attributes
   */
  public void setAttributes(@Nullable Map<String, ?> attributes) {
    AttributeValues.setAll(Span.current(), attributes);
  }

  /**
   * Adds an event to the current span.
   *
   * @param name the event name
   */
  public void addEvent(String name) {
    Span span = Span.current();
    if (span.isRecording()) {
      span.addEvent(Names.spanName(name));
    }
  }

  /**
   * Adds an event with attributes to the current span; the place for high-cardinality data.
   *
   * @param name the event name
   * @param attributes the event attributes (as in {@link #setAttributes(Map)})
   */
  public void addEvent(String name, @Nullable Map<String, ?> attributes) {
    Span span = Span.current();
    if (span.isRecording()) {
      span.addEvent(Names.spanName(name), AttributeValues.of(attributes));
    }
  }

  /**
   * Adds an event with typed attributes to the current span.
   *
   * @param name the event name
   * @param attributes the event attributes
   */
  public void addEvent(String name, @Nullable Attributes attributes) {
    Span span = Span.current();
    if (span.isRecording()) {
      span.addEvent(Names.spanName(name), attributes == null ? Attributes.empty() : attributes);
    }
  }

  /**
   * Records an exception on the current span: an {@code exception} event, status ERROR with its
   * message and {@code error.type}.
   *
   * @param error the exception; null is ignored
   */
  public void recordError(@Nullable Throwable error) {
    errors.record(Span.current(), error);
  }

  /**
   * The current trace id, for logs and responses.
   *
   * @return 32 lower-case hex characters, or the empty string when no valid span is current
   */
  public String currentTraceId() {
    SpanContext context = Span.current().getSpanContext();
    return context.isValid() ? context.getTraceId() : "";
  }

  /**
   * The current span id.
   *
   * @return 16 lower-case hex characters, or the empty string when no valid span is current
   */
  public String currentSpanId() {
    SpanContext context = Span.current().getSpanContext();
    return context.isValid() ? context.getSpanId() : "";
  }

  // ---------------------------------------------------------------- baggage

  /**
   * Makes a baggage entry current until the returned scope is closed; it travels with the trace
   * context to downstream services.
   *
   * <pre>{@code
   * try (Scope ignored = tracing.setBaggage("user.id", userId)) { ... }
   * }</pre>
   *
   * @param key the key
   * @param value the value
   * @return the scope to close
   */
  public Scope setBaggage(String key, String value) {
    if (key == null || key.isEmpty() || value == null) {
      Diagnostics.reportOnce("baggage null", "setBaggage with a null key or value was ignored");
      return Scope.noop();
    }
    return Baggage.current().toBuilder().put(key, value).build().makeCurrent();
  }

  /**
   * Makes several baggage entries current until the returned scope is closed.
   *
   * @param entries the entries; null keys or values are skipped
   * @return the scope to close
   */
  public Scope setBaggage(@Nullable Map<String, String> entries) {
    if (entries == null || entries.isEmpty()) {
      return Scope.noop();
    }
    BaggageBuilder builder = Baggage.current().toBuilder();
    entries.forEach(
        (k, v) -> {
          if (k != null && !k.isEmpty() && v != null) {
            builder.put(k, v);
          }
        });
    return builder.build().makeCurrent();
  }

  /**
   * A current baggage value.
   *
   * @param key the key
   * @return the value, or null when absent
   */
  public @Nullable String getBaggage(String key) {
    return key == null ? null : Baggage.current().getEntryValue(key);
  }

  /**
   * Every current baggage entry.
   *
   * @return an unmodifiable map, empty when there is none
   */
  public Map<String, String> getAllBaggage() {
    Baggage baggage = Baggage.current();
    if (baggage.isEmpty()) {
      return Collections.emptyMap();
    }
    Map<String, String> all = new LinkedHashMap<>();
    baggage.forEach((k, entry) -> all.put(k, entry.getValue()));
    return Collections.unmodifiableMap(all);
  }
}

package dev.tracekit.api;

import dev.tracekit.api.support.GlobalTracing;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Tracing} helpers as static methods on the global OpenTelemetry ({@link
 * GlobalOpenTelemetry}, which {@code TracingSdk} installs). Until an OpenTelemetry is installed
 * they trace nothing and cost next to nothing; they never lock the global instance to a no-op.
 *
 * <pre>{@code
 * String reply = Traces.trace("webhook.process", () -> handle(event));
 * Traces.setAttributes(Map.of("conversation.id", conversationId));
 * }</pre>
 */
public final class Traces {
  private Traces() {}

  /**
   * The helpers bound to the current global OpenTelemetry (no-op helpers while none is set).
   *
   * @return the helpers
   */
  public static Tracing tracing() {
    Object cached = GlobalTracing.get();
    if (cached != null) {
      return (Tracing) cached;
    }
    // Only paid until an OpenTelemetry is installed.
    OpenTelemetry global = GlobalOpenTelemetryAccess.getIfSet();
    if (global == null) {
      GlobalTracing.unrecorded();
      return Tracing.noop();
    }
    Tracing t = Tracing.create(global);
    GlobalTracing.set(t);
    return t;
  }

  /**
   * See {@link Tracing#trace(String, ThrowingSupplier)}.
   *
   * @param name the span name
   * @param fn the call
   * @param <T> the result type
   * @param <E> the exception type
   * @return what {@code fn} returned
   * @throws E what {@code fn} threw, unchanged
   */
  public static <T, E extends Throwable> @Nullable T trace(
      String name, ThrowingSupplier<? extends T, E> fn) throws E {
    return tracing().trace(name, fn);
  }

  /**
   * See {@link Tracing#trace(String, ThrowingFunction)}.
   *
   * @param name the span name
   * @param fn the call, given the span
   * @param <T> the result type
   * @param <E> the exception type
   * @return what {@code fn} returned
   * @throws E what {@code fn} threw, unchanged
   */
  public static <T, E extends Throwable> @Nullable T trace(
      String name, ThrowingFunction<? super Span, ? extends T, E> fn) throws E {
    return tracing().trace(name, fn);
  }

  /**
   * See {@link Tracing#run(String, ThrowingRunnable)}.
   *
   * @param name the span name
   * @param fn the call
   * @param <E> the exception type
   * @throws E what {@code fn} threw, unchanged
   */
  public static <E extends Throwable> void run(String name, ThrowingRunnable<E> fn) throws E {
    tracing().run(name, fn);
  }

  /**
   * See {@link Tracing#traceAsync(String, Supplier)}.
   *
   * @param name the span name
   * @param supplier starts the work and returns its stage
   * @param <T> the result type
   * @return a future completed with the stage's outcome after the span ended
   */
  public static <T> CompletableFuture<T> traceAsync(
      String name, Supplier<? extends CompletionStage<T>> supplier) {
    return tracing().traceAsync(name, supplier);
  }

  /**
   * See {@link Tracing#span(String)}.
   *
   * @param name the span name
   * @return the span builder
   */
  public static SpanRunner span(String name) {
    return tracing().span(name);
  }

  /**
   * See {@link Tracing#setAttribute(String, String)}.
   *
   * @param key the key
   * @param value the value
   */
  public static void setAttribute(String key, @Nullable String value) {
    Tracing.noop().setAttribute(key, value);
  }

  /**
   * See {@link Tracing#setAttribute(String, long)}.
   *
   * @param key the key
   * @param value the value
   */
  public static void setAttribute(String key, long value) {
    Tracing.noop().setAttribute(key, value);
  }

  /**
   * See {@link Tracing#setAttribute(String, double)}.
   *
   * @param key the key
   * @param value the value
   */
  public static void setAttribute(String key, double value) {
    Tracing.noop().setAttribute(key, value);
  }

  /**
   * See {@link Tracing#setAttribute(String, boolean)}.
   *
   * @param key the key
   * @param value the value
   */
  public static void setAttribute(String key, boolean value) {
    Tracing.noop().setAttribute(key, value);
  }

  /**
   * See {@link Tracing#setAttribute(AttributeKey, Object)}.
   *
   * @param key the key
   * @param value the value
   * @param <T> the value type
   */
  public static <T> void setAttribute(AttributeKey<T> key, @Nullable T value) {
    Tracing.noop().setAttribute(key, value);
  }

  /**
   * See {@link Tracing#setAttributes(Map)}.
   *
   * @param attributes the attributes
   */
  public static void setAttributes(@Nullable Map<String, ?> attributes) {
    Tracing.noop().setAttributes(attributes);
  }

  /**
   * See {@link Tracing#addEvent(String)}.
   *
   * @param name the event name
   */
  public static void addEvent(String name) {
    Tracing.noop().addEvent(name);
  }

  /**
   * See {@link Tracing#addEvent(String, Map)}.
   *
   * @param name the event name
   * @param attributes the event attributes
   */
  public static void addEvent(String name, @Nullable Map<String, ?> attributes) {
    Tracing.noop().addEvent(name, attributes);
  }

  /**
   * See {@link Tracing#addEvent(String, Attributes)}.
   *
   * @param name the event name
   * @param attributes the event attributes
   */
  public static void addEvent(String name, @Nullable Attributes attributes) {
    Tracing.noop().addEvent(name, attributes);
  }

  /**
   * See {@link Tracing#recordError(Throwable)}.
   *
   * @param error the exception
   */
  public static void recordError(@Nullable Throwable error) {
    Tracing.noop().recordError(error);
  }

  /**
   * See {@link Tracing#currentTraceId()}.
   *
   * @return the trace id, or the empty string
   */
  public static String currentTraceId() {
    return Tracing.noop().currentTraceId();
  }

  /**
   * See {@link Tracing#currentSpanId()}.
   *
   * @return the span id, or the empty string
   */
  public static String currentSpanId() {
    return Tracing.noop().currentSpanId();
  }

  /**
   * See {@link Tracing#setBaggage(String, String)}.
   *
   * @param key the key
   * @param value the value
   * @return the scope to close
   */
  public static Scope setBaggage(String key, String value) {
    return Tracing.noop().setBaggage(key, value);
  }

  /**
   * See {@link Tracing#setBaggage(Map)}.
   *
   * @param entries the entries
   * @return the scope to close
   */
  public static Scope setBaggage(@Nullable Map<String, String> entries) {
    return Tracing.noop().setBaggage(entries);
  }

  /**
   * See {@link Tracing#getBaggage(String)}.
   *
   * @param key the key
   * @return the value, or null
   */
  public static @Nullable String getBaggage(String key) {
    return Tracing.noop().getBaggage(key);
  }

  /**
   * See {@link Tracing#getAllBaggage()}.
   *
   * @return every entry
   */
  public static Map<String, String> getAllBaggage() {
    return Tracing.noop().getAllBaggage();
  }
}

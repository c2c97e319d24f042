package dev.tracekit.api;

import dev.tracekit.api.support.AttributeValues;
import dev.tracekit.api.support.Diagnostics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Describes one span (kind, attributes, parent, links, start time) and then runs it: {@link #run},
 * {@link #call}, {@link #callAsync}, or {@link #start} for try-with-resources. Obtained from {@link
 * Tracing#span(String)} or {@link Traces#span(String)}; use each instance once.
 *
 * <pre>{@code
 * Receipt receipt = Traces.span("payments.charge")
 *     .kind(SpanKind.CLIENT)
 *     .attribute("payment.provider", "stripe")
 *     .attributes(Map.of("payment.amount_cents", 1299))
 *     .call(() -> gateway.charge(card));
 *
 * try (ActiveSpan span = Traces.span("batch.import").noParent().start()) {
 *   span.span().setAttribute("batch.size", rows.size());
 *   importAll(rows);
 * }
 * }</pre>
 *
 * <p>Attribute values given as loosely typed objects follow {@link Tracing#setAttributes(Map)}.
 * Setters never throw; null arguments are ignored and reported once.
 */
public final class SpanRunner {
  private final Tracing tracing;
  private final SpanBuilder builder;

  SpanRunner(Tracing tracing, SpanBuilder builder) {
    this.tracing = tracing;
    this.builder = builder;
  }

  /**
   * Sets the span kind (INTERNAL by default).
   *
   * @param kind the kind; null is ignored
   * @return this
   */
  public SpanRunner kind(@Nullable SpanKind kind) {
    if (kind != null) {
      builder.setSpanKind(kind);
    }
    return this;
  }

  /**
   * Adds a string attribute, set at start so samplers see it.
   *
   * @param key the key
   * @param value the value; null is ignored
   * @return this
   */
  public SpanRunner attribute(String key, @Nullable String value) {
    if (key != null && value != null) {
      builder.setAttribute(key, value);
    }
    return this;
  }

  /**
   * Adds a long attribute.
   *
   * @param key the key
   * @param value the value
   * @return this
   */
  public SpanRunner attribute(String key, long value) {
    if (key != null) {
      builder.setAttribute(key, value);
    }
    return this;
  }

  /**
   * Adds a double attribute.
   *
   * @param key the key
   * @param value the value
   * @return this
   */
  public SpanRunner attribute(String key, double value) {
    if (key != null) {
      builder.setAttribute(key, value);
    }
    return this;
  }

  /**
   * Adds a boolean attribute.
   *
   * @param key the key
   * @param value the value
   * @return this
   */
  public SpanRunner attribute(String key, boolean value) {
    if (key != null) {
      builder.setAttribute(key, value);
    }
    return this;
  }

  /**
   * Adds a typed attribute (any OpenTelemetry value type, arrays included).
   *
   * @param key the key
   * @param value the value; null is ignored
   * @param <T> the value type
   * @return this
   */
  public <T> SpanRunner attribute(AttributeKey<T> key, @Nullable T value) {
    if (key != null && value != null) {
      builder.setAttribute(key, value);
    }
    return this;
  }

  /**
   * Adds typed attributes.
   *
   * @param attributes the attributes; null is ignored
   * @return this
   */
  public SpanRunner attributes(@Nullable Attributes attributes) {
    if (attributes != null) {
      builder.setAllAttributes(attributes);
    }
    return this;
  }

  /**
   * Adds attributes from a map, such as {@code Map.of("user.id", "u1", "items", 3)}.
   *
   * @param attributes the attributes; null is ignored
   * @return this
   */
  public SpanRunner attributes(@Nullable Map<String, ?> attributes) {
    if (attributes != null && !attributes.isEmpty()) {
      AttributesBuilder b = Attributes.builder();
      AttributeValues.putAll(b, attributes);
      builder.setAllAttributes(b.build());
    }
    return this;
  }

  /**
   * Uses an explicit parent context instead of the current one (for example one extracted from a
   * message).
   *
   * @param parent the parent context; null is ignored
   * @return this
   */
  public SpanRunner parent(@Nullable Context parent) {
    if (parent != null) {
      builder.setParent(parent);
    }
    return this;
  }

  /**
   * Makes the span the root of a new trace, whatever is current.
   *
   * @return this
   */
  public SpanRunner noParent() {
    builder.setNoParent();
    return this;
  }

  /**
   * Links the span to another span (for example each message of a batch).
   *
   * @param context the linked span's context; null or invalid is ignored
   * @return this
   */
  public SpanRunner link(@Nullable SpanContext context) {
    if (context != null && context.isValid()) {
      builder.addLink(context);
    }
    return this;
  }

  /**
   * Links the span to another span, with link attributes.
   *
   * @param context the linked span's context; null or invalid is ignored
   * @param attributes the link attributes
   * @return this
   */
  public SpanRunner link(@Nullable SpanContext context, @Nullable Attributes attributes) {
    if (context != null && context.isValid()) {
      builder.addLink(context, attributes == null ? Attributes.empty() : attributes);
    }
    return this;
  }

  /**
   * Sets an explicit start time (for work that began before the span could be created).
   *
   * @param start the start time; null is ignored
   * @return this
   */
  public SpanRunner startTime(@Nullable Instant start) {
    if (start != null) {
      builder.setStartTimestamp(start);
    }
    return this;
  }

  /**
   * Sets an explicit start time.
   *
   * @param start the start time since the epoch
   * @param unit its unit
   * @return this
   */
  public SpanRunner startTime(long start, TimeUnit unit) {
    if (unit != null) {
      builder.setStartTimestamp(start, unit);
    }
    return this;
  }

  /**
   * Starts the span, runs {@code fn} with the span current, ends the span.
   *
   * @param fn the call
   * @param <E> the exception type {@code fn} may throw
   * @throws E what {@code fn} threw, unchanged (recorded on the span)
   */
  public <E extends Throwable> void run(ThrowingRunnable<E> fn) throws E {
    if (fn == null) {
      Diagnostics.reportOnce("span run null", "span(..).run(null): nothing to run");
      return;
    }
    Tracing.runIn(tracing.errors(), builder.startSpan(), fn);
  }

  /**
   * Starts the span, calls {@code fn} with the span current, ends the span, returns the result.
   *
   * @param fn the call
   * @param <T> the result type
   * @param <E> the exception type {@code fn} may throw
   * @return what {@code fn} returned; null if {@code fn} is null
   * @throws E what {@code fn} threw, unchanged (recorded on the span)
   */
  public <T, E extends Throwable> @Nullable T call(ThrowingSupplier<? extends T, E> fn) throws E {
    if (fn == null) {
      Diagnostics.reportOnce("span call null", "span(..).call(null): nothing to run");
      return null;
    }
    return Tracing.callIn(tracing.errors(), builder.startSpan(), fn);
  }

  /**
   * Like {@link #call(ThrowingSupplier)}, handing the span to {@code fn}.
   *
   * @param fn the call, given the span
   * @param <T> the result type
   * @param <E> the exception type {@code fn} may throw
   * @return what {@code fn} returned; null if {@code fn} is null
   * @throws E what {@code fn} threw, unchanged (recorded on the span)
   */
  public <T, E extends Throwable> @Nullable T call(
      ThrowingFunction<? super Span, ? extends T, E> fn) throws E {
    if (fn == null) {
      Diagnostics.reportOnce("span call null", "span(..).call(null): nothing to run");
      return null;
    }
    return Tracing.applyIn(tracing.errors(), builder.startSpan(), fn);
  }

  /**
   * Starts the span and an asynchronous call; the span ends when the stage completes. See {@link
   * Tracing#traceAsync(String, Supplier)}.
   *
   * @param supplier starts the work and returns its stage
   * @param <T> the result type
   * @return a future completed with the stage's outcome after the span ended
   */
  public <T> CompletableFuture<T> callAsync(Supplier<? extends CompletionStage<T>> supplier) {
    return tracing.traceAsync(builder.startSpan(), supplier);
  }

  /**
   * Starts the span and makes it current until the returned handle is closed (which ends it).
   * Exceptions thrown inside the {@code try} block are not seen by the handle: record them with
   * {@link ActiveSpan#recordError(Throwable)}.
   *
   * @return the handle to close, on the same thread
   */
  public ActiveSpan start() {
    Span span = builder.startSpan();
    return new ActiveSpan(tracing.errors(), span, span.makeCurrent());
  }
}

package dev.tracekit.api;

import dev.tracekit.api.support.CarrierSupport;
import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.api.support.MessagingAttributes;
import dev.tracekit.api.support.MessagingInstruments;
import dev.tracekit.api.support.MessagingInstruments.Destination;
import dev.tracekit.api.support.MessagingInstruments.Kind;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Traces jobs and messages through a queue: one call on the producer side, one on the consumer
 * side, and the consumer's spans join the producer's trace.
 *
 * <pre>{@code
 * Messaging messaging = Messaging.builder(openTelemetry).system("rabbitmq").build();
 * // producer (for example in a webhook handler)
 * Map<String, Object> headers = new HashMap<>();
 * messaging.send("orders", headers, () -> { channel.basicPublish("", "orders", props(headers), body); return null; });
 * // consumer (another thread or process)
 * messaging.process("orders", delivery.getProperties().getHeaders(), () -> handle(delivery));
 * }</pre>
 *
 * <p>Producer side ({@code send}): a {@link SpanKind#PRODUCER} span named {@code send
 * {destination}} is opened; its context is written into the carrier with {@link TraceCarrier}
 * (propagation fields such as {@code traceparent}) together with {@value #ENQUEUED_AT_FIELD} (the
 * enqueue time in epoch milliseconds, as a decimal string); then the user's enqueue call runs
 * inside the span.
 *
 * <p>Consumer side ({@code process}): a {@link SpanKind#CONSUMER} span named {@code process
 * {destination}} is opened as a child of the producer's context (or, with {@link
 * Builder#linkToProducer(boolean)}, as a child of the current context with a link to the
 * producer's), the user's function runs inside it, and the following are recorded:
 *
 * <ul>
 *   <li>{@code messaging.system}, {@code messaging.destination.name}, {@code
 *       messaging.operation.type} ({@code send}/{@code process}), {@code messaging.operation.name},
 *       {@code messaging.message.id} (when given), {@code messaging.batch.message_count} (batches);
 *   <li>{@code tracekit.messaging.wait_time} (seconds, a double): now minus {@value
 *       #ENQUEUED_AT_FIELD}, and the histogram {@code tracekit.messaging.queue.wait} (seconds);
 *   <li>{@code tracekit.messaging.e2e_latency} (seconds, a double): from the carrier field named
 *       with {@link Builder#requestStartField(String)} (when the request that led to the message
 *       started, epoch milliseconds, written by the producer's code) or, when that option is unset
 *       or the field absent, from {@value #ENQUEUED_AT_FIELD}, to the end of processing; and the
 *       histogram {@code tracekit.messaging.e2e.duration} (seconds);
 *   <li>{@code tracekit.messaging.trace_id_only}: true when the carrier held only a bare trace id;
 *   <li>on an exception: status ERROR, the exception event and {@code error.type}; the exception is
 *       rethrown unchanged.
 * </ul>
 *
 * <p>Timestamps are compared with this machine's wall clock: clock skew between producer and
 * consumer hosts shows up in the waits (negative waits are recorded as 0). Numeric timestamps below
 * 10^11 are read as epoch seconds. Nothing here throws at run time except the user's own exception;
 * a missing or corrupt carrier gives a span in a new trace (or under the current span).
 *
 * <p>Null arguments at run time: a null callback ({@code enqueue}, {@code fn}) is skipped (the
 * method returns null), a null destination is recorded as {@code unknown}, a null setter or getter
 * leaves the carrier unused, a null list of carriers is an empty batch; the first occurrence of
 * each is reported once through {@link Diagnostics}. The builders fail fast with a {@link
 * NullPointerException} naming the parameter.
 */
public final class Messaging {
  /** Carrier field holding the enqueue time, epoch milliseconds: {@value}. */
  public static final String ENQUEUED_AT_FIELD = "_enqueuedAt";

  /**
   * The {@code messaging.system} when the builder names none: the conventions require the
   * attribute, and {@code _OTHER} marks a value outside the known set, as for {@code
   * http.request.method}.
   */
  public static final String OTHER_SYSTEM = "_OTHER";

  private final @Nullable MessagingInstruments fixed;
  private final String system;
  private final @Nullable String serverAddress;
  private final int serverPort;
  private final MessagingConvention convention;
  private final boolean linkToProducer;
  private final TraceCarrier carrier;
  private final @Nullable String requestStartField;
  private volatile @Nullable MessagingInstruments globalInstruments;

  private Messaging(Builder builder) {
    this.system = builder.system == null ? OTHER_SYSTEM : builder.system;
    this.serverAddress = builder.serverAddress;
    this.serverPort = builder.serverPort;
    this.convention = builder.convention;
    this.linkToProducer = builder.linkToProducer;
    this.requestStartField = builder.requestStartField;
    OpenTelemetry otel = builder.openTelemetry;
    this.fixed =
        otel == null
            ? null
            : new MessagingInstruments(otel, system, serverAddress, serverPort, convention);
    this.carrier = otel == null ? TraceCarrier.global() : TraceCarrier.create(otel);
  }

  /**
   * Messaging helpers with default options for the given instance ({@code messaging.system} not
   * set; prefer {@link #builder(OpenTelemetry)} with {@link Builder#system(String)}).
   *
   * @param openTelemetry the OpenTelemetry instance
   * @return the helpers
   * @throws NullPointerException if openTelemetry is null
   */
  public static Messaging create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /**
   * A builder for the given instance.
   *
   * @param openTelemetry the OpenTelemetry instance
   * @return the builder
   * @throws NullPointerException if openTelemetry is null
   */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /**
   * A builder whose helpers use the global OpenTelemetry, looked up on each call (so they may be
   * built before the SDK is installed, without fixing the global to a no-op).
   *
   * @return the builder
   */
  public static Builder globalBuilder() {
    return new Builder(null);
  }

  /**
   * The trace carrier helper these messaging helpers use.
   *
   * @return the carrier helper
   */
  public TraceCarrier carrier() {
    return carrier;
  }

  private MessagingInstruments instruments() {
    MessagingInstruments instruments = fixed;
    if (instruments != null) {
      return instruments;
    }
    OpenTelemetry global = GlobalOpenTelemetryAccess.getOrNoop();
    instruments = globalInstruments;
    if (instruments == null || instruments.openTelemetry() != global) {
      instruments = new MessagingInstruments(global, system, serverAddress, serverPort, convention);
      globalInstruments = instruments;
    }
    return instruments;
  }

  // ---------------------------------------------------------------- producer

  /**
   * Sends a message: opens {@code send {destination}}, writes the context and {@value
   * #ENQUEUED_AT_FIELD} into the map carrier (a payload or header map; must be mutable) and runs
   * the enqueue call inside the span.
   *
   * @param destination the queue or topic name
   * @param carrier the map travelling with the message
   * @param enqueue the user's enqueue call; null is skipped (returns null) and reported once
   * @param <T> the result type
   * @param <E> the exception type of the enqueue call
   * @return the enqueue call's result
   * @throws E the enqueue call's exception, unchanged
   */
  public <T, E extends Throwable> @Nullable T send(
      @Nullable String destination,
      @Nullable Map<String, ? super String> carrier,
      @Nullable ThrowingSupplier<? extends T, E> enqueue)
      throws E {
    return send(destination, null, carrier, CarrierSupport.MAP_SETTER, enqueue);
  }

  /**
   * Sends a message through any carrier type.
   *
   * @param destination the queue or topic name
   * @param messageId the message id when known before sending, or null
   * @param carrier the carrier travelling with the message
   * @param setter writes one field into the carrier; null leaves the carrier untouched
   * @param enqueue the user's enqueue call; null is skipped (returns null) and reported once
   * @param <C> the carrier type
   * @param <T> the result type
   * @param <E> the exception type of the enqueue call
   * @return the enqueue call's result
   * @throws E the enqueue call's exception, unchanged
   */
  public <C, T, E extends Throwable> @Nullable T send(
      @Nullable String destination,
      @Nullable String messageId,
      @Nullable C carrier,
      @Nullable TextMapSetter<C> setter,
      @Nullable ThrowingSupplier<? extends T, E> enqueue)
      throws E {
    if (enqueue == null) {
      Diagnostics.reportOnce(
          "messaging.send.null-callback",
          "Messaging.send called with a null enqueue call; skipped");
      return null;
    }
    if (setter == null) {
      Diagnostics.reportOnce(
          "messaging.send.null-setter",
          "Messaging.send called with a null setter; the context is not written into the carrier");
      carrier = null;
      setter = noopSetter();
    }
    if (destination == null) {
      reportNullDestination();
    }
    Span span;
    MessagingInstruments instruments;
    MessagingInstruments.Operation operation;
    try {
      instruments = instruments();
      Destination dest = instruments.destination(destination);
      operation = instruments.start(dest, Kind.SEND, 1);
      Context parent = Context.current();
      span =
          instruments
              .tracer()
              .spanBuilder(dest.sendSpanName)
              .setSpanKind(SpanKind.PRODUCER)
              .setParent(parent)
              .startSpan();
      if (span.isRecording()) {
        instruments.setCommon(span, dest, Kind.SEND, messageId);
      }
    } catch (Throwable t) {
      Diagnostics.propagateIfFatal(t);
      Diagnostics.reportOnce(
          "messaging send " + t.getClass().getName(),
          "could not trace a send to " + destination + "; the message is sent untraced",
          t);
      return enqueue.get();
    }
    // the span is started: from here on it is always ended (by runInSpan)
    this.carrier.inject(Context.current().with(span), carrier, setter);
    if (carrier != null) {
      try {
        setter.set(carrier, ENQUEUED_AT_FIELD, Long.toString(System.currentTimeMillis()));
      } catch (Throwable t) {
        Diagnostics.propagateIfFatal(t);
        Diagnostics.reportOnce(
            "messaging enqueued-at " + t.getClass().getName(),
            "could not write " + ENQUEUED_AT_FIELD + " into the carrier; queue waits are unknown",
            t);
      }
    }
    return runInSpan(span, Context.current().with(span), enqueue, instruments, operation, null, -1);
  }

  // ---------------------------------------------------------------- consumer

  /**
   * Processes one message from a map carrier (payload or headers) in any of the shapes {@link
   * TraceCarrier} reads.
   *
   * @param destination the queue or topic name
   * @param carrier the map that travelled with the message; null or corrupt starts a new trace
   * @param fn the user's processing code; null is skipped (returns null) and reported once
   * @param <T> the result type
   * @param <E> the exception type of the processing code
   * @return fn's result
   * @throws E fn's exception, unchanged
   */
  public <T, E extends Throwable> @Nullable T process(
      @Nullable String destination,
      @Nullable Map<String, ?> carrier,
      @Nullable ThrowingSupplier<? extends T, E> fn)
      throws E {
    return process(destination, null, carrier, fn);
  }

  /**
   * Processes one message with a known message id from a map carrier.
   *
   * @param destination the queue or topic name
   * @param messageId the message id, or null
   * @param carrier the map that travelled with the message; null or corrupt starts a new trace
   * @param fn the user's processing code; null is skipped (returns null) and reported once
   * @param <T> the result type
   * @param <E> the exception type of the processing code
   * @return fn's result
   * @throws E fn's exception, unchanged
   */
  public <T, E extends Throwable> @Nullable T process(
      @Nullable String destination,
      @Nullable String messageId,
      @Nullable Map<String, ?> carrier,
      @Nullable ThrowingSupplier<? extends T, E> fn)
      throws E {
    return process(destination, messageId, carrier, CarrierSupport.MAP_GETTER, fn);
  }

  /**
   * Processes one message from any carrier type.
   *
   * @param destination the queue or topic name
   * @param messageId the message id, or null
   * @param carrier the carrier that travelled with the message; null or corrupt starts a new trace
   * @param getter reads one field from the carrier; null leaves the carrier unread
   * @param fn the user's processing code; null is skipped (returns null) and reported once
   * @param <C> the carrier type
   * @param <T> the result type
   * @param <E> the exception type of the processing code
   * @return fn's result
   * @throws E fn's exception, unchanged
   */
  public <C, T, E extends Throwable> @Nullable T process(
      @Nullable String destination,
      @Nullable String messageId,
      @Nullable C carrier,
      @Nullable TextMapGetter<C> getter,
      @Nullable ThrowingSupplier<? extends T, E> fn)
      throws E {
    if (fn == null) {
      Diagnostics.reportOnce(
          "messaging.process.null-callback",
          "Messaging.process called with a null function; skipped");
      return null;
    }
    if (getter == null) {
      Diagnostics.reportOnce(
          "messaging.process.null-getter",
          "Messaging.process called with a null getter; the carrier is not read");
      carrier = null;
      getter = noopGetter();
    }
    if (destination == null) {
      reportNullDestination();
    }
    Span span;
    Context scope;
    MessagingInstruments instruments;
    MessagingInstruments.Operation operation;
    long start = System.currentTimeMillis();
    long origin;
    try {
      Context base = Context.current();
      Context extracted =
          carrier == null ? base : extract(linkToProducer ? Context.root() : base, carrier, getter);
      long enqueuedAt =
          carrier == null
              ? -1
              : CarrierSupport.epochMillis(field(carrier, getter, ENQUEUED_AT_FIELD));
      long requestStart = carrier == null ? -1 : requestStart(carrier, getter);
      origin = requestStart > 0 ? requestStart : enqueuedAt;
      instruments = instruments();
      operation =
          instruments.start(instruments.destination(destination), Kind.PROCESS_AND_COUNT, 1);
      span = startProcess(instruments, destination, messageId, base, extracted, enqueuedAt, start);
      // The message's baggage (a correlation id, a user id) is current while it is processed.
      scope = (linkToProducer ? withBaggageOf(base, extracted) : extracted).with(span);
    } catch (Throwable t) {
      return untraced(destination, t, fn);
    }
    return runInSpan(
        span,
        scope,
        fn,
        instruments,
        operation,
        destination == null ? "unknown" : destination,
        origin);
  }

  /**
   * Processes a batch of messages from map carriers in one {@code process {destination}} span,
   * child of the current context, with a link to each message's context; the queue wait of each
   * message goes into the histogram and the longest into {@code tracekit.messaging.wait_time}.
   *
   * @param destination the queue or topic name
   * @param carriers the maps that travelled with the messages; null is an empty batch
   * @param fn the user's processing code for the whole batch; null is skipped (returns null) and
   *     reported once
   * @param <T> the result type
   * @param <E> the exception type of the processing code
   * @return fn's result
   * @throws E fn's exception, unchanged
   */
  public <T, E extends Throwable> @Nullable T processBatch(
      @Nullable String destination,
      @Nullable List<? extends @Nullable Map<String, ?>> carriers,
      @Nullable ThrowingSupplier<? extends T, E> fn)
      throws E {
    return processBatch(destination, carriers, CarrierSupport.MAP_GETTER, fn);
  }

  /**
   * Processes a batch of messages from any carrier type in one span with a link to each message.
   *
   * @param destination the queue or topic name
   * @param carriers the carriers that travelled with the messages; null is an empty batch
   * @param getter reads one field from a carrier; null leaves the carriers unread
   * @param fn the user's processing code for the whole batch; null is skipped (returns null) and
   *     reported once
   * @param <C> the carrier type
   * @param <T> the result type
   * @param <E> the exception type of the processing code
   * @return fn's result
   * @throws E fn's exception, unchanged
   */
  public <C, T, E extends Throwable> @Nullable T processBatch(
      @Nullable String destination,
      @Nullable List<? extends @Nullable C> carriers,
      @Nullable TextMapGetter<C> getter,
      @Nullable ThrowingSupplier<? extends T, E> fn)
      throws E {
    if (fn == null) {
      Diagnostics.reportOnce(
          "messaging.batch.null-callback",
          "Messaging.processBatch called with a null function; skipped");
      return null;
    }
    if (getter == null) {
      Diagnostics.reportOnce(
          "messaging.batch.null-getter",
          "Messaging.processBatch called with a null getter; the carriers are not read");
      carriers = null;
      getter = noopGetter();
    }
    if (destination == null) {
      reportNullDestination();
    }
    Span span;
    MessagingInstruments instruments;
    MessagingInstruments.Operation operation;
    long[] origins;
    try {
      instruments = instruments();
      Destination dest = instruments.destination(destination);
      operation =
          instruments.start(dest, Kind.PROCESS_AND_COUNT, carriers == null ? 0 : carriers.size());
      long now = System.currentTimeMillis();
      SpanBuilder builder =
          instruments
              .tracer()
              .spanBuilder(dest.processSpanName)
              .setSpanKind(SpanKind.CONSUMER)
              .setParent(Context.current());
      int size = carriers == null ? 0 : carriers.size();
      origins = new long[size];
      long maxWait = -1;
      for (int i = 0; i < size; i++) {
        C c = carriers.get(i);
        origins[i] = -1;
        if (c == null) {
          continue;
        }
        Context context = extract(Context.root(), c, getter);
        SpanContext linked = Span.fromContext(context).getSpanContext();
        if (linked.isValid()) {
          builder.addLink(linked);
        }
        long enqueuedAt = CarrierSupport.epochMillis(getter.get(c, ENQUEUED_AT_FIELD));
        long requestStart = requestStart(c, getter);
        origins[i] = requestStart > 0 ? requestStart : enqueuedAt;
        if (enqueuedAt > 0) {
          long wait = Math.max(0, now - enqueuedAt);
          instruments.recordQueueWait(wait / 1000.0, dest);
          maxWait = Math.max(maxWait, wait);
        }
      }
      span = builder.startSpan();
      if (span.isRecording()) {
        instruments.setCommon(span, dest, Kind.PROCESS, null);
        span.setAttribute(MessagingAttributes.MESSAGING_BATCH_MESSAGE_COUNT, (long) size);
        if (maxWait >= 0) {
          span.setAttribute(MessagingAttributes.WAIT_TIME, maxWait / 1000.0);
        }
      }
    } catch (Throwable t) {
      return untraced(destination, t, fn);
    }
    return runBatch(span, fn, instruments, operation, destination, origins);
  }

  // ---------------------------------------------------------------- internals

  private Span startProcess(
      MessagingInstruments instruments,
      @Nullable String destination,
      @Nullable String messageId,
      Context base,
      Context extracted,
      long enqueuedAt,
      long now) {
    Destination dest = instruments.destination(destination);
    Span span = instruments.processSpan(dest, base, extracted, linkToProducer).startSpan();
    if (span.isRecording()) {
      instruments.setCommon(span, dest, Kind.PROCESS, messageId);
      if (TraceCarrier.isTraceIdOnly(extracted)) {
        span.setAttribute(MessagingAttributes.TRACE_ID_ONLY, true);
      }
    }
    instruments.recordWait(span, dest, enqueuedAt > 0 ? Math.max(0, now - enqueuedAt) : -1);
    return span;
  }

  private static Context withBaggageOf(Context base, Context message) {
    Baggage carried = Baggage.fromContext(message);
    if (carried.isEmpty()) {
      return base;
    }
    BaggageBuilder merged = Baggage.fromContext(base).toBuilder();
    carried.forEach((key, entry) -> merged.put(key, entry.getValue(), entry.getMetadata()));
    return base.with(merged.build());
  }

  private static <T, E extends Throwable> T untraced(
      @Nullable String destination, Throwable t, ThrowingSupplier<? extends T, E> fn) throws E {
    Diagnostics.propagateIfFatal(t);
    Diagnostics.reportOnce(
        "messaging process " + t.getClass().getName(),
        "could not trace processing from " + destination + "; the message is processed untraced",
        t);
    return fn.get();
  }

  private static <T, E extends Throwable> T runInSpan(
      Span span,
      Context context,
      ThrowingSupplier<? extends T, E> fn,
      MessagingInstruments instruments,
      MessagingInstruments.Operation operation,
      @Nullable String destination,
      long origin)
      throws E {
    String errorType = null;
    Scope scope = context.makeCurrent();
    try {
      return fn.get();
    } catch (Throwable t) {
      errorType = t.getClass().getName();
      instruments.errors().record(span, t);
      throw t;
    } finally {
      scope.close();
      if (destination != null && origin > 0) {
        finishEndToEnd(span, instruments, destination, errorType, origin);
      }
      span.end();
      endOperation(operation, errorType);
    }
  }

  private static <T, E extends Throwable> T runBatch(
      Span span,
      ThrowingSupplier<? extends T, E> fn,
      MessagingInstruments instruments,
      MessagingInstruments.Operation operation,
      String destination,
      long[] origins)
      throws E {
    String errorType = null;
    Scope scope = span.makeCurrent();
    try {
      return fn.get();
    } catch (Throwable t) {
      errorType = t.getClass().getName();
      instruments.errors().record(span, t);
      throw t;
    } finally {
      scope.close();
      try {
        long now = System.currentTimeMillis();
        Destination dest = instruments.destination(destination);
        for (long origin : origins) {
          if (origin > 0) {
            instruments.recordEndToEnd(Math.max(0, now - origin) / 1000.0, dest, errorType);
          }
        }
      } catch (RuntimeException e) {
        Diagnostics.reportOnce("messaging e2e", "could not record end-to-end latency", e);
      }
      span.end();
      endOperation(operation, errorType);
    }
  }

  private static void endOperation(
      MessagingInstruments.Operation operation, @Nullable String errorType) {
    try {
      operation.end(errorType);
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("messaging metrics", "could not record a messaging metric", e);
    }
  }

  private static void finishEndToEnd(
      Span span,
      MessagingInstruments instruments,
      String destination,
      @Nullable String errorType,
      long origin) {
    instruments.recordEndToEnd(span, instruments.destination(destination), errorType, origin);
  }

  /**
   * The context in the carrier on top of {@code parent}; a map read through the map getter goes
   * through the map extraction (which accepts the map-only shapes).
   */
  private <C> Context extract(Context parent, C carrier, TextMapGetter<C> getter) {
    return carrier instanceof Map && getter == CarrierSupport.MAP_GETTER
        ? this.carrier.extract(parent, asMap(carrier))
        : this.carrier.extract(parent, carrier, getter);
  }

  /** The request start in the carrier's configured field; -1 when unset or absent. */
  private <C> long requestStart(C carrier, TextMapGetter<C> getter) {
    String field = requestStartField;
    return field == null ? -1 : CarrierSupport.epochMillis(field(carrier, getter, field));
  }

  private static void reportNullDestination() {
    Diagnostics.reportOnce(
        "messaging.null-destination",
        "a Messaging call had a null destination; it is recorded as unknown");
  }

  private static <C> TextMapSetter<C> noopSetter() {
    return (carrier, key, value) -> {};
  }

  private static <C> TextMapGetter<C> noopGetter() {
    return new TextMapGetter<C>() {
      @Override
      @SuppressWarnings("deprecation") // abstract before API 1.67
      public Iterable<String> keys(C carrier) {
        return List.of();
      }

      @Override
      public @Nullable String get(@Nullable C carrier, String key) {
        return null;
      }
    };
  }

  /** One field of the carrier; a map read through the map getter gives its raw value. */
  private static <C> @Nullable Object field(C carrier, TextMapGetter<C> getter, String key) {
    return carrier instanceof Map && getter == CarrierSupport.MAP_GETTER
        ? asMap(carrier).get(key)
        : getter.get(carrier, key);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> asMap(Object carrier) {
    return (Map<String, ?>) carrier;
  }

  /** Options for {@link Messaging}. */
  public static final class Builder {
    private final @Nullable OpenTelemetry openTelemetry;
    private @Nullable String system;
    private @Nullable String serverAddress;
    private int serverPort = -1;
    private MessagingConvention convention = MessagingConvention.DEFAULT;
    private boolean linkToProducer;
    private @Nullable String requestStartField;

    private Builder(@Nullable OpenTelemetry openTelemetry) {
      this.openTelemetry = openTelemetry;
    }

    /**
     * The {@code messaging.system} value, for example {@code rabbitmq}, {@code kafka}, {@code
     * redis}, {@code bullmq}.
     *
     * @param system the messaging system name
     * @return this builder
     * @throws NullPointerException if system is null
     * @throws IllegalArgumentException if system is blank
     */
    public Builder system(String system) {
      Objects.requireNonNull(system, "system");
      if (system.isBlank()) {
        throw new IllegalArgumentException("system must not be blank");
      }
      this.system = system;
      return this;
    }

    /**
     * The broker's {@code server.address} and {@code server.port}, recorded on spans and metrics.
     *
     * @param address the broker's host name or IP address
     * @param port the broker's port, or -1 when unknown
     * @return this builder
     * @throws NullPointerException if address is null
     * @throws IllegalArgumentException if address is blank or port is out of range
     */
    public Builder server(String address, int port) {
      Objects.requireNonNull(address, "address");
      if (address.isBlank()) {
        throw new IllegalArgumentException("address must not be blank");
      }
      if (port == 0 || port < -1 || port > 65535) {
        throw new IllegalArgumentException("port must be 1..65535 or -1: " + port);
      }
      this.serverAddress = address.strip();
      this.serverPort = port;
      return this;
    }

    /**
     * Replaces the span names and adds attributes: see {@link MessagingConvention}. Default: {@link
     * MessagingConvention#DEFAULT}, the messaging semantic conventions.
     *
     * @param convention the convention
     * @return this builder
     * @throws NullPointerException if convention is null
     */
    public Builder convention(MessagingConvention convention) {
      this.convention = Objects.requireNonNull(convention, "convention");
      return this;
    }

    /**
     * When true, a consumer span is a child of the current context (often: a new trace) with a span
     * link to the producer's context, instead of a child of the producer. Use it for fan-out, where
     * one message starts many independent pieces of work. Default false.
     *
     * @param linkToProducer whether to link instead of parenting
     * @return this builder
     */
    public Builder linkToProducer(boolean linkToProducer) {
      this.linkToProducer = linkToProducer;
      return this;
    }

    /**
     * The carrier field in which the producer's code writes when the request that led to the
     * message started (epoch milliseconds, or seconds below 10^11), for example {@code
     * _requestStartedAt}. The consumer then measures end-to-end latency from it ({@code
     * tracekit.messaging.e2e_latency} and the histogram {@code tracekit.messaging.e2e.duration});
     * without the option or the field, from {@value #ENQUEUED_AT_FIELD}. Default: unset.
     *
     * @param field the carrier field name
     * @return this builder
     * @throws NullPointerException if field is null
     * @throws IllegalArgumentException if field is blank
     */
    public Builder requestStartField(String field) {
      Objects.requireNonNull(field, "field");
      if (field.isBlank()) {
        throw new IllegalArgumentException("field must not be blank");
      }
      this.requestStartField = field;
      return this;
    }

    /**
     * Builds the helpers.
     *
     * @return the messaging helpers
     */
    public Messaging build() {
      return new Messaging(this);
    }
  }
}

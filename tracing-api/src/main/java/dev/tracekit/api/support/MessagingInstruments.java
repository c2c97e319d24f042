package dev.tracekit.api.support;

import dev.tracekit.api.ErrorRecorder;
import dev.tracekit.api.MessagingConvention;
import dev.tracekit.api.ThrowingSupplier;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The one implementation of the messaging conventions that {@code dev.tracekit.api.Messaging} and
 * the Kafka and NATS modules share: the tracer, the spec's messaging metrics ({@code
 * messaging.client.operation.duration}, {@code messaging.process.duration}, {@code
 * messaging.client.sent.messages}, {@code messaging.client.consumed.messages}), TraceKit's wait and
 * end-to-end histograms, span names from a {@link MessagingConvention}, and the common span
 * attributes. Destination names used as metric attributes are bounded with {@link BoundedValues}.
 *
 * <p>Support API for TraceKit modules and integrations, not for application code.
 */
public final class MessagingInstruments {
  /** Instrumentation scope name of the generic helpers. */
  public static final String SCOPE = "dev.tracekit.api";

  /** Histogram of queue waits, seconds. */
  public static final String QUEUE_WAIT_METRIC = "tracekit.messaging.queue.wait";

  /** Histogram of end-to-end latencies, seconds. */
  public static final String E2E_METRIC = "tracekit.messaging.e2e.duration";

  /** Semconv {@code server.address}. */
  public static final AttributeKey<String> SERVER_ADDRESS =
      AttributeKey.stringKey("server.address");

  /** Semconv {@code server.port}. */
  public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

  private static final List<Double> BUCKETS =
      Arrays.asList(
          0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 30.0,
          60.0, 300.0);
  private static final int MAX_DESTINATIONS = 256;

  /** The conventions' advice for the messaging duration histograms. */
  private static final List<Double> DURATION_BUCKETS =
      Arrays.asList(
          0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

  /** What a timed operation is, with its {@code messaging.operation.type}. */
  public enum Kind {
    /** A send: {@code messaging.client.operation.duration} and {@code sent.messages}. */
    SEND("send"),
    /**
     * A receive (a poll): {@code messaging.client.operation.duration} and {@code
     * consumed.messages}.
     */
    RECEIVE("receive"),
    /**
     * A process that follows a {@link #RECEIVE} already counted: {@code messaging.process.duration}
     * only.
     */
    PROCESS("process"),
    /**
     * A process with no receive of its own: {@code messaging.process.duration} and {@code
     * consumed.messages}.
     */
    PROCESS_AND_COUNT("process");

    private final String type;

    Kind(String type) {
      this.type = type;
    }

    /**
     * The {@code messaging.operation.type} value.
     *
     * @return send, receive or process
     */
    public String type() {
      return type;
    }
  }

  private final OpenTelemetry openTelemetry;
  private final Tracer tracer;
  private final ErrorRecorder errors;
  private final DoubleHistogram queueWait;
  private final DoubleHistogram endToEnd;
  private final DoubleHistogram operationDuration;
  private final DoubleHistogram processDuration;
  private final LongCounter sentMessages;
  private final LongCounter consumedMessages;
  private final String system;
  private final @Nullable String serverAddress;
  private final int serverPort;
  private final MessagingConvention convention;
  private final BoundedValues destinationNames =
      BoundedValues.of("messaging.*", "messaging.destination.name");
  private final Map<String, Destination> destinations = new ConcurrentHashMap<>();

  /**
   * Creates the instruments of the generic helpers (scope {@value #SCOPE}).
   *
   * @param openTelemetry the instance
   * @param system the {@code messaging.system} value
   * @param serverAddress the broker's {@code server.address}, or null
   * @param serverPort the broker's {@code server.port}, or -1
   * @param convention span names and extra attributes
   */
  public MessagingInstruments(
      OpenTelemetry openTelemetry,
      String system,
      @Nullable String serverAddress,
      int serverPort,
      MessagingConvention convention) {
    this(openTelemetry, SCOPE, system, serverAddress, serverPort, convention);
  }

  /**
   * Creates the instruments under an instrumentation scope of their own.
   *
   * @param openTelemetry the instance
   * @param scope the instrumentation scope name, for example {@code dev.tracekit.kafka}
   * @param system the {@code messaging.system} value
   * @param serverAddress the broker's {@code server.address}, or null
   * @param serverPort the broker's {@code server.port}, or -1
   * @param convention span names and extra attributes
   * @throws NullPointerException if openTelemetry, scope, system or convention is null
   */
  public MessagingInstruments(
      OpenTelemetry openTelemetry,
      String scope,
      String system,
      @Nullable String serverAddress,
      int serverPort,
      MessagingConvention convention) {
    this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    Objects.requireNonNull(scope, "scope");
    this.convention = Objects.requireNonNull(convention, "convention");
    this.system = Objects.requireNonNull(system, "system");
    this.serverAddress = serverAddress;
    this.serverPort = serverPort;
    this.tracer = Scopes.tracer(openTelemetry, scope);
    this.errors = ErrorRecorder.create(openTelemetry, scope);
    Meter meter = Scopes.meter(openTelemetry, scope);
    this.operationDuration =
        meter
            .histogramBuilder("messaging.client.operation.duration")
            .setUnit("s")
            .setDescription(
                "Duration of messaging operation initiated by a producer or consumer client.")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
            .build();
    this.processDuration =
        meter
            .histogramBuilder("messaging.process.duration")
            .setUnit("s")
            .setDescription("Duration of processing operation.")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
            .build();
    this.sentMessages =
        meter
            .counterBuilder("messaging.client.sent.messages")
            .setUnit("{message}")
            .setDescription("Number of messages producer attempted to send to the broker.")
            .build();
    this.consumedMessages =
        meter
            .counterBuilder("messaging.client.consumed.messages")
            .setUnit("{message}")
            .setDescription("Number of messages that were delivered to the application.")
            .build();
    this.queueWait =
        meter
            .histogramBuilder(QUEUE_WAIT_METRIC)
            .setUnit("s")
            .setDescription("Time a message waited in the queue before processing started")
            .setExplicitBucketBoundariesAdvice(BUCKETS)
            .build();
    this.endToEnd =
        meter
            .histogramBuilder(E2E_METRIC)
            .setUnit("s")
            .setDescription(
                "Time from the original request start (or the enqueue) to the end of processing")
            .setExplicitBucketBoundariesAdvice(BUCKETS)
            .build();
  }

  /**
   * The instance these instruments belong to.
   *
   * @return the OpenTelemetry instance
   */
  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /**
   * How failures are recorded.
   *
   * @return the error recorder
   */
  public ErrorRecorder errors() {
    return errors;
  }

  /**
   * The tracer.
   *
   * @return the tracer
   */
  public Tracer tracer() {
    return tracer;
  }

  /**
   * The {@code messaging.system} value.
   *
   * @return the system
   */
  public String system() {
    return system;
  }

  /**
   * The broker's address, or null.
   *
   * @return the {@code server.address}
   */
  public @Nullable String serverAddress() {
    return serverAddress;
  }

  /**
   * The broker's port, or -1.
   *
   * @return the {@code server.port}
   */
  public int serverPort() {
    return serverPort;
  }

  /**
   * Starts timing one operation for the conventions' metrics.
   *
   * @param destination the destination
   * @param send true for a send, false for processing (counted as consumed)
   * @param messages how many messages the operation covers
   * @return the operation; call {@link Operation#end} once
   */
  public Operation start(Destination destination, boolean send, long messages) {
    return start(destination, send ? Kind.SEND : Kind.PROCESS_AND_COUNT, messages);
  }

  /**
   * Starts timing one operation for the conventions' metrics.
   *
   * @param destination the destination
   * @param kind what the operation is
   * @param messages how many messages the operation covers
   * @return the operation; call {@link Operation#end} once
   */
  public Operation start(Destination destination, Kind kind, long messages) {
    return new Operation(this, destination, kind, messages, System.nanoTime());
  }

  /**
   * Starts timing one operation that began at {@code startNanos} (a {@link System#nanoTime()}
   * reading), for an operation timed before its destination was known (a poll).
   *
   * @param destination the destination
   * @param kind what the operation is
   * @param messages how many messages the operation covers
   * @param startNanos when it began, from {@link System#nanoTime()}
   * @return the operation; call {@link Operation#end} once
   */
  public Operation start(Destination destination, Kind kind, long messages, long startNanos) {
    return new Operation(this, destination, kind, messages, startNanos);
  }

  /** One operation being timed. */
  public static final class Operation {
    private final MessagingInstruments instruments;
    private final Destination destination;
    private final Kind kind;
    private final long messages;
    private final long startNanos;

    Operation(
        MessagingInstruments instruments,
        Destination destination,
        Kind kind,
        long messages,
        long startNanos) {
      this.instruments = instruments;
      this.destination = destination;
      this.kind = kind;
      this.messages = messages;
      this.startNanos = startNanos;
    }

    /**
     * Records the operation's duration and message count (see {@link Kind}). Never throws.
     *
     * @param errorType the error type, or null on success
     */
    public void end(@Nullable String errorType) {
      try {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Attributes attributes = destination.metricAttributes(kind);
        if (errorType != null) {
          attributes =
              attributes.toBuilder().put(MessagingAttributes.ERROR_TYPE, errorType).build();
        }
        switch (kind) {
          case SEND:
            instruments.operationDuration.record(seconds, attributes);
            instruments.sentMessages.add(messages, attributes);
            break;
          case RECEIVE:
            instruments.operationDuration.record(seconds, attributes);
            instruments.consumedMessages.add(messages, attributes);
            break;
          case PROCESS:
            instruments.processDuration.record(seconds, attributes);
            break;
          case PROCESS_AND_COUNT:
            instruments.processDuration.record(seconds, attributes);
            instruments.consumedMessages.add(messages, attributes);
            break;
        }
      } catch (RuntimeException e) {
        Diagnostics.reportOnce("messaging metrics", "could not record a messaging metric", e);
      }
    }
  }

  /**
   * Records a queue wait in the histogram.
   *
   * @param seconds the wait in seconds
   * @param destination the destination
   */
  public void recordQueueWait(double seconds, @Nullable Destination destination) {
    destination = orUnknown(destination);
    queueWait.record(seconds, destination.metricAttributes);
  }

  /**
   * Records an end-to-end latency in the histogram.
   *
   * @param seconds the latency in seconds
   * @param destination the destination
   * @param errorType the error type, or null on success
   */
  public void recordEndToEnd(
      double seconds, @Nullable Destination destination, @Nullable String errorType) {
    destination = orUnknown(destination);
    Attributes attributes =
        errorType == null
            ? destination.metricAttributes
            : destination.metricAttributes.toBuilder()
                .put(MessagingAttributes.ERROR_TYPE, errorType)
                .build();
    endToEnd.record(seconds, attributes);
  }

  private Destination orUnknown(@Nullable Destination destination) {
    return destination == null ? destination(null) : destination;
  }

  /**
   * Cached names and attributes for a destination (bounded; beyond the bound they are built per
   * call). The span name keeps the full name; metric attributes carry the bounded one.
   *
   * @param name the destination name; null becomes {@code unknown}
   * @return the cached entry
   */
  public Destination destination(@Nullable String name) {
    String key = name == null ? "unknown" : name;
    Destination cached = destinations.get(key);
    if (cached != null) {
      return cached;
    }
    String bounded = destinationNames.bound(key);
    Destination created =
        new Destination(
            key, bounded == null ? key : bounded, system, serverAddress, serverPort, convention);
    if (destinations.size() < MAX_DESTINATIONS) {
      destinations.putIfAbsent(key, created);
    }
    return created;
  }

  private static String spanName(
      MessagingConvention convention, String operation, String destination) {
    if (convention != MessagingConvention.DEFAULT) {
      try {
        String name = convention.spanName(operation, destination);
        if (name != null && !name.isEmpty()) {
          return name;
        }
      } catch (RuntimeException e) {
        Diagnostics.reportOnce(
            "messaging.convention.name " + convention.getClass().getName(),
            "a MessagingConvention threw naming a span; the default name is used",
            e);
      }
    }
    return MessagingConvention.DEFAULT.spanName(operation, destination);
  }

  /**
   * Sets the standard attributes on a recording span ({@code messaging.system}, {@code server.*},
   * {@code messaging.destination.name}, {@code messaging.operation.type/name}, {@code
   * messaging.message.id} when given), then the convention's.
   *
   * @param span the span
   * @param destination the destination
   * @param kind the operation
   * @param messageId the message id, or null
   */
  public void setCommon(
      @Nullable Span span,
      @Nullable Destination destination,
      @Nullable Kind kind,
      @Nullable String messageId) {
    if (span == null || kind == null) {
      return;
    }
    destination = orUnknown(destination);
    span.setAttribute(MessagingAttributes.MESSAGING_SYSTEM, system);
    if (serverAddress != null) {
      span.setAttribute(SERVER_ADDRESS, serverAddress);
      if (serverPort > 0) {
        span.setAttribute(SERVER_PORT, (long) serverPort);
      }
    }
    span.setAttribute(MessagingAttributes.MESSAGING_DESTINATION_NAME, destination.name);
    span.setAttribute(MessagingAttributes.MESSAGING_OPERATION_TYPE, kind.type());
    span.setAttribute(MessagingAttributes.MESSAGING_OPERATION_NAME, kind.type());
    if (messageId != null) {
      span.setAttribute(MessagingAttributes.MESSAGING_MESSAGE_ID, messageId);
    }
    conventionAttributes(span, kind.type(), destination.name);
  }

  /**
   * Adds the convention's attributes to a recording span, after the standard ones.
   *
   * @param span the span
   * @param operation {@code send}, {@code receive} or {@code process}
   * @param destination the destination
   */
  public void conventionAttributes(Span span, String operation, String destination) {
    if (convention == MessagingConvention.DEFAULT) {
      return;
    }
    try {
      AttributesBuilder attributes = Attributes.builder();
      convention.onStart(operation, destination, attributes);
      span.setAllAttributes(attributes.build());
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "messaging.convention.start " + convention.getClass().getName(),
          "a MessagingConvention threw adding attributes; they are left out",
          e);
    }
  }

  /**
   * A builder for a {@code process {destination}} CONSUMER span: a child of the producer's context
   * or, with {@code link}, a child of {@code base} with a span link to the producer's context.
   *
   * @param destination the destination
   * @param base the context the consumer runs in (usually the current one)
   * @param producer the context extracted from the message on top of {@code base} (or of the root
   *     context when linking)
   * @param link whether to link to the producer instead of parenting
   * @return the span builder, not started
   */
  public SpanBuilder processSpan(
      @Nullable Destination destination,
      @Nullable Context base,
      @Nullable Context producer,
      boolean link) {
    destination = orUnknown(destination);
    base = base == null ? Context.current() : base;
    producer = producer == null ? base : producer;
    SpanBuilder builder =
        tracer.spanBuilder(destination.processSpanName).setSpanKind(SpanKind.CONSUMER);
    if (link) {
      builder.setParent(base);
      SpanContext linked = Span.fromContext(producer).getSpanContext();
      if (linked.isValid()) {
        builder.addLink(linked);
      }
    } else {
      builder.setParent(producer);
    }
    return builder;
  }

  /**
   * Records how long a message waited before processing: the histogram and, on a recording span,
   * {@code tracekit.messaging.wait_time} (seconds).
   *
   * @param span the process span
   * @param destination the destination
   * @param waitMillis the wait in milliseconds; negative means unknown (nothing recorded)
   */
  public void recordWait(@Nullable Span span, @Nullable Destination destination, long waitMillis) {
    span = span == null ? Span.getInvalid() : span;
    destination = orUnknown(destination);
    if (waitMillis < 0) {
      return;
    }
    double seconds = waitMillis / 1000.0;
    recordQueueWait(seconds, destination);
    if (span.isRecording()) {
      span.setAttribute(MessagingAttributes.WAIT_TIME, seconds);
    }
  }

  /**
   * Records the end-to-end latency from {@code originMillis} to now: the histogram and, on a
   * recording span, {@code tracekit.messaging.e2e_latency} (seconds). Never throws.
   *
   * @param span the process span, not yet ended
   * @param destination the destination
   * @param errorType the error type, or null on success
   * @param originMillis epoch milliseconds of the origin; 0 or less means unknown
   */
  public void recordEndToEnd(
      Span span, Destination destination, @Nullable String errorType, long originMillis) {
    if (originMillis <= 0) {
      return;
    }
    try {
      double e2e = Math.max(0, System.currentTimeMillis() - originMillis) / 1000.0;
      recordEndToEnd(e2e, destination, errorType);
      if (span.isRecording()) {
        span.setAttribute(MessagingAttributes.E2E_LATENCY, e2e);
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("messaging e2e", "could not record end-to-end latency", e);
    }
  }

  /**
   * Runs a consumer's code in its started process span: the span current around {@code fn}, a
   * failure recorded on it, then end-to-end latency from {@code originMillis}, the span's end and
   * the operation's metrics. The one shape behind every wrapper's {@code process}.
   *
   * @param span the started process span
   * @param scope the context to make current (the span's)
   * @param destination the destination
   * @param operation the started operation (its metrics)
   * @param originMillis the request start or enqueue time, epoch ms; 0 or less for none
   * @param fn the consumer's code; null is skipped (returns null, reported once); with a null span,
   *     scope, destination or operation it runs untraced
   * @param <T> the result type
   * @param <E> fn's exception type
   * @return fn's result
   * @throws E fn's exception, unchanged
   */
  public <T, E extends Throwable> @Nullable T runProcess(
      @Nullable Span span,
      @Nullable Context scope,
      @Nullable Destination destination,
      @Nullable Operation operation,
      long originMillis,
      @Nullable ThrowingSupplier<? extends T, E> fn)
      throws E {
    if (fn == null) {
      Diagnostics.reportOnce("messaging.run-process.null-fn", "runProcess(.., null): skipped");
      return null;
    }
    if (span == null || scope == null || destination == null || operation == null) {
      Diagnostics.reportOnce(
          "messaging.run-process.null", "runProcess without a span or operation: runs untraced");
      return fn.get();
    }
    String errorType = null;
    try (Scope ignored = scope.makeCurrent()) {
      return fn.get();
    } catch (Throwable t) {
      errorType = t.getClass().getName();
      errors.record(span, t);
      throw t;
    } finally {
      recordEndToEnd(span, destination, errorType, originMillis);
      span.end();
      operation.end(errorType);
    }
  }

  /**
   * Records one receive (a poll, a fetch): a {@code receive {destination}} CONSUMER span ({@code
   * receive} when the messages come from several destinations) started at {@code startMillis} with
   * {@code links} (the producers' contexts), the batch count and consumer group, and the receive
   * metrics per destination. Never throws.
   *
   * @param perDestination message counts by destination name; null or empty records nothing
   * @param links the producers' span contexts to link, or null
   * @param group the consumer group, or null
   * @param startMillis when the receive started, epoch ms
   * @param startNanos when the receive started, {@link System#nanoTime()}
   */
  public void recordReceive(
      @Nullable Map<String, Integer> perDestination,
      @Nullable List<SpanContext> links,
      @Nullable String group,
      long startMillis,
      long startNanos) {
    if (perDestination == null || perDestination.isEmpty()) {
      return;
    }
    try {
      String single = perDestination.size() == 1 ? perDestination.keySet().iterator().next() : null;
      Destination dest = single == null ? null : destination(single);
      SpanBuilder builder =
          tracer
              .spanBuilder(dest == null ? "receive" : dest.receiveSpanName)
              .setSpanKind(SpanKind.CONSUMER)
              .setParent(Context.current())
              .setStartTimestamp(startMillis, TimeUnit.MILLISECONDS);
      if (links != null) {
        for (SpanContext link : links) {
          if (link != null) {
            builder.addLink(link);
          }
        }
      }
      Span span = builder.startSpan();
      if (span.isRecording()) {
        if (dest != null) {
          setCommon(span, dest, Kind.RECEIVE, null);
        } else {
          span.setAttribute(MessagingAttributes.MESSAGING_SYSTEM, system);
          span.setAttribute(MessagingAttributes.MESSAGING_OPERATION_TYPE, "receive");
          span.setAttribute(MessagingAttributes.MESSAGING_OPERATION_NAME, "receive");
        }
        long count = 0;
        for (int n : perDestination.values()) {
          count += n;
        }
        span.setAttribute(MessagingAttributes.MESSAGING_BATCH_MESSAGE_COUNT, count);
        if (group != null) {
          span.setAttribute(MessagingAttributes.MESSAGING_CONSUMER_GROUP_NAME, group);
        }
      }
      span.end();
      for (Map.Entry<String, Integer> entry : perDestination.entrySet()) {
        start(destination(entry.getKey()), Kind.RECEIVE, entry.getValue(), startNanos).end(null);
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "messaging.receive " + e.getClass().getName(), "could not trace a receive", e);
    }
  }

  /** Span names and metric attributes of one destination. */
  public static final class Destination {
    /** The destination name. */
    public final String name;

    /** {@code send {destination}}. */
    public final String sendSpanName;

    /** {@code receive {destination}}. */
    public final String receiveSpanName;

    /** {@code process {destination}}. */
    public final String processSpanName;

    /** Metric attributes: system and the (bounded) destination. */
    public final Attributes metricAttributes;

    private final Attributes sendAttributes;
    private final Attributes receiveAttributes;
    private final Attributes processAttributes;

    Destination(
        String name,
        String boundedName,
        String system,
        @Nullable String serverAddress,
        int serverPort,
        MessagingConvention convention) {
      this.name = name;
      this.sendSpanName = spanName(convention, "send", name);
      this.receiveSpanName = spanName(convention, "receive", name);
      this.processSpanName = spanName(convention, "process", name);
      this.metricAttributes =
          Attributes.builder()
              .put(MessagingAttributes.MESSAGING_SYSTEM, system)
              .put(MessagingAttributes.MESSAGING_DESTINATION_NAME, boundedName)
              .build();
      AttributesBuilder common = metricAttributes.toBuilder();
      if (serverAddress != null) {
        common.put(SERVER_ADDRESS, serverAddress);
        if (serverPort > 0) {
          common.put(SERVER_PORT, (long) serverPort);
        }
      }
      Attributes base = common.build();
      this.sendAttributes = operation(base, "send");
      this.receiveAttributes = operation(base, "receive");
      this.processAttributes = operation(base, "process");
    }

    private static Attributes operation(Attributes base, String type) {
      return base.toBuilder()
          .put(MessagingAttributes.MESSAGING_OPERATION_NAME, type)
          .put(MessagingAttributes.MESSAGING_OPERATION_TYPE, type)
          .build();
    }

    Attributes metricAttributes(Kind kind) {
      switch (kind) {
        case SEND:
          return sendAttributes;
        case RECEIVE:
          return receiveAttributes;
        default:
          return processAttributes;
      }
    }
  }
}

package dev.tracekit.api.internal;

import dev.tracekit.api.ErrorRecorder;
import dev.tracekit.api.MessagingConvention;
import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.api.support.Scopes;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The tracer, histograms and per-destination names/attributes used by {@code
 * dev.tracekit.api.Messaging} and {@code dev.tracekit.api.Workflows} for one OpenTelemetry
 * instance.
 *
 * <p>Internal: not API.
 */
public final class MessagingInstruments {
  /** Instrumentation scope name. */
  public static final String SCOPE = "dev.tracekit.api";

  /** Histogram of queue waits, seconds. */
  public static final String QUEUE_WAIT_METRIC = "tracekit.messaging.queue.wait";

  /** Histogram of end-to-end latencies, seconds. */
  public static final String E2E_METRIC = "tracekit.messaging.e2e.duration";

  private static final List<Double> BUCKETS =
      Arrays.asList(
          0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 30.0,
          60.0, 300.0);
  private static final int MAX_DESTINATIONS = 256;

  /** The conventions' advice for the messaging duration histograms. */
  private static final List<Double> DURATION_BUCKETS =
      Arrays.asList(
          0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

  /** Semconv {@code server.address}. */
  public static final AttributeKey<String> SERVER_ADDRESS =
      AttributeKey.stringKey("server.address");

  /** Semconv {@code server.port}. */
  public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

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
  private final Map<String, Destination> destinations = new ConcurrentHashMap<>();

  /**
   * Creates the instruments.
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
    this.openTelemetry = openTelemetry;
    this.convention = convention;
    this.system = system;
    this.serverAddress = serverAddress;
    this.serverPort = serverPort;
    this.tracer = Scopes.tracer(openTelemetry, SCOPE);
    this.errors = ErrorRecorder.create(openTelemetry, SCOPE);
    Meter meter = Scopes.meter(openTelemetry, SCOPE);
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
   * @return the system or null
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
   * Starts timing one send or process operation for the conventions' metrics.
   *
   * @param destination the destination
   * @param send true for a send, false for processing
   * @param messages how many messages the operation covers
   * @return the operation; call {@link Operation#end} once
   */
  public Operation start(Destination destination, boolean send, long messages) {
    return new Operation(this, destination, send, messages);
  }

  /** One send or process operation being timed. */
  public static final class Operation {
    private final MessagingInstruments instruments;
    private final Destination destination;
    private final boolean send;
    private final long messages;
    private final long startNanos = System.nanoTime();

    Operation(
        MessagingInstruments instruments, Destination destination, boolean send, long messages) {
      this.instruments = instruments;
      this.destination = destination;
      this.send = send;
      this.messages = messages;
    }

    /**
     * Records {@code messaging.client.operation.duration} and {@code
     * messaging.client.sent.messages} (send), or {@code messaging.process.duration} and {@code
     * messaging.client.consumed.messages} (process).
     *
     * @param errorType the error type, or null on success
     */
    public void end(@Nullable String errorType) {
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      Attributes attributes = send ? destination.sendAttributes : destination.processAttributes;
      if (errorType != null) {
        attributes = attributes.toBuilder().put(MessagingAttributes.ERROR_TYPE, errorType).build();
      }
      if (send) {
        instruments.operationDuration.record(seconds, attributes);
        instruments.sentMessages.add(messages, attributes);
      } else {
        instruments.processDuration.record(seconds, attributes);
        instruments.consumedMessages.add(messages, attributes);
      }
    }
  }

  /**
   * Records a queue wait.
   *
   * @param millis the wait in milliseconds
   * @param destination the destination
   */
  public void recordQueueWait(long millis, Destination destination) {
    queueWait.record(millis / 1000.0, destination.metricAttributes);
  }

  /**
   * Records an end-to-end latency.
   *
   * @param millis the latency in milliseconds
   * @param destination the destination
   * @param errorType the error type, or null on success
   */
  public void recordEndToEnd(long millis, Destination destination, @Nullable String errorType) {
    Attributes attributes =
        errorType == null
            ? destination.metricAttributes
            : destination.metricAttributes.toBuilder()
                .put(MessagingAttributes.ERROR_TYPE, errorType)
                .build();
    endToEnd.record(millis / 1000.0, attributes);
  }

  /**
   * Cached names and attributes for a destination (bounded; beyond the bound they are built per
   * call).
   *
   * @param name the destination name
   * @return the cached entry
   */
  public Destination destination(String name) {
    Destination cached = destinations.get(name);
    if (cached != null) {
      return cached;
    }
    Destination created = new Destination(name, system, serverAddress, serverPort, convention);
    if (destinations.size() < MAX_DESTINATIONS) {
      destinations.putIfAbsent(name, created);
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
   * Adds the convention's attributes to a recording span, after the standard ones.
   *
   * @param span the span
   * @param operation {@code send} or {@code process}
   * @param destination the destination
   */
  public void conventionAttributes(
      io.opentelemetry.api.trace.Span span, String operation, String destination) {
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

  /** Span names and metric attributes of one destination. */
  public static final class Destination {
    /** The destination name. */
    public final String name;

    /** {@code send {destination}}. */
    public final String sendSpanName;

    /** {@code process {destination}}. */
    public final String processSpanName;

    /** Metric attributes: system and destination. */
    public final Attributes metricAttributes;

    /** Attributes of the send metrics. */
    final Attributes sendAttributes;

    /** Attributes of the process metrics. */
    final Attributes processAttributes;

    Destination(
        String name,
        String system,
        @Nullable String serverAddress,
        int serverPort,
        MessagingConvention convention) {
      this.name = name;
      this.sendSpanName = spanName(convention, "send", name);
      this.processSpanName = spanName(convention, "process", name);
      this.metricAttributes =
          Attributes.builder()
              .put(MessagingAttributes.MESSAGING_SYSTEM, system)
              .put(MessagingAttributes.MESSAGING_DESTINATION_NAME, name)
              .build();
      AttributesBuilder common = metricAttributes.toBuilder();
      if (serverAddress != null) {
        common.put(SERVER_ADDRESS, serverAddress);
        if (serverPort > 0) {
          common.put(SERVER_PORT, (long) serverPort);
        }
      }
      Attributes base = common.build();
      this.sendAttributes =
          base.toBuilder()
              .put(MessagingAttributes.MESSAGING_OPERATION_NAME, "send")
              .put(MessagingAttributes.MESSAGING_OPERATION_TYPE, "send")
              .build();
      this.processAttributes =
          base.toBuilder()
              .put(MessagingAttributes.MESSAGING_OPERATION_NAME, "process")
              .put(MessagingAttributes.MESSAGING_OPERATION_TYPE, "process")
              .build();
    }
  }
}

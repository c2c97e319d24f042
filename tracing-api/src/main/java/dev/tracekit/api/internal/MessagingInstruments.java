package dev.tracekit.api.internal;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
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

  private final OpenTelemetry openTelemetry;
  private final Tracer tracer;
  private final DoubleHistogram queueWait;
  private final DoubleHistogram endToEnd;
  private final @Nullable String system;
  private final Map<String, Destination> destinations = new ConcurrentHashMap<>();

  /**
   * Creates the instruments.
   *
   * @param openTelemetry the instance
   * @param system the {@code messaging.system} value, or null to leave it out
   */
  public MessagingInstruments(OpenTelemetry openTelemetry, @Nullable String system) {
    this.openTelemetry = openTelemetry;
    this.system = system;
    this.tracer = openTelemetry.getTracer(SCOPE);
    Meter meter = openTelemetry.getMeter(SCOPE);
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
  public @Nullable String system() {
    return system;
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
    Destination created = new Destination(name, system);
    if (destinations.size() < MAX_DESTINATIONS) {
      destinations.putIfAbsent(name, created);
    }
    return created;
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

    Destination(String name, @Nullable String system) {
      this.name = name;
      this.sendSpanName = "send " + name;
      this.processSpanName = "process " + name;
      AttributesBuilder builder = Attributes.builder();
      if (system != null) {
        builder.put(MessagingAttributes.MESSAGING_SYSTEM, system);
      }
      this.metricAttributes =
          builder.put(MessagingAttributes.MESSAGING_DESTINATION_NAME, name).build();
    }
  }
}

package dev.tracekit.examples.support;

import dev.tracekit.metrics.MetricsTracing;
import dev.tracekit.metrics.TracingCounter;
import dev.tracekit.metrics.TracingGauge;
import dev.tracekit.metrics.TracingHistogram;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * An application's own metrics, written with TraceKit's instruments: the catalog of a webhook →
 * queue → worker message pipeline (message, cache, LLM, handoff and order counters; latency
 * histograms for each stage; gauges for queue depth, active workers and cache size). It is
 * application code, not part of the library: copy it and name the metrics after your service.
 *
 * <pre>{@code
 * PipelineMetrics pipeline = PipelineMetrics.create(MetricsTracing.create(openTelemetry));
 * pipeline.messagesReceived().increment();
 * pipeline.webhookDuration().time(() -> handle(request));
 * pipeline.llmDuration().time(() -> llm.chat(prompt), "gpt-4o");
 * TracingGauge depth = pipeline.registerQueueSize(queue::size);
 * }</pre>
 *
 * <p>Names follow OpenTelemetry conventions: dotted lower case under the application's namespace
 * ({@code pipeline.}; {@code pipeline.} is the library's), counters named after what they count
 * with a {@code {thing}} unit, durations as {@code *.duration} in seconds. Prometheus turns {@code
 * pipeline.messages.received} into {@code pipeline_messages_received_total} and {@code
 * pipeline.webhook.duration} into {@code pipeline_webhook_duration_seconds_bucket/_sum/_count}.
 */
public final class PipelineMetrics {
  /** Attribute on error counters and failed timings: the exception class or error code. */
  public static final String ERROR_TYPE = "error.type";

  /** Attribute on {@link #messagesSkipped()}: why the governor filtered the message. */
  public static final String SKIP_REASON = "pipeline.skip.reason";

  /** Attribute on LLM metrics: the requested model (semantic conventions key). */
  public static final String LLM_MODEL = "gen_ai.request.model";

  private final MetricsTracing metrics;
  private final TracingCounter messagesReceived;
  private final TracingCounter messagesProcessed;
  private final TracingCounter messagesErrored;
  private final TracingCounter messagesSkipped;
  private final TracingCounter cacheHits;
  private final TracingCounter cacheMisses;
  private final TracingCounter llmCalls;
  private final TracingCounter llmErrors;
  private final TracingCounter handoffs;
  private final TracingCounter ordersCreated;
  private final TracingHistogram webhookDuration;
  private final TracingHistogram queueWaitDuration;
  private final TracingHistogram workerDuration;
  private final TracingHistogram llmDuration;
  private final TracingHistogram governorDuration;
  private final TracingHistogram dispatcherDuration;
  private final TracingHistogram endToEndDuration;

  private PipelineMetrics(MetricsTracing metrics) {
    this.metrics = metrics;
    messagesReceived = counter("pipeline.messages.received", "{message}", "Incoming messages.");
    messagesProcessed =
        counter("pipeline.messages.processed", "{message}", "Messages processed successfully.");
    messagesErrored =
        counter(
            "pipeline.messages.errored",
            "{message}",
            "Messages whose processing failed.",
            ERROR_TYPE);
    messagesSkipped =
        counter(
            "pipeline.messages.skipped",
            "{message}",
            "Messages filtered out by the governor.",
            SKIP_REASON);
    cacheHits = counter("pipeline.cache.hits", "{hit}", "Semantic cache hits.");
    cacheMisses = counter("pipeline.cache.misses", "{miss}", "Semantic cache misses.");
    llmCalls = counter("pipeline.llm.calls", "{call}", "LLM API calls.", LLM_MODEL);
    llmErrors =
        counter(
            "pipeline.llm.errors", "{call}", "LLM API calls that failed.", LLM_MODEL, ERROR_TYPE);
    handoffs = counter("pipeline.handoffs", "{handoff}", "Conversations handed off to a human.");
    ordersCreated = counter("pipeline.orders", "{order}", "Orders created by the bot.");
    webhookDuration = seconds("pipeline.webhook.duration", "HTTP webhook handling time.");
    queueWaitDuration =
        seconds("pipeline.queue.wait.duration", "Time a message waited in the queue.");
    workerDuration =
        seconds("pipeline.worker.processing.duration", "Worker processing time per message.");
    llmDuration =
        metrics
            .histogram("pipeline.llm.duration")
            .description("LLM API response time.")
            .attributes(LLM_MODEL)
            .build();
    governorDuration = seconds("pipeline.governor.duration", "Governor evaluation time.");
    dispatcherDuration = seconds("pipeline.dispatcher.duration", "Route determination time.");
    endToEndDuration =
        seconds("pipeline.end_to_end.duration", "Webhook received to response sent.");
  }

  private TracingCounter counter(String name, String unit, String description, String... keys) {
    return metrics.counter(name).unit(unit).description(description).attributes(keys).build();
  }

  private TracingHistogram seconds(String name, String description) {
    return metrics.histogram(name).description(description).build();
  }

  private TracingGauge gauge(String name, String unit, String description, LongSupplier callback) {
    return metrics.longGauge(name, callback).unit(unit).description(description).build();
  }

  /**
   * Creates the catalog's instruments on this metrics entry point.
   *
   * @param metrics the entry point
   * @return the catalog
   * @throws NullPointerException if metrics is null
   */
  public static PipelineMetrics create(MetricsTracing metrics) {
    return new PipelineMetrics(Objects.requireNonNull(metrics, "metrics"));
  }

  /**
   * The metric {@code pipeline.messages.received}.
   *
   * @return the counter (no attributes)
   */
  public TracingCounter messagesReceived() {
    return messagesReceived;
  }

  /**
   * The metric {@code pipeline.messages.processed}.
   *
   * @return the counter (no attributes)
   */
  public TracingCounter messagesProcessed() {
    return messagesProcessed;
  }

  /**
   * The metric {@code pipeline.messages.errored}.
   *
   * @return the counter (attribute {@code error.type})
   */
  public TracingCounter messagesErrored() {
    return messagesErrored;
  }

  /**
   * The metric {@code pipeline.messages.skipped}.
   *
   * @return the counter (attribute {@code pipeline.skip.reason})
   */
  public TracingCounter messagesSkipped() {
    return messagesSkipped;
  }

  /**
   * The metric {@code pipeline.cache.hits}.
   *
   * @return the counter (no attributes)
   */
  public TracingCounter cacheHits() {
    return cacheHits;
  }

  /**
   * The metric {@code pipeline.cache.misses}.
   *
   * @return the counter (no attributes)
   */
  public TracingCounter cacheMisses() {
    return cacheMisses;
  }

  /**
   * The metric {@code pipeline.llm.calls}.
   *
   * @return the counter (attribute {@code gen_ai.request.model})
   */
  public TracingCounter llmCalls() {
    return llmCalls;
  }

  /**
   * The metric {@code pipeline.llm.errors}.
   *
   * @return the counter (attributes {@code gen_ai.request.model}, {@code error.type})
   */
  public TracingCounter llmErrors() {
    return llmErrors;
  }

  /**
   * The metric {@code pipeline.handoffs}.
   *
   * @return the counter (no attributes)
   */
  public TracingCounter handoffs() {
    return handoffs;
  }

  /**
   * The metric {@code pipeline.orders} (not {@code pipeline.orders.created}: Prometheus reserves
   * the {@code _created} suffix of counters and would strip it).
   *
   * @return the counter (no attributes)
   */
  public TracingCounter ordersCreated() {
    return ordersCreated;
  }

  /**
   * The metric {@code pipeline.webhook.duration} (seconds).
   *
   * @return the histogram (no attributes besides {@code error.type} from the timing helpers)
   */
  public TracingHistogram webhookDuration() {
    return webhookDuration;
  }

  /**
   * The metric {@code pipeline.queue.wait.duration} (seconds).
   *
   * @return the histogram
   */
  public TracingHistogram queueWaitDuration() {
    return queueWaitDuration;
  }

  /**
   * The metric {@code pipeline.worker.processing.duration} (seconds).
   *
   * @return the histogram
   */
  public TracingHistogram workerDuration() {
    return workerDuration;
  }

  /**
   * The metric {@code pipeline.llm.duration} (seconds).
   *
   * @return the histogram (attribute {@code gen_ai.request.model})
   */
  public TracingHistogram llmDuration() {
    return llmDuration;
  }

  /**
   * The metric {@code pipeline.governor.duration} (seconds).
   *
   * @return the histogram
   */
  public TracingHistogram governorDuration() {
    return governorDuration;
  }

  /**
   * The metric {@code pipeline.dispatcher.duration} (seconds).
   *
   * @return the histogram
   */
  public TracingHistogram dispatcherDuration() {
    return dispatcherDuration;
  }

  /**
   * The metric {@code pipeline.end_to_end.duration} (seconds).
   *
   * @return the histogram
   */
  public TracingHistogram endToEndDuration() {
    return endToEndDuration;
  }

  /**
   * The gauge {@code pipeline.queue.size}.
   *
   * @param callback returns the current queue depth
   * @return the gauge; close it to stop reporting
   */
  public TracingGauge registerQueueSize(LongSupplier callback) {
    return gauge("pipeline.queue.size", "{message}", "Messages waiting in the queue.", callback);
  }

  /**
   * The gauge {@code pipeline.workers.active}.
   *
   * @param callback returns the number of busy workers
   * @return the gauge; close it to stop reporting
   */
  public TracingGauge registerActiveWorkers(LongSupplier callback) {
    return gauge(
        "pipeline.workers.active", "{worker}", "Workers currently processing a message.", callback);
  }

  /**
   * The gauge {@code pipeline.cache.size}.
   *
   * @param callback returns the number of cache entries
   * @return the gauge; close it to stop reporting
   */
  public TracingGauge registerCacheSize(LongSupplier callback) {
    return gauge("pipeline.cache.size", "{entry}", "Entries in the semantic cache.", callback);
  }
}

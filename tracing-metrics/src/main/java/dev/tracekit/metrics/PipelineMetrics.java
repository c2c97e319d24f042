package dev.tracekit.metrics;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The metrics catalog of a webhook → queue → worker message pipeline (seed 000): message, cache,
 * LLM, handoff and order counters; latency histograms for each stage; gauges for queue depth,
 * active workers and cache size.
 *
 * <pre>{@code
 * PipelineMetrics pipeline = PipelineMetrics.create(MetricsTracing.create(openTelemetry));
 * pipeline.messagesReceived().increment();
 * pipeline.webhookDuration().time(() -> handle(request));
 * pipeline.llmDuration().time(() -> llm.chat(prompt), "gpt-4o");
 * TracingGauge depth = pipeline.registerQueueSize(queue::size);
 * }</pre>
 *
 * <p>Names follow OpenTelemetry conventions: dotted lower case under {@code tracekit.}, counters
 * named after what they count with a {@code {thing}} unit, durations as {@code *.duration} in
 * seconds. Prometheus turns {@code tracekit.messages.received} into {@code
 * tracekit_messages_received_total} and {@code tracekit.webhook.duration} into {@code
 * tracekit_webhook_duration_seconds_bucket/_sum/_count}. The README maps each seed name.
 */
public final class PipelineMetrics {
  /** Attribute on error counters and failed timings: the exception class or error code. */
  public static final String ERROR_TYPE = "error.type";

  /** Attribute on {@link #messagesSkipped()}: why the governor filtered the message. */
  public static final String SKIP_REASON = "tracekit.skip.reason";

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
    messagesReceived = counter("tracekit.messages.received", "{message}", "Incoming messages.");
    messagesProcessed =
        counter("tracekit.messages.processed", "{message}", "Messages processed successfully.");
    messagesErrored =
        counter(
            "tracekit.messages.errored",
            "{message}",
            "Messages whose processing failed.",
            ERROR_TYPE);
    messagesSkipped =
        counter(
            "tracekit.messages.skipped",
            "{message}",
            "Messages filtered out by the governor.",
            SKIP_REASON);
    cacheHits = counter("tracekit.cache.hits", "{hit}", "Semantic cache hits.");
    cacheMisses = counter("tracekit.cache.misses", "{miss}", "Semantic cache misses.");
    llmCalls = counter("tracekit.llm.calls", "{call}", "LLM API calls.", LLM_MODEL);
    llmErrors =
        counter(
            "tracekit.llm.errors", "{call}", "LLM API calls that failed.", LLM_MODEL, ERROR_TYPE);
    handoffs = counter("tracekit.handoffs", "{handoff}", "Conversations handed off to a human.");
    ordersCreated = counter("tracekit.orders", "{order}", "Orders created by the bot.");
    webhookDuration = seconds("tracekit.webhook.duration", "HTTP webhook handling time.");
    queueWaitDuration =
        seconds("tracekit.queue.wait.duration", "Time a message waited in the queue.");
    workerDuration =
        seconds("tracekit.worker.processing.duration", "Worker processing time per message.");
    llmDuration =
        metrics
            .histogram("tracekit.llm.duration")
            .description("LLM API response time.")
            .attributes(LLM_MODEL)
            .build();
    governorDuration = seconds("tracekit.governor.duration", "Governor evaluation time.");
    dispatcherDuration = seconds("tracekit.dispatcher.duration", "Route determination time.");
    endToEndDuration =
        seconds("tracekit.end_to_end.duration", "Webhook received to response sent.");
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
   * Seed {@code messages_received}: {@code tracekit.messages.received}.
   *
   * @return the counter (no attributes)
   */
  public TracingCounter messagesReceived() {
    return messagesReceived;
  }

  /**
   * Seed {@code messages_processed}: {@code tracekit.messages.processed}.
   *
   * @return the counter (no attributes)
   */
  public TracingCounter messagesProcessed() {
    return messagesProcessed;
  }

  /**
   * Seed {@code messages_errored}: {@code tracekit.messages.errored}.
   *
   * @return the counter (attribute {@code error.type})
   */
  public TracingCounter messagesErrored() {
    return messagesErrored;
  }

  /**
   * Seed {@code messages_skipped}: {@code tracekit.messages.skipped}.
   *
   * @return the counter (attribute {@code tracekit.skip.reason})
   */
  public TracingCounter messagesSkipped() {
    return messagesSkipped;
  }

  /**
   * Seed {@code cache_hits}: {@code tracekit.cache.hits}.
   *
   * @return the counter (no attributes)
   */
  public TracingCounter cacheHits() {
    return cacheHits;
  }

  /**
   * Seed {@code cache_misses}: {@code tracekit.cache.misses}.
   *
   * @return the counter (no attributes)
   */
  public TracingCounter cacheMisses() {
    return cacheMisses;
  }

  /**
   * Seed {@code llm_calls}: {@code tracekit.llm.calls}.
   *
   * @return the counter (attribute {@code gen_ai.request.model})
   */
  public TracingCounter llmCalls() {
    return llmCalls;
  }

  /**
   * Seed {@code llm_errors}: {@code tracekit.llm.errors}.
   *
   * @return the counter (attributes {@code gen_ai.request.model}, {@code error.type})
   */
  public TracingCounter llmErrors() {
    return llmErrors;
  }

  /**
   * Seed {@code handoffs}: {@code tracekit.handoffs}.
   *
   * @return the counter (no attributes)
   */
  public TracingCounter handoffs() {
    return handoffs;
  }

  /**
   * Seed {@code orders_created}: {@code tracekit.orders} (not {@code tracekit.orders.created}:
   * Prometheus reserves the {@code _created} suffix of counters and would strip it).
   *
   * @return the counter (no attributes)
   */
  public TracingCounter ordersCreated() {
    return ordersCreated;
  }

  /**
   * Seed {@code webhook_latency}: {@code tracekit.webhook.duration} (seconds).
   *
   * @return the histogram (no attributes besides {@code error.type} from the timing helpers)
   */
  public TracingHistogram webhookDuration() {
    return webhookDuration;
  }

  /**
   * Seed {@code queue_wait_time}: {@code tracekit.queue.wait.duration} (seconds).
   *
   * @return the histogram
   */
  public TracingHistogram queueWaitDuration() {
    return queueWaitDuration;
  }

  /**
   * Seed {@code worker_processing_time}: {@code tracekit.worker.processing.duration} (seconds).
   *
   * @return the histogram
   */
  public TracingHistogram workerDuration() {
    return workerDuration;
  }

  /**
   * Seed {@code llm_latency}: {@code tracekit.llm.duration} (seconds).
   *
   * @return the histogram (attribute {@code gen_ai.request.model})
   */
  public TracingHistogram llmDuration() {
    return llmDuration;
  }

  /**
   * Seed {@code governor_latency}: {@code tracekit.governor.duration} (seconds).
   *
   * @return the histogram
   */
  public TracingHistogram governorDuration() {
    return governorDuration;
  }

  /**
   * Seed {@code dispatcher_latency}: {@code tracekit.dispatcher.duration} (seconds).
   *
   * @return the histogram
   */
  public TracingHistogram dispatcherDuration() {
    return dispatcherDuration;
  }

  /**
   * Seed {@code e2e_latency}: {@code tracekit.end_to_end.duration} (seconds).
   *
   * @return the histogram
   */
  public TracingHistogram endToEndDuration() {
    return endToEndDuration;
  }

  /**
   * Seed {@code queue_size}: the gauge {@code tracekit.queue.size}.
   *
   * @param callback returns the current queue depth
   * @return the gauge; close it to stop reporting
   */
  public TracingGauge registerQueueSize(LongSupplier callback) {
    return gauge("tracekit.queue.size", "{message}", "Messages waiting in the queue.", callback);
  }

  /**
   * Seed {@code active_workers}: the gauge {@code tracekit.workers.active}.
   *
   * @param callback returns the number of busy workers
   * @return the gauge; close it to stop reporting
   */
  public TracingGauge registerActiveWorkers(LongSupplier callback) {
    return gauge(
        "tracekit.workers.active", "{worker}", "Workers currently processing a message.", callback);
  }

  /**
   * Seed {@code cache_size}: the gauge {@code tracekit.cache.size}.
   *
   * @param callback returns the number of cache entries
   * @return the gauge; close it to stop reporting
   */
  public TracingGauge registerCacheSize(LongSupplier callback) {
    return gauge("tracekit.cache.size", "{entry}", "Entries in the semantic cache.", callback);
  }
}

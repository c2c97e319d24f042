package dev.tracekit.api.support;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Attribute keys used by {@code dev.tracekit.api.Messaging}, {@code dev.tracekit.api.Workflows} and
 * the Kafka and NATS modules: the messaging semantic-convention keys (spelled out here because
 * {@code tracing-api} depends on the OpenTelemetry API only, not on the incubating semconv
 * artifact) and TraceKit's own {@code tracekit.} keys.
 *
 * <p>Support API for TraceKit modules and integrations, not for application code.
 */
public final class MessagingAttributes {
  private MessagingAttributes() {}

  /** Semconv {@code messaging.system}. */
  public static final AttributeKey<String> MESSAGING_SYSTEM =
      AttributeKey.stringKey("messaging.system");

  /** Semconv {@code messaging.destination.name}. */
  public static final AttributeKey<String> MESSAGING_DESTINATION_NAME =
      AttributeKey.stringKey("messaging.destination.name");

  /** Semconv {@code messaging.operation.type}. */
  public static final AttributeKey<String> MESSAGING_OPERATION_TYPE =
      AttributeKey.stringKey("messaging.operation.type");

  /** Semconv {@code messaging.operation.name}. */
  public static final AttributeKey<String> MESSAGING_OPERATION_NAME =
      AttributeKey.stringKey("messaging.operation.name");

  /** Semconv {@code messaging.message.id}. */
  public static final AttributeKey<String> MESSAGING_MESSAGE_ID =
      AttributeKey.stringKey("messaging.message.id");

  /** Semconv {@code messaging.batch.message_count}. */
  public static final AttributeKey<Long> MESSAGING_BATCH_MESSAGE_COUNT =
      AttributeKey.longKey("messaging.batch.message_count");

  /** Semconv {@code error.type}. */
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  /**
   * Seconds (a double) the message waited between enqueue (or the record's timestamp) and the start
   * of processing.
   */
  public static final AttributeKey<Double> WAIT_TIME =
      AttributeKey.doubleKey("tracekit.messaging.wait_time");

  /**
   * Seconds (a double) from the original request start (or the enqueue) to the end of processing.
   */
  public static final AttributeKey<Double> E2E_LATENCY =
      AttributeKey.doubleKey("tracekit.messaging.e2e_latency");

  /** Semconv {@code messaging.destination.partition.id}. */
  public static final AttributeKey<String> MESSAGING_DESTINATION_PARTITION_ID =
      AttributeKey.stringKey("messaging.destination.partition.id");

  /** Semconv {@code messaging.consumer.group.name}. */
  public static final AttributeKey<String> MESSAGING_CONSUMER_GROUP_NAME =
      AttributeKey.stringKey("messaging.consumer.group.name");

  /** Semconv {@code messaging.client.id}. */
  public static final AttributeKey<String> MESSAGING_CLIENT_ID =
      AttributeKey.stringKey("messaging.client.id");

  /** Semconv {@code messaging.message.body.size}. */
  public static final AttributeKey<Long> MESSAGING_MESSAGE_BODY_SIZE =
      AttributeKey.longKey("messaging.message.body.size");

  /** Semconv {@code messaging.kafka.offset}. */
  public static final AttributeKey<Long> MESSAGING_KAFKA_OFFSET =
      AttributeKey.longKey("messaging.kafka.offset");

  /** Semconv {@code messaging.kafka.message.key}. */
  public static final AttributeKey<String> MESSAGING_KAFKA_MESSAGE_KEY =
      AttributeKey.stringKey("messaging.kafka.message.key");

  /** Semconv {@code messaging.kafka.message.tombstone}. */
  public static final AttributeKey<Boolean> MESSAGING_KAFKA_MESSAGE_TOMBSTONE =
      AttributeKey.booleanKey("messaging.kafka.message.tombstone");

  /**
   * True when the carrier held only a bare trace id: the span continues the trace but its parent
   * span id is synthetic.
   */
  public static final AttributeKey<Boolean> TRACE_ID_ONLY =
      AttributeKey.booleanKey("tracekit.messaging.trace_id_only");

  /** Semconv-free task name. */
  public static final AttributeKey<String> TASK_NAME = AttributeKey.stringKey("tracekit.task.name");

  /** Task run id. */
  public static final AttributeKey<String> TASK_RUN_ID =
      AttributeKey.stringKey("tracekit.task.run_id");

  /** Task attempt (1 for the first run). */
  public static final AttributeKey<Long> TASK_ATTEMPT =
      AttributeKey.longKey("tracekit.task.attempt");

  /** Workflow name. */
  public static final AttributeKey<String> WORKFLOW_NAME =
      AttributeKey.stringKey("tracekit.workflow.name");

  /** Workflow step name. */
  public static final AttributeKey<String> WORKFLOW_STEP =
      AttributeKey.stringKey("tracekit.workflow.step");

  /** Workflow step index (0-based). */
  public static final AttributeKey<Long> WORKFLOW_STEP_INDEX =
      AttributeKey.longKey("tracekit.workflow.step_index");
}

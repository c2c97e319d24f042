package dev.tracekit.api.internal;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Attribute keys used by {@code dev.tracekit.api.Messaging} and {@code dev.tracekit.api.Workflows}:
 * the messaging semantic-convention keys (spelled out here because {@code tracing-api} depends on
 * the OpenTelemetry API only, not on the incubating semconv artifact) and TraceKit's own {@code
 * tracekit.} keys.
 *
 * <p>Internal: not API.
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

  /** Milliseconds the message waited between enqueue and the start of processing. */
  public static final AttributeKey<Long> QUEUE_WAIT_MS =
      AttributeKey.longKey("tracekit.messaging.queue_wait_ms");

  /** Milliseconds from the original request start to the end of processing. */
  public static final AttributeKey<Long> E2E_MS = AttributeKey.longKey("tracekit.messaging.e2e_ms");

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

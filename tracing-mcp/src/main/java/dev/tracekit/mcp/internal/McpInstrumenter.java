package dev.tracekit.mcp.internal;

import dev.tracekit.api.support.BoundedValues;
import dev.tracekit.api.support.CarrierSupport;
import dev.tracekit.api.support.Scopes;
import dev.tracekit.core.redaction.Redactor;
import dev.tracekit.mcp.McpAttributes;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ExceptionAttributes;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Starts and ends MCP spans and records the duration metrics, for the client transport wrapper and
 * the server tool wrappers.
 *
 * <p>Internal: not API.
 */
public final class McpInstrumenter {
  /** The instrumentation scope name. */
  public static final String SCOPE = "dev.tracekit.mcp";

  static final AttributeKey<String> NETWORK_TRANSPORT = AttributeKey.stringKey("network.transport");
  static final AttributeKey<String> NETWORK_PROTOCOL_NAME =
      AttributeKey.stringKey("network.protocol.name");

  private static final List<Double> BUCKETS =
      List.of(0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0);

  final Tracer tracer;
  final TextMapPropagator propagator;
  private final DoubleHistogram clientDuration;
  private final DoubleHistogram serverDuration;
  private final BoundedValues clientTools =
      BoundedValues.of(McpAttributes.CLIENT_OPERATION_DURATION, "gen_ai.tool.name");
  private final BoundedValues serverTools =
      BoundedValues.of(McpAttributes.SERVER_OPERATION_DURATION, "gen_ai.tool.name");
  private final BoundedValues methods =
      BoundedValues.of(McpAttributes.CLIENT_OPERATION_DURATION, "mcp.method.name");
  final boolean captureContent;
  private final Redactor redactor;
  private final int maxContentLength;

  /**
   * Creates the instrumenter.
   *
   * @param openTelemetry the OpenTelemetry instance
   * @param captureContent whether tool arguments and results are recorded
   * @param redactor redacts captured content
   * @param maxContentLength the cap on captured content, in characters
   */
  public McpInstrumenter(
      OpenTelemetry openTelemetry,
      boolean captureContent,
      Redactor redactor,
      int maxContentLength) {
    this.tracer = Scopes.tracer(openTelemetry, SCOPE);
    this.propagator = CarrierSupport.propagator(openTelemetry);
    Meter meter = Scopes.meter(openTelemetry, SCOPE);
    this.clientDuration =
        meter
            .histogramBuilder(McpAttributes.CLIENT_OPERATION_DURATION)
            .setUnit("s")
            .setDescription(
                "The duration of an MCP request or notification as observed on the sender.")
            .setExplicitBucketBoundariesAdvice(BUCKETS)
            .build();
    this.serverDuration =
        meter
            .histogramBuilder(McpAttributes.SERVER_OPERATION_DURATION)
            .setUnit("s")
            .setDescription(
                "The duration of an MCP request or notification as observed on the receiver.")
            .setExplicitBucketBoundariesAdvice(BUCKETS)
            .build();
    this.captureContent = captureContent;
    this.redactor = redactor;
    this.maxContentLength = maxContentLength;
  }

  /**
   * Starts an MCP span.
   *
   * @param parent the parent context
   * @param kind CLIENT on the sender, SERVER on the receiver
   * @param method the JSON-RPC method
   * @param toolOrPrompt the tool or prompt name, the span name's target
   * @param resourceUri the resource URI of a resources request
   * @param requestId the JSON-RPC id, null for a notification
   * @param sessionId the MCP session id
   * @param protocolVersion the negotiated protocol version
   * @param networkTransport {@code pipe} or {@code tcp}, when known
   * @return the call, ended by one of its methods
   */
  public McpCall start(
      Context parent,
      SpanKind kind,
      String method,
      @Nullable String toolOrPrompt,
      @Nullable String resourceUri,
      @Nullable Object requestId,
      @Nullable String sessionId,
      @Nullable String protocolVersion,
      @Nullable String networkTransport) {
    long start = System.nanoTime();
    boolean tool = "tools/call".equals(method);
    String name = toolOrPrompt == null ? method : method + " " + toolOrPrompt;
    SpanBuilder b =
        tracer
            .spanBuilder(name)
            .setParent(parent)
            .setSpanKind(kind)
            .setAttribute(McpAttributes.METHOD_NAME, method);
    if (toolOrPrompt != null) {
      if (tool) {
        b.setAttribute(McpAttributes.TOOL_NAME, toolOrPrompt);
        b.setAttribute(McpAttributes.OPERATION_NAME, "execute_tool");
      } else if ("prompts/get".equals(method)) {
        b.setAttribute(McpAttributes.PROMPT_NAME, toolOrPrompt);
      }
    }
    if (resourceUri != null) {
      b.setAttribute(McpAttributes.RESOURCE_URI, resourceUri);
    }
    if (requestId != null) {
      b.setAttribute(McpAttributes.JSONRPC_REQUEST_ID, String.valueOf(requestId));
    }
    if (sessionId != null) {
      b.setAttribute(McpAttributes.SESSION_ID, sessionId);
    }
    if (protocolVersion != null) {
      b.setAttribute(McpAttributes.PROTOCOL_VERSION, protocolVersion);
    }
    if (networkTransport != null) {
      b.setAttribute(NETWORK_TRANSPORT, networkTransport);
      if ("tcp".equals(networkTransport)) {
        b.setAttribute(NETWORK_PROTOCOL_NAME, "http");
      }
    }
    Span span = b.startSpan();
    return new McpCall(
        this,
        span,
        parent.with(span),
        kind == SpanKind.SERVER,
        method,
        tool ? toolOrPrompt : null,
        protocolVersion,
        networkTransport,
        start);
  }

  /**
   * Writes the context into a {@code _meta} map.
   *
   * @param context the context
   * @param meta the map
   */
  public void inject(Context context, Map<String, Object> meta) {
    propagator.inject(context, meta, CarrierSupport.MAP_SETTER);
  }

  /**
   * Reads a context from a {@code _meta} map.
   *
   * @param meta the map, or null
   * @return the extracted context on top of the root context, or the current context when there is
   *     nothing to read
   */
  public Context extract(@Nullable Map<String, Object> meta) {
    if (meta == null || meta.isEmpty()) {
      return Context.current();
    }
    return propagator.extract(Context.root(), meta, CarrierSupport.MAP_GETTER);
  }

  @Nullable String capped(@Nullable String content) {
    if (content == null) {
      return null;
    }
    String redacted = redactor.redactValue(content);
    if (redacted != null && redacted.length() > maxContentLength) {
      return redacted.substring(0, maxContentLength) + "...";
    }
    return redacted;
  }

  void end(
      McpCall call,
      @Nullable String errorType,
      @Nullable Integer rpcCode,
      @Nullable Throwable error,
      @Nullable String result) {
    Span span = call.span;
    String code = rpcCode == null ? null : String.valueOf(rpcCode);
    if (span.isRecording()) {
      if (code != null) {
        span.setAttribute(McpAttributes.RPC_RESPONSE_STATUS_CODE, code);
      }
      if (errorType != null) {
        span.setAttribute(ErrorAttributes.ERROR_TYPE, errorType);
        span.setStatus(StatusCode.ERROR);
      }
      if (error != null) {
        // The message may quote the request: only with content capture on.
        AttributesBuilder event =
            Attributes.builder()
                .put(ExceptionAttributes.EXCEPTION_TYPE, error.getClass().getName());
        if (captureContent && error.getMessage() != null) {
          event.put(ExceptionAttributes.EXCEPTION_MESSAGE, capped(error.getMessage()));
        }
        span.addEvent("exception", event.build());
      }
      if (captureContent && result != null) {
        span.setAttribute(McpAttributes.TOOL_CALL_RESULT, capped(result));
      }
    }
    span.end();
    AttributesBuilder attributes =
        Attributes.builder().put(McpAttributes.METHOD_NAME, methods.bound(call.method));
    if (call.tool != null) {
      attributes.put(
          McpAttributes.TOOL_NAME,
          call.server ? serverTools.bound(call.tool) : clientTools.bound(call.tool));
    }
    if (errorType != null) {
      attributes.put(ErrorAttributes.ERROR_TYPE, errorType);
    }
    if (code != null) {
      attributes.put(McpAttributes.RPC_RESPONSE_STATUS_CODE, code);
    }
    if (call.protocolVersion != null) {
      attributes.put(McpAttributes.PROTOCOL_VERSION, call.protocolVersion);
    }
    if (call.networkTransport != null) {
      attributes.put(NETWORK_TRANSPORT, call.networkTransport);
    }
    double seconds = (System.nanoTime() - call.startNanos) / 1e9;
    (call.server ? serverDuration : clientDuration).record(seconds, attributes.build());
  }
}

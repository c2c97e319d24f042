package dev.tracekit.mcp.internal;

import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.mcp.McpAttributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One MCP request or notification in flight; only the first end counts. No method throws.
 *
 * <p>Internal: not API.
 */
public final class McpCall {
  private final McpInstrumenter instrumenter;
  final Span span;
  private final Context context;
  final boolean server;
  final String method;
  final @Nullable String tool;
  final @Nullable String protocolVersion;
  final @Nullable String networkTransport;
  final long startNanos;
  private final AtomicBoolean ended = new AtomicBoolean();

  McpCall(
      McpInstrumenter instrumenter,
      Span span,
      Context context,
      boolean server,
      String method,
      @Nullable String tool,
      @Nullable String protocolVersion,
      @Nullable String networkTransport,
      long startNanos) {
    this.instrumenter = instrumenter;
    this.span = span;
    this.context = context;
    this.server = server;
    this.method = method;
    this.tool = tool;
    this.protocolVersion = protocolVersion;
    this.networkTransport = networkTransport;
    this.startNanos = startNanos;
  }

  /**
   * The span.
   *
   * @return the span
   */
  public Span span() {
    return span;
  }

  /**
   * The context with the span, to make current or to inject.
   *
   * @return the context
   */
  public Context context() {
    return context;
  }

  /**
   * Records the tool's arguments (content capture only).
   *
   * @param arguments the arguments as text
   */
  public void arguments(@Nullable String arguments) {
    if (instrumenter.captureContent && arguments != null && span.isRecording()) {
      span.setAttribute(McpAttributes.TOOL_CALL_ARGUMENTS, instrumenter.capped(arguments));
    }
  }

  /**
   * Ends as a success, or as a tool error when {@code toolError}.
   *
   * @param toolError whether a tools/call result said {@code isError: true}
   * @param result the result as text, recorded with content capture on
   */
  public void success(boolean toolError, @Nullable String result) {
    finish(toolError ? McpAttributes.TOOL_ERROR : null, null, null, result);
  }

  /**
   * Ends with a JSON-RPC error response.
   *
   * @param code the JSON-RPC error code
   */
  public void rpcError(@Nullable Integer code) {
    finish(code == null ? "_OTHER" : String.valueOf(code), code, null, null);
  }

  /**
   * Ends with an exception (a transport failure, a timeout, a handler's exception).
   *
   * @param error the failure
   * @param rpcCode the JSON-RPC error code it carries, if any
   */
  public void failure(Throwable error, @Nullable Integer rpcCode) {
    String type = rpcCode != null ? String.valueOf(rpcCode) : error.getClass().getName();
    finish(type, rpcCode, error, null);
  }

  /** Ends a call whose answer will never come (the transport closed, the caller cancelled). */
  public void cancelled() {
    finish("cancelled", null, null, null);
  }

  private void finish(
      @Nullable String errorType,
      @Nullable Integer rpcCode,
      @Nullable Throwable error,
      @Nullable String result) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    try {
      instrumenter.end(this, errorType, rpcCode, error, result);
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("mcp.end", "ending an MCP span failed", e);
      span.end();
    }
  }
}

package dev.tracekit.mcp.internal;

import dev.tracekit.api.support.Diagnostics;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Wraps an MCP server's tool handlers: a SERVER span {@code tools/call {name}} whose parent is the
 * trace context found in the request's {@code _meta}.
 *
 * <p>Internal: not API.
 */
public final class TracingTools {
  private final McpInstrumenter instrumenter;

  /**
   * Creates the wrapper.
   *
   * @param instrumenter the instrumenter
   */
  public TracingTools(McpInstrumenter instrumenter) {
    this.instrumenter = instrumenter;
  }

  /**
   * Wraps a synchronous tool.
   *
   * @param spec the tool
   * @return the traced tool
   */
  public SyncToolSpecification wrap(SyncToolSpecification spec) {
    BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler = spec.callHandler();
    String tool = spec.tool().name();
    return new SyncToolSpecification(
        spec.tool(),
        (exchange, request) -> {
          McpCall call = start(tool, exchange == null ? null : exchange.sessionId(), request);
          CallToolResult result;
          try (Scope ignored = call.context().makeCurrent()) {
            result = handler.apply(exchange, request);
          } catch (RuntimeException | Error e) {
            call.failure(e, TracingClientTransport.code(e));
            throw e;
          }
          ended(call, result);
          return result;
        });
  }

  /**
   * Wraps an asynchronous tool.
   *
   * @param spec the tool
   * @return the traced tool
   */
  public AsyncToolSpecification wrap(AsyncToolSpecification spec) {
    BiFunction<McpAsyncServerExchange, CallToolRequest, Mono<CallToolResult>> handler =
        spec.callHandler();
    String tool = spec.tool().name();
    return new AsyncToolSpecification(
        spec.tool(),
        (exchange, request) ->
            Mono.defer(
                () -> {
                  McpCall call =
                      start(tool, exchange == null ? null : exchange.sessionId(), request);
                  Mono<CallToolResult> result;
                  try (Scope ignored = call.context().makeCurrent()) {
                    result = handler.apply(exchange, request);
                  } catch (RuntimeException | Error e) {
                    call.failure(e, TracingClientTransport.code(e));
                    throw e;
                  }
                  if (result == null) {
                    call.success(false, null);
                    return Mono.empty();
                  }
                  return result
                      .doOnSuccess(r -> ended(call, r))
                      .doOnError(e -> call.failure(e, TracingClientTransport.code(e)))
                      .doOnCancel(call::cancelled)
                      .contextWrite(
                          ctx -> ctx.put(TracingClientTransport.CONTEXT_KEY, call.context()));
                }));
  }

  /**
   * Wraps a synchronous prompt: a SERVER span {@code prompts/get {name}}.
   *
   * @param spec the prompt
   * @return the traced prompt
   */
  public SyncPromptSpecification wrap(SyncPromptSpecification spec) {
    BiFunction<McpSyncServerExchange, GetPromptRequest, GetPromptResult> handler =
        spec.promptHandler();
    String prompt = spec.prompt().name();
    return new SyncPromptSpecification(
        spec.prompt(),
        (exchange, request) -> {
          McpCall call =
              instrumenter.start(
                  instrumenter.extract(request == null ? null : request.meta()),
                  SpanKind.SERVER,
                  "prompts/get",
                  prompt,
                  null,
                  null,
                  exchange == null ? null : exchange.sessionId(),
                  null,
                  null);
          GetPromptResult result;
          try (Scope ignored = call.context().makeCurrent()) {
            result = handler.apply(exchange, request);
          } catch (RuntimeException | Error e) {
            call.failure(e, TracingClientTransport.code(e));
            throw e;
          }
          call.success(false, null);
          return result;
        });
  }

  /**
   * Wraps a synchronous resource: a SERVER span {@code resources/read} with {@code
   * mcp.resource.uri}.
   *
   * @param spec the resource
   * @return the traced resource
   */
  public SyncResourceSpecification wrap(SyncResourceSpecification spec) {
    BiFunction<McpSyncServerExchange, ReadResourceRequest, ReadResourceResult> handler =
        spec.readHandler();
    String declared = spec.resource().uri();
    return new SyncResourceSpecification(
        spec.resource(),
        (exchange, request) -> {
          McpCall call =
              instrumenter.start(
                  instrumenter.extract(request == null ? null : request.meta()),
                  SpanKind.SERVER,
                  "resources/read",
                  null,
                  request == null || request.uri() == null ? declared : request.uri(),
                  null,
                  exchange == null ? null : exchange.sessionId(),
                  null,
                  null);
          ReadResourceResult result;
          try (Scope ignored = call.context().makeCurrent()) {
            result = handler.apply(exchange, request);
          } catch (RuntimeException | Error e) {
            call.failure(e, TracingClientTransport.code(e));
            throw e;
          }
          call.success(false, null);
          return result;
        });
  }

  private McpCall start(
      String tool, @Nullable String sessionId, @Nullable CallToolRequest request) {
    Context parent = instrumenter.extract(request == null ? null : request.meta());
    McpCall call =
        instrumenter.start(
            parent, SpanKind.SERVER, "tools/call", tool, null, null, sessionId, null, null);
    if (request != null && instrumenter.captureContent) {
      call.arguments(JsonText.of(request.arguments()));
    }
    return call;
  }

  private void ended(McpCall call, @Nullable CallToolResult result) {
    try {
      boolean toolError = result != null && Boolean.TRUE.equals(result.isError());
      call.success(
          toolError,
          result == null || !instrumenter.captureContent ? null : JsonText.of(result.content()));
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("mcp.server.end", "reading an MCP tool result failed", e);
      call.success(false, null);
    }
  }
}

package dev.tracekit.mcp;

import dev.tracekit.mcp.internal.McpInstrumenter;
import dev.tracekit.mcp.internal.TracingClientTransport;
import dev.tracekit.mcp.internal.TracingTools;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Traces the Model Context Protocol Java SDK per OpenTelemetry's MCP semantic conventions.
 *
 * <ul>
 *   <li>Client: {@link #wrap(McpClientTransport)} makes a CLIENT span {@code {mcp.method.name}
 *       {target}} for every request and notification the client sends (ended when the response
 *       arrives) and writes the trace context into the request's {@code params._meta}.
 *   <li>Server: {@link #wrap(SyncToolSpecification)} / {@link #wrap(AsyncToolSpecification)} make a
 *       SERVER span {@code tools/call {name}} whose parent is the context read from {@code _meta},
 *       so the tool joins the caller's trace across processes.
 * </ul>
 *
 * <pre>{@code
 * McpTracing mcp = McpTracing.create(openTelemetry);
 * McpSyncClient client = McpClient.sync(mcp.wrap(transport))
 *     .transportContextProvider(mcp.transportContext())  // parent = the caller's span
 *     .build();
 *
 * McpServer.sync(transportProvider).tools(mcp.wrap(toolSpecification)).build();
 * }</pre>
 *
 * <p>Tool arguments and results are recorded ({@code gen_ai.tool.call.arguments}/{@code .result},
 * redacted and capped) only with {@link McpTracingBuilder#captureContent(boolean)} on.
 */
public final class McpTracing {
  private final McpInstrumenter instrumenter;
  private final TracingTools tools;

  McpTracing(McpInstrumenter instrumenter) {
    this.instrumenter = instrumenter;
    this.tools = new TracingTools(instrumenter);
  }

  /**
   * MCP tracing with the defaults (content capture off).
   *
   * @param openTelemetry the OpenTelemetry instance
   * @return the tracing
   * @throws NullPointerException if {@code openTelemetry} is null
   */
  public static McpTracing create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /**
   * A builder.
   *
   * @param openTelemetry the OpenTelemetry instance
   * @return the builder
   * @throws NullPointerException if {@code openTelemetry} is null
   */
  public static McpTracingBuilder builder(OpenTelemetry openTelemetry) {
    return new McpTracingBuilder(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /**
   * Wraps a client transport (stdio, streamable HTTP, SSE): every request it sends is traced and
   * carries the trace context in {@code params._meta}.
   *
   * @param transport the transport
   * @return the traced transport
   * @throws NullPointerException if {@code transport} is null
   */
  public McpClientTransport wrap(McpClientTransport transport) {
    Objects.requireNonNull(transport, "transport");
    if (transport instanceof TracingClientTransport) {
      return transport;
    }
    return new TracingClientTransport(transport, instrumenter);
  }

  /**
   * Wraps a synchronous tool of an MCP server.
   *
   * @param tool the tool
   * @return the traced tool
   * @throws NullPointerException if {@code tool} is null
   */
  public SyncToolSpecification wrap(SyncToolSpecification tool) {
    return tools.wrap(Objects.requireNonNull(tool, "tool"));
  }

  /**
   * Wraps an asynchronous tool of an MCP server.
   *
   * @param tool the tool
   * @return the traced tool
   * @throws NullPointerException if {@code tool} is null
   */
  public AsyncToolSpecification wrap(AsyncToolSpecification tool) {
    return tools.wrap(Objects.requireNonNull(tool, "tool"));
  }

  /**
   * Wraps a synchronous prompt of an MCP server: a SERVER span {@code prompts/get {name}} joined to
   * the caller's trace through {@code _meta}.
   *
   * @param prompt the prompt
   * @return the traced prompt
   * @throws NullPointerException if {@code prompt} is null
   */
  public SyncPromptSpecification wrap(SyncPromptSpecification prompt) {
    return tools.wrap(Objects.requireNonNull(prompt, "prompt"));
  }

  /**
   * Wraps a synchronous resource of an MCP server: a SERVER span {@code resources/read} with {@code
   * mcp.resource.uri}, joined to the caller's trace through {@code _meta}.
   *
   * @param resource the resource
   * @return the traced resource
   * @throws NullPointerException if {@code resource} is null
   */
  public SyncResourceSpecification wrap(SyncResourceSpecification resource) {
    return tools.wrap(Objects.requireNonNull(resource, "resource"));
  }

  /**
   * Wraps synchronous tools of an MCP server.
   *
   * @param tools the tools
   * @return the traced tools
   * @throws NullPointerException if {@code tools} is null
   */
  public List<SyncToolSpecification> wrap(List<SyncToolSpecification> tools) {
    Objects.requireNonNull(tools, "tools");
    List<SyncToolSpecification> wrapped = new ArrayList<>(tools.size());
    for (SyncToolSpecification tool : tools) {
      wrapped.add(wrap(tool));
    }
    return wrapped;
  }

  /**
   * A transport context provider for {@code McpClient.sync(..).transportContextProvider(..)}: it
   * captures the caller's OpenTelemetry context when a call is made, so the client span's parent is
   * the caller's span even when the SDK sends the request from another thread.
   *
   * @return the provider
   */
  public Supplier<McpTransportContext> transportContext() {
    return () -> McpTransportContext.create(Map.of(CONTEXT_KEY, Context.current()));
  }

  /**
   * The key under which {@link #transportContext()} stores the OpenTelemetry {@link Context} in an
   * {@link McpTransportContext} (and under which an asynchronous client may put it in the Reactor
   * context: {@code mono.contextWrite(ctx -> ctx.put(McpTracing.CONTEXT_KEY, Context.current()))}).
   */
  public static final String CONTEXT_KEY = TracingClientTransport.CONTEXT_KEY;
}

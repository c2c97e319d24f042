package dev.tracekit.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracekit.testing.TestTelemetry;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real MCP client and server (MCP Java SDK, streamable HTTP over loopback, Jetty) traced on both
 * sides: one trace from the application span through the client call into the server's tool.
 */
class McpTracingTest {
  private static final Map<String, Object> SCHEMA =
      Map.of("type", "object", "properties", Map.of("a", Map.of("type", "number")));

  private TestTelemetry telemetry;
  private Server jetty;
  private McpSyncServer server;
  private McpSyncClient client;
  private int port;

  @BeforeEach
  void start() throws Exception {
    telemetry = TestTelemetry.create();
    McpTracing mcp = McpTracing.create(telemetry.openTelemetry());
    Tracer tracer = telemetry.openTelemetry().getTracer("test");

    HttpServletStreamableServerTransportProvider provider =
        HttpServletStreamableServerTransportProvider.builder().mcpEndpoint("/mcp").build();
    server =
        McpServer.sync(provider)
            .serverInfo("inventory", "1.0")
            .capabilities(
                McpSchema.ServerCapabilities.builder()
                    .tools(true)
                    .prompts(false)
                    .resources(false, false)
                    .build())
            .prompts(
                mcp.wrap(
                    new SyncPromptSpecification(
                        McpSchema.Prompt.builder("greeting").description("A greeting").build(),
                        (exchange, request) ->
                            McpSchema.GetPromptResult.builder(
                                    List.of(
                                        McpSchema.PromptMessage.builder(
                                                McpSchema.Role.USER,
                                                TextContent.builder("Hello").build())
                                            .build()))
                                .build())))
            .resources(
                mcp.wrap(
                    new SyncResourceSpecification(
                        McpSchema.Resource.builder("inventory://stock", "stock").build(),
                        (exchange, request) ->
                            McpSchema.ReadResourceResult.builder(
                                    List.of(
                                        McpSchema.TextResourceContents.builder(
                                                "inventory://stock", "42")
                                            .build()))
                                .build())))
            .tools(
                mcp.wrap(
                    List.of(
                        tool(
                            "stock_level",
                            (exchange, request) -> {
                              // Work inside the tool is a child of the server span.
                              tracer.spanBuilder("query stock").startSpan().end();
                              return text("42", false);
                            }),
                        tool("reserve", (exchange, request) -> text("out of stock", true)),
                        tool(
                            "explode",
                            (exchange, request) -> {
                              throw new IllegalStateException("secret=hunter2 boom");
                            }))))
            .build();

    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(provider), "/mcp");
    jetty.setHandler(context);
    jetty.start();
    port = connector.getLocalPort();

    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
            .endpoint("/mcp")
            .build();
    client =
        McpClient.sync(mcp.wrap(transport))
            .requestTimeout(Duration.ofSeconds(10))
            .transportContextProvider(mcp.transportContext())
            .build();
    client.initialize();
    telemetry.clear();
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.closeGracefully();
    }
    if (server != null) {
      server.closeGracefully();
    }
    if (jetty != null) {
      jetty.stop();
    }
    telemetry.close();
  }

  @Test
  void aToolCallIsOneTraceFromTheCallerIntoTheServersTool() {
    Span app = telemetry.openTelemetry().getTracer("test").spanBuilder("check order").startSpan();
    CallToolResult result;
    try (Scope ignored = app.makeCurrent()) {
      result = client.callTool(call("stock_level", Map.of("a", 1)));
    } finally {
      app.end();
    }
    assertThat(((TextContent) result.content().get(0)).text()).isEqualTo("42");

    SpanData clientSpan = telemetry.span(s -> isCall(s, SpanKind.CLIENT, "stock_level"));
    SpanData serverSpan = telemetry.span(s -> isCall(s, SpanKind.SERVER, "stock_level"));
    SpanData inner = telemetry.span("query stock");
    SpanData appSpan = telemetry.span("check order");

    assertThat(clientSpan.getName()).isEqualTo("tools/call stock_level");
    assertThat(clientSpan.getTraceId()).isEqualTo(appSpan.getTraceId());
    assertThat(clientSpan.getParentSpanId()).isEqualTo(appSpan.getSpanId());
    assertThat(serverSpan.getTraceId()).isEqualTo(appSpan.getTraceId());
    assertThat(serverSpan.getParentSpanId()).isEqualTo(clientSpan.getSpanId());
    assertThat(inner.getParentSpanId()).isEqualTo(serverSpan.getSpanId());

    assertThat(clientSpan.getAttributes().get(McpAttributes.METHOD_NAME)).isEqualTo("tools/call");
    assertThat(clientSpan.getAttributes().get(McpAttributes.TOOL_NAME)).isEqualTo("stock_level");
    assertThat(clientSpan.getAttributes().get(McpAttributes.OPERATION_NAME))
        .isEqualTo("execute_tool");
    assertThat(clientSpan.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID)).isNotBlank();
    assertThat(clientSpan.getAttributes().get(McpAttributes.PROTOCOL_VERSION)).isNotBlank();
    assertThat(clientSpan.getAttributes().get(AttributeKey.stringKey("network.transport")))
        .isEqualTo("tcp");
    assertThat(clientSpan.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    // Content capture is off by default.
    assertThat(clientSpan.getAttributes().get(McpAttributes.TOOL_CALL_ARGUMENTS)).isNull();
    assertThat(serverSpan.getAttributes().get(McpAttributes.TOOL_CALL_RESULT)).isNull();

    assertThat(serverSpan.getName()).isEqualTo("tools/call stock_level");
    assertThat(serverSpan.getAttributes().get(McpAttributes.SESSION_ID)).isNotBlank();
    assertThat(serverSpan.getAttributes().get(McpAttributes.TOOL_NAME)).isEqualTo("stock_level");

    assertThat(histogramCount(McpAttributes.CLIENT_OPERATION_DURATION, "stock_level")).isEqualTo(1);
    assertThat(histogramCount(McpAttributes.SERVER_OPERATION_DURATION, "stock_level")).isEqualTo(1);
  }

  @Test
  void promptsAndResourcesAreTracedOnBothSides() {
    client.getPrompt(McpSchema.GetPromptRequest.builder("greeting").build());
    client.readResource(McpSchema.ReadResourceRequest.builder("inventory://stock").build());

    SpanData promptServer =
        telemetry.span(
            s -> s.getName().equals("prompts/get greeting") && s.getKind() == SpanKind.SERVER);
    SpanData promptClient =
        telemetry.span(
            s -> s.getName().equals("prompts/get greeting") && s.getKind() == SpanKind.CLIENT);
    assertThat(promptServer.getParentSpanId()).isEqualTo(promptClient.getSpanId());
    assertThat(promptServer.getAttributes().get(McpAttributes.PROMPT_NAME)).isEqualTo("greeting");

    SpanData readServer =
        telemetry.span(s -> s.getName().equals("resources/read") && s.getKind() == SpanKind.SERVER);
    SpanData readClient =
        telemetry.span(s -> s.getName().equals("resources/read") && s.getKind() == SpanKind.CLIENT);
    assertThat(readServer.getParentSpanId()).isEqualTo(readClient.getSpanId());
    assertThat(readServer.getAttributes().get(McpAttributes.RESOURCE_URI))
        .isEqualTo("inventory://stock");
    assertThat(readClient.getAttributes().get(McpAttributes.RESOURCE_URI))
        .isEqualTo("inventory://stock");
  }

  @Test
  void toolErrorsAndJsonRpcErrorsMarkBothSides() {
    CallToolResult failed = client.callTool(call("reserve", Map.of()));
    assertThat(failed.isError()).isTrue();
    SpanData reserveClient = telemetry.span(s -> isCall(s, SpanKind.CLIENT, "reserve"));
    SpanData reserveServer = telemetry.span(s -> isCall(s, SpanKind.SERVER, "reserve"));
    assertThat(reserveClient.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("tool_error");
    assertThat(reserveClient.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(reserveServer.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("tool_error");

    // An unknown tool: the server answers with a JSON-RPC error.
    assertThatThrownBy(() -> client.callTool(call("missing", Map.of())))
        .isInstanceOf(RuntimeException.class);
    SpanData missing = telemetry.span(s -> isCall(s, SpanKind.CLIENT, "missing"));
    assertThat(missing.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    String code = missing.getAttributes().get(McpAttributes.RPC_RESPONSE_STATUS_CODE);
    assertThat(code).startsWith("-326");
    assertThat(missing.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo(code);

    // A tool that throws: the server span records the exception, never its message.
    try {
      client.callTool(call("explode", Map.of()));
    } catch (RuntimeException expected) {
      // the SDK reports it as a JSON-RPC error or as an error result, depending on the version
    }
    SpanData explodeServer = telemetry.span(s -> isCall(s, SpanKind.SERVER, "explode"));
    SpanData explodeClient = telemetry.span(s -> isCall(s, SpanKind.CLIENT, "explode"));
    assertThat(explodeServer.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(explodeServer.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo(IllegalStateException.class.getName());
    assertThat(explodeServer.getEvents()).anyMatch(e -> e.getName().equals("exception"));
    assertThat(explodeServer.getEvents().toString()).doesNotContain("hunter2");
    assertThat(explodeClient.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void withContentCaptureToolArgumentsAndResultsAreRecordedRedacted() {
    McpTracing capturing =
        McpTracing.builder(telemetry.openTelemetry()).captureContent(true).build();
    McpSyncClient capturingClient =
        McpClient.sync(
                capturing.wrap(
                    HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
                        .endpoint("/mcp")
                        .build()))
            .requestTimeout(Duration.ofSeconds(10))
            .build();
    try {
      capturingClient.initialize();
      SpanData initialize =
          telemetry.span(
              s ->
                  s.getName().equals("initialize")
                      && s.getKind() == SpanKind.CLIENT
                      && s.getAttributes().get(McpAttributes.PROTOCOL_VERSION) != null);
      assertThat(initialize.getAttributes().get(McpAttributes.METHOD_NAME)).isEqualTo("initialize");
      capturingClient.callTool(
          call("stock_level", Map.of("a", 1, "note", "key sk-abcdefghijklmnopqrstuvwx1234")));
    } finally {
      capturingClient.closeGracefully();
    }
    SpanData span = telemetry.span(s -> isCall(s, SpanKind.CLIENT, "stock_level"));
    assertThat(span.getAttributes().get(McpAttributes.TOOL_CALL_ARGUMENTS))
        .contains("note")
        .doesNotContain("sk-abcdefghijklmnopqrstuvwx1234");
    assertThat(span.getAttributes().get(McpAttributes.TOOL_CALL_RESULT)).contains("42");
  }

  private long histogramCount(String metric, String tool) {
    for (MetricData data : telemetry.metrics()) {
      if (data.getName().equals(metric)) {
        for (HistogramPointData point : data.getHistogramData().getPoints()) {
          if (tool.equals(point.getAttributes().get(McpAttributes.TOOL_NAME))) {
            return point.getCount();
          }
        }
      }
    }
    return 0;
  }

  private static boolean isCall(SpanData span, SpanKind kind, String tool) {
    return span.getKind() == kind && tool.equals(span.getAttributes().get(McpAttributes.TOOL_NAME));
  }

  private static SyncToolSpecification tool(
      String name,
      java.util.function.BiFunction<
              io.modelcontextprotocol.server.McpSyncServerExchange, CallToolRequest, CallToolResult>
          handler) {
    return new SyncToolSpecification(
        McpSchema.Tool.builder(name, SCHEMA).description(name).build(), handler);
  }

  private static CallToolRequest call(String name, Map<String, Object> arguments) {
    return CallToolRequest.builder(name).arguments(arguments).build();
  }

  private static CallToolResult text(String text, boolean error) {
    return CallToolResult.builder().addTextContent(text).isError(error).build();
  }
}

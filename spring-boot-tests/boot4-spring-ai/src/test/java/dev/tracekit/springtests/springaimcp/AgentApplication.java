package dev.tracekit.springtests.springaimcp;

import dev.tracekit.mcp.McpTracing;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.Map;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.tool.function.FunctionToolCallback;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An agent: a ChatClient whose tool asks an MCP server (the MCP Java SDK, streamable HTTP on
 * loopback, served by this same application at {@code /mcp} as another process would).
 */
@SpringBootApplication
public class AgentApplication {
  /** For Spring. */
  public AgentApplication() {}

  /** The tool's input. */
  public record StockQuery(String sku) {}

  /**
   * MCP tracing on the application's OpenTelemetry.
   *
   * @param openTelemetry the OpenTelemetry bean
   * @return the MCP tracing
   */
  @Bean
  public McpTracing mcpTracing(OpenTelemetry openTelemetry) {
    return McpTracing.create(openTelemetry);
  }

  /**
   * The MCP server's transport, a servlet.
   *
   * @return the transport
   */
  @Bean
  public HttpServletStreamableServerTransportProvider mcpTransport() {
    return HttpServletStreamableServerTransportProvider.builder().mcpEndpoint("/mcp").build();
  }

  /**
   * Serves the MCP endpoint.
   *
   * @param transport the transport
   * @return the registration
   */
  @Bean
  public ServletRegistrationBean<HttpServletStreamableServerTransportProvider> mcpServlet(
      HttpServletStreamableServerTransportProvider transport) {
    ServletRegistrationBean<HttpServletStreamableServerTransportProvider> registration =
        new ServletRegistrationBean<>(transport, "/mcp");
    registration.setAsyncSupported(true);
    return registration;
  }

  /**
   * The MCP server with one traced tool.
   *
   * @param transport the transport
   * @param mcp the MCP tracing
   * @return the server
   */
  @Bean(destroyMethod = "close")
  public McpSyncServer mcpServer(
      HttpServletStreamableServerTransportProvider transport, McpTracing mcp) {
    SyncToolSpecification stock =
        new SyncToolSpecification(
            McpSchema.Tool.builder("stock_level", Map.of("type", "object"))
                .description("Stock level of a SKU")
                .build(),
            (exchange, request) ->
                CallToolResult.builder()
                    .addTextContent("42 units of " + request.arguments().get("sku"))
                    .build());
    return McpServer.sync(transport)
        .serverInfo("inventory", "1.0")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
        .tools(mcp.wrap(stock))
        .build();
  }

  /** The agent's endpoint. */
  @RestController
  public static class AgentController implements DisposableBean {
    private final ChatClient chat;
    private final McpTracing mcp;
    private final Environment env;
    private McpSyncClient inventory;

    /**
     * Creates the controller.
     *
     * @param builder Boot's ChatClient builder
     * @param mcp the MCP tracing
     * @param env the environment (the local port)
     */
    public AgentController(ChatClient.Builder builder, McpTracing mcp, Environment env) {
      this.chat = builder.build();
      this.mcp = mcp;
      this.env = env;
    }

    @Override
    public synchronized void destroy() {
      if (inventory != null) {
        inventory.close();
      }
    }

    private synchronized McpSyncClient inventory() {
      if (inventory == null) {
        String url = "http://127.0.0.1:" + env.getProperty("local.server.port");
        inventory =
            McpClient.sync(
                    mcp.wrap(
                        HttpClientStreamableHttpTransport.builder(url).endpoint("/mcp").build()))
                .requestTimeout(Duration.ofSeconds(10))
                .transportContextProvider(mcp.transportContext())
                .build();
        inventory.initialize();
      }
      return inventory;
    }

    /**
     * A question whose tool call goes to the MCP server.
     *
     * @param conversation the conversation id
     * @return the answer
     */
    @GetMapping("/agent")
    public String agent(@RequestParam("conversation") String conversation) {
      FunctionToolCallback<StockQuery, String> tool =
          FunctionToolCallback.builder(
                  "stock_level",
                  (StockQuery q) -> {
                    CallToolResult result =
                        inventory()
                            .callTool(
                                CallToolRequest.builder("stock_level")
                                    .arguments(Map.of("sku", q.sku()))
                                    .build());
                    return ((TextContent) result.content().get(0)).text();
                  })
              .description("Stock level of a SKU")
              .inputType(StockQuery.class)
              .build();
      return chat.prompt()
          .user("How many units of A1?")
          .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, conversation))
          .tools(tool)
          .call()
          .content();
    }
  }
}

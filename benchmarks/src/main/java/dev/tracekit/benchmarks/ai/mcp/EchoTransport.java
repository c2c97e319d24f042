package dev.tracekit.benchmarks.ai.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * An in-process MCP client transport answering at once with canned results (initialize, tools/list,
 * tools/call), so a benchmark measures the SDK's client path and the tracing, not a network.
 */
final class EchoTransport implements McpClientTransport {
  private static final Map<String, Object> INITIALIZE =
      Map.of(
          "protocolVersion",
          "2025-11-25",
          "capabilities",
          Map.of("tools", Map.of()),
          "serverInfo",
          Map.of("name", "bench", "version", "1"));
  private static final Map<String, Object> TOOLS =
      Map.of(
          "tools", List.of(Map.of("name", "stock_level", "inputSchema", Map.of("type", "object"))));
  private static final Map<String, Object> RESULT =
      Map.of("content", List.of(Map.of("type", "text", "text", "42")), "isError", false);

  private final McpJsonMapper mapper = McpJsonDefaults.getMapper();
  private Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler = m -> m;

  @Override
  public Mono<Void> connect(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
    this.handler = handler;
    return Mono.empty();
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.empty();
  }

  @Override
  public Mono<Void> sendMessage(JSONRPCMessage message) {
    if (message instanceof JSONRPCRequest request) {
      Object result =
          switch (request.method()) {
            case "initialize" -> INITIALIZE;
            case "tools/list" -> TOOLS;
            default -> RESULT;
          };
      handler.apply(Mono.just(new JSONRPCResponse("2.0", request.id(), result, null))).subscribe();
    }
    return Mono.empty();
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
    return mapper.convertValue(data, typeRef);
  }
}

package dev.tracekit.anthropic;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A server on loopback speaking Anthropic's Messages API: {@code POST /v1/messages}, JSON and SSE
 * ({@code message_start}, {@code content_block_*}, {@code ping}, {@code message_delta}, {@code
 * message_stop}). A request offering tools without a {@code tool_result} gets a {@code tool_use}
 * answer. The model selects faults: {@code claude-rate-limited} (429, {@code rate_limit_error},
 * retry-after 7), {@code claude-server-error} (500, {@code api_error}), {@code claude-malformed} (a
 * truncated 200 body), {@code claude-overloaded-midstream} (an SSE {@code error} event after the
 * first delta).
 */
final class FakeAnthropicServer implements AutoCloseable {
  static final List<String> STREAM_PARTS = List.of("The capital", " of France", " is Paris.");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  final List<String> requestBodies = new CopyOnWriteArrayList<>();

  FakeAnthropicServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/messages", this::messages);
    server.setExecutor(executor);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void messages(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requestBodies.add(body);
    String model = model(body);
    String compact = body.replace(" ", "");
    switch (model) {
      case "claude-rate-limited" -> {
        ex.getResponseHeaders().add("retry-after", "7");
        send(
            ex,
            429,
            "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":"
                + "\"Number of request tokens has exceeded your per-minute rate limit\"}}");
        return;
      }
      case "claude-server-error" -> {
        send(
            ex,
            500,
            "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}");
        return;
      }
      case "claude-malformed" -> {
        send(ex, 200, "{\"id\":\"msg_x\",\"type\":\"message\",\"content\":[{\"type\":\"te");
        return;
      }
      default -> {}
    }
    if (compact.contains("\"stream\":true")) {
      stream(ex, model);
      return;
    }
    boolean toolResult = compact.contains("\"type\":\"tool_result\"");
    boolean offersTools = compact.contains("\"tools\":[");
    String content;
    String stop;
    if (offersTools && !toolResult) {
      content =
          "[{\"type\":\"text\",\"text\":\"Let me check.\"},"
              + "{\"type\":\"tool_use\",\"id\":\"toolu_01A09q90qw90lq917835lq9\","
              + "\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}]";
      stop = "tool_use";
    } else {
      String text = toolResult ? "It is sunny in Paris." : "The capital of France is Paris.";
      content = "[{\"type\":\"text\",\"text\":\"" + text + "\"}]";
      stop = "end_turn";
    }
    send(
        ex,
        200,
        """
        {"id": "msg_01XFDUDYJgAACzvnptvVoYEL", "type": "message", "role": "assistant",
         "model": "%s-20250929", "content": %s, "stop_reason": "%s", "stop_sequence": null,
         "usage": {"input_tokens": 12, "cache_creation_input_tokens": 100,
                   "cache_read_input_tokens": 2000, "output_tokens": 6,
                   "service_tier": "standard"}}
        """
            .formatted(model, content, stop));
  }

  private void stream(HttpExchange ex, String model) throws IOException {
    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      event(
          out,
          "message_start",
          "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_stream_1\",\"type\":\"message\","
              + "\"role\":\"assistant\",\"content\":[],\"model\":\""
              + model
              + "-20250929\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,"
              + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":1500,\"output_tokens\":1}}}");
      event(
          out,
          "content_block_start",
          "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
      event(out, "ping", "{\"type\": \"ping\"}");
      for (String part : STREAM_PARTS) {
        event(
            out,
            "content_block_delta",
            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\""
                + part
                + "\"}}");
        if (model.equals("claude-overloaded-midstream")) {
          event(
              out,
              "error",
              "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
          return;
        }
      }
      event(out, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
      event(
          out,
          "message_delta",
          "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
              + "\"usage\":{\"output_tokens\":15}}");
      event(out, "message_stop", "{\"type\":\"message_stop\"}");
    } catch (IOException e) {
      // the client closed the stream early
    }
  }

  private static void event(OutputStream out, String name, String json) throws IOException {
    out.write(("event: " + name + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static String model(String body) {
    int i = body.indexOf("\"model\"");
    if (i < 0) {
      return "unknown";
    }
    int start = body.indexOf('"', body.indexOf(':', i) + 1) + 1;
    return body.substring(start, body.indexOf('"', start));
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.getResponseHeaders().add("request-id", "req_011CSHoEeqs5C35K2UUqR7Fy");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}

package dev.tracekit.springtests.springai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/** An OpenAI-compatible server on loopback speaking the real wire format (JSON and SSE). */
public final class FakeOpenAi implements AutoCloseable {
  private static final String MODEL = "gpt-4o-mini-2024-07-18";
  private final HttpServer server;

  /**
   * Starts the server on a loopback port.
   *
   * @throws IOException when the port cannot be bound
   */
  public FakeOpenAi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/v1/chat/completions", this::chat);
    server.createContext("/v1/embeddings", this::embeddings);
    server.start();
  }

  /**
   * The base URL, without {@code /v1}.
   *
   * @return the URL
   */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Stops the server. */
  @Override
  public void close() {
    server.stop(0);
  }

  private void chat(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    if (body.contains("trigger-400")) {
      json(
          exchange,
          400,
          "{\"error\":{\"message\":\"bad request\",\"type\":\"invalid_request_error\"}}");
      return;
    }
    if (body.contains("\"stream\":true")) {
      stream(exchange, body.contains("slow-stream"));
      return;
    }
    if (body.contains("\"tools\"") && !body.contains("\"role\":\"tool\"")) {
      json(
          exchange,
          200,
          "{\"id\":\"chatcmpl-tool\",\"object\":\"chat.completion\",\"created\":1,\"model\":\""
              + MODEL
              + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
              + "\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":"
              + "\"stock_level\",\"arguments\":\"{\\\"sku\\\":\\\"A1\\\"}\"}}]},"
              + "\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":20,"
              + "\"completion_tokens\":8,\"total_tokens\":28}}");
      return;
    }
    json(
        exchange,
        200,
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\""
            + MODEL
            + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
            + "\"Forty-two.\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,"
            + "\"completion_tokens\":5,\"total_tokens\":17,\"prompt_tokens_details\":"
            + "{\"cached_tokens\":4}}}");
  }

  private void stream(HttpExchange exchange, boolean slow) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      String head =
          "data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1,"
              + "\"model\":\""
              + MODEL
              + "\",\"choices\":[{\"index\":0,\"delta\":";
      int parts = slow ? 20 : 3;
      for (int i = 0; i < parts; i++) {
        String delta =
            i == 0 ? "{\"role\":\"assistant\",\"content\":\"Hel\"}" : "{\"content\":\"lo\"}";
        send(out, head + delta + ",\"finish_reason\":null}]}\n\n");
        if (slow) {
          sleep(50);
        }
      }
      send(out, head + "{},\"finish_reason\":\"stop\"}]}\n\n");
      send(
          out,
          "data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1,"
              + "\"model\":\""
              + MODEL
              + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":"
              + parts
              + ",\"total_tokens\":"
              + (9 + parts)
              + "}}\n\n");
      send(out, "data: [DONE]\n\n");
    } catch (IOException closedByClient) {
      // an abandoned stream: the client went away
    }
  }

  private void embeddings(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().readAllBytes();
    json(
        exchange,
        200,
        "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":"
            + "[0.1,0.2,0.3]}],\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":3,"
            + "\"total_tokens\":3}}");
  }

  private static void send(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void json(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

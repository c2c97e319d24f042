package dev.tracekit.ai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible server on loopback answering {@code /v1/chat/completions} (plain and SSE),
 * {@code /v1/embeddings}, with realistic bodies. The requested model selects faults: {@code
 * rate-limited} (429 with retry-after and an OpenAI error body), {@code server-error} (500), {@code
 * malformed} (200 with a truncated body).
 */
final class FakeOpenAiServer implements AutoCloseable {
  static final String ANSWER = "The capital of France is Paris.";
  static final List<String> STREAM_PARTS = List.of("The capital", " of France", " is Paris.");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  final List<String> requestBodies = new CopyOnWriteArrayList<>();

  FakeOpenAiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", this::chat);
    server.createContext("/v1/embeddings", this::embeddings);
    server.setExecutor(executor);
    server.start();
  }

  URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void chat(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requestBodies.add(body);
    String model = model(body);
    if (fault(ex, model)) {
      return;
    }
    if (body.replace(" ", "").contains("\"stream\":true")) {
      boolean usage = body.replace(" ", "").contains("\"include_usage\":true");
      stream(ex, model, usage);
      return;
    }
    String json =
        """
        {
          "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
          "object": "chat.completion",
          "created": 1741569952,
          "model": "%s-2024-08-06",
          "choices": [
            {
              "index": 0,
              "message": {
                "role": "assistant",
                "content": "%s",
                "refusal": null,
                "annotations": []
              },
              "logprobs": null,
              "finish_reason": "stop"
            }
          ],
          "usage": {
            "prompt_tokens": 19,
            "completion_tokens": 10,
            "total_tokens": 29,
            "prompt_tokens_details": {"cached_tokens": 4, "audio_tokens": 0},
            "completion_tokens_details": {
              "reasoning_tokens": 2,
              "audio_tokens": 0,
              "accepted_prediction_tokens": 0,
              "rejected_prediction_tokens": 0
            }
          },
          "service_tier": "default",
          "system_fingerprint": "fp_44709d6fcb"
        }
        """
            .formatted(model, ANSWER);
    send(ex, 200, "application/json", json);
  }

  private void stream(HttpExchange ex, String model, boolean usage) throws IOException {
    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      String head =
          "{\"id\":\"chatcmpl-stream-1\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,"
              + "\"model\":\""
              + model
              + "-2024-08-06\",\"system_fingerprint\":\"fp_1\",\"choices\":[";
      String tail = "]" + (usage ? ",\"usage\":null" : "") + "}";
      write(
          out,
          head
              + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}"
              + tail);
      out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
      for (String part : STREAM_PARTS) {
        write(
            out,
            head
                + "{\"index\":0,\"delta\":{\"content\":\""
                + part
                + "\"},\"logprobs\":null,\"finish_reason\":null}"
                + tail);
      }
      write(
          out,
          head + "{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}" + tail);
      if (usage) {
        write(
            out,
            head
                + "],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":7,\"total_tokens\":19,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":0},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":0}}}");
      }
      out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void write(OutputStream out, String json) throws IOException {
    out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private void embeddings(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requestBodies.add(body);
    String model = model(body);
    if (fault(ex, model)) {
      return;
    }
    String json =
        """
        {
          "object": "list",
          "data": [
            {
              "object": "embedding",
              "index": 0,
              "embedding": [0.0023064255, -0.009327292, -0.0028842222, 0.021, -0.013, 0.004, 0.11, -0.07]
            }
          ],
          "model": "%s",
          "usage": {"prompt_tokens": 8, "total_tokens": 8}
        }
        """
            .formatted(model);
    send(ex, 200, "application/json", json);
  }

  private boolean fault(HttpExchange ex, String model) throws IOException {
    switch (model) {
      case "rate-limited" -> {
        ex.getResponseHeaders().add("retry-after", "7");
        ex.getResponseHeaders().add("x-ratelimit-remaining-requests", "0");
        send(
            ex,
            429,
            "application/json",
            """
            {"error": {"message": "Rate limit reached for gpt-4o in organization org-abc on requests per min (RPM): Limit 3, Used 3, Requested 1.", "type": "requests", "param": null, "code": "rate_limit_exceeded"}}
            """);
        return true;
      }
      case "server-error" -> {
        send(
            ex,
            500,
            "application/json",
            """
            {"error": {"message": "The server had an error while processing your request.", "type": "server_error", "param": null, "code": null}}
            """);
        return true;
      }
      case "malformed" -> {
        send(
            ex, 200, "application/json", "{\"id\":\"chatcmpl-x\",\"choices\":[{\"index\":0,\"mess");
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private static String model(String body) {
    int i = body.indexOf("\"model\"");
    if (i < 0) {
      return "unknown";
    }
    int start = body.indexOf('"', body.indexOf(':', i) + 1) + 1;
    return body.substring(start, body.indexOf('"', start));
  }

  private static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", type);
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

package dev.tracekit.langchain4j;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI-compatible server on loopback speaking the Chat Completions and Embeddings wire format
 * (JSON and SSE). A request offering tools and carrying no tool result is answered with a call of
 * {@code get_weather}; one carrying a tool result with the final answer. The model selects faults:
 * {@code rate-limited} (429), {@code server-error} (500), {@code malformed} (a truncated 200 body),
 * {@code slow-stream} (one chunk, then a pause until {@link #release()}).
 */
final class FakeOpenAiServer implements AutoCloseable {
  static final List<String> STREAM_PARTS = List.of("The capital", " of France", " is Paris.");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final CountDownLatch release = new CountDownLatch(1);
  final List<String> requestBodies = new CopyOnWriteArrayList<>();

  FakeOpenAiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", this::chat);
    server.createContext("/v1/embeddings", this::embeddings);
    server.createContext("/anthropic/v1/messages", this::anthropic);
    server.setExecutor(executor);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  String anthropicBaseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/anthropic/v1/";
  }

  /** Anthropic's Messages API, one answer with prompt-cache usage. */
  private void anthropic(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requestBodies.add(body);
    send(
        ex,
        200,
        """
        {"id": "msg_01XFDUDYJgAACzvnptvVoYEL", "type": "message", "role": "assistant",
         "model": "%s-20250929",
         "content": [{"type": "text", "text": "The capital of France is Paris."}],
         "stop_reason": "end_turn", "stop_sequence": null,
         "usage": {"input_tokens": 12, "cache_creation_input_tokens": 100,
                   "cache_read_input_tokens": 2000, "output_tokens": 6}}
        """
            .formatted(model(body)));
  }

  void release() {
    release.countDown();
  }

  private void chat(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requestBodies.add(body);
    String model = model(body);
    if (fault(ex, model)) {
      return;
    }
    String compact = body.replace(" ", "");
    boolean toolResult = compact.contains("\"role\":\"tool\"");
    boolean offersTools = compact.contains("\"tools\":[");
    if (compact.contains("\"stream\":true")) {
      stream(ex, model, offersTools && !toolResult);
      return;
    }
    String message;
    String finish;
    int promptTokens;
    if (offersTools && !toolResult) {
      message =
          """
          {"role": "assistant", "content": null, "tool_calls": [{"id": "call_abc123",
           "type": "function", "function": {"name": "get_weather",
           "arguments": "{\\"city\\":\\"Paris\\"}"}}]}""";
      finish = "tool_calls";
      promptTokens = 57;
    } else {
      String answer = toolResult ? "It is sunny in Paris." : "The capital of France is Paris.";
      message = "{\"role\": \"assistant\", \"content\": \"" + answer + "\"}";
      finish = "stop";
      promptTokens = toolResult ? 81 : 19;
    }
    String json =
        """
        {
          "id": "chatcmpl-%s",
          "object": "chat.completion",
          "created": 1741569952,
          "model": "%s-2024-07-18",
          "choices": [{"index": 0, "message": %s, "logprobs": null, "finish_reason": "%s"}],
          "usage": {
            "prompt_tokens": %d,
            "completion_tokens": 10,
            "total_tokens": %d,
            "prompt_tokens_details": {"cached_tokens": 4, "audio_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0}
          },
          "service_tier": "default",
          "system_fingerprint": "fp_44709d6fcb"
        }
        """
            .formatted(
                finish.equals("stop") ? "B9MBs8Cjcv" : "B9MBtools1",
                model,
                message,
                finish,
                promptTokens,
                promptTokens + 10);
    send(ex, 200, json);
  }

  private void stream(HttpExchange ex, String model, boolean callTool) throws IOException {
    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      String head =
          "{\"id\":\"chatcmpl-stream-1\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,"
              + "\"model\":\""
              + model
              + "-2024-07-18\",\"system_fingerprint\":\"fp_1\",\"choices\":[";
      write(
          out,
          head
              + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}");
      if (callTool) {
        write(
            out,
            head
                + "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_abc123\","
                + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},"
                + "\"finish_reason\":null}]}");
        for (String args : List.of("{\\\"city\\\":", "\\\"Paris\\\"}")) {
          write(
              out,
              head
                  + "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\""
                  + args
                  + "\"}}]},\"finish_reason\":null}]}");
        }
        write(out, head + "{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}");
        write(
            out,
            head
                + "],\"usage\":{\"prompt_tokens\":57,\"completion_tokens\":9,\"total_tokens\":66}}");
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      for (String part : STREAM_PARTS) {
        write(
            out,
            head
                + "{\"index\":0,\"delta\":{\"content\":\""
                + part
                + "\"},\"finish_reason\":null}]}");
        if (model.equals("slow-stream")) {
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
      write(out, head + "{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
      write(
          out,
          head
              + "],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":7,\"total_tokens\":19,"
              + "\"prompt_tokens_details\":{\"cached_tokens\":0},"
              + "\"completion_tokens_details\":{\"reasoning_tokens\":0}}}");
      out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // the client went away (a cancelled stream)
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
    send(
        ex,
        200,
        """
        {"object": "list",
         "data": [{"object": "embedding", "index": 0,
                   "embedding": [0.0023, -0.0093, -0.0028, 0.021, -0.013, 0.004, 0.11, -0.07]}],
         "model": "%s",
         "usage": {"prompt_tokens": 8, "total_tokens": 8}}
        """
            .formatted(model));
  }

  private boolean fault(HttpExchange ex, String model) throws IOException {
    switch (model) {
      case "rate-limited" -> {
        ex.getResponseHeaders().add("retry-after", "7");
        send(
            ex,
            429,
            """
            {"error": {"message": "Rate limit reached for requests", "type": "requests", "param": null, "code": "rate_limit_exceeded"}}
            """);
        return true;
      }
      case "server-error" -> {
        send(
            ex,
            500,
            """
            {"error": {"message": "The server had an error while processing your request.", "type": "server_error", "param": null, "code": null}}
            """);
        return true;
      }
      case "malformed" -> {
        send(ex, 200, "{\"id\":\"chatcmpl-x\",\"choices\":[{\"index\":0,\"mess");
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

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    executor.shutdownNow();
  }
}

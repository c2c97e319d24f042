package dev.tracekit.examples.support;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local OpenAI-compatible model server on loopback: {@code POST /v1/chat/completions} answers
 * with the wire format's JSON (id, model, choices, finish_reason, usage), after a few milliseconds.
 */
public final class ModelServer implements AutoCloseable {
  private final LoopbackServer server;
  private final HttpClient client;
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger ids = new AtomicInteger(1000);

  private ModelServer(LoopbackServer server, HttpClient client) {
    this.server = server;
    this.client = client;
  }

  /**
   * Starts the server.
   *
   * @param client the (untraced) client used by {@link #chat}: model calls are traced by the GenAI
   *     span around them
   * @return the server
   */
  public static ModelServer start(HttpClient client) {
    LoopbackServer server = LoopbackServer.start("model-server");
    ModelServer model = new ModelServer(server, client);
    server.handle("/v1/chat/completions", model::completions);
    return model;
  }

  /**
   * The base URI, like {@code https://api.openai.com}.
   *
   * @return the base URI
   */
  public URI baseUri() {
    return server.uri("");
  }

  /**
   * How many completions were served.
   *
   * @return the count
   */
  public int calls() {
    return calls.get();
  }

  /**
   * Sends a chat completion request the way an OpenAI client does.
   *
   * @param model the model
   * @param system the system instruction
   * @param user the user message
   * @return the raw response
   * @throws IOException when the call fails
   * @throws InterruptedException when interrupted
   */
  public HttpResponse<String> chat(String model, String system, String user)
      throws IOException, InterruptedException {
    String body =
        "{\"model\":"
            + Json.quote(model)
            + ",\"max_tokens\":1000,\"temperature\":0.7,\"messages\":["
            + "{\"role\":\"system\",\"content\":"
            + Json.quote(system)
            + "},{\"role\":\"user\",\"content\":"
            + Json.quote(user)
            + "}]}";
    HttpRequest request =
        HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer sk-local-example-key")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private void completions(HttpExchange exchange) throws IOException {
    String body = LoopbackServer.body(exchange);
    String model = Json.field(body, "model");
    calls.incrementAndGet();
    String answer;
    if (body.contains("Classify")) {
      answer = "{\"intent\":\"product_question\",\"confidence\":0.92}";
      LoopbackServer.pause(6);
    } else {
      answer = "Sure! The chocolate rosca is available today for $18.50; shall I reserve one?";
      LoopbackServer.pause(14);
    }
    long input = Math.max(8, body.length() / 4);
    long output = Math.max(4, answer.length() / 4);
    String json =
        "{\"id\":\"chatcmpl-local-"
            + ids.incrementAndGet()
            + "\",\"object\":\"chat.completion\",\"created\":"
            + System.currentTimeMillis() / 1000
            + ",\"model\":"
            + Json.quote(model.startsWith("gpt-4o-mini") ? "gpt-4o-mini-2024-07-18" : model)
            + ",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
            + Json.quote(answer)
            + "},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":"
            + input
            + ",\"completion_tokens\":"
            + output
            + ",\"total_tokens\":"
            + (input + output)
            + "}}";
    LoopbackServer.json(exchange, 200, json);
  }

  @Override
  public void close() {
    server.close();
  }
}

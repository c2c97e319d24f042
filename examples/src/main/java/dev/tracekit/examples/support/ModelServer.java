package dev.tracekit.examples.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
  private static final ObjectMapper JSON = new ObjectMapper();

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
    ObjectNode body = JSON.createObjectNode().put("model", model).put("max_tokens", 1000);
    ArrayNode messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", system);
    messages.addObject().put("role", "user").put("content", user);
    HttpRequest request =
        HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer sk-local-example-key")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The assistant's message in a chat completion response.
   *
   * @param response the response
   * @return the message content
   * @throws IOException when the body is not a chat completion
   */
  public static String answer(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body()).at("/choices/0/message/content").asText();
  }

  private void completions(HttpExchange exchange) throws IOException {
    JsonNode request = JSON.readTree(LoopbackServer.body(exchange));
    String model = request.path("model").asText();
    String system = request.at("/messages/0/content").asText();
    calls.incrementAndGet();
    String answer;
    if (system.startsWith("Classify")) {
      answer = "{\"intent\":\"product_question\",\"confidence\":0.92}";
      LoopbackServer.pause(6);
    } else {
      answer = "Yes, the chocolate cake is available today for $18.50. Shall I reserve one?";
      LoopbackServer.pause(14);
    }
    long input = Math.max(8, request.toString().length() / 4);
    long output = Math.max(4, answer.length() / 4);
    ObjectNode response =
        JSON.createObjectNode()
            .put("id", "chatcmpl-local-" + ids.incrementAndGet())
            .put("object", "chat.completion")
            .put("created", System.currentTimeMillis() / 1000)
            .put("model", model.equals("gpt-4o-mini") ? "gpt-4o-mini-2024-07-18" : model);
    ObjectNode choice = response.putArray("choices").addObject().put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", answer);
    choice.put("finish_reason", "stop");
    response
        .putObject("usage")
        .put("prompt_tokens", input)
        .put("completion_tokens", output)
        .put("total_tokens", input + output);
    LoopbackServer.json(exchange, 200, JSON.writeValueAsString(response));
  }

  @Override
  public void close() {
    server.close();
  }
}

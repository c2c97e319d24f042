package dev.tracekit.examples.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.tracekit.http.HttpTracing;
import io.opentelemetry.api.baggage.Baggage;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The third-party APIs the scenarios call, on one loopback server: a chat inbox (conversations and
 * messages), a shop's product API, a CRM (contacts and tags), a grid-status API that is down (503),
 * and a weather service. The third parties are not traced, except the weather service, which stands
 * for a second service instrumented with TraceKit: its SERVER span continues the caller's trace and
 * carries the caller's baggage.
 */
public final class ExternalApis implements AutoCloseable {
  /** One request as the external API saw it. */
  public record Received(String method, String path, Map<String, String> headers) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final LoopbackServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();

  private ExternalApis(LoopbackServer server) {
    this.server = server;
  }

  /**
   * Starts the APIs.
   *
   * @param http the HTTP tracing used by the (traced) weather service
   * @return the running APIs
   */
  public static ExternalApis start(HttpTracing http) {
    LoopbackServer server = LoopbackServer.start("external-apis");
    ExternalApis apis = new ExternalApis(server);
    server.handle("/inbox/conversations/", apis::inbox);
    server.handle("/shop/products", apis::products);
    server.handle("/crm/contacts/", apis::crm);
    server.handle("/grid/status", apis::grid);
    server.handle("/forecast", http.wrap(apis::forecast, "/forecast"));
    return apis;
  }

  /**
   * The URI of a path on the APIs' server.
   *
   * @param path the path
   * @return the URI
   */
  public URI uri(String path) {
    return server.uri(path);
  }

  /**
   * Every request received so far.
   *
   * @return the requests
   */
  public List<Received> received() {
    return List.copyOf(received);
  }

  private void record(HttpExchange exchange) {
    Map<String, String> headers = new java.util.TreeMap<>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
    received.add(
        new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers));
  }

  private void inbox(HttpExchange exchange) throws IOException {
    record(exchange);
    LoopbackServer.body(exchange);
    if ("POST".equals(exchange.getRequestMethod())) {
      LoopbackServer.pause(4);
      LoopbackServer.json(exchange, 200, "{\"id\":90210,\"message_type\":\"outgoing\"}");
    } else {
      LoopbackServer.pause(6);
      LoopbackServer.json(
          exchange,
          200,
          "{\"id\":12345,\"inbox_id\":3,\"status\":\"open\",\"meta\":{\"sender\":{\"id\":77}}}");
    }
  }

  private void products(HttpExchange exchange) throws IOException {
    record(exchange);
    LoopbackServer.pause(8);
    LoopbackServer.json(
        exchange,
        200,
        "[{\"id\":311,\"name\":\"Chocolate cake\",\"price\":\"18.50\",\"in_stock\":true}]");
  }

  private void crm(HttpExchange exchange) throws IOException {
    record(exchange);
    LoopbackServer.body(exchange);
    LoopbackServer.pause(6);
    String path = exchange.getRequestURI().getPath();
    LoopbackServer.json(
        exchange,
        200,
        path.endsWith("/tags")
            ? "{\"tags\":[\"buyer-lead\"]}"
            : "{\"id\":\"12345\",\"properties\":{\"lead_score\":\"4\"}}");
  }

  private void grid(HttpExchange exchange) throws IOException {
    record(exchange);
    LoopbackServer.pause(2);
    LoopbackServer.json(exchange, 503, "{\"error\":\"grid status service unavailable\"}");
  }

  private void forecast(HttpExchange exchange) throws IOException {
    record(exchange);
    // The caller's baggage arrived with the request: the BaggageSpanProcessor already copied
    // user.id onto this SERVER span; the handler can read it too.
    String user = Objects.requireNonNullElse(Baggage.current().getEntryValue("user.id"), "");
    LoopbackServer.pause(5);
    LoopbackServer.json(
        exchange,
        200,
        JSON.writeValueAsString(
            Map.of("forecast", List.of(Map.of("hour", 12, "solar_kwh", 4.2)), "for_user", user)));
  }

  @Override
  public void close() {
    server.close();
  }
}

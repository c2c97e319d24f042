package dev.tracekit.examples.scenarios;

import com.sun.net.httpserver.HttpExchange;
import dev.tracekit.ai.AiTracing;
import dev.tracekit.ai.TracingSemanticCache;
import dev.tracekit.api.SpanAttribute;
import dev.tracekit.api.Traced;
import dev.tracekit.api.Tracing;
import dev.tracekit.core.annotation.TracedProxy;
import dev.tracekit.examples.Scenario;
import dev.tracekit.examples.ScenarioContext;
import dev.tracekit.examples.TraceShape;
import dev.tracekit.examples.support.Json;
import dev.tracekit.examples.support.LoopbackServer;
import dev.tracekit.http.ApiCallOptions;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Seed 003: an AI chat route with a semantic cache (first request: lookup miss, chat completion
 * with tokens and cost, store; second identical request: hit, no model call), and an energy
 * forecast route calling a {@code @Traced} service that runs a database transaction, calls the
 * weather service through an API client with baggage {@code user.id}, trains an ML model and calls
 * a grid-status API that fails (recorded as an error, the request degrades gracefully).
 */
public final class Platform implements Scenario {
  static final String CHAT_ROUTE = "/api/ai/chat";
  static final String ENERGY_ROUTE = "/api/energy/forecast";
  static final String PROMPT = "How much energy did building 7 use last week?";

  /** A service whose methods are traced by annotation (seed 003's {@code @Trace}). */
  public interface EnergyService {
    /**
     * Builds a forecast for an organization.
     *
     * @param organizationId the organization
     * @return the forecast summary
     * @throws Exception when a step fails
     */
    @Traced(
        value = "EnergyService.forecast",
        attributes = {"service=data-processor"})
    String forecast(@SpanAttribute("organization.id") String organizationId) throws Exception;
  }

  @Override
  public String name() {
    return "platform";
  }

  @Override
  public String seed() {
    return "003";
  }

  @Override
  public String serviceName() {
    return "blipee-os";
  }

  @Override
  public String description() {
    return "AI route with semantic cache (miss, then hit), DB, API client + baggage, ML, errors";
  }

  @Override
  public Check run(ScenarioContext ctx) throws Exception {
    Map<String, String> answers = new ConcurrentHashMap<>();
    TracingSemanticCache cache =
        ctx.ai().cache("prompts").similarityThreshold(0.95).entryCount(answers::size);
    EnergyService energy =
        TracedProxy.create(
            EnergyService.class,
            organizationId -> forecast(ctx, organizationId),
            ctx.openTelemetry());
    LoopbackServer server = ctx.server("blipee-os");
    server.handle(
        CHAT_ROUTE, ctx.http().wrap(exchange -> chat(ctx, cache, answers, exchange), CHAT_ROUTE));
    server.handle(
        ENERGY_ROUTE, ctx.http().wrap(exchange -> energy(ctx, energy, exchange), ENERGY_ROUTE));

    int modelCallsBefore = ctx.model().calls();
    for (int i = 0; i < 2; i++) {
      send(ctx, server, CHAT_ROUTE, "{\"prompt\":" + Json.quote(PROMPT) + "}");
    }
    if (ctx.model().calls() != modelCallsBefore + 1) {
      throw new IllegalStateException(
          "expected one model call for two identical prompts, got "
              + (ctx.model().calls() - modelCallsBefore));
    }
    send(ctx, server, ENERGY_ROUTE, "{\"building\":7}");
    return Platform::verify;
  }

  private static void send(ScenarioContext ctx, LoopbackServer server, String route, String body)
      throws Exception {
    HttpResponse<String> r =
        ctx.outsideClient()
            .send(
                HttpRequest.newBuilder(server.uri(route))
                    .header("Content-Type", "application/json")
                    .header("X-User-Id", "user-123")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(route + " answered " + r.statusCode() + ": " + r.body());
    }
  }

  private static void chat(
      ScenarioContext ctx,
      TracingSemanticCache cache,
      Map<String, String> answers,
      HttpExchange exchange)
      throws IOException {
    String prompt = Json.field(LoopbackServer.body(exchange), "prompt");
    String user = exchange.getRequestHeaders().getFirst("X-User-Id");
    Tracing tracing = ctx.tracing();
    AiTracing ai = ctx.ai();
    String answer;
    try (Scope ignored = tracing.setBaggage("user.id", user == null ? "anonymous" : user)) {
      String org =
          ctx.database()
              .query(
                  "SELECT organization_id FROM users WHERE id = ?",
                  rs -> rs.getString(1),
                  String.valueOf(user));
      String cached =
          cache.lookup(
              prompt,
              l -> {
                String hit = answers.get(prompt);
                l.similarity(hit != null ? 1.0 : 0.41);
                if (hit != null) {
                  l.savedUsage("gpt-4o", 60, 20);
                }
                return hit;
              });
      if (cached != null) {
        answer = cached;
      } else {
        HttpResponse<String> r =
            ai.chat("openai", "gpt-4o")
                .maxTokens(1000)
                .temperature(0.7)
                .userId(user)
                .organizationId(org)
                .message("system", "You answer questions about building energy use.")
                .message("user", prompt)
                .call(
                    () ->
                        ctx.model()
                            .chat(
                                "gpt-4o",
                                "You answer questions about building energy use.",
                                prompt));
        answer = Json.field(r.body(), "content");
        cache.store(prompt, () -> answers.put(prompt, answer));
      }
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
    LoopbackServer.json(exchange, 200, "{\"answer\":" + Json.quote(answer) + "}");
  }

  private static void energy(ScenarioContext ctx, EnergyService energy, HttpExchange exchange)
      throws IOException {
    LoopbackServer.body(exchange);
    String user = exchange.getRequestHeaders().getFirst("X-User-Id");
    String summary;
    try (Scope ignored = ctx.tracing().setBaggage("user.id", user == null ? "anonymous" : user)) {
      summary = energy.forecast("org-456");
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
    LoopbackServer.json(exchange, 200, "{\"summary\":" + Json.quote(summary) + "}");
  }

  private static String forecast(ScenarioContext ctx, String organizationId) throws Exception {
    Tracing tracing = ctx.tracing();
    // A transaction: usage logged and the quota updated together.
    ctx.database()
        .transaction(
            db -> {
              db.update(
                  "INSERT INTO usage_log (id, organization_id, kind, amount) VALUES (?, ?, ?, ?)",
                  "u-" + System.nanoTime(),
                  organizationId,
                  "forecast",
                  1);
              return db.update(
                  "UPDATE quotas SET used = used + ? WHERE organization_id = ?", 1, organizationId);
            });
    // An API client call; baggage user.id travels in the request headers.
    String weather =
        ctx.http()
            .traceApiClient(
                "weather-service",
                "get-forecast",
                () ->
                    ctx.client()
                        .send(
                            HttpRequest.newBuilder(ctx.apis().uri("/forecast?lat=38.72&lon=-9.14"))
                                .GET()
                                .build(),
                            HttpResponse.BodyHandlers.ofString())
                        .body(),
                ApiCallOptions.of("GET", "/forecast", Map.of("lat", 38.72, "lon", -9.14)));
    // An ML operation.
    var train =
        ctx.ai()
            .mlOperation("train", "energy_prediction")
            .datasetSize(10_000)
            .features(50)
            .epochs(10)
            .batchSize(32);
    double accuracy =
        train.call(
            () -> {
              LoopbackServer.pause(12);
              train.resultMetric("accuracy", 0.93);
              return 0.93;
            });
    // A failing call: the grid-status API is down; the span records the error, the forecast goes
    // on without it.
    int gridStatus =
        ctx.client()
            .send(
                HttpRequest.newBuilder(ctx.apis().uri("/grid/status")).GET().build(),
                HttpResponse.BodyHandlers.ofString())
            .statusCode();
    if (gridStatus >= 500) {
      tracing.addEvent("grid_status_unavailable", Map.of("status", gridStatus));
    }
    return "forecast ready (accuracy " + accuracy + ", weather " + weather.length() + " bytes)";
  }

  static void verify(TraceShape t) {
    t.expect(t.traceIds().size() == 3, "expected three traces, found " + t.traceIds().size());
    // First request: miss, chat, store.
    SpanData first = t.nth("POST " + CHAT_ROUTE, SpanKind.SERVER, 0);
    t.localRoot(first);
    SpanData lookup1 = t.child(first, "semantic_cache.lookup prompts", SpanKind.INTERNAL);
    t.attr(lookup1, "tracekit.semantic_cache.hit", false);
    SpanData chat = t.child(first, "chat gpt-4o", SpanKind.CLIENT);
    t.hasAttr(chat, "gen_ai.usage.input_tokens");
    t.hasAttr(chat, "gen_ai.usage.output_tokens");
    t.hasAttr(chat, "tracekit.gen_ai.usage.cost");
    t.child(first, "semantic_cache.store prompts", SpanKind.INTERNAL);
    SpanData query = t.child(first, "SELECT users", SpanKind.CLIENT);
    t.attr(query, "user.id", "user-123");
    // Second request: hit, no model call in its trace.
    SpanData second = t.nth("POST " + CHAT_ROUTE, SpanKind.SERVER, 1);
    SpanData lookup2 = t.child(second, "semantic_cache.lookup prompts", SpanKind.INTERNAL);
    t.attr(lookup2, "tracekit.semantic_cache.hit", true);
    if (second != null) {
      List<SpanData> secondTrace = t.trace(second.getTraceId());
      t.expect(
          secondTrace.stream().noneMatch(s -> s.getName().startsWith("chat ")),
          "the cache hit should make no chat call");
    }
    // Third request: @Traced service, transaction, API client with baggage, ML, failing call.
    SpanData energy = t.one("POST " + ENERGY_ROUTE, SpanKind.SERVER);
    SpanData service = t.child(energy, "EnergyService.forecast", SpanKind.INTERNAL);
    t.attr(service, "organization.id", "org-456");
    SpanData tx = t.child(service, "TRANSACTION", SpanKind.INTERNAL);
    t.attr(tx, "tracekit.db.transaction.outcome", "commit");
    t.child(tx, "INSERT usage_log", SpanKind.CLIENT);
    t.child(tx, "UPDATE quotas", SpanKind.CLIENT);
    SpanData api = t.child(service, "weather-service get-forecast", SpanKind.CLIENT);
    t.attr(api, "tracekit.api.service", "weather-service");
    // The API client span is the only CLIENT span of the call (no logical span around another).
    SpanData remote = t.child(api, "GET /forecast", SpanKind.SERVER);
    t.attr(remote, "user.id", "user-123");
    SpanData train = t.child(service, "train energy_prediction", SpanKind.INTERNAL);
    t.attr(train, "tracekit.ml.epochs", 10);
    List<SpanData> calls =
        service == null
            ? List.of()
            : t.spans().stream()
                .filter(s -> s.getParentSpanId().equals(service.getSpanId()))
                .filter(s -> s.getName().equals("GET"))
                .toList();
    t.expect(
        calls.size() == 1,
        "expected one GET (grid status) under the service, found " + calls.size());
    if (!calls.isEmpty()) {
      t.error(calls.get(0));
      t.attr(calls.get(0), "http.response.status_code", 503);
    }
    t.sameTrace(energy, service, tx, api, remote, train);
  }
}

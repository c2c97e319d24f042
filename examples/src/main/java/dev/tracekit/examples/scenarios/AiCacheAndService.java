package dev.tracekit.examples.scenarios;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.tracekit.ai.CacheLookup;
import dev.tracekit.ai.TracingSemanticCache;
import dev.tracekit.api.SpanAttribute;
import dev.tracekit.api.Traced;
import dev.tracekit.api.Tracing;
import dev.tracekit.core.annotation.TracedProxy;
import dev.tracekit.examples.Scenario;
import dev.tracekit.examples.ScenarioContext;
import dev.tracekit.examples.TraceShape;
import dev.tracekit.examples.support.LoopbackServer;
import dev.tracekit.examples.support.ModelServer;
import dev.tracekit.http.ApiCallOptions;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * An AI route and a traced service: {@code POST /api/ai/chat} asks a semantic cache first (first
 * request: lookup miss, chat completion with tokens and cost, store; second identical request: hit,
 * no model call); {@code POST /api/energy/forecast} calls a {@code @Traced} service that runs a
 * database transaction, calls the weather service through an API client with baggage {@code
 * user.id}, trains an ML model and calls a grid-status API that fails (recorded as an error, the
 * request degrades gracefully).
 */
public final class AiCacheAndService implements Scenario {
  static final String CHAT_ROUTE = "/api/ai/chat";
  static final String ENERGY_ROUTE = "/api/energy/forecast";
  static final String PROMPT = "How much energy did building 7 use last week?";
  static final String INSTRUCTIONS = "You answer questions about building energy use.";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A service whose methods are traced by annotation. */
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
    return "ai-cache-and-service";
  }

  @Override
  public String serviceName() {
    return "energy-insights";
  }

  @Override
  public String description() {
    return "semantic cache (miss, then hit); @Traced service: DB transaction, API call, ML, an error";
  }

  @Override
  public Check run(ScenarioContext ctx) throws Exception {
    ChatRoute chat = new ChatRoute(ctx);
    EnergyService energy =
        TracedProxy.create(EnergyService.class, new DefaultEnergyService(ctx), ctx.openTelemetry());
    LoopbackServer server = ctx.server("energy-insights");
    server.handle(CHAT_ROUTE, ctx.http().wrap(LoopbackServer.handler(chat::handle), CHAT_ROUTE));
    server.handle(
        ENERGY_ROUTE,
        ctx.http()
            .wrap(
                LoopbackServer.handler(exchange -> forecast(ctx, energy, exchange)), ENERGY_ROUTE));

    int modelCallsBefore = ctx.model().calls();
    String question = JSON.writeValueAsString(Map.of("prompt", PROMPT));
    send(ctx, server, CHAT_ROUTE, question);
    send(ctx, server, CHAT_ROUTE, question);
    int modelCalls = ctx.model().calls() - modelCallsBefore;
    if (modelCalls != 1) {
      throw new IllegalStateException(
          "expected one model call for two identical prompts, got " + modelCalls);
    }
    send(ctx, server, ENERGY_ROUTE, "{\"building\":7}");
    return AiCacheAndService::verify;
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

  /** {@code POST /api/ai/chat}: the cache first, the model on a miss. */
  private static final class ChatRoute {
    private final ScenarioContext ctx;
    private final Tracing tracing;
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final TracingSemanticCache cache;

    ChatRoute(ScenarioContext ctx) {
      this.ctx = ctx;
      this.tracing = ctx.tracing();
      this.cache = ctx.ai().cache("prompts").similarityThreshold(0.95).entryCount(answers::size);
    }

    void handle(HttpExchange exchange) throws Exception {
      String prompt = JSON.readTree(LoopbackServer.body(exchange)).path("prompt").asText();
      String user = userOf(exchange);
      String answer;
      try (Scope ignored = tracing.setBaggage("user.id", user)) {
        String organization = organizationOf(user);
        String cached = cache.lookup(prompt, lookup -> cachedAnswer(prompt, lookup));
        answer = cached != null ? cached : askModel(prompt, user, organization);
      }
      LoopbackServer.json(exchange, 200, JSON.writeValueAsString(Map.of("answer", answer)));
    }

    private String organizationOf(String user) throws Exception {
      String organization =
          ctx.database()
              .query("SELECT organization_id FROM users WHERE id = ?", rs -> rs.getString(1), user);
      return Objects.requireNonNullElse(organization, "unknown");
    }

    private @Nullable String cachedAnswer(String prompt, CacheLookup lookup) {
      String hit = answers.get(prompt);
      lookup.similarity(hit != null ? 1.0 : 0.41);
      if (hit != null) {
        lookup.savedUsage("gpt-4o", 60, 20);
      }
      return hit;
    }

    private String askModel(String prompt, String user, String organization) throws Exception {
      HttpResponse<String> response =
          ctx.ai()
              .chat("openai", "gpt-4o")
              .maxTokens(1000)
              .temperature(0.7)
              .userId(user)
              .organizationId(organization)
              .message("system", INSTRUCTIONS)
              .message("user", prompt)
              .call(() -> ctx.model().chat("gpt-4o", INSTRUCTIONS, prompt));
      String answer = ModelServer.answer(response);
      cache.store(prompt, () -> answers.put(prompt, answer));
      return answer;
    }
  }

  /** {@code POST /api/energy/forecast}: the user's id travels as baggage into the service. */
  private static void forecast(ScenarioContext ctx, EnergyService energy, HttpExchange exchange)
      throws Exception {
    LoopbackServer.body(exchange);
    String summary;
    try (Scope ignored = ctx.tracing().setBaggage("user.id", userOf(exchange))) {
      summary = energy.forecast("org-456");
    }
    LoopbackServer.json(exchange, 200, JSON.writeValueAsString(Map.of("summary", summary)));
  }

  private static String userOf(HttpExchange exchange) {
    String user = exchange.getRequestHeaders().getFirst("X-User-Id");
    return user == null ? "anonymous" : user;
  }

  /** The service behind the {@code @Traced} interface. */
  private static final class DefaultEnergyService implements EnergyService {
    private final ScenarioContext ctx;

    DefaultEnergyService(ScenarioContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public String forecast(String organizationId) throws Exception {
      recordUsage(organizationId);
      String weather = weatherForecast();
      double accuracy = trainModel();
      checkGridStatus();
      return "forecast ready (accuracy " + accuracy + ", weather " + weather.length() + " bytes)";
    }

    /** A transaction: usage logged and the quota updated together. */
    private void recordUsage(String organizationId) throws Exception {
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
                    "UPDATE quotas SET used = used + ? WHERE organization_id = ?",
                    1,
                    organizationId);
              });
    }

    /** An API client call; the baggage (user.id) travels in the request headers. */
    private String weatherForecast() throws Exception {
      return ctx.http()
          .traceApiClient(
              "weather-service",
              "get-forecast",
              this::fetchWeather,
              ApiCallOptions.of("GET", "/forecast", Map.of("lat", 38.72, "lon", -9.14)));
    }

    private String fetchWeather() throws Exception {
      return ctx.client()
          .send(
              HttpRequest.newBuilder(ctx.apis().uri("/forecast?lat=38.72&lon=-9.14")).GET().build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    }

    /** An ML operation with its parameters and result metric. */
    private double trainModel() {
      var train =
          ctx.ai()
              .mlOperation("train", "energy_prediction")
              .datasetSize(10_000)
              .features(50)
              .epochs(10)
              .batchSize(32);
      return train.call(
          () -> {
            LoopbackServer.pause(12);
            train.resultMetric("accuracy", 0.93);
            return 0.93;
          });
    }

    /** The grid-status API is down: its span records the error, the forecast goes on. */
    private void checkGridStatus() throws Exception {
      int status =
          ctx.client()
              .send(
                  HttpRequest.newBuilder(ctx.apis().uri("/grid/status")).GET().build(),
                  HttpResponse.BodyHandlers.ofString())
              .statusCode();
      if (status >= 500) {
        ctx.tracing().addEvent("grid_status_unavailable", Map.of("status", status));
      }
    }
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

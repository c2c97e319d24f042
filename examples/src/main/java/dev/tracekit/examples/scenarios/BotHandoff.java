package dev.tracekit.examples.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.tracekit.ai.AiTracing;
import dev.tracekit.api.TraceCarrier;
import dev.tracekit.api.Tracing;
import dev.tracekit.examples.Scenario;
import dev.tracekit.examples.ScenarioContext;
import dev.tracekit.examples.TraceShape;
import dev.tracekit.examples.support.LoopbackServer;
import dev.tracekit.examples.support.ModelServer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Two bots and a handoff: a CRM webhook runs the lead bot's workflow nodes, which decide to hand
 * the contact to the buyer bot: a handoff span (source, target, confidence, reason) whose work tags
 * the contact in the CRM and passes the conversation, with its trace context in the metadata, to
 * the buyer bot on another thread; the buyer bot's nodes, one with a model call, join the same
 * trace.
 */
public final class BotHandoff implements Scenario {
  static final String ROUTE = "/webhooks/crm";
  static final String QUESTION = "We want to buy a 3-bedroom house before summer";

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String name() {
    return "bot-handoff";
  }

  @Override
  public String serviceName() {
    return "sales-bots";
  }

  @Override
  public String description() {
    return "webhook -> lead bot -> handoff to the buyer bot on another thread -> LLM, one trace";
  }

  @Override
  public Check run(ScenarioContext ctx) throws Exception {
    ExecutorService buyerBotThread = Executors.newSingleThreadExecutor();
    try {
      SalesBots bots = new SalesBots(ctx, buyerBotThread);
      LoopbackServer server = ctx.server("sales-bots");
      server.handle(ROUTE, ctx.http().wrap(LoopbackServer.handler(bots::webhook), ROUTE));
      String contact =
          JSON.writeValueAsString(Map.of("contactId", "abc123xyz", "message", QUESTION));
      HttpResponse<String> response =
          ctx.outsideClient()
              .send(
                  HttpRequest.newBuilder(server.uri(ROUTE))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(contact))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("webhook answered " + response.statusCode());
      }
    } finally {
      buyerBotThread.shutdown();
      buyerBotThread.awaitTermination(5, TimeUnit.SECONDS);
    }
    return BotHandoff::verify;
  }

  /** The service: the lead bot, the handoff and the buyer bot. */
  private static final class SalesBots {
    private final ScenarioContext ctx;
    private final AiTracing ai;
    private final Tracing tracing;
    private final TraceCarrier carrier;
    private final ExecutorService buyerBotThread;

    SalesBots(ScenarioContext ctx, ExecutorService buyerBotThread) {
      this.ctx = ctx;
      this.ai = ctx.ai();
      this.tracing = ctx.tracing();
      this.carrier = TraceCarrier.create(ctx.openTelemetry());
      this.buyerBotThread = buyerBotThread;
    }

    // ---- the lead bot

    void webhook(HttpExchange exchange) throws Exception {
      JsonNode request = JSON.readTree(LoopbackServer.body(exchange));
      String contactId = request.path("contactId").asText();
      String intent =
          ai.workflowNode("lead_bot", "analyze_intent").call(() -> analyzeIntent(contactId));
      String path =
          ai.workflowNode("lead_bot", "determine_path").call(() -> determinePath(contactId));
      String reply =
          ai.handoff("lead", "buyer")
              .confidence(0.85)
              .reason(intent + "_intent_detected")
              .call(() -> handOff(contactId, path));
      LoopbackServer.json(exchange, 200, JSON.writeValueAsString(Map.of("reply", reply)));
    }

    private String analyzeIntent(String contactId) {
      tracing.setAttribute("workflow.contact_id", contactId);
      tracing.setAttribute("workflow.temperature", "hot");
      LoopbackServer.pause(4);
      tracing.addEvent("intent_detected", Map.of("intent_type", "buyer", "confidence", 0.85));
      return "buyer";
    }

    private String determinePath(String contactId) {
      tracing.setAttribute("workflow.contact_id", contactId);
      tracing.setAttribute("workflow.current_step", "handoff");
      LoopbackServer.pause(2);
      return "buyer";
    }

    // ---- the handoff: tag the contact, pass the conversation with its trace context

    private String handOff(String contactId, String path) throws Exception {
      tracing.setAttribute("handoff.contact_id", contactId);
      tagContact(contactId, "buyer-lead");
      Map<String, String> metadata = new HashMap<>();
      metadata.put("contact_id", contactId);
      metadata.put("path", path);
      carrier.inject(metadata);
      return buyerBotThread.submit(() -> buyerConversation(metadata)).get(10, TimeUnit.SECONDS);
    }

    private void tagContact(String contactId, String tag) throws Exception {
      ctx.client()
          .send(
              HttpRequest.newBuilder(ctx.apis().uri("/crm/contacts/" + contactId + "/tags"))
                  .header("Content-Type", "application/json")
                  .header("Authorization", "Bearer crm-private-token")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          JSON.writeValueAsString(Map.of("tags", new String[] {tag}))))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    }

    // ---- the buyer bot, on its own thread, continuing the trace from the metadata

    private String buyerConversation(Map<String, String> metadata) throws Exception {
      String contactId = metadata.get("contact_id");
      Context parent = carrier.extract(metadata);
      try (Scope ignored = parent.makeCurrent()) {
        String budget =
            ai.workflowNode("buyer_bot", "analyze_buyer_intent")
                .call(() -> analyzeBudget(contactId));
        return ai.workflowNode("buyer_bot", "generate_buyer_response")
            .call(() -> respond(contactId, budget));
      }
    }

    private String analyzeBudget(String contactId) {
      tracing.setAttribute("workflow.contact_id", contactId);
      LoopbackServer.pause(3);
      return "450k";
    }

    private String respond(String contactId, String budget) throws Exception {
      tracing.setAttribute("workflow.contact_id", contactId);
      HttpResponse<String> response =
          ai.chat("openai", "gpt-4o")
              .maxTokens(300)
              .temperature(0.4)
              .conversationId(contactId)
              .messages(2)
              .call(
                  () ->
                      ctx.model()
                          .chat("gpt-4o", "You help home buyers; budget " + budget, QUESTION));
      return ModelServer.answer(response);
    }
  }

  static void verify(TraceShape t) {
    SpanData server = t.one("POST " + ROUTE, SpanKind.SERVER);
    t.localRoot(server);
    SpanData analyze = t.child(server, "lead_bot.analyze_intent", SpanKind.INTERNAL);
    t.attr(analyze, "workflow.contact_id", "abc123xyz");
    t.child(server, "lead_bot.determine_path", SpanKind.INTERNAL);
    SpanData handoff = t.child(server, "handoff lead -> buyer", SpanKind.INTERNAL);
    t.attr(handoff, "tracekit.handoff.source", "lead");
    t.attr(handoff, "tracekit.handoff.target", "buyer");
    t.attr(handoff, "tracekit.handoff.confidence", 0.85);
    t.attr(handoff, "tracekit.handoff.reason", "buyer_intent_detected");
    t.child(handoff, "POST", SpanKind.CLIENT);
    SpanData buyerIntent = t.child(handoff, "buyer_bot.analyze_buyer_intent", SpanKind.INTERNAL);
    SpanData response = t.child(handoff, "buyer_bot.generate_buyer_response", SpanKind.INTERNAL);
    SpanData chat = t.child(response, "chat gpt-4o", SpanKind.CLIENT);
    t.hasAttr(chat, "gen_ai.usage.input_tokens");
    t.sameTrace(server, analyze, handoff, buyerIntent, response, chat);
    t.expect(t.traceIds().size() == 1, "expected one trace, found " + t.traceIds().size());
  }
}

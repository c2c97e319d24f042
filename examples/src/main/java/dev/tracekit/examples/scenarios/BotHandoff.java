package dev.tracekit.examples.scenarios;

import com.sun.net.httpserver.HttpExchange;
import dev.tracekit.ai.AiTracing;
import dev.tracekit.api.TraceCarrier;
import dev.tracekit.api.Tracing;
import dev.tracekit.examples.Scenario;
import dev.tracekit.examples.ScenarioContext;
import dev.tracekit.examples.TraceShape;
import dev.tracekit.examples.support.Json;
import dev.tracekit.examples.support.LoopbackServer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Seed 002: a GoHighLevel webhook runs the lead bot's workflow nodes, which decide to hand the
 * contact to the buyer bot: a handoff span (source, target, confidence, reason) whose work tags the
 * contact in GHL and passes the conversation, with its trace context in the metadata ({@code
 * propagate_trace_context}), to the buyer bot on another thread; the buyer bot's nodes, one with a
 * model call, join the same trace.
 */
public final class BotHandoff implements Scenario {
  static final String ROUTE = "/api/v1/webhooks/ghl";

  @Override
  public String name() {
    return "bot-handoff";
  }

  @Override
  public String seed() {
    return "002";
  }

  @Override
  public String serviceName() {
    return "enterprisehub";
  }

  @Override
  public String description() {
    return "GHL webhook -> lead bot nodes -> handoff lead -> buyer -> buyer bot nodes, one trace";
  }

  @Override
  public Check run(ScenarioContext ctx) throws Exception {
    ExecutorService buyerBot = Executors.newSingleThreadExecutor();
    try {
      LoopbackServer server = ctx.server("enterprisehub");
      server.handle(ROUTE, ctx.http().wrap(exchange -> webhook(ctx, buyerBot, exchange), ROUTE));
      HttpResponse<String> response =
          ctx.outsideClient()
              .send(
                  HttpRequest.newBuilder(server.uri(ROUTE))
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"contactId\":\"abc123xyz\",\"message\":\"We want to buy a"
                                  + " 3-bedroom house before summer\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("webhook answered " + response.statusCode());
      }
    } finally {
      buyerBot.shutdown();
      buyerBot.awaitTermination(5, TimeUnit.SECONDS);
    }
    return BotHandoff::verify;
  }

  private static void webhook(ScenarioContext ctx, ExecutorService buyerBot, HttpExchange exchange)
      throws IOException {
    String body = LoopbackServer.body(exchange);
    String contactId = Json.field(body, "contactId");
    AiTracing ai = ctx.ai();
    Tracing tracing = ctx.tracing();
    String reply;
    try {
      String intent =
          ai.workflowNode(
              "lead_bot",
              "analyze_intent",
              () -> {
                tracing.setAttribute("workflow.contact_id", contactId);
                tracing.setAttribute("workflow.temperature", "hot");
                LoopbackServer.pause(4);
                tracing.addEvent(
                    "intent_detected", Map.of("intent_type", "buyer", "confidence", 0.85));
                return "buyer";
              });
      String path =
          ai.workflowNode(
              "lead_bot",
              "determine_path",
              () -> {
                tracing.setAttribute("workflow.contact_id", contactId);
                tracing.setAttribute("workflow.current_step", "handoff");
                LoopbackServer.pause(2);
                return intent;
              });
      reply =
          ai.handoff(
              "lead",
              "buyer",
              0.85,
              "buyer_intent_detected",
              () -> {
                tracing.setAttribute("handoff.contact_id", contactId);
                ctx.client()
                    .send(
                        HttpRequest.newBuilder(ctx.apis().uri("/contacts/" + contactId + "/tags"))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer ghl-private-token")
                            .POST(
                                HttpRequest.BodyPublishers.ofString("{\"tags\":[\"buyer-lead\"]}"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString());
                // propagate_trace_context(metadata): the buyer bot continues from the metadata.
                Map<String, String> metadata = new HashMap<>();
                metadata.put("contact_id", contactId);
                metadata.put("path", String.valueOf(path));
                TraceCarrier.create(ctx.openTelemetry()).inject(metadata);
                return buyerBot
                    .submit(() -> buyerConversation(ctx, metadata))
                    .get(10, TimeUnit.SECONDS);
              });
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
    LoopbackServer.json(exchange, 200, "{\"reply\":" + Json.quote(String.valueOf(reply)) + "}");
  }

  private static String buyerConversation(ScenarioContext ctx, Map<String, String> metadata)
      throws Exception {
    Context parent = TraceCarrier.create(ctx.openTelemetry()).extract(metadata);
    AiTracing ai = ctx.ai();
    Tracing tracing = ctx.tracing();
    String contactId = metadata.get("contact_id");
    try (Scope ignored = parent.makeCurrent()) {
      String budget =
          ai.workflowNode(
              "buyer_bot",
              "analyze_buyer_intent",
              () -> {
                tracing.setAttribute("workflow.contact_id", contactId);
                LoopbackServer.pause(3);
                return "450k";
              });
      return ai.workflowNode(
          "buyer_bot",
          "generate_buyer_response",
          () -> {
            tracing.setAttribute("workflow.contact_id", contactId);
            HttpResponse<String> r =
                ai.chat("openai", "gpt-4o")
                    .maxTokens(300)
                    .temperature(0.4)
                    .conversationId(contactId)
                    .messages(2)
                    .call(
                        () ->
                            ctx.model()
                                .chat(
                                    "gpt-4o",
                                    "You are Jorge's buyer assistant; budget " + budget,
                                    "We want to buy a 3-bedroom house before summer"));
            return Json.field(r.body(), "content");
          });
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

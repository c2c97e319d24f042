package dev.tracekit.examples.scenarios;

import com.sun.net.httpserver.HttpExchange;
import dev.tracekit.api.Messaging;
import dev.tracekit.api.Tracing;
import dev.tracekit.examples.Scenario;
import dev.tracekit.examples.ScenarioContext;
import dev.tracekit.examples.TraceShape;
import dev.tracekit.examples.support.JobQueue;
import dev.tracekit.examples.support.Json;
import dev.tracekit.examples.support.LoopbackServer;
import dev.tracekit.examples.support.PipelineMetrics;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Seed 000: a Chatwoot webhook answered at once, the message handed to a worker through a queue
 * with its trace context ({@code traceparent}, {@code baggage}) and the webhook start time ({@code
 * _webhookStartTime}), and the worker's agent calling a classifier model, the product API and a
 * response model before posting the reply back to Chatwoot. One trace from the webhook to the
 * reply; the seed's metrics catalog updated (queue wait, end-to-end latency, LLM calls, ...).
 */
public final class WebhookQueueWorker implements Scenario {
  static final String ROUTE = "/chatwoot/webhook";

  @Override
  public String name() {
    return "webhook-queue-worker";
  }

  @Override
  public String seed() {
    return "000";
  }

  @Override
  public String serviceName() {
    return "tagers-kiss-api";
  }

  @Override
  public String description() {
    return "Chatwoot webhook -> queue -> worker -> LLM + product API -> reply, one trace";
  }

  @Override
  public Check run(ScenarioContext ctx) throws Exception {
    PipelineMetrics pipeline = ctx.pipeline();
    JobQueue queue = ctx.queue("ai-queue");
    Messaging messaging = ctx.messaging(queue);
    pipeline.registerQueueSize(queue::size);
    AtomicInteger busy = new AtomicInteger();
    pipeline.registerActiveWorkers(busy::get);

    LoopbackServer server = ctx.server("tagers-kiss-api");
    server.handle(
        ROUTE, ctx.http().wrap(exchange -> webhook(ctx, queue, messaging, exchange), ROUTE));

    AtomicReference<Throwable> workerError = new AtomicReference<>();
    Thread worker =
        ctx.worker(
            "ai-worker",
            () -> {
              try {
                Map<String, String> job = queue.receive(Duration.ofSeconds(10));
                if (job != null) {
                  busy.incrementAndGet();
                  try {
                    work(ctx, messaging, queue, job);
                  } finally {
                    busy.decrementAndGet();
                  }
                }
              } catch (Exception e) {
                workerError.set(e);
              }
            });

    // Chatwoot calls the webhook (the outside world: no trace context).
    HttpResponse<String> response =
        ctx.outsideClient()
            .send(
                HttpRequest.newBuilder(server.uri(ROUTE))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"event\":\"message_created\",\"message_type\":\"incoming\","
                                + "\"conversation\":{\"id\":12345},\"content\":"
                                + "\"Do you have chocolate rosca today?\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("webhook answered " + response.statusCode());
    }
    worker.join(15_000);
    if (workerError.get() != null) {
      throw new IllegalStateException("worker failed: " + workerError.get(), workerError.get());
    }
    return WebhookQueueWorker::verify;
  }

  private void webhook(
      ScenarioContext ctx, JobQueue queue, Messaging messaging, HttpExchange exchange)
      throws IOException {
    long start = System.currentTimeMillis();
    Tracing tracing = ctx.tracing();
    PipelineMetrics pipeline = ctx.pipeline();
    String body = LoopbackServer.body(exchange);
    pipeline.messagesReceived().increment();
    String conversationId = "12345";
    try {
      pipeline
          .webhookDuration()
          .time(
              () -> {
                tracing.run(
                    "chatwoot.webhook.process",
                    () -> {
                      tracing.setAttribute("tagers.conversation_id", conversationId);
                      tracing.run("chatwoot.hydrate", () -> hydrate(ctx, conversationId));
                      pipeline
                          .governorDuration()
                          .timeRun(
                              () ->
                                  tracing.run(
                                      "tagers.governor.evaluate",
                                      () -> {
                                        tracing.setAttribute("tagers.governor.decision", "allow");
                                        LoopbackServer.pause(2);
                                      }));
                      String route =
                          pipeline
                              .dispatcherDuration()
                              .time(
                                  () ->
                                      tracing.trace(
                                          "tagers.dispatcher.route",
                                          span -> {
                                            span.setAttribute("tagers.route", "agentic.tania");
                                            LoopbackServer.pause(3);
                                            return "agentic.tania";
                                          }));
                      Map<String, String> job = new LinkedHashMap<>();
                      job.put("conversation_id", conversationId);
                      job.put("route", String.valueOf(route));
                      job.put("content", Json.field(body, "content"));
                      job.put(Messaging.REQUEST_START_FIELD, Long.toString(start));
                      messaging.send(
                          queue.name(),
                          job,
                          () -> {
                            queue.send(job);
                            return null;
                          });
                    });
                return null;
              });
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
    LoopbackServer.json(exchange, 200, "{\"queued\":true}");
  }

  private static void hydrate(ScenarioContext ctx, String conversationId) throws Exception {
    ctx.client()
        .send(
            HttpRequest.newBuilder(
                    ctx.apis().uri("/api/v1/accounts/1/conversations/" + conversationId))
                .header("api_access_token", "chatwoot-secret-token")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static void work(
      ScenarioContext ctx, Messaging messaging, JobQueue queue, Map<String, String> job)
      throws Exception {
    Tracing tracing = ctx.tracing();
    PipelineMetrics pipeline = ctx.pipeline();
    long enqueuedAt = parse(job.get(Messaging.ENQUEUED_AT_FIELD));
    if (enqueuedAt > 0) {
      pipeline
          .queueWaitDuration()
          .record(Math.max(0, System.currentTimeMillis() - enqueuedAt) / 1e3);
    }
    messaging.process(
        queue.name(),
        job,
        () -> {
          pipeline
              .workerDuration()
              .time(
                  () ->
                      tracing.trace(
                          "tagers.worker.process",
                          span -> {
                            span.setAttribute("tagers.conversation_id", job.get("conversation_id"));
                            String reply =
                                tracing.trace("tagers.agentic.tania", s -> agent(ctx, job));
                            ctx.client()
                                .send(
                                    HttpRequest.newBuilder(
                                            ctx.apis()
                                                .uri(
                                                    "/api/v1/accounts/1/conversations/"
                                                        + job.get("conversation_id")
                                                        + "/messages"))
                                        .header("Content-Type", "application/json")
                                        .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                "{\"content\":"
                                                    + Json.quote(String.valueOf(reply))
                                                    + ",\"message_type\":\"outgoing\"}"))
                                        .build(),
                                    HttpResponse.BodyHandlers.ofString());
                            return reply;
                          }));
          pipeline.messagesProcessed().increment();
          long webhookStart = parse(job.get(Messaging.REQUEST_START_FIELD));
          if (webhookStart > 0) {
            pipeline
                .endToEndDuration()
                .record(Math.max(0, System.currentTimeMillis() - webhookStart) / 1e3);
          }
          return null;
        });
  }

  private static String agent(ScenarioContext ctx, Map<String, String> job) throws Exception {
    PipelineMetrics pipeline = ctx.pipeline();
    String content = job.getOrDefault("content", "");
    pipeline.llmCalls().increment("gpt-4o-mini");
    pipeline
        .llmDuration()
        .time(
            () ->
                ctx.ai()
                    .chat("openai", "gpt-4o-mini")
                    .maxTokens(1000)
                    .temperature(0.0)
                    .conversationId(job.get("conversation_id"))
                    .messages(2)
                    .call(
                        () ->
                            ctx.model()
                                .chat(
                                    "gpt-4o-mini",
                                    "Classify the customer's intent as JSON.",
                                    content)),
            "gpt-4o-mini");
    String products =
        ctx.client()
            .send(
                HttpRequest.newBuilder(ctx.apis().uri("/wp-json/wc/v3/products?search=rosca"))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    pipeline.llmCalls().increment("gpt-4o");
    HttpResponse<String> answer =
        pipeline
            .llmDuration()
            .time(
                () ->
                    ctx.ai()
                        .chat("openai", "gpt-4o")
                        .maxTokens(1000)
                        .temperature(0.7)
                        .conversationId(job.get("conversation_id"))
                        .messages(3)
                        .call(
                            () ->
                                ctx.model()
                                    .chat(
                                        "gpt-4o",
                                        "You are Tania, a bakery assistant. Products: " + products,
                                        content)),
                "gpt-4o");
    return Json.field(answer.body(), "content");
  }

  private static long parse(String value) {
    try {
      return value == null ? -1 : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static void verify(TraceShape t) {
    SpanData server = t.one("POST " + ROUTE, SpanKind.SERVER);
    t.localRoot(server);
    t.attr(server, "http.response.status_code", 200);
    SpanData process = t.child(server, "chatwoot.webhook.process", SpanKind.INTERNAL);
    t.attr(process, "tagers.conversation_id", "12345");
    SpanData hydrate = t.child(process, "chatwoot.hydrate", SpanKind.INTERNAL);
    t.child(hydrate, "GET", SpanKind.CLIENT);
    t.child(process, "tagers.governor.evaluate", SpanKind.INTERNAL);
    t.child(process, "tagers.dispatcher.route", SpanKind.INTERNAL);
    SpanData send = t.child(process, "send ai-queue", SpanKind.PRODUCER);
    SpanData consume = t.child(send, "process ai-queue", SpanKind.CONSUMER);
    t.hasAttr(consume, "tracekit.messaging.queue_wait_ms");
    t.hasAttr(consume, "tracekit.messaging.e2e_ms");
    SpanData worker = t.child(consume, "tagers.worker.process", SpanKind.INTERNAL);
    SpanData tania = t.child(worker, "tagers.agentic.tania", SpanKind.INTERNAL);
    SpanData classifier = t.child(tania, "chat gpt-4o-mini", SpanKind.CLIENT);
    SpanData products = t.child(tania, "GET", SpanKind.CLIENT);
    SpanData response = t.child(tania, "chat gpt-4o", SpanKind.CLIENT);
    t.hasAttr(classifier, "gen_ai.usage.input_tokens");
    t.hasAttr(response, "gen_ai.usage.output_tokens");
    if (products != null) {
      t.expect(
          String.valueOf(TraceShape.attr(products, "url.full")).contains("/wp-json/wc/v3/products"),
          "the GET under tagers.agentic.tania should call the product API");
    }
    SpanData reply = t.child(worker, "POST", SpanKind.CLIENT);
    t.attr(reply, "http.response.status_code", 200);
    t.sameTrace(server, process, send, consume, worker, tania, classifier, response, reply);
    t.expect(t.traceIds().size() == 1, "expected one trace, found " + t.traceIds().size());
  }
}

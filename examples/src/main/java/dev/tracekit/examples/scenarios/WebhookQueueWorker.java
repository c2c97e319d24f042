package dev.tracekit.examples.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.tracekit.api.Messaging;
import dev.tracekit.api.Tracing;
import dev.tracekit.examples.Scenario;
import dev.tracekit.examples.ScenarioContext;
import dev.tracekit.examples.TraceShape;
import dev.tracekit.examples.support.JobQueue;
import dev.tracekit.examples.support.LoopbackServer;
import dev.tracekit.examples.support.ModelServer;
import dev.tracekit.examples.support.PipelineMetrics;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A chat support assistant: an inbox calls the webhook, which answers at once after filtering and
 * routing the message, and hands it to a worker through a queue with its trace context ({@code
 * traceparent}, {@code baggage}) and the request start time ({@link
 * ScenarioContext#REQUEST_START_FIELD}). With {@code TRACEKIT_EXAMPLES_KAFKA=host:port} the queue
 * is a Kafka topic traced by {@code KafkaTracing} (send and per-record process spans). The worker's
 * agent calls a classifier model, the shop's product API and a response model, then posts the reply
 * back to the inbox. One trace from the webhook to the reply; the application's metrics (queue
 * wait, end-to-end latency, LLM calls, ...) recorded.
 */
public final class WebhookQueueWorker implements Scenario {
  static final String ROUTE = "/webhooks/inbox";
  static final String QUEUE = "ai-queue";
  static final String CONVERSATION = "12345";

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String name() {
    return "webhook-queue-worker";
  }

  @Override
  public String serviceName() {
    return "support-assistant";
  }

  @Override
  public String description() {
    return "chat webhook -> queue -> worker -> 2 LLM calls + product API -> reply, one trace";
  }

  @Override
  public Check run(ScenarioContext ctx) throws Exception {
    JobQueue queue = ctx.kafkaCapableQueue(QUEUE);
    Assistant assistant = new Assistant(ctx, queue);
    LoopbackServer server = ctx.server("support-assistant");
    server.handle(ROUTE, ctx.http().wrap(LoopbackServer.handler(assistant::webhook), ROUTE));
    Thread worker = ctx.worker("ai-worker", assistant::workOneJob);

    // The inbox calls the webhook: the outside world, without trace context.
    String message =
        "{\"event\":\"message_created\",\"conversation\":{\"id\":"
            + CONVERSATION
            + "},\"content\":\"Do you have chocolate cake today?\"}";
    HttpResponse<String> response =
        ctx.outsideClient()
            .send(
                HttpRequest.newBuilder(server.uri(ROUTE))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(message))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("webhook answered " + response.statusCode());
    }
    worker.join(15_000);
    assistant.rethrowWorkerFailure();
    return WebhookQueueWorker::verify;
  }

  /** The service: the webhook handler and the queue worker. */
  private static final class Assistant {
    private final ScenarioContext ctx;
    private final Tracing tracing;
    private final PipelineMetrics metrics;
    private final JobQueue queue;
    private final Messaging messaging;
    private final AtomicInteger busyWorkers = new AtomicInteger();
    private final AtomicReference<Exception> workerFailure = new AtomicReference<>();

    Assistant(ScenarioContext ctx, JobQueue queue) {
      this.ctx = ctx;
      this.tracing = ctx.tracing();
      this.metrics = ctx.pipeline();
      this.queue = queue;
      this.messaging = ctx.messaging(queue);
      metrics.registerQueueSize(queue::size);
      metrics.registerActiveWorkers(busyWorkers::get);
    }

    // ---- the webhook: filter, route, enqueue, answer at once

    void webhook(HttpExchange exchange) throws Exception {
      long receivedAt = System.currentTimeMillis();
      JsonNode event = JSON.readTree(LoopbackServer.body(exchange));
      metrics.messagesReceived().increment();
      metrics
          .webhookDuration()
          .timeRun(() -> tracing.run("webhook.process", () -> accept(event, receivedAt)));
      LoopbackServer.json(exchange, 200, "{\"queued\":true}");
    }

    private void accept(JsonNode event, long receivedAt) throws Exception {
      String conversationId = event.at("/conversation/id").asText();
      tracing.setAttribute("conversation.id", conversationId);
      tracing.run("conversation.load", () -> loadConversation(conversationId));
      metrics.governorDuration().timeRun(() -> tracing.run("message.filter", this::filter));
      String route =
          metrics.dispatcherDuration().time(() -> tracing.trace("message.route", this::route));
      enqueue(conversationId, route, event.path("content").asText(), receivedAt);
    }

    private void loadConversation(String conversationId) throws Exception {
      ctx.client()
          .send(
              HttpRequest.newBuilder(ctx.apis().uri("/inbox/conversations/" + conversationId))
                  .header("X-Api-Key", "inbox-secret-token")
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    }

    private void filter() {
      tracing.setAttribute("message.filter.decision", "allow");
      LoopbackServer.pause(2);
    }

    private String route() {
      tracing.setAttribute("message.route", "agent.sales");
      LoopbackServer.pause(3);
      return "agent.sales";
    }

    private void enqueue(String conversationId, String route, String content, long receivedAt)
        throws Exception {
      Map<String, String> job = new LinkedHashMap<>();
      job.put("conversation_id", conversationId);
      job.put("route", route);
      job.put("content", content);
      job.put(ScenarioContext.REQUEST_START_FIELD, Long.toString(receivedAt));
      queue.send(messaging, job);
    }

    // ---- the worker: take one job, answer it, post the reply

    void workOneJob() {
      try {
        queue.process(
            Duration.ofSeconds(10),
            messaging,
            job -> {
              recordQueueWait(job);
              busyWorkers.incrementAndGet();
              try {
                return handle(job);
              } finally {
                busyWorkers.decrementAndGet();
              }
            });
      } catch (Exception e) {
        workerFailure.set(e);
      }
    }

    private String handle(Map<String, String> job) throws Exception {
      String reply =
          metrics
              .workerDuration()
              .time(() -> tracing.trace("worker.process", () -> answerAndReply(job)));
      metrics.messagesProcessed().increment();
      long start = millis(job.get(ScenarioContext.REQUEST_START_FIELD));
      if (start > 0) {
        metrics.endToEndDuration().record((System.currentTimeMillis() - start) / 1e3);
      }
      return reply;
    }

    private String answerAndReply(Map<String, String> job) throws Exception {
      String conversationId = job.get("conversation_id");
      tracing.setAttribute("conversation.id", conversationId);
      String reply =
          tracing.trace("agent.answer", () -> answer(conversationId, job.get("content")));
      postReply(conversationId, reply);
      return reply;
    }

    private String answer(String conversationId, String question) throws Exception {
      askModel("gpt-4o-mini", conversationId, "Classify the customer's intent as JSON.", question);
      String products = searchProducts("chocolate cake");
      HttpResponse<String> answer =
          askModel(
              "gpt-4o",
              conversationId,
              "You are a bakery's support assistant. Products: " + products,
              question);
      return ModelServer.answer(answer);
    }

    private HttpResponse<String> askModel(
        String model, String conversationId, String instructions, String question)
        throws Exception {
      metrics.llmCalls().increment(model);
      return metrics
          .llmDuration()
          .time(
              () ->
                  ctx.ai()
                      .chat("openai", model)
                      .maxTokens(1000)
                      .conversationId(conversationId)
                      .messages(2)
                      .call(() -> ctx.model().chat(model, instructions, question)),
              model);
    }

    private String searchProducts(String query) throws Exception {
      String search = "/shop/products?search=" + query.replace(' ', '+');
      return ctx.client()
          .send(
              HttpRequest.newBuilder(ctx.apis().uri(search)).GET().build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    }

    private void postReply(String conversationId, String reply) throws Exception {
      String body = JSON.writeValueAsString(Map.of("content", reply, "message_type", "outgoing"));
      ctx.client()
          .send(
              HttpRequest.newBuilder(
                      ctx.apis().uri("/inbox/conversations/" + conversationId + "/messages"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    }

    private void recordQueueWait(Map<String, String> job) {
      long enqueuedAt = millis(job.get(Messaging.ENQUEUED_AT_FIELD));
      if (enqueuedAt > 0) {
        metrics
            .queueWaitDuration()
            .record(Math.max(0, System.currentTimeMillis() - enqueuedAt) / 1e3);
      }
    }

    void rethrowWorkerFailure() {
      Exception e = workerFailure.get();
      if (e != null) {
        throw new IllegalStateException("worker failed: " + e, e);
      }
    }
  }

  private static long millis(String value) {
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
    SpanData process = t.child(server, "webhook.process", SpanKind.INTERNAL);
    t.attr(process, "conversation.id", CONVERSATION);
    SpanData load = t.child(process, "conversation.load", SpanKind.INTERNAL);
    t.child(load, "GET", SpanKind.CLIENT);
    t.child(process, "message.filter", SpanKind.INTERNAL);
    t.child(process, "message.route", SpanKind.INTERNAL);
    SpanData send = t.child(process, "send " + QUEUE, SpanKind.PRODUCER);
    SpanData consume = t.child(send, "process " + QUEUE, SpanKind.CONSUMER);
    t.hasAttr(consume, "tracekit.messaging.wait_time");
    t.hasAttr(consume, "tracekit.messaging.e2e_latency");
    SpanData worker = t.child(consume, "worker.process", SpanKind.INTERNAL);
    SpanData agent = t.child(worker, "agent.answer", SpanKind.INTERNAL);
    SpanData classifier = t.child(agent, "chat gpt-4o-mini", SpanKind.CLIENT);
    SpanData products = t.child(agent, "GET", SpanKind.CLIENT);
    SpanData response = t.child(agent, "chat gpt-4o", SpanKind.CLIENT);
    t.hasAttr(classifier, "gen_ai.usage.input_tokens");
    t.hasAttr(response, "gen_ai.usage.output_tokens");
    if (products != null) {
      t.expect(
          String.valueOf(TraceShape.attr(products, "url.full")).contains("/shop/products"),
          "the GET under agent.answer should call the product API");
    }
    SpanData reply = t.child(worker, "POST", SpanKind.CLIENT);
    t.attr(reply, "http.response.status_code", 200);
    t.sameTrace(server, process, send, consume, worker, agent, classifier, response, reply);
    t.expect(t.traceIds().size() == 1, "expected one trace, found " + t.traceIds().size());
  }
}

package dev.tracekit.examples.scenarios;

import com.sun.net.httpserver.HttpExchange;
import dev.tracekit.api.Messaging;
import dev.tracekit.api.Tracing;
import dev.tracekit.api.Workflows;
import dev.tracekit.examples.Scenario;
import dev.tracekit.examples.ScenarioContext;
import dev.tracekit.examples.TraceShape;
import dev.tracekit.examples.support.JobQueue;
import dev.tracekit.examples.support.LoopbackServer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Seed 001: WhatsApp calls {@code POST /webhooks/whatsapp} with its own {@code traceparent} and an
 * {@code X-Correlation-Id}; the API triggers the task {@code whatsapp-message-handler} (PRODUCER,
 * {@code traceparent}/{@code tracestate}/baggage in the task payload); a worker thread runs the
 * task (INTERNAL, continuing the payload's trace) and the {@code lead-scoring} workflow: {@code
 * fetch-data} (a database query), {@code calculate-score} (an event), {@code update-crm} (a HubSpot
 * call). The correlation id is on every span: baggage carries it, the {@code BaggageSpanProcessor}
 * copies it.
 */
public final class CrmTasks implements Scenario {
  static final String ROUTE = "/webhooks/whatsapp";
  static final String TASK = "whatsapp-message-handler";

  @Override
  public String name() {
    return "crm-tasks";
  }

  @Override
  public String seed() {
    return "001";
  }

  @Override
  public String serviceName() {
    return "medicalcor-api";
  }

  @Override
  public String description() {
    return "WhatsApp webhook (incoming traceparent, correlation id) -> task -> lead-scoring steps";
  }

  @Override
  public Check run(ScenarioContext ctx) throws Exception {
    JobQueue queue = ctx.queue("trigger-tasks");
    Messaging messaging = Messaging.builder(ctx.openTelemetry()).system("trigger.dev").build();
    LoopbackServer server = ctx.server("medicalcor-api");
    server.handle(ROUTE, ctx.http().wrap(exchange -> webhook(messaging, queue, exchange), ROUTE));

    AtomicReference<Throwable> workerError = new AtomicReference<>();
    Thread worker =
        ctx.worker(
            "trigger-worker",
            () -> {
              try {
                Map<String, String> payload = queue.receive(Duration.ofSeconds(10));
                if (payload != null) {
                  // Workflows.task continues the payload's trace with its baggage (correlation_id).
                  runTask(ctx, payload);
                }
              } catch (Exception e) {
                workerError.set(e);
              }
            });

    String traceId = hex(16);
    String parentSpanId = hex(8);
    String correlationId = "corr-" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> response =
        ctx.outsideClient()
            .send(
                HttpRequest.newBuilder(server.uri(ROUTE))
                    .header("Content-Type", "application/json")
                    .header("traceparent", "00-" + traceId + "-" + parentSpanId + "-01")
                    .header("X-Correlation-Id", correlationId)
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"messageId\":\"wamid.HBgL\",\"from\":\"+40721000000\","
                                + "\"text\":\"I would like an appointment\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 202) {
      throw new IllegalStateException("webhook answered " + response.statusCode());
    }
    worker.join(15_000);
    if (workerError.get() != null) {
      throw new IllegalStateException("worker failed: " + workerError.get(), workerError.get());
    }
    return t -> verify(t, traceId, parentSpanId, correlationId);
  }

  private static void webhook(Messaging messaging, JobQueue queue, HttpExchange exchange)
      throws IOException {
    LoopbackServer.body(exchange);
    Map<String, String> payload = new LinkedHashMap<>();
    payload.put("messageId", "wamid.HBgL");
    payload.put("leadId", "lead-42");
    String runId = "run_" + UUID.randomUUID().toString().substring(0, 12);
    payload.put("runId", runId);
    try {
      messaging.send(
          TASK,
          "wamid.HBgL",
          payload,
          (carrier, key, value) -> carrier.put(key, value),
          () -> {
            queue.send(payload);
            io.opentelemetry.api.trace.Span.current().setAttribute("trigger.task.handle_id", runId);
            return null;
          });
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
    LoopbackServer.json(exchange, 202, "{\"status\":\"accepted\",\"runId\":\"" + runId + "\"}");
  }

  private static void runTask(ScenarioContext ctx, Map<String, String> payload) throws Exception {
    Tracing tracing = ctx.tracing();
    Workflows workflows = ctx.workflows();
    workflows.task(
        TASK,
        payload.get("runId"),
        1,
        payload,
        () -> {
          String leadId = payload.get("leadId");
          tracing.setAttribute("medicalcor.lead.id", leadId);
          tracing.setAttribute("medicalcor.whatsapp.message_id", payload.get("messageId"));
          String[] lead =
              workflows.workflowStep(
                  "lead-scoring",
                  "fetch-data",
                  0,
                  () -> {
                    tracing.setAttribute("lead.id", leadId);
                    return ctx.database()
                        .query(
                            "SELECT hubspot_id, messages FROM leads WHERE id = ?",
                            rs -> new String[] {rs.getString(1), rs.getString(2)},
                            leadId);
                  });
          String hubspotId = lead == null ? "unknown" : lead[0];
          int score =
              workflows.workflowStep(
                  "lead-scoring",
                  "calculate-score",
                  1,
                  () -> {
                    LoopbackServer.pause(3);
                    int s = 4;
                    tracing.setAttribute("medicalcor.lead.score", (long) s);
                    tracing.setAttribute("medicalcor.lead.classification", "HOT");
                    tracing.addEvent("lead_scored", Map.of("score", s, "classification", "HOT"));
                    return s;
                  });
          workflows.workflowStep(
              "lead-scoring",
              "update-crm",
              2,
              () -> {
                tracing.setAttribute("medicalcor.hubspot.contact_id", hubspotId);
                return ctx.client()
                    .send(
                        HttpRequest.newBuilder(
                                ctx.apis().uri("/crm/v3/objects/contacts/" + hubspotId))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer hubspot-private-token")
                            .method(
                                "PATCH",
                                HttpRequest.BodyPublishers.ofString(
                                    "{\"properties\":{\"lead_score\":\"" + score + "\"}}"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .statusCode();
              });
          tracing.addEvent("message_processed", Map.of("success", true));
          return score;
        });
  }

  private static String hex(int bytes) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < bytes; i++) {
      sb.append(String.format("%02x", ThreadLocalRandom.current().nextInt(1, 256)));
    }
    return sb.toString();
  }

  static void verify(TraceShape t, String traceId, String parentSpanId, String correlationId) {
    SpanData server = t.one("POST " + ROUTE, SpanKind.SERVER);
    if (server != null) {
      t.expect(
          server.getTraceId().equals(traceId), "the webhook did not continue the incoming trace");
      t.expect(
          server.getParentSpanContext().isRemote() && server.getParentSpanId().equals(parentSpanId),
          "the webhook's parent should be the caller's span " + parentSpanId);
    }
    t.attr(server, "tracekit.correlation_id", correlationId);
    SpanData send = t.child(server, "send " + TASK, SpanKind.PRODUCER);
    t.attr(send, "messaging.system", "trigger.dev");
    t.hasAttr(send, "trigger.task.handle_id");
    SpanData task = t.child(send, "task " + TASK, SpanKind.INTERNAL);
    t.attr(task, "medicalcor.lead.id", "lead-42");
    SpanData fetch = t.child(task, "step lead-scoring/fetch-data", SpanKind.INTERNAL);
    t.attr(fetch, "tracekit.workflow.step_index", 0);
    SpanData query = t.child(fetch, "SELECT leads", SpanKind.CLIENT);
    t.hasAttr(query, "db.system.name");
    SpanData calc = t.child(task, "step lead-scoring/calculate-score", SpanKind.INTERNAL);
    t.attr(calc, "tracekit.workflow.step_index", 1);
    if (calc != null) {
      t.expect(
          calc.getEvents().stream().anyMatch(e -> e.getName().equals("lead_scored")),
          "calculate-score should record the lead_scored event");
    }
    SpanData update = t.child(task, "step lead-scoring/update-crm", SpanKind.INTERNAL);
    t.attr(update, "tracekit.workflow.step_index", 2);
    SpanData patch = t.child(update, "PATCH", SpanKind.CLIENT);
    t.attr(patch, "http.response.status_code", 200);
    t.expect(t.traceIds().size() == 1, "expected one trace, found " + t.traceIds().size());
    for (SpanData s : t.spans()) {
      String id = TraceShape.attr(s, "correlation_id");
      if (id == null) {
        id = TraceShape.attr(s, "tracekit.correlation_id");
      }
      t.expect(
          correlationId.equals(id),
          "'" + s.getName() + "' does not carry the correlation id (" + id + ")");
    }
  }
}

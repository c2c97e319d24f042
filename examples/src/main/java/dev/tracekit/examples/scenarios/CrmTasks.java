package dev.tracekit.examples.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.tracekit.api.Messaging;
import dev.tracekit.api.Tracing;
import dev.tracekit.api.Workflows;
import dev.tracekit.examples.Scenario;
import dev.tracekit.examples.ScenarioContext;
import dev.tracekit.examples.TraceShape;
import dev.tracekit.examples.support.JobQueue;
import dev.tracekit.examples.support.LoopbackServer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Lead intake: a messaging channel calls {@code POST /webhooks/whatsapp} with its own {@code
 * traceparent} and an {@code X-Correlation-Id}; the API triggers the task {@code
 * whatsapp-message-handler} (PRODUCER, {@code traceparent}/{@code tracestate}/baggage in the task
 * payload); a worker thread runs the task (INTERNAL, continuing the payload's trace) and the {@code
 * lead-scoring} workflow: {@code fetch-data} (a database query), {@code calculate-score} (an
 * event), {@code update-crm} (a CRM API call). The correlation id is on every span: baggage carries
 * it, the {@code BaggageSpanProcessor} copies it.
 */
public final class CrmTasks implements Scenario {
  static final String ROUTE = "/webhooks/whatsapp";
  static final String TASK = "whatsapp-message-handler";
  static final String WORKFLOW = "lead-scoring";

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String name() {
    return "crm-tasks";
  }

  @Override
  public String serviceName() {
    return "lead-intake";
  }

  @Override
  public String description() {
    return "webhook continuing the caller's trace -> task -> 3 workflow steps, correlation id everywhere";
  }

  @Override
  public Check run(ScenarioContext ctx) throws Exception {
    JobQueue tasks = ctx.queue("tasks");
    LeadIntake intake = new LeadIntake(ctx, tasks);
    LoopbackServer server = ctx.server("lead-intake");
    server.handle(ROUTE, ctx.http().wrap(LoopbackServer.handler(intake::webhook), ROUTE));
    Thread worker = ctx.worker("task-worker", intake::runOneTask);

    // The channel calls the webhook with its own trace context and a correlation id.
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
    intake.rethrowWorkerFailure();
    return t -> verify(t, traceId, parentSpanId, correlationId);
  }

  /** The service: the webhook that triggers a task, and the task with its workflow steps. */
  private static final class LeadIntake {
    private final ScenarioContext ctx;
    private final Tracing tracing;
    private final Workflows workflows;
    private final JobQueue tasks;
    private final Messaging messaging;
    private final AtomicReference<Exception> workerFailure = new AtomicReference<>();

    LeadIntake(ScenarioContext ctx, JobQueue tasks) {
      this.ctx = ctx;
      this.tracing = ctx.tracing();
      this.workflows = ctx.workflows();
      this.tasks = tasks;
      this.messaging = Messaging.builder(ctx.openTelemetry()).system("task_runner").build();
    }

    // ---- the webhook: trigger the task, answer 202

    void webhook(HttpExchange exchange) throws Exception {
      JsonNode message = JSON.readTree(LoopbackServer.body(exchange));
      String runId = "run_" + UUID.randomUUID().toString().substring(0, 12);
      Map<String, String> payload = new LinkedHashMap<>();
      payload.put("messageId", message.path("messageId").asText());
      payload.put("leadId", "lead-42");
      payload.put("runId", runId);
      messaging.send(
          TASK, payload.get("messageId"), payload, Map::put, () -> trigger(payload, runId));
      LoopbackServer.json(
          exchange, 202, JSON.writeValueAsString(Map.of("status", "accepted", "runId", runId)));
    }

    private String trigger(Map<String, String> payload, String runId) throws Exception {
      tasks.send(payload);
      Span.current().setAttribute("task.run_id", runId);
      return runId;
    }

    // ---- the task: continue the payload's trace, run the workflow's steps

    void runOneTask() {
      try {
        Map<String, String> payload = tasks.receive(Duration.ofSeconds(10));
        if (payload != null) {
          // Workflows.task continues the payload's trace with its baggage (the correlation id).
          workflows.task(TASK, payload.get("runId"), 1, payload, () -> scoreLead(payload));
        }
      } catch (Exception e) {
        workerFailure.set(e);
      }
    }

    private int scoreLead(Map<String, String> payload) throws Exception {
      String leadId = payload.get("leadId");
      tracing.setAttribute("lead.id", leadId);
      tracing.setAttribute("message.id", payload.get("messageId"));
      String crmId = workflows.workflowStep(WORKFLOW, "fetch-data", 0, () -> fetchLead(leadId));
      int score = workflows.workflowStep(WORKFLOW, "calculate-score", 1, this::calculateScore);
      workflows.workflowStep(WORKFLOW, "update-crm", 2, () -> updateCrm(crmId, score));
      tracing.addEvent("message_processed", Map.of("success", true));
      return score;
    }

    private String fetchLead(String leadId) throws Exception {
      tracing.setAttribute("lead.id", leadId);
      String crmId =
          ctx.database()
              .query(
                  "SELECT crm_id, messages FROM leads WHERE id = ?", rs -> rs.getString(1), leadId);
      return crmId == null ? "unknown" : crmId;
    }

    private int calculateScore() {
      LoopbackServer.pause(3);
      int score = 4;
      tracing.setAttribute("lead.score", (long) score);
      tracing.setAttribute("lead.classification", "HOT");
      tracing.addEvent("lead_scored", Map.of("score", score, "classification", "HOT"));
      return score;
    }

    private int updateCrm(String crmId, int score) throws Exception {
      tracing.setAttribute("crm.contact_id", crmId);
      String body =
          JSON.writeValueAsString(
              Map.of("properties", Map.of("lead_score", String.valueOf(score))));
      return ctx.client()
          .send(
              HttpRequest.newBuilder(ctx.apis().uri("/crm/contacts/" + crmId))
                  .header("Content-Type", "application/json")
                  .header("Authorization", "Bearer crm-private-token")
                  .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .statusCode();
    }

    void rethrowWorkerFailure() {
      Exception e = workerFailure.get();
      if (e != null) {
        throw new IllegalStateException("worker failed: " + e, e);
      }
    }
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
    t.attr(send, "messaging.system", "task_runner");
    t.hasAttr(send, "task.run_id");
    SpanData task = t.child(send, "task " + TASK, SpanKind.INTERNAL);
    t.attr(task, "lead.id", "lead-42");
    SpanData fetch = t.child(task, "step " + WORKFLOW + "/fetch-data", SpanKind.INTERNAL);
    t.attr(fetch, "tracekit.workflow.step_index", 0);
    SpanData query = t.child(fetch, "SELECT leads", SpanKind.CLIENT);
    t.hasAttr(query, "db.system.name");
    SpanData calc = t.child(task, "step " + WORKFLOW + "/calculate-score", SpanKind.INTERNAL);
    t.attr(calc, "tracekit.workflow.step_index", 1);
    if (calc != null) {
      t.expect(
          calc.getEvents().stream().anyMatch(e -> e.getName().equals("lead_scored")),
          "calculate-score should record the lead_scored event");
    }
    SpanData update = t.child(task, "step " + WORKFLOW + "/update-crm", SpanKind.INTERNAL);
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

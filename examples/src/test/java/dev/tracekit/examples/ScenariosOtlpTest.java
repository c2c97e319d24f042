package dev.tracekit.examples;

import static dev.tracekit.testing.TracekitAssertions.assertThatSpans;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tracekit.examples.scenarios.PipelineLogs;
import dev.tracekit.testing.OtlpCapture;
import dev.tracekit.testing.SpanAssert;
import dev.tracekit.testing.TelemetryAssert;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Runs every scenario exporting over real OTLP/HTTP into an in-process receiver ({@link
 * OtlpCapture}) and checks each exported trace tree with tracing-testing's assertions: names,
 * kinds, parents, trace ids and key attributes.
 */
class ScenariosOtlpTest {
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  private static OtlpCapture otlp;
  private static Examples.Result result;
  private static String output;
  private static List<SpanData> spans;
  private static ListAppender<ILoggingEvent> logs;

  @BeforeAll
  static void runAll() {
    otlp = OtlpCapture.start();
    logs = new ListAppender<>();
    logs.start();
    Logger listings = (Logger) LoggerFactory.getLogger(PipelineLogs.LOGGERS);
    // tracing-core's test jar brings a logback-test.xml (root WARN): open the scenario's loggers.
    listings.setLevel(Level.INFO);
    listings.addAppender(logs);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    result = Examples.run(new Options(List.of(), otlp.endpoint(), true, Map.of(), out, List.of()));
    output = buffer.toString(StandardCharsets.UTF_8);
    int total = result.spans().values().stream().mapToInt(List::size).sum();
    spans = otlp.awaitSpans(total, Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() {
    ((Logger) LoggerFactory.getLogger(PipelineLogs.LOGGERS)).detachAppender(logs);
    otlp.close();
  }

  @Test
  void everyScenarioPassesItsOwnCheckAndExitsZero() {
    assertThat(result.exitCode()).as(output).isZero();
    assertThat(result.problems().keySet())
        .containsExactly(
            "webhook-queue-worker",
            "crm-tasks",
            "bot-handoff",
            "ai-cache-and-service",
            "pipeline-logs");
    assertThat(output)
        .contains("trace ")
        .contains("└─ webhook.process")
        .contains("export: ok")
        .doesNotContain("seed")
        .contains("== latency per operation")
        .contains("p95 ms")
        .contains("OTLP export: ok")
        .contains("OK: every scenario produced its expected trace (5).");
    Map<String, String> services =
        Map.of(
            "webhook-queue-worker", "support-assistant",
            "crm-tasks", "lead-intake",
            "bot-handoff", "sales-bots",
            "ai-cache-and-service", "energy-insights",
            "pipeline-logs", "listing-extractor");
    services.forEach(
        (scenario, service) ->
            assertThat(scenario(scenario))
                .as(scenario)
                .isNotEmpty()
                .allSatisfy(
                    s ->
                        assertThat(s.getResource().getAttribute(SERVICE_NAME)).isEqualTo(service)));
    assertThatSpans(spans).hasNoSecrets().hasNoGeneratedSpanNames();
  }

  @Test
  void webhookQueueWorkerIsOneTraceFromWebhookToReply() {
    SpanAssert process =
        assertThatScenario("webhook-queue-worker")
            .hasOneTrace()
            .hasRoot("POST /webhooks/inbox")
            .hasKind(SpanKind.SERVER)
            .withChild("webhook.process")
            .hasKind(SpanKind.INTERNAL);
    process.withChild("conversation.load").hasKind(SpanKind.INTERNAL);
    process.withChild("message.filter").hasKind(SpanKind.INTERNAL);
    process.withChild("message.route").hasKind(SpanKind.INTERNAL);
    SpanAssert consume =
        process
            .withChild("send ai-queue")
            .hasKind(SpanKind.PRODUCER)
            .hasAttribute("messaging.system", "in_memory")
            .withChild("process ai-queue")
            .hasKind(SpanKind.CONSUMER)
            .hasAttributeKey("tracekit.messaging.wait_time");
    assertThat(
            consume
                .span()
                .getAttributes()
                .get(AttributeKey.doubleKey("tracekit.messaging.e2e_latency")))
        .isPositive();
    SpanAssert worker = consume.withChild("worker.process").hasKind(SpanKind.INTERNAL);
    SpanAssert agent = worker.withChild("agent.answer").hasKind(SpanKind.INTERNAL);
    agent
        .withChild("chat gpt-4o-mini")
        .hasKind(SpanKind.CLIENT)
        .hasAttributeKey("gen_ai.usage.input_tokens")
        .genAi()
        .hasProvider("openai");
    agent.withChild("chat gpt-4o").hasKind(SpanKind.CLIENT).genAi().hasFinishReasons("stop");
    assertThat(
            agent
                .withChild("GET")
                .hasKind(SpanKind.CLIENT)
                .span()
                .getAttributes()
                .get(AttributeKey.stringKey("url.full")))
        .contains("/shop/products");
    assertThat(
            worker
                .withChild("POST")
                .hasKind(SpanKind.CLIENT)
                .span()
                .getAttributes()
                .get(AttributeKey.stringKey("url.full")))
        .endsWith("/conversations/12345/messages");
    assertThat(otlp.metrics("pipeline.queue.wait.duration")).isNotEmpty();
    assertThat(otlp.metrics("pipeline.end_to_end.duration")).isNotEmpty();
    assertThat(otlp.metrics("pipeline.llm.calls")).isNotEmpty();
    assertThat(otlp.metrics("pipeline.workers.active")).isNotEmpty();
    assertThat(otlp.metrics("pipeline.queue.size")).isNotEmpty();
    assertThat(otlp.metrics("tracekit.messaging.queue.wait")).isNotEmpty();
    assertThat(otlp.metrics("tracekit.span.duration")).isNotEmpty();
  }

  @Test
  void crmTasksContinueTheIncomingTraceAndCarryTheCorrelationIdEverywhere() {
    SpanAssert server =
        assertThatScenario("crm-tasks")
            .hasOneTrace()
            .hasRoot("POST /webhooks/whatsapp")
            .hasKind(SpanKind.SERVER);
    assertThat(server.span().getParentSpanContext().isValid())
        .as("continues the caller's traceparent")
        .isTrue();
    String correlationId =
        server.span().getAttributes().get(AttributeKey.stringKey("tracekit.correlation_id"));
    assertThat(correlationId).startsWith("corr-");
    SpanAssert task =
        server
            .withChild("send whatsapp-message-handler")
            .hasKind(SpanKind.PRODUCER)
            .withChild("task whatsapp-message-handler")
            .hasKind(SpanKind.INTERNAL);
    task.withChild("step lead-scoring/fetch-data")
        .hasKind(SpanKind.INTERNAL)
        .hasAttribute("tracekit.workflow.step_index", 0)
        .withChild("SELECT leads")
        .hasKind(SpanKind.CLIENT)
        .hasSanitizedDbQuery();
    task.withChild("step lead-scoring/calculate-score")
        .hasKind(SpanKind.INTERNAL)
        .hasAttribute("tracekit.workflow.step_index", 1);
    task.withChild("step lead-scoring/update-crm")
        .hasKind(SpanKind.INTERNAL)
        .hasAttribute("tracekit.workflow.step_index", 2)
        .withChild("PATCH")
        .hasKind(SpanKind.CLIENT);
    assertThat(
            assertThatScenario("crm-tasks")
                .span("SELECT leads")
                .span()
                .getAttributes()
                .get(AttributeKey.stringKey("db.query.text")))
        .doesNotContain("lead-42");
    assertThat(scenario("crm-tasks"))
        .allSatisfy(
            s -> {
              String id = s.getAttributes().get(AttributeKey.stringKey("correlation_id"));
              if (id == null) {
                id = s.getAttributes().get(AttributeKey.stringKey("tracekit.correlation_id"));
              }
              assertThat(id).as(s.getName()).isEqualTo(correlationId);
            });
  }

  @Test
  void botHandoffKeepsBothBotsInOneTrace() {
    SpanAssert server =
        assertThatScenario("bot-handoff")
            .hasOneTrace()
            .hasRoot("POST /webhooks/crm")
            .hasKind(SpanKind.SERVER);
    server.withChild("lead_bot.analyze_intent").hasKind(SpanKind.INTERNAL);
    server.withChild("lead_bot.determine_path").hasKind(SpanKind.INTERNAL);
    SpanAssert handoff =
        server
            .withChild("handoff lead -> buyer")
            .hasKind(SpanKind.INTERNAL)
            .hasAttribute("tracekit.handoff.confidence", 0.85)
            .hasAttribute("tracekit.handoff.reason", "buyer_intent_detected");
    handoff.withChild("buyer_bot.analyze_buyer_intent").hasKind(SpanKind.INTERNAL);
    handoff
        .withChild("buyer_bot.generate_buyer_response")
        .hasKind(SpanKind.INTERNAL)
        .withChild("chat gpt-4o")
        .hasKind(SpanKind.CLIENT);
  }

  @Test
  void aiCacheAndServiceHitsTheCacheTheSecondTimeAndSendsBaggageToTheApi() {
    List<SpanData> platform = scenario("ai-cache-and-service");
    assertThat(platform.stream().map(SpanData::getTraceId).distinct()).hasSize(3);
    List<SpanData> chats = named(platform, "POST /api/ai/chat");
    assertThat(chats).hasSize(2);
    SpanAssert first =
        assertThatSpans(inTrace(platform, chats.get(0).getTraceId())).hasRoot("POST /api/ai/chat");
    first
        .withChild("semantic_cache.lookup prompts")
        .hasAttribute("tracekit.semantic_cache.hit", false);
    first
        .withChild("chat gpt-4o")
        .hasKind(SpanKind.CLIENT)
        .hasAttributeKey("tracekit.gen_ai.usage.cost")
        .hasAttributeKey("gen_ai.usage.output_tokens");
    first.withChild("semantic_cache.store prompts").hasKind(SpanKind.INTERNAL);
    List<SpanData> secondTrace = inTrace(platform, chats.get(1).getTraceId());
    assertThatSpans(secondTrace)
        .hasRoot("POST /api/ai/chat")
        .withChild("semantic_cache.lookup prompts")
        .hasAttribute("tracekit.semantic_cache.hit", true);
    assertThat(secondTrace).noneMatch(s -> s.getName().startsWith("chat "));

    SpanAssert service =
        assertThatSpans(platform)
            .hasRoot("POST /api/energy/forecast")
            .hasKind(SpanKind.SERVER)
            .withChild("EnergyService.forecast")
            .hasKind(SpanKind.INTERNAL);
    service.withChild("TRANSACTION").hasKind(SpanKind.INTERNAL);
    assertThat(service.withChild("TRANSACTION").span())
        .satisfies(
            tx ->
                assertThatSpans(platform)
                    .hasRoot("POST /api/energy/forecast")
                    .withDescendant("TRANSACTION")
                    .withChild("INSERT usage_log")
                    .up()
                    .withChild("UPDATE quotas"));
    SpanAssert api = service.withChild("weather-service get-forecast").hasKind(SpanKind.CLIENT);
    api.hasChildren("GET /forecast"); // no second CLIENT span inside the API client span
    api.withChild("GET /forecast")
        .hasKind(SpanKind.SERVER)
        .as("baggage user.id crossed the wire")
        .hasAttribute("user.id", "user-123");
    service.withChild("train energy_prediction").hasKind(SpanKind.INTERNAL);
    service.withChild("GET").hasError("503");
  }

  @Test
  void pipelineLogsCarryTheExportedTraceId() {
    List<SpanData> pipeline = scenario("pipeline-logs");
    SpanAssert seen =
        assertThatSpans(pipeline).hasOneTrace().hasRoot("message_seen").hasKind(SpanKind.INTERNAL);
    seen.withChild("enqueue_extraction").hasKind(SpanKind.INTERNAL);
    String traceId = seen.span().getTraceId();
    SpanAssert persist =
        assertThatSpans(pipeline)
            .span("extraction_job")
            .isInTraceOf(seen.span())
            .withChild("parse_assignment")
            .hasKind(SpanKind.INTERNAL)
            .withChild("persist_assignment")
            .hasKind(SpanKind.INTERNAL);
    persist.withChild("INSERT assignments").hasKind(SpanKind.CLIENT);
    SpanData dms =
        persist
            .withChild("broadcast_assignment")
            .hasKind(SpanKind.INTERNAL)
            .withChild("send_dms")
            .hasKind(SpanKind.INTERNAL)
            .hasEvent("dm_sent")
            .span();
    assertThat(dms.getEvents()).extracting(EventData::getName).containsOnly("dm_sent").hasSize(3);

    List<ILoggingEvent> lines =
        logs.list.stream().filter(e -> e.getLoggerName().startsWith(PipelineLogs.LOGGERS)).toList();
    assertThat(lines).hasSizeGreaterThanOrEqualTo(7);
    assertThat(lines)
        .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("trace_id", traceId));
    Set<String> exportedSpanIds =
        pipeline.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
    assertThat(lines)
        .allSatisfy(
            e -> assertThat(exportedSpanIds).contains(e.getMDCPropertyMap().get("span_id")));
  }

  /** The spans of one scenario as exported over OTLP. */
  private static List<SpanData> scenario(String name) {
    Set<String> ids =
        result.spans().get(name).stream().map(SpanData::getSpanId).collect(Collectors.toSet());
    return spans.stream().filter(s -> ids.contains(s.getSpanId())).toList();
  }

  private static TelemetryAssert assertThatScenario(String name) {
    return assertThatSpans(scenario(name));
  }

  private static List<SpanData> named(List<SpanData> spans, String name) {
    return spans.stream()
        .filter(s -> s.getName().equals(name))
        .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
        .toList();
  }

  private static List<SpanData> inTrace(List<SpanData> spans, String traceId) {
    return spans.stream().filter(s -> s.getTraceId().equals(traceId)).toList();
  }
}

package dev.tracekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tracekit.core.testing.OtlpReceiver;
import dev.tracekit.core.testing.OtlpReceiver.ReceivedSpan;
import dev.tracekit.examples.scenarios.PipelineLogs;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Runs every scenario exporting over real OTLP/HTTP into a protobuf-decoding receiver and checks
 * each exported trace tree: names, kinds, parent links, trace ids and key attributes.
 */
class ScenariosOtlpTest {
  private static OtlpReceiver receiver;
  private static Examples.Result result;
  private static String output;
  private static List<ReceivedSpan> spans;
  private static ListAppender<ILoggingEvent> logs;

  @BeforeAll
  static void runAll() {
    receiver = OtlpReceiver.start();
    logs = new ListAppender<>();
    logs.start();
    Logger listings = (Logger) LoggerFactory.getLogger(PipelineLogs.LOGGERS);
    // tracing-core's test jar brings a logback-test.xml (root WARN): open the scenario's loggers.
    listings.setLevel(Level.INFO);
    listings.addAppender(logs);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    result =
        Examples.run(new Options(List.of(), receiver.endpoint(), true, Map.of(), out, List.of()));
    output = buffer.toString(StandardCharsets.UTF_8);
    int total = result.spans().values().stream().mapToInt(List::size).sum();
    spans = receiver.awaitSpans(total, Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() {
    ((Logger) LoggerFactory.getLogger(PipelineLogs.LOGGERS)).detachAppender(logs);
    receiver.close();
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
            assertThat(tree(scenario).spans())
                .as(scenario)
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.resourceAttr("service.name")).isEqualTo(service)));
  }

  @Test
  void webhookQueueWorkerIsOneTraceFromWebhookToReply() {
    Tree t = tree("webhook-queue-worker");
    assertThat(t.traceIds()).hasSize(1);
    ReceivedSpan server = t.root("POST /webhooks/inbox", SpanKind.SPAN_KIND_SERVER);
    ReceivedSpan process = t.child(server, "webhook.process", SpanKind.SPAN_KIND_INTERNAL);
    t.child(process, "conversation.load", SpanKind.SPAN_KIND_INTERNAL);
    t.child(process, "message.filter", SpanKind.SPAN_KIND_INTERNAL);
    t.child(process, "message.route", SpanKind.SPAN_KIND_INTERNAL);
    ReceivedSpan send = t.child(process, "send ai-queue", SpanKind.SPAN_KIND_PRODUCER);
    assertThat(send.attr("messaging.system")).isEqualTo("in_memory");
    ReceivedSpan consume = t.child(send, "process ai-queue", SpanKind.SPAN_KIND_CONSUMER);
    assertThat(consume.attr("tracekit.messaging.queue_wait_ms")).isNotNull();
    assertThat(Long.parseLong(consume.attr("tracekit.messaging.e2e_ms"))).isPositive();
    ReceivedSpan worker = t.child(consume, "worker.process", SpanKind.SPAN_KIND_INTERNAL);
    ReceivedSpan agent = t.child(worker, "agent.answer", SpanKind.SPAN_KIND_INTERNAL);
    ReceivedSpan classifier = t.child(agent, "chat gpt-4o-mini", SpanKind.SPAN_KIND_CLIENT);
    assertThat(classifier.attr("gen_ai.provider.name")).isEqualTo("openai");
    assertThat(classifier.attr("gen_ai.usage.input_tokens")).isNotNull();
    ReceivedSpan answer = t.child(agent, "chat gpt-4o", SpanKind.SPAN_KIND_CLIENT);
    assertThat(answer.attr("gen_ai.response.finish_reasons")).contains("stop");
    assertThat(t.child(agent, "GET", SpanKind.SPAN_KIND_CLIENT).attr("url.full"))
        .contains("/shop/products");
    ReceivedSpan reply = t.child(worker, "POST", SpanKind.SPAN_KIND_CLIENT);
    assertThat(reply.attr("url.full")).endsWith("/conversations/12345/messages");
    assertThat(receiver.metrics("pipeline.queue.wait.duration")).isNotEmpty();
    assertThat(receiver.metrics("pipeline.end_to_end.duration")).isNotEmpty();
    assertThat(receiver.metrics("pipeline.llm.calls")).isNotEmpty();
    assertThat(receiver.metrics("pipeline.workers.active")).isNotEmpty();
    assertThat(receiver.metrics("pipeline.queue.size")).isNotEmpty();
    assertThat(receiver.metrics("tracekit.messaging.queue.wait")).isNotEmpty();
    assertThat(receiver.metrics("tracekit.span.duration")).isNotEmpty();
  }

  @Test
  void crmTasksContinueTheIncomingTraceAndCarryTheCorrelationIdEverywhere() {
    Tree t = tree("crm-tasks");
    assertThat(t.traceIds()).hasSize(1);
    ReceivedSpan server = t.root("POST /webhooks/whatsapp", SpanKind.SPAN_KIND_SERVER);
    assertThat(server.parentSpanId()).as("continues the caller's traceparent").isNotEmpty();
    String correlationId = server.attr("tracekit.correlation_id");
    assertThat(correlationId).startsWith("corr-");
    ReceivedSpan send =
        t.child(server, "send whatsapp-message-handler", SpanKind.SPAN_KIND_PRODUCER);
    ReceivedSpan task = t.child(send, "task whatsapp-message-handler", SpanKind.SPAN_KIND_CONSUMER);
    ReceivedSpan fetch = t.child(task, "step lead-scoring/fetch-data", SpanKind.SPAN_KIND_INTERNAL);
    assertThat(fetch.attr("tracekit.workflow.step_index")).isEqualTo("0");
    ReceivedSpan query = t.child(fetch, "SELECT leads", SpanKind.SPAN_KIND_CLIENT);
    assertThat(query.attr("db.query.text")).doesNotContain("lead-42");
    assertThat(
            t.child(task, "step lead-scoring/calculate-score", SpanKind.SPAN_KIND_INTERNAL)
                .attr("tracekit.workflow.step_index"))
        .isEqualTo("1");
    ReceivedSpan update =
        t.child(task, "step lead-scoring/update-crm", SpanKind.SPAN_KIND_INTERNAL);
    assertThat(update.attr("tracekit.workflow.step_index")).isEqualTo("2");
    t.child(update, "PATCH", SpanKind.SPAN_KIND_CLIENT);
    assertThat(t.spans())
        .allSatisfy(
            s ->
                assertThat(
                        s.attr("correlation_id") != null
                            ? s.attr("correlation_id")
                            : s.attr("tracekit.correlation_id"))
                    .as(s.name())
                    .isEqualTo(correlationId));
  }

  @Test
  void botHandoffKeepsBothBotsInOneTrace() {
    Tree t = tree("bot-handoff");
    assertThat(t.traceIds()).hasSize(1);
    ReceivedSpan server = t.root("POST /webhooks/crm", SpanKind.SPAN_KIND_SERVER);
    t.child(server, "lead_bot.analyze_intent", SpanKind.SPAN_KIND_INTERNAL);
    t.child(server, "lead_bot.determine_path", SpanKind.SPAN_KIND_INTERNAL);
    ReceivedSpan handoff = t.child(server, "handoff lead -> buyer", SpanKind.SPAN_KIND_INTERNAL);
    assertThat(handoff.attr("tracekit.handoff.confidence")).isEqualTo("0.85");
    assertThat(handoff.attr("tracekit.handoff.reason")).isEqualTo("buyer_intent_detected");
    t.child(handoff, "buyer_bot.analyze_buyer_intent", SpanKind.SPAN_KIND_INTERNAL);
    ReceivedSpan respond =
        t.child(handoff, "buyer_bot.generate_buyer_response", SpanKind.SPAN_KIND_INTERNAL);
    t.child(respond, "chat gpt-4o", SpanKind.SPAN_KIND_CLIENT);
  }

  @Test
  void platformHitsTheCacheTheSecondTimeAndSendsBaggageToTheApi() {
    Tree t = tree("ai-cache-and-service");
    assertThat(t.traceIds()).hasSize(3);
    List<ReceivedSpan> chats = t.named("POST /api/ai/chat");
    assertThat(chats).hasSize(2);
    ReceivedSpan first = chats.get(0);
    ReceivedSpan second = chats.get(1);
    assertThat(
            t.child(first, "semantic_cache.lookup prompts", SpanKind.SPAN_KIND_INTERNAL)
                .attr("tracekit.semantic_cache.hit"))
        .isEqualTo("false");
    ReceivedSpan chat = t.child(first, "chat gpt-4o", SpanKind.SPAN_KIND_CLIENT);
    assertThat(chat.attr("tracekit.gen_ai.usage.cost")).isNotNull();
    assertThat(chat.attr("gen_ai.usage.output_tokens")).isNotNull();
    t.child(first, "semantic_cache.store prompts", SpanKind.SPAN_KIND_INTERNAL);
    assertThat(
            t.child(second, "semantic_cache.lookup prompts", SpanKind.SPAN_KIND_INTERNAL)
                .attr("tracekit.semantic_cache.hit"))
        .isEqualTo("true");
    assertThat(t.inTrace(second.traceId())).noneMatch(s -> s.name().startsWith("chat "));

    ReceivedSpan energy = t.root("POST /api/energy/forecast", SpanKind.SPAN_KIND_SERVER);
    ReceivedSpan service = t.child(energy, "EnergyService.forecast", SpanKind.SPAN_KIND_INTERNAL);
    ReceivedSpan tx = t.child(service, "TRANSACTION", SpanKind.SPAN_KIND_INTERNAL);
    assertThat(t.children(tx))
        .extracting(ReceivedSpan::name)
        .contains("INSERT usage_log", "UPDATE quotas");
    ReceivedSpan api = t.child(service, "weather-service get-forecast", SpanKind.SPAN_KIND_CLIENT);
    ReceivedSpan get = t.child(api, "GET", SpanKind.SPAN_KIND_CLIENT);
    ReceivedSpan remote = t.child(get, "GET /forecast", SpanKind.SPAN_KIND_SERVER);
    assertThat(remote.attr("user.id")).as("baggage user.id crossed the wire").isEqualTo("user-123");
    t.child(service, "train energy_prediction", SpanKind.SPAN_KIND_INTERNAL);
    List<ReceivedSpan> failing =
        t.children(service).stream().filter(s -> s.name().equals("GET")).toList();
    assertThat(failing).hasSize(1);
    assertThat(failing.get(0).span().getStatus().getCode().getNumber()).isEqualTo(2); // ERROR
    assertThat(failing.get(0).attr("error.type")).isEqualTo("503");
  }

  @Test
  void pipelineLogsCarryTheExportedTraceId() {
    Tree t = tree("pipeline-logs");
    assertThat(t.traceIds()).hasSize(1);
    ReceivedSpan seen = t.root("message_seen", SpanKind.SPAN_KIND_INTERNAL);
    t.child(seen, "enqueue_extraction", SpanKind.SPAN_KIND_INTERNAL);
    ReceivedSpan job = t.named("extraction_job").get(0);
    assertThat(job.traceId()).isEqualTo(seen.traceId());
    ReceivedSpan parse = t.child(job, "parse_assignment", SpanKind.SPAN_KIND_INTERNAL);
    ReceivedSpan persist = t.child(parse, "persist_assignment", SpanKind.SPAN_KIND_INTERNAL);
    t.child(persist, "INSERT assignments", SpanKind.SPAN_KIND_CLIENT);
    ReceivedSpan broadcast = t.child(persist, "broadcast_assignment", SpanKind.SPAN_KIND_INTERNAL);
    ReceivedSpan dms = t.child(broadcast, "send_dms", SpanKind.SPAN_KIND_INTERNAL);
    assertThat(dms.span().getEventsList())
        .extracting(e -> e.getName())
        .containsOnly("dm_sent")
        .hasSize(3);

    List<ILoggingEvent> lines =
        logs.list.stream().filter(e -> e.getLoggerName().startsWith(PipelineLogs.LOGGERS)).toList();
    assertThat(lines).hasSizeGreaterThanOrEqualTo(7);
    assertThat(lines)
        .allSatisfy(
            e -> assertThat(e.getMDCPropertyMap()).containsEntry("trace_id", seen.traceId()));
    Set<String> exportedSpanIds =
        t.spans().stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
    assertThat(lines)
        .allSatisfy(
            e -> assertThat(exportedSpanIds).contains(e.getMDCPropertyMap().get("span_id")));
  }

  private static Tree tree(String scenario) {
    Set<String> ids =
        result.spans().get(scenario).stream().map(s -> s.getSpanId()).collect(Collectors.toSet());
    return new Tree(spans.stream().filter(s -> ids.contains(s.spanId())).toList());
  }

  /** Navigates received spans by name and parent. */
  record Tree(List<ReceivedSpan> spans) {
    Set<String> traceIds() {
      return spans.stream().map(ReceivedSpan::traceId).collect(Collectors.toSet());
    }

    List<ReceivedSpan> named(String name) {
      return spans.stream()
          .filter(s -> s.name().equals(name))
          .sorted(java.util.Comparator.comparingLong(s -> s.span().getStartTimeUnixNano()))
          .toList();
    }

    List<ReceivedSpan> inTrace(String traceId) {
      return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    List<ReceivedSpan> children(ReceivedSpan parent) {
      return spans.stream()
          .filter(
              s -> s.parentSpanId().equals(parent.spanId()) && s.traceId().equals(parent.traceId()))
          .toList();
    }

    ReceivedSpan root(String name, SpanKind kind) {
      List<ReceivedSpan> found = named(name);
      assertThat(found).as(name).isNotEmpty();
      ReceivedSpan span = found.get(0);
      assertThat(span.span().getKind()).as(name).isEqualTo(kind);
      assertThat(spans)
          .as("the parent of " + name + " is not in this process")
          .noneMatch(s -> s.spanId().equals(span.parentSpanId()));
      return span;
    }

    ReceivedSpan child(ReceivedSpan parent, String name, SpanKind kind) {
      List<ReceivedSpan> found =
          children(parent).stream().filter(s -> s.name().equals(name)).toList();
      assertThat(found).as("'" + name + "' under '" + parent.name() + "'").isNotEmpty();
      assertThat(found.get(0).span().getKind()).as(name).isEqualTo(kind);
      return found.get(0);
    }
  }
}

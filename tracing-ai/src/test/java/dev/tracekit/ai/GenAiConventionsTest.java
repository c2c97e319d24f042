package dev.tracekit.ai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.testing.OtlpReceiver;
import dev.tracekit.core.testing.TestSdk;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The GenAI semantic conventions (v1.41), one test per rule, on real OTLP output. */
class GenAiConventionsTest {
  private FakeOpenAiServer server;
  private OtlpReceiver receiver;
  private OpenTelemetrySdk sdk;
  private AiTracing ai;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void setUp() throws Exception {
    server = new FakeOpenAiServer();
    receiver = OtlpReceiver.start();
    sdk = TestSdk.otlpBuilder(receiver).build();
    ai = AiTracing.create(sdk);
  }

  @AfterEach
  void tearDown() {
    server.close();
    receiver.close();
  }

  private HttpRequest chat(boolean stream) {
    String body =
        "{\"model\":\"gpt-4o\","
            + (stream ? "\"stream\":true,\"stream_options\":{\"include_usage\":true}," : "")
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Capital of France?\"}]}";
    return HttpRequest.newBuilder(URI.create(server.baseUri() + "/chat/completions"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private List<OtlpReceiver.ReceivedSpan> flush(int spans) {
    sdk.close();
    return receiver.awaitSpans(spans, Duration.ofSeconds(10));
  }

  private List<HistogramDataPoint> points(String metric) {
    return receiver.metrics(metric).stream()
        .flatMap(m -> m.getHistogram().getDataPointsList().stream())
        .toList();
  }

  @Test
  void everySpanWithGenAiKeysHasOperationAndProviderName() throws Exception {
    ai.workflowNode("lead-bot", "qualify").call(() -> ai.tool("search").call(() -> "ok"));
    ai.agent("Planner").invoke(() -> "done");
    ai.chat("openai", "gpt-4o")
        .server(server.baseUri())
        .call(() -> http.send(chat(false), BodyHandlers.ofString()));
    List<OtlpReceiver.ReceivedSpan> spans = flush(4);
    for (OtlpReceiver.ReceivedSpan span : spans) {
      boolean genAi =
          span.span().getAttributesList().stream()
              .map(KeyValue::getKey)
              .anyMatch(k -> k.startsWith("gen_ai."));
      if (genAi) {
        assertThat(span.attr("gen_ai.operation.name")).as(span.name()).isNotNull();
      }
    }
    assertThat(receiver.span("lead-bot.qualify").attr("gen_ai.agent.name")).isNull();
    assertThat(receiver.span("invoke_agent Planner").attr("gen_ai.provider.name"))
        .isEqualTo("_OTHER");
    assertThat(receiver.span("chat gpt-4o").attr("gen_ai.provider.name")).isEqualTo("openai");
  }

  @Test
  void createAgentIsAClientSpan() {
    ai.agent("Math Tutor").create(() -> "created");
    OtlpReceiver.ReceivedSpan create = flush(1).get(0);
    assertThat(create.name()).isEqualTo("create_agent Math Tutor");
    assertThat(create.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
    assertThat(create.attr("gen_ai.operation.name")).isEqualTo("create_agent");
  }

  @Test
  void openAiResponseAttributes() throws Exception {
    ai.chat("openai", "gpt-4o")
        .server(server.baseUri())
        .call(() -> http.send(chat(false), BodyHandlers.ofString()));
    OtlpReceiver.ReceivedSpan span = flush(1).get(0);
    assertThat(span.attr("openai.response.service_tier")).isEqualTo("default");
    assertThat(span.attr("openai.response.system_fingerprint")).isEqualTo("fp_44709d6fcb");
    assertThat(span.attr("openai.api.type")).isEqualTo("chat_completions");
  }

  @Test
  void streamsRecordTimePerOutputChunk() throws Exception {
    try (Stream<String> lines =
        ai.chat("openai", "gpt-4o")
            .server(server.baseUri())
            .streamHttp(() -> http.send(chat(true), BodyHandlers.ofLines()))) {
      lines.forEach(l -> {});
    }
    flush(1);
    List<HistogramDataPoint> perChunk = points("gen_ai.client.operation.time_per_output_chunk");
    assertThat(perChunk).isNotEmpty();
    long count = perChunk.stream().mapToLong(HistogramDataPoint::getCount).sum();
    assertThat(count).isPositive();
    Metric metric = receiver.metrics("gen_ai.client.operation.time_per_output_chunk").get(0);
    assertThat(metric.getUnit()).isEqualTo("s");
    assertThat(perChunk.get(0).getAttributesList())
        .extracting(KeyValue::getKey)
        .contains("gen_ai.operation.name", "gen_ai.provider.name", "gen_ai.request.model");
  }

  @Test
  void semanticCacheLookupDurationHasSecondBuckets() {
    ai.cache("answers").lookup("k", () -> null);
    flush(1);
    List<HistogramDataPoint> lookups = points("tracekit.semantic_cache.lookup.duration");
    assertThat(lookups).isNotEmpty();
    assertThat(lookups.get(0).getExplicitBoundsList()).first().isEqualTo(0.0001);
    assertThat(lookups.get(0).getBucketCountsList().get(0))
        .as("a sub-millisecond lookup lands in a small bucket, not the only one")
        .isLessThanOrEqualTo(1L);
  }

  @Test
  void userIdIsTheRegistryKeyAndScopesCarrySchemaUrl() throws Exception {
    ai.chat("openai", "gpt-4o")
        .userId("user-7")
        .server(server.baseUri())
        .call(() -> http.send(chat(false), BodyHandlers.ofString()));
    OtlpReceiver.ReceivedSpan span = flush(1).get(0);
    assertThat(span.attr("user.id")).isEqualTo("user-7");
    assertThat(span.attr("tracekit.gen_ai.user.id")).isNull();
    List<String> schemaUrls =
        receiver.resourceMetrics().stream()
            .flatMap(rm -> rm.getScopeMetricsList().stream())
            .filter(sm -> sm.getScope().getName().equals("dev.tracekit.ai"))
            .map(sm -> sm.getSchemaUrl() + " " + sm.getScope().getVersion())
            .toList();
    assertThat(schemaUrls)
        .isNotEmpty()
        .allMatch(u -> u.startsWith("https://opentelemetry.io/schemas/1.41.0 0."));
  }

  @Test
  void aConventionReplacesNamesAndAddsAttributes() {
    GenAiConvention convention =
        new DefaultGenAiConvention() {
          @Override
          public String spanName(String operation, String target) {
            return "ai " + super.spanName(operation, target);
          }

          @Override
          public void onStart(
              String operation,
              String target,
              io.opentelemetry.api.common.AttributesBuilder attributes) {
            attributes.put("app.ai.target", target);
          }
        };
    AiTracing custom = AiTracing.builder(sdk).convention(convention).build();
    custom.tool("search").call(() -> "ok");
    custom.workflowNode("lead-bot", "qualify").call(() -> "ok");
    flush(2);
    assertThat(receiver.span("ai execute_tool search").attr("app.ai.target")).isEqualTo("search");
    assertThat(receiver.span("ai lead-bot.qualify").attr("app.ai.target"))
        .isEqualTo("lead-bot.qualify");
    assertThat(receiver.span("ai execute_tool search").attr("gen_ai.operation.name"))
        .isEqualTo("execute_tool");
  }

  @Test
  void aThrowingConventionFallsBackToTheDefault() {
    AiTracing custom =
        AiTracing.builder(sdk)
            .convention(
                (operation, target) -> {
                  throw new IllegalStateException("bug in user convention");
                })
            .build();
    assertThat(custom.tool("search").call(() -> "ok")).isEqualTo("ok");
    assertThat(flush(1).get(0).name()).isEqualTo("execute_tool search");
  }
}

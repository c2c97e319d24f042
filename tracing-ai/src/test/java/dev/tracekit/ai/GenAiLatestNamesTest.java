package dev.tracekit.ai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.testing.OtlpReceiver;
import dev.tracekit.core.testing.TestSdk;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The opt-in to the newer names of the GenAI conventions' own repository ({@code
 * OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental}), on real OTLP output, next to the
 * v1.41 names emitted by default.
 */
class GenAiLatestNamesTest {
  private FakeOpenAiServer server;
  private OtlpReceiver receiver;
  private OpenTelemetrySdk sdk;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void setUp() throws Exception {
    server = new FakeOpenAiServer();
    receiver = OtlpReceiver.start();
    sdk = TestSdk.otlpBuilder(receiver).build();
  }

  @AfterEach
  void tearDown() {
    server.close();
    receiver.close();
  }

  private HttpRequest request(String path, String body) {
    return HttpRequest.newBuilder(URI.create(server.baseUri() + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private HttpRequest chat(boolean stream) {
    return request(
        "/chat/completions",
        "{\"model\":\"gpt-4o\","
            + (stream ? "\"stream\":true,\"stream_options\":{\"include_usage\":true}," : "")
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Capital of France?\"}]}");
  }

  /** One of each: a chat with prompt-cache writes, a stream, embeddings, an in-process agent. */
  private void drive(AiTracing ai) throws Exception {
    ai.chat("openai", "gpt-4o")
        .topK(40)
        .server(server.baseUri())
        .call(
            () -> http.send(chat(false), BodyHandlers.ofString()),
            (HttpResponse<String> r, ResponseInfo info) -> {
              AiRecorder.AUTO.extract(r, info);
              info.cacheCreationInputTokens(7);
            });
    try (Stream<String> lines =
        ai.chat("openai", "gpt-4o")
            .server(server.baseUri())
            .streamHttp(() -> http.send(chat(true), BodyHandlers.ofLines()))) {
      lines.forEach(l -> {});
    }
    ai.embeddings("openai", "text-embedding-3-small")
        .server(server.baseUri())
        .call(
            () ->
                http.send(
                    request(
                        "/embeddings",
                        "{\"model\":\"text-embedding-3-small\",\"input\":\"hello\"}"),
                    BodyHandlers.ofString()));
    ai.agent("planner").id("agent-1").version("2").invoke(() -> "done");
    sdk.close();
    receiver.awaitSpans(4, Duration.ofSeconds(10));
  }

  private OtlpReceiver.ReceivedSpan firstChat() {
    return receiver.spans().stream()
        .filter(s -> s.name().equals("chat gpt-4o") && s.attr("gen_ai.request.top_k") != null)
        .findFirst()
        .orElseThrow();
  }

  private boolean hasMetric(String name) {
    return awaitMetric(name) != null;
  }

  private Metric awaitMetric(String name) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    do {
      List<Metric> found = receiver.metrics(name);
      if (!found.isEmpty()) {
        return found.get(0);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    } while (System.nanoTime() < deadline);
    return null;
  }

  @Test
  void defaultEmitsTheV141Names() throws Exception {
    drive(AiTracing.create(sdk));
    OtlpReceiver.ReceivedSpan chat = firstChat();
    assertThat(chat.attr("gen_ai.usage.cache_creation.input_tokens")).isEqualTo("7");
    assertThat(chat.attr("gen_ai.usage.cache_write.input_tokens")).isNull();
    assertThat(chat.attr("gen_ai.request.top_k")).isEqualTo("40.0");
    OtlpReceiver.ReceivedSpan agent = receiver.span("invoke_agent planner");
    assertThat(agent.attr("gen_ai.provider.name")).isEqualTo("_OTHER");
    assertThat(agent.attr("gen_ai.agent.id")).isEqualTo("agent-1");
    assertThat(hasMetric("gen_ai.client.operation.duration")).isTrue();
    assertThat(hasMetric("gen_ai.client.token.usage")).isTrue();
    assertThat(hasMetric("gen_ai.client.operation.time_to_first_chunk")).isTrue();
    assertThat(receiver.metrics("gen_ai.client.inference.duration")).isEmpty();
  }

  @Test
  void builderOptInEmitsTheNewerNames() throws Exception {
    drive(AiTracing.builder(sdk).genAiLatestExperimental(true).build());
    assertNewerNames();
  }

  @Test
  void conventionVersionSelectsTheNewerNames() throws Exception {
    drive(AiTracing.builder(sdk).convention(GenAiConvention.LATEST_EXPERIMENTAL).build());
    assertNewerNames();
  }

  private void assertNewerNames() {
    OtlpReceiver.ReceivedSpan chat = firstChat();
    // Span names and kinds do not change.
    assertThat(chat.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
    assertThat(chat.attr("gen_ai.usage.cache_write.input_tokens")).isEqualTo("7");
    assertThat(chat.attr("gen_ai.usage.cache_creation.input_tokens")).isNull();
    assertThat(chat.attr("gen_ai.request.top_k")).isEqualTo("40");
    OtlpReceiver.ReceivedSpan agent = receiver.span("invoke_agent planner");
    assertThat(agent.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_INTERNAL);
    assertThat(agent.attr("gen_ai.operation.name")).isEqualTo("invoke_agent");
    assertThat(agent.attr("gen_ai.agent.name")).isEqualTo("planner");
    assertThat(agent.attr("gen_ai.provider.name")).isNull();
    assertThat(agent.attr("gen_ai.agent.id")).isNull();
    assertThat(agent.attr("gen_ai.agent.version")).isNull();

    Metric inference = awaitMetric("gen_ai.client.inference.duration");
    assertThat(inference).isNotNull();
    assertThat(inference.getUnit()).isEqualTo("s");
    long chats =
        inference.getHistogram().getDataPointsList().stream().mapToLong(p -> p.getCount()).sum();
    assertThat(chats).isEqualTo(2);
    assertThat(hasMetric("gen_ai.client.embeddings.duration")).isTrue();
    assertThat(hasMetric("gen_ai.client.embeddings.operation.input_tokens")).isTrue();
    assertThat(hasMetric("gen_ai.client.inference.time_to_first_chunk")).isTrue();
    assertThat(hasMetric("gen_ai.client.inference.time_per_output_chunk")).isTrue();
    assertThat(hasMetric("gen_ai.client.inference.operation.input_tokens")).isTrue();
    Metric input = awaitMetric("gen_ai.client.inference.usage.input_tokens");
    assertThat(input).isNotNull();
    assertThat(input.getSum().getIsMonotonic()).isTrue();
    assertThat(input.getSum().getDataPointsList().get(0).getAttributesList())
        .anySatisfy(
            kv -> {
              assertThat(kv.getKey()).isEqualTo("gen_ai.token.modality");
              assertThat(kv.getValue().getStringValue()).isEqualTo("unknown");
            });
    Metric cacheWrite = awaitMetric("gen_ai.client.inference.usage.cache_write.input_tokens");
    assertThat(cacheWrite.getSum().getDataPointsList().get(0).getAsInt()).isEqualTo(7);
    // The v1.41 names are gone for these operations.
    assertThat(receiver.metrics("gen_ai.client.token.usage")).isEmpty();
    assertThat(receiver.metrics("gen_ai.client.operation.duration")).isEmpty();
    assertThat(receiver.metrics("gen_ai.client.operation.time_to_first_chunk")).isEmpty();
  }

  @Test
  void optInIsReadFromTheStandardVariableAndProperty() {
    Map<String, String> env =
        Map.of("OTEL_SEMCONV_STABILITY_OPT_IN", "http, gen_ai_latest_experimental");
    assertThat(AiTracingBuilder.latestFromEnvironment(env::get, k -> null)).isTrue();
    assertThat(AiTracingBuilder.latestFromEnvironment(k -> null, k -> null)).isFalse();
    assertThat(
            AiTracingBuilder.latestFromEnvironment(
                k -> "OTEL_SEMCONV_STABILITY_OPT_IN".equals(k) ? "database" : null, k -> null))
        .isFalse();
    // The system property wins over the environment.
    assertThat(
            AiTracingBuilder.latestFromEnvironment(
                env::get, k -> "otel.semconv-stability.opt-in".equals(k) ? "http" : null))
        .isFalse();
    assertThat(
            AiTracingBuilder.latestFromEnvironment(
                k -> null,
                k ->
                    "otel.semconv-stability.opt-in".equals(k)
                        ? "gen_ai_latest_experimental"
                        : null))
        .isTrue();
  }
}

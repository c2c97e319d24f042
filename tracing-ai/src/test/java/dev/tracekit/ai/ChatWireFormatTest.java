package dev.tracekit.ai;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracekit.testing.TestTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChatWireFormatTest {
  private FakeOpenAiServer server;
  private TestTelemetry sdk;
  private AiTracing ai;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void setUp() throws IOException {
    server = new FakeOpenAiServer();
    sdk = TestTelemetry.create();
    ai =
        AiTracing.builder(sdk.openTelemetry())
            .captureContent(false)
            .priceTable(PriceTable.builder().price("gpt-4o", 2.5, 10.0, 1.25).build())
            .build();
  }

  @AfterEach
  void tearDown() {
    sdk.close();
    server.close();
  }

  private HttpRequest chatRequest(String model, boolean stream) {
    String body =
        "{\"model\":\""
            + model
            + "\",\"max_tokens\":1000,\"temperature\":0.7,"
            + (stream ? "\"stream\":true,\"stream_options\":{\"include_usage\":true}," : "")
            + "\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]}";
    return HttpRequest.newBuilder(URI.create(server.baseUri() + "/chat/completions"))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer sk-test")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  @Test
  void plainChatGivesCompleteClientSpanAndMetrics() throws Exception {
    HttpResponse<String> response =
        ai.chat("openai", "gpt-4o")
            .maxTokens(1000)
            .temperature(0.7)
            .topP(0.9)
            .stopSequences(List.of("\n\n"))
            .seed(42)
            .conversationId("conv-1")
            .userId("user-123")
            .organizationId("org-456")
            .message("user", "What is the capital of France?")
            .server(server.baseUri())
            .call(() -> http.send(chatRequest("gpt-4o", false), BodyHandlers.ofString()));

    assertThat(response.statusCode()).isEqualTo(200);
    SpanData span = sdk.span("chat gpt-4o");
    assertThat(span)
        .hasKind(SpanKind.CLIENT)
        .hasStatus(io.opentelemetry.sdk.trace.data.StatusData.unset())
        .hasAttribute(GenAiAttributes.OPERATION_NAME, "chat")
        .hasAttribute(GenAiAttributes.PROVIDER_NAME, "openai")
        .hasAttribute(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
        .hasAttribute(ServerAttributes.SERVER_ADDRESS, "127.0.0.1")
        .hasAttribute(ServerAttributes.SERVER_PORT, (long) server.port())
        .hasAttribute(GenAiAttributes.REQUEST_MAX_TOKENS, 1000L)
        .hasAttribute(GenAiAttributes.REQUEST_TEMPERATURE, 0.7)
        .hasAttribute(GenAiAttributes.REQUEST_TOP_P, 0.9)
        .hasAttribute(GenAiAttributes.REQUEST_STOP_SEQUENCES, List.of("\n\n"))
        .hasAttribute(GenAiAttributes.REQUEST_SEED, 42L)
        .hasAttribute(GenAiAttributes.CONVERSATION_ID, "conv-1")
        .hasAttribute(TracekitAiAttributes.USER_ID, "user-123")
        .hasAttribute(TracekitAiAttributes.ORGANIZATION_ID, "org-456")
        .hasAttribute(TracekitAiAttributes.REQUEST_MESSAGE_COUNT, 1L)
        .hasAttribute(GenAiAttributes.RESPONSE_ID, "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT")
        .hasAttribute(GenAiAttributes.RESPONSE_MODEL, "gpt-4o-2024-08-06")
        .hasAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("stop"))
        .hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 19L)
        .hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 10L)
        .hasAttribute(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, 4L)
        .hasAttribute(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS, 2L);
    // 15 uncached input at 2.5, 4 cached at 1.25, 10 output at 10 per million
    double cost = (15 * 2.5 + 4 * 1.25 + 10 * 10.0) / 1e6;
    assertThat(span.getAttributes().get(TracekitAiAttributes.USAGE_COST))
        .isCloseTo(cost, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(span.getAttributes().get(GenAiAttributes.INPUT_MESSAGES)).isNull();
    assertThat(span.getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES)).isNull();

    Collection<MetricData> metrics = sdk.metrics();
    MetricData duration = sdk.metric("gen_ai.client.operation.duration");
    assertThat(duration.getUnit()).isEqualTo("s");
    HistogramPointData d = duration.getHistogramData().getPoints().iterator().next();
    assertThat(d.getCount()).isEqualTo(1);
    assertThat(d.getBoundaries())
        .containsExactly(
            0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
    assertThat(d.getAttributes().get(GenAiAttributes.PROVIDER_NAME)).isEqualTo("openai");
    assertThat(d.getAttributes().get(GenAiAttributes.RESPONSE_MODEL))
        .isEqualTo("gpt-4o-2024-08-06");
    assertThat(d.getAttributes().get(ErrorAttributes.ERROR_TYPE)).isNull();
    assertThat(d.getAttributes().get(TracekitAiAttributes.USER_ID)).isNull();

    MetricData tokens = sdk.metric("gen_ai.client.token.usage");
    assertThat(tokens.getUnit()).isEqualTo("{token}");
    HistogramPointData in =
        sdk.metric("gen_ai.client.token.usage").getHistogramData().getPoints().stream()
            .filter(p -> "input".equals(p.getAttributes().get(GenAiAttributes.TOKEN_TYPE)))
            .toList()
            .get(0);
    HistogramPointData out =
        sdk.metric("gen_ai.client.token.usage").getHistogramData().getPoints().stream()
            .filter(p -> "output".equals(p.getAttributes().get(GenAiAttributes.TOKEN_TYPE)))
            .toList()
            .get(0);
    assertThat(in.getSum()).isEqualTo(19.0);
    assertThat(out.getSum()).isEqualTo(10.0);
    assertThat(in.getBoundaries())
        .containsExactly(
            1d, 4d, 16d, 64d, 256d, 1024d, 4096d, 16384d, 65536d, 262144d, 1048576d, 4194304d,
            16777216d, 67108864d);
    assertThat(
            List.copyOf(sdk.metric("tracekit.gen_ai.client.cost").getDoubleSumData().getPoints())
                .get(0)
                .getValue())
        .isCloseTo(cost, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void rateLimitIsRecognisable() throws Exception {
    HttpResponse<String> response =
        ai.chat("openai", "rate-limited")
            .call(
                () -> http.send(chatRequest("rate-limited", false), BodyHandlers.ofString()),
                OpenAiCompatible.httpResponse());

    assertThat(response.statusCode()).isEqualTo(429);
    SpanData span = sdk.span("chat rate-limited");
    assertThat(span)
        .hasStatus(io.opentelemetry.sdk.trace.data.StatusData.create(StatusCode.ERROR, ""))
        .hasAttribute(ErrorAttributes.ERROR_TYPE, "rate_limit_exceeded")
        .hasAttribute(TracekitAiAttributes.RATE_LIMITED, true)
        .hasAttribute(TracekitAiAttributes.RETRY_AFTER, 7.0);
    HistogramPointData d =
        sdk.metric("gen_ai.client.operation.duration").getHistogramData().getPoints().stream()
            .filter(
                p ->
                    "rate_limit_exceeded".equals(p.getAttributes().get(ErrorAttributes.ERROR_TYPE)))
            .toList()
            .get(0);
    assertThat(d.getCount()).isEqualTo(1);
  }

  @Test
  void serverErrorUsesProviderErrorType() throws Exception {
    ai.chat("openai", "server-error")
        .call(() -> http.send(chatRequest("server-error", false), BodyHandlers.ofString()));
    SpanData span = sdk.span("chat server-error");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span).hasAttribute(ErrorAttributes.ERROR_TYPE, "server_error");
    assertThat(span.getAttributes().get(TracekitAiAttributes.RATE_LIMITED)).isNull();
  }

  @Test
  void malformedBodyGivesSpanWithoutResponseDataAndNoException() throws Exception {
    HttpResponse<String> response =
        ai.chat("openai", "malformed")
            .call(() -> http.send(chatRequest("malformed", false), BodyHandlers.ofString()));
    assertThat(response.body()).startsWith("{\"id\"");
    SpanData span = sdk.span("chat malformed");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getAttributes().get(GenAiAttributes.RESPONSE_ID)).isNull();
    assertThat(span.getAttributes().get(GenAiAttributes.USAGE_INPUT_TOKENS)).isNull();
  }

  @Test
  void thrownExceptionIsRethrownUnchangedAndRecorded() {
    IOException boom = new IOException("connection reset");
    assertThatThrownBy(
            () ->
                ai.chat("openai", "gpt-4o")
                    .call(
                        () -> {
                          throw boom;
                        }))
        .isSameAs(boom);
    SpanData span = sdk.span("chat gpt-4o");
    assertThat(span)
        .hasAttribute(ErrorAttributes.ERROR_TYPE, "java.io.IOException")
        .hasEventsSatisfyingExactly(
            e ->
                e.hasName("exception")
                    .hasAttributesSatisfying(
                        a ->
                            assertThat(a.get(AttributeKey.stringKey("exception.message")))
                                .isNull()));
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void sseStreamKeepsSpanOpenUntilTheEnd() throws Exception {
    StringBuilder text = new StringBuilder();
    try (Stream<String> lines =
        ai.chat("openai", "gpt-4o")
            .server(server.baseUri())
            .streamHttp(() -> http.send(chatRequest("gpt-4o", true), BodyHandlers.ofLines()))) {
      lines.forEach(
          l -> {
            assertThat(sdk.spans()).isEmpty();
            text.append(l).append('\n');
          });
      assertThat(sdk.spans()).hasSize(1);
    }
    assertThat(text).contains("data: [DONE]");
    SpanData span = sdk.span("chat gpt-4o");
    assertThat(span)
        .hasAttribute(GenAiAttributes.REQUEST_STREAM, true)
        .hasAttribute(GenAiAttributes.RESPONSE_ID, "chatcmpl-stream-1")
        .hasAttribute(GenAiAttributes.RESPONSE_MODEL, "gpt-4o-2024-08-06")
        .hasAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("stop"))
        .hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 12L)
        .hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 7L)
        .hasAttribute(TracekitAiAttributes.RESPONSE_CHUNK_COUNT, 6L);
    assertThat(span.getAttributes().get(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK)).isPositive();
    assertThat(span.getAttributes().get(TracekitAiAttributes.STREAM_ABANDONED)).isNull();
    MetricData ttfc = sdk.metric("gen_ai.client.operation.time_to_first_chunk");
    assertThat(ttfc.getHistogramData().getPoints().iterator().next().getCount()).isEqualTo(1);
  }

  @Test
  void streamClosedEarlyIsMarkedAbandoned() throws Exception {
    try (Stream<String> lines =
        ai.chat("openai", "gpt-4o")
            .streamHttp(() -> http.send(chatRequest("gpt-4o", true), BodyHandlers.ofLines()))) {
      assertThat(lines.filter(l -> l.startsWith("data:")).findFirst()).isPresent();
      assertThat(sdk.spans()).isEmpty();
    }
    SpanData span = sdk.span("chat gpt-4o");
    assertThat(span)
        .hasAttribute(TracekitAiAttributes.STREAM_ABANDONED, true)
        .hasAttribute(TracekitAiAttributes.RESPONSE_CHUNK_COUNT, 1L);
  }

  @Test
  void streamOfRateLimitedRequestEndsAtOnce() throws Exception {
    List<String> lines;
    try (Stream<String> s =
        ai.chat("openai", "rate-limited")
            .streamHttp(
                () -> http.send(chatRequest("rate-limited", true), BodyHandlers.ofLines()))) {
      assertThat(sdk.spans()).hasSize(1);
      lines = s.toList();
    }
    assertThat(String.join("", lines)).contains("rate_limit_exceeded");
    assertThat(sdk.span("chat rate-limited"))
        .hasAttribute(ErrorAttributes.ERROR_TYPE, "rate_limit_exceeded")
        .hasAttribute(TracekitAiAttributes.RETRY_AFTER, 7.0);
  }

  @Test
  void genericStreamWithSseExtractor() throws Exception {
    long count;
    try (Stream<String> lines =
        ai.chat("groq", "llama-3.1-8b").stream(
            () -> http.send(chatRequest("llama-3.1-8b", true), BodyHandlers.ofLines()).body(),
            OpenAiCompatible.sseLines())) {
      count = lines.count();
    }
    assertThat(count).isGreaterThan(6);
    assertThat(sdk.span("chat llama-3.1-8b"))
        .hasAttribute(GenAiAttributes.PROVIDER_NAME, "groq")
        .hasAttribute(TracekitAiAttributes.RESPONSE_CHUNK_COUNT, 6L);
  }

  @Test
  void embeddings() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.baseUri() + "/embeddings"))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"text-embedding-3-small\",\"input\":\"hello\"}"))
            .build();
    ai.embeddings("openai", "text-embedding-3-small")
        .call(() -> http.send(request, BodyHandlers.ofString()));
    SpanData span = sdk.span("embeddings text-embedding-3-small");
    assertThat(span)
        .hasKind(SpanKind.CLIENT)
        .hasAttribute(GenAiAttributes.OPERATION_NAME, "embeddings")
        .hasAttribute(GenAiAttributes.EMBEDDINGS_DIMENSION_COUNT, 8L)
        .hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 8L)
        .hasAttribute(GenAiAttributes.RESPONSE_MODEL, "text-embedding-3-small");
    assertThat(span.getAttributes().get(TracekitAiAttributes.USAGE_COST)).isNull();
  }

  @Test
  void requestOptionsThenCall() throws Exception {
    String body =
        ai.chat("openai", "gpt-4")
            .messages(3)
            .maxTokens(1000)
            .temperature(0.7)
            .userId("user-123")
            .organizationId("org-456")
            .call(() -> http.send(chatRequest("gpt-4", false), BodyHandlers.ofString()).body());
    assertThat(body).contains("chat.completion");
    assertThat(sdk.span("chat gpt-4"))
        .hasAttribute(TracekitAiAttributes.REQUEST_MESSAGE_COUNT, 3L)
        .hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 10L)
        .hasAttribute(GenAiAttributes.RESPONSE_MODEL, "gpt-4-2024-08-06");
  }

  @Test
  void throwingExtractorNeverReachesTheCaller() throws Exception {
    String result =
        ai.chat("openai", "gpt-4o")
            .call(
                () -> "ok",
                (r, info) -> {
                  info.responseId("abc");
                  throw new IllegalStateException("extractor bug");
                });
    assertThat(result).isEqualTo("ok");
    assertThat(sdk.span("chat gpt-4o")).hasAttribute(GenAiAttributes.RESPONSE_ID, "abc");
  }
}

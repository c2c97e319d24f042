package dev.tracekit.anthropic;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.InternalServerException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import dev.tracekit.ai.AiTracing;
import dev.tracekit.ai.GenAiAttributes;
import dev.tracekit.ai.PriceTable;
import dev.tracekit.ai.TracekitAiAttributes;
import dev.tracekit.testing.TestTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real anthropic-java client against a Messages API server on loopback. */
class AnthropicTracingTest {
  private static final String MODEL = "claude-sonnet-4-5";
  private FakeAnthropicServer server;
  private TestTelemetry sdk;
  private AiTracing ai;
  private AnthropicClient client;

  @BeforeEach
  void setUp() throws Exception {
    server = new FakeAnthropicServer();
    sdk = TestTelemetry.create();
    ai =
        AiTracing.builder(sdk.openTelemetry())
            .priceTable(PriceTable.builder().price(MODEL, 3.0, 15.0, 0.3).build())
            .build();
    client = client(ai);
  }

  private AnthropicClient client(AiTracing tracing) {
    return AnthropicTracing.create(tracing)
        .wrap(
            AnthropicOkHttpClient.builder()
                .baseUrl(server.baseUrl())
                .apiKey("sk-ant-test")
                .maxRetries(0)
                .build());
  }

  @AfterEach
  void tearDown() {
    client.close();
    sdk.close();
    server.close();
  }

  private static MessageCreateParams params(String model) {
    return MessageCreateParams.builder()
        .model(model)
        .maxTokens(1024)
        .addUserMessage("What is the capital of France?")
        .build();
  }

  @Test
  void messageWithPromptCacheTokensAndCost() {
    Message reply =
        sdk.tracing().trace("handle request", () -> client.messages().create(params(MODEL)));

    assertThat(reply.content().get(0).asText().text()).isEqualTo("The capital of France is Paris.");
    SpanData app = sdk.span("handle request");
    SpanData chat = sdk.span("chat " + MODEL);
    assertThat(chat)
        .hasKind(SpanKind.CLIENT)
        .hasParentSpanId(app.getSpanId())
        .hasAttribute(GenAiAttributes.OPERATION_NAME, "chat")
        .hasAttribute(GenAiAttributes.PROVIDER_NAME, "anthropic")
        .hasAttribute(GenAiAttributes.REQUEST_MODEL, MODEL)
        .hasAttribute(GenAiAttributes.REQUEST_MAX_TOKENS, 1024L)
        .hasAttribute(GenAiAttributes.RESPONSE_ID, "msg_01XFDUDYJgAACzvnptvVoYEL")
        .hasAttribute(GenAiAttributes.RESPONSE_MODEL, MODEL + "-20250929")
        .hasAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("end_turn"))
        // 12 uncached + 100 written to the cache + 2000 read from it
        .hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 2112L)
        .hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 6L)
        .hasAttribute(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, 2000L)
        .hasAttribute(GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS, 100L)
        .hasAttribute(ServerAttributes.SERVER_ADDRESS, "127.0.0.1")
        .hasAttribute(ServerAttributes.SERVER_PORT, (long) server.port());
    assertThat(chat.getAttributes().get(TracekitAiAttributes.USAGE_COST))
        .isCloseTo((112 * 3.0 + 6 * 15.0 + 2000 * 0.3) / 1e6, within(1e-9));
    assertThat(chat.getAttributes().get(GenAiAttributes.INPUT_MESSAGES)).isNull();
    assertThat(chat.getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES)).isNull();
    assertThat(sdk.metric(GenAiAttributes.METRIC_TOKEN_USAGE).getHistogramData().getPoints())
        .anySatisfy(p -> assertThat(p.getSum()).isEqualTo(2112.0))
        .anySatisfy(p -> assertThat(p.getSum()).isEqualTo(6.0));
  }

  @Test
  @SuppressWarnings("unchecked") // JsonValue.from is raw
  void toolUseLoopIsOneTrace() {
    Tool weather =
        Tool.builder()
            .name("get_weather")
            .description("Current weather in a city")
            .inputSchema(
                Tool.InputSchema.builder()
                    .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
                    .build())
            .build();
    String answer =
        sdk.tracing()
            .trace(
                "handle request",
                () ->
                    ai.agent("weather-agent")
                        .invoke(
                            () -> {
                              MessageCreateParams first =
                                  params(MODEL).toBuilder().addTool(weather).build();
                              Message reply = client.messages().create(first);
                              ToolUseBlock use =
                                  reply.content().stream()
                                      .filter(ContentBlock::isToolUse)
                                      .map(ContentBlock::asToolUse)
                                      .findFirst()
                                      .orElseThrow();
                              String result =
                                  ai.tool(use.name())
                                      .callId(use.id())
                                      .call(() -> "sunny, 24 C in Paris");
                              Message done =
                                  client
                                      .messages()
                                      .create(
                                          first.toBuilder()
                                              .addMessage(reply)
                                              .addUserMessageOfContentBlockParams(
                                                  List.of(
                                                      com.anthropic.models.messages
                                                          .ContentBlockParam.ofToolResult(
                                                          ToolResultBlockParam.builder()
                                                              .toolUseId(use.id())
                                                              .content(result)
                                                              .build())))
                                              .build());
                              assertThat(reply.stopReason()).contains(StopReason.TOOL_USE);
                              return done.content().get(0).asText().text();
                            }));

    assertThat(answer).isEqualTo("It is sunny in Paris.");
    SpanData app = sdk.span("handle request");
    SpanData agent = sdk.span("invoke_agent weather-agent");
    SpanData tool = sdk.span("execute_tool get_weather");
    List<SpanData> chats = sdk.spans("chat " + MODEL);
    assertThat(sdk.awaitSpans(5)).allSatisfy(s -> assertThat(s).hasTraceId(app.getTraceId()));
    assertThat(agent).hasParentSpanId(app.getSpanId());
    assertThat(tool)
        .hasParentSpanId(agent.getSpanId())
        .hasAttribute(GenAiAttributes.TOOL_CALL_ID, "toolu_01A09q90qw90lq917835lq9");
    assertThat(chats)
        .hasSize(2)
        .allSatisfy(c -> assertThat(c).hasParentSpanId(agent.getSpanId()))
        .extracting(c -> c.getAttributes().get(GenAiAttributes.RESPONSE_FINISH_REASONS))
        .containsExactlyInAnyOrder(List.of("tool_use"), List.of("end_turn"));
  }

  @Test
  void streamConsumedToTheEnd() {
    String text;
    try (StreamResponse<RawMessageStreamEvent> events =
        client.messages().createStreaming(params(MODEL))) {
      text =
          events.stream()
              .filter(RawMessageStreamEvent::isContentBlockDelta)
              .map(e -> e.asContentBlockDelta().delta().asText().text())
              .collect(Collectors.joining());
    }

    assertThat(text).isEqualTo("The capital of France is Paris.");
    SpanData chat = sdk.span("chat " + MODEL);
    assertThat(chat)
        .hasAttribute(GenAiAttributes.REQUEST_STREAM, true)
        .hasAttribute(GenAiAttributes.RESPONSE_ID, "msg_stream_1")
        .hasAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("end_turn"))
        .hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 1525L)
        .hasAttribute(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, 1500L)
        .hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 15L)
        .hasAttribute(TracekitAiAttributes.RESPONSE_CHUNK_COUNT, 3L);
    assertThat(chat.getAttributes().get(TracekitAiAttributes.STREAM_ABANDONED)).isNull();
    assertThat(chat.getAttributes().get(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK)).isPositive();
    assertThat(sdk.metric(GenAiAttributes.METRIC_TIME_TO_FIRST_CHUNK)).isNotNull();
  }

  @Test
  void streamPartiallyConsumedAndClosedEndsAbandoned() {
    try (StreamResponse<RawMessageStreamEvent> events =
        client.messages().createStreaming(params(MODEL))) {
      Iterator<RawMessageStreamEvent> it = events.stream().iterator();
      while (it.hasNext()) {
        if (it.next().isContentBlockDelta()) {
          break; // the caller has what it needs and walks away
        }
      }
    }

    SpanData chat = sdk.span("chat " + MODEL);
    assertThat(chat)
        .hasAttribute(TracekitAiAttributes.STREAM_ABANDONED, true)
        .hasAttribute(TracekitAiAttributes.RESPONSE_CHUNK_COUNT, 1L)
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.UNSET));
    assertThat(sdk.openSpans()).isEmpty();
  }

  @Test
  void callersExceptionWhileConsumingEndsTheStreamAbandoned() {
    try (StreamResponse<RawMessageStreamEvent> events =
        client.messages().createStreaming(params(MODEL))) {
      assertThatThrownBy(
              () ->
                  events.stream()
                      .forEach(
                          e -> {
                            if (e.isContentBlockDelta()) {
                              throw new IllegalStateException("renderer failed");
                            }
                          }))
          .hasMessage("renderer failed");
    }

    SpanData chat = sdk.span("chat " + MODEL);
    assertThat(chat)
        .hasAttribute(TracekitAiAttributes.STREAM_ABANDONED, true)
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.UNSET));
  }

  @Test
  void clientWithOtherOptionsStaysTraced() {
    client.withOptions(o -> o.putHeader("x-test", "1")).messages().create(params(MODEL));

    assertThat(sdk.span("chat " + MODEL)).hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 6L);
  }

  @Test
  void setUpRejectsNullsNamingTheParameter() {
    assertThatThrownBy(() -> AnthropicTracing.create((AiTracing) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ai");
    assertThatThrownBy(() -> AnthropicTracing.create(ai).wrap((AnthropicClient) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("client");
  }

  @Test
  void newerGenAiNamesOnOptIn() {
    AnthropicClient latest =
        client(AiTracing.builder(sdk.openTelemetry()).genAiLatestExperimental(true).build());
    latest.messages().create(params(MODEL));

    SpanData chat = sdk.span("chat " + MODEL);
    assertThat(chat)
        .hasAttribute(GenAiAttributes.USAGE_CACHE_WRITE_INPUT_TOKENS, 100L)
        .hasAttribute(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, 2000L);
    assertThat(chat.getAttributes().get(GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS))
        .isNull();
  }

  @Test
  void extractorsWithTheBuilderApiOnAnUnwrappedClient() {
    AnthropicClient raw =
        AnthropicOkHttpClient.builder()
            .baseUrl(server.baseUrl())
            .apiKey("sk-ant-test")
            .maxRetries(0)
            .build();
    try {
      ai.chat("anthropic", MODEL)
          .call(() -> raw.messages().create(params(MODEL)), AnthropicExtractors.message());
      String text;
      try (java.util.stream.Stream<RawMessageStreamEvent> events =
          ai.chat("anthropic", "claude-haiku-4-5").stream(
              () ->
                  AnthropicExtractors.closing(
                      raw.messages().createStreaming(params("claude-haiku-4-5"))),
              AnthropicExtractors.events())) {
        text =
            events
                .filter(RawMessageStreamEvent::isContentBlockDelta)
                .map(e -> e.asContentBlockDelta().delta().asText().text())
                .collect(Collectors.joining());
      }
      assertThat(text).isEqualTo("The capital of France is Paris.");
    } finally {
      raw.close();
    }

    assertThat(sdk.span("chat " + MODEL))
        .hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 2112L)
        .hasAttribute(GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS, 100L)
        .hasAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("end_turn"));
    assertThat(sdk.span("chat claude-haiku-4-5"))
        .hasAttribute(GenAiAttributes.RESPONSE_ID, "msg_stream_1")
        .hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 1525L)
        .hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 15L)
        .hasAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("end_turn"))
        .hasAttribute(TracekitAiAttributes.RESPONSE_CHUNK_COUNT, 3L);
  }

  @Test
  void asyncCreateEndsWhenTheFutureCompletes() throws Exception {
    Message reply =
        sdk.tracing()
            .trace("handle request", () -> client.async().messages().create(params(MODEL)))
            .get(10, TimeUnit.SECONDS);

    assertThat(reply.id()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
    assertThat(sdk.span("chat " + MODEL))
        .hasParentSpanId(sdk.span("handle request").getSpanId())
        .hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 2112L)
        .hasAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("end_turn"));
  }

  @Test
  void asyncRateLimitFailsTheSpan() {
    CompletableFuture<Message> future =
        client.async().messages().create(params("claude-rate-limited"));

    assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(RateLimitException.class);
    assertThat(sdk.span("chat claude-rate-limited"))
        .hasAttribute(ErrorAttributes.ERROR_TYPE, "rate_limit_error");
  }

  @Test
  void asyncStreamRunsTheSubscriberInTheCallersContextAndEndsTheSpan() throws Exception {
    StringBuilder text = new StringBuilder();
    CompletableFuture<io.opentelemetry.api.trace.SpanContext> seen = new CompletableFuture<>();
    io.opentelemetry.api.trace.Span app =
        sdk.openTelemetry().getTracer("test").spanBuilder("handle request").startSpan();
    AsyncStreamResponse<RawMessageStreamEvent> events;
    try (var ignored = app.makeCurrent()) {
      events = client.async().messages().createStreaming(params(MODEL));
    }
    events.subscribe(
        new AsyncStreamResponse.Handler<RawMessageStreamEvent>() {
          @Override
          public void onNext(RawMessageStreamEvent e) {
            if (e.isContentBlockDelta()) {
              text.append(e.asContentBlockDelta().delta().asText().text());
            }
          }

          @Override
          public void onComplete(Optional<Throwable> error) {
            seen.complete(io.opentelemetry.api.trace.Span.current().getSpanContext());
          }
        });
    events.onCompleteFuture().get(10, TimeUnit.SECONDS);
    app.end();

    assertThat(text.toString()).isEqualTo("The capital of France is Paris.");
    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(app.getSpanContext());
    assertThat(sdk.span("chat " + MODEL))
        .hasParentSpanId(app.getSpanContext().getSpanId())
        .hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 1525L)
        .hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 15L)
        .hasAttribute(TracekitAiAttributes.RESPONSE_CHUNK_COUNT, 3L);
  }

  @Test
  void asyncStreamErrorEventFailsTheSpan() throws Exception {
    AsyncStreamResponse<RawMessageStreamEvent> events =
        client.async().messages().createStreaming(params("claude-overloaded-midstream"));
    events.subscribe(e -> {});
    assertThatThrownBy(() -> events.onCompleteFuture().get(10, TimeUnit.SECONDS)).isNotNull();

    assertThat(sdk.span("chat claude-overloaded-midstream"))
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR))
        .hasAttribute(ErrorAttributes.ERROR_TYPE, "overloaded_error");
  }

  @Test
  void rateLimitIsTypedByAnthropicsErrorType() {
    assertThatThrownBy(() -> client.messages().create(params("claude-rate-limited")))
        .isInstanceOf(RateLimitException.class);

    assertThat(sdk.span("chat claude-rate-limited"))
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR))
        .hasAttribute(ErrorAttributes.ERROR_TYPE, "rate_limit_error")
        .hasAttribute(TracekitAiAttributes.RATE_LIMITED, true)
        .hasAttribute(TracekitAiAttributes.RETRY_AFTER, 7.0);
  }

  @Test
  void serverErrorIsTypedByAnthropicsErrorType() {
    assertThatThrownBy(() -> client.messages().create(params("claude-server-error")))
        .isInstanceOf(InternalServerException.class);

    assertThat(sdk.span("chat claude-server-error"))
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR))
        .hasAttribute(ErrorAttributes.ERROR_TYPE, "api_error");
  }

  @Test
  void streamingRateLimitFailsAtCreation() {
    assertThatThrownBy(() -> client.messages().createStreaming(params("claude-rate-limited")))
        .isInstanceOf(RateLimitException.class);

    assertThat(sdk.span("chat claude-rate-limited"))
        .hasAttribute(ErrorAttributes.ERROR_TYPE, "rate_limit_error")
        .hasAttribute(GenAiAttributes.REQUEST_STREAM, true);
  }

  @Test
  void malformedBodyFailsTheSpan() {
    assertThatThrownBy(() -> client.messages().create(params("claude-malformed")).content())
        .isNotNull();

    SpanData chat = sdk.span("chat claude-malformed");
    assertThat(chat).hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR));
    assertThat(chat.getAttributes().get(ErrorAttributes.ERROR_TYPE)).isNotBlank();
  }

  @Test
  void errorEventInTheMiddleOfAStreamFailsTheSpan() {
    try (StreamResponse<RawMessageStreamEvent> events =
        client.messages().createStreaming(params("claude-overloaded-midstream"))) {
      assertThatThrownBy(() -> events.stream().forEach(e -> {})).isNotNull();
    }

    assertThat(sdk.span("chat claude-overloaded-midstream"))
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR))
        .hasAttribute(ErrorAttributes.ERROR_TYPE, "overloaded_error")
        .hasAttribute(TracekitAiAttributes.RESPONSE_CHUNK_COUNT, 1L);
  }

  @Test
  void contentCaptureOnRecordsRedactedMessages() {
    AnthropicClient capturing =
        client(AiTracing.builder(sdk.openTelemetry()).captureContent(true).build());
    capturing
        .messages()
        .create(
            MessageCreateParams.builder()
                .model(MODEL)
                .maxTokens(100)
                .system("You are terse.")
                .addUserMessage(
                    "Capital of France? My key is sk-ant-api03-abcdefghijklmnopqrstuvwxyz")
                .build());

    SpanData chat = sdk.span("chat " + MODEL);
    assertThat(chat.getAttributes().get(GenAiAttributes.INPUT_MESSAGES))
        .contains("Capital of France?")
        .doesNotContain("abcdefghijklmnopqrstuvwxyz");
    assertThat(chat.getAttributes().get(GenAiAttributes.SYSTEM_INSTRUCTIONS))
        .contains("You are terse.");
    assertThat(chat.getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES))
        .contains("The capital of France is Paris.");
  }
}

package dev.tracekit.langchain4j;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.service.UserMessage;
import dev.tracekit.ai.AiTracing;
import dev.tracekit.ai.GenAiAttributes;
import dev.tracekit.ai.TracekitAiAttributes;
import dev.tracekit.testing.TestTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ErrorAttributes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LangChain4j's real OpenAI models against an OpenAI-compatible server on loopback. */
class LangChain4jTracingTest {
  private FakeOpenAiServer server;
  private TestTelemetry sdk;
  private LangChain4jTracing lc;

  @BeforeEach
  void setUp() throws Exception {
    server = new FakeOpenAiServer();
    sdk = TestTelemetry.create();
    lc = LangChain4jTracing.create(sdk.openTelemetry());
  }

  @AfterEach
  void tearDown() {
    sdk.close();
    server.close();
  }

  private ChatModel chatModel(String model) {
    return OpenAiChatModel.builder()
        .baseUrl(server.baseUrl())
        .apiKey("test")
        .modelName(model)
        .temperature(0.2)
        .maxRetries(0)
        .timeout(Duration.ofSeconds(10))
        .listeners(List.of(lc.chatModelListener()))
        .build();
  }

  private StreamingChatModel streamingModel(String model) {
    return lc.wrap(
        OpenAiStreamingChatModel.builder()
            .baseUrl(server.baseUrl())
            .apiKey("test")
            .modelName(model)
            .timeout(Duration.ofSeconds(10))
            .listeners(List.of(lc.chatModelListener()))
            .build());
  }

  @Test
  void chatCallIsAClientSpanUnderTheCallersSpan() {
    ChatModel model = chatModel("gpt-4o-mini");
    String answer = sdk.tracing().trace("handle request", () -> model.chat("Capital of France?"));

    assertThat(answer).isEqualTo("The capital of France is Paris.");
    SpanData app = sdk.span("handle request");
    SpanData chat = sdk.span("chat gpt-4o-mini");
    assertThat(chat)
        .hasKind(SpanKind.CLIENT)
        .hasParentSpanId(app.getSpanId())
        .hasAttribute(GenAiAttributes.OPERATION_NAME, "chat")
        .hasAttribute(GenAiAttributes.PROVIDER_NAME, "openai")
        .hasAttribute(GenAiAttributes.REQUEST_MODEL, "gpt-4o-mini")
        .hasAttribute(GenAiAttributes.REQUEST_TEMPERATURE, 0.2)
        .hasAttribute(GenAiAttributes.RESPONSE_MODEL, "gpt-4o-mini-2024-07-18")
        .hasAttribute(GenAiAttributes.RESPONSE_ID, "chatcmpl-B9MBs8Cjcv")
        .hasAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("stop"))
        .hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 19L)
        .hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 10L)
        .hasAttribute(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, 4L);
    // content capture is off by default
    assertThat(chat.getAttributes().get(GenAiAttributes.INPUT_MESSAGES)).isNull();
    assertThat(chat.getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES)).isNull();
    MetricData tokens = sdk.metric(GenAiAttributes.METRIC_TOKEN_USAGE);
    assertThat(tokens.getHistogramData().getPoints())
        .anySatisfy(p -> assertThat(p.getSum()).isEqualTo(19.0))
        .anySatisfy(p -> assertThat(p.getSum()).isEqualTo(10.0));
  }

  interface WeatherAssistant {
    String chat(@MemoryId String conversation, @UserMessage String question);
  }

  static final class WeatherTools {
    @Tool("Current weather in a city")
    String get_weather(@P(name = "city", value = "the city") String city) {
      // work done by the tool joins the trace under the tool's span
      Span.current().addEvent("weather looked up");
      return "sunny, 24 C in " + city;
    }
  }

  @Test
  void agentModelCallsAndToolCallsFormOneTrace() {
    WeatherAssistant assistant =
        lc.agent(
            "weather-assistant",
            WeatherAssistant.class,
            AiServices.builder(WeatherAssistant.class)
                .chatModel(chatModel("gpt-4o-mini"))
                .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(10))
                .tools(lc.tools(new WeatherTools()))
                .build());

    String answer =
        sdk.tracing().trace("handle request", () -> assistant.chat("conv-42", "Weather in Paris?"));

    assertThat(answer).isEqualTo("It is sunny in Paris.");
    List<SpanData> spans = sdk.awaitSpans(5);
    SpanData app = sdk.span("handle request");
    SpanData agent = sdk.span("invoke_agent weather-assistant");
    SpanData tool = sdk.span("execute_tool get_weather");
    List<SpanData> chats = sdk.spans("chat gpt-4o-mini");
    assertThat(spans).allSatisfy(s -> assertThat(s).hasTraceId(app.getTraceId()));
    assertThat(agent)
        .hasParentSpanId(app.getSpanId())
        .hasAttribute(GenAiAttributes.OPERATION_NAME, "invoke_agent")
        .hasAttribute(GenAiAttributes.AGENT_NAME, "weather-assistant")
        .hasAttribute(GenAiAttributes.CONVERSATION_ID, "conv-42");
    assertThat(chats).hasSize(2).allSatisfy(c -> assertThat(c).hasParentSpanId(agent.getSpanId()));
    assertThat(chats)
        .anySatisfy(
            c ->
                assertThat(c)
                    .hasAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("tool_calls"))
                    .hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 57L))
        .anySatisfy(
            c ->
                assertThat(c)
                    .hasAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("stop"))
                    .hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 81L));
    assertThat(tool)
        .hasParentSpanId(agent.getSpanId())
        .hasKind(SpanKind.INTERNAL)
        .hasAttribute(GenAiAttributes.TOOL_NAME, "get_weather")
        .hasAttribute(GenAiAttributes.TOOL_CALL_ID, "call_abc123")
        .hasAttribute(GenAiAttributes.TOOL_DESCRIPTION, "Current weather in a city")
        .hasEventsSatisfyingExactly(e -> e.hasName("weather looked up"));
    // arguments and results are content: off by default
    assertThat(tool.getAttributes().get(GenAiAttributes.TOOL_CALL_ARGUMENTS)).isNull();
    assertThat(tool.getAttributes().get(GenAiAttributes.TOOL_CALL_RESULT)).isNull();
  }

  @Test
  void streamingEndsOnTheHttpThreadUnderTheCallersSpanWithTimeToFirstChunk() throws Exception {
    StreamingChatModel model = streamingModel("gpt-4o-mini");
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    CompletableFuture<SpanContext> callbackContext = new CompletableFuture<>();
    StringBuilder text = new StringBuilder();
    Span app = sdk.openTelemetry().getTracer("test").spanBuilder("handle request").startSpan();
    try (var ignored = app.makeCurrent()) {
      model.chat(
          "Capital of France?",
          new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
              text.append(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
              callbackContext.complete(Span.current().getSpanContext());
              done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
              done.completeExceptionally(error);
            }
          });
    }
    done.get(10, TimeUnit.SECONDS);
    app.end();

    assertThat(text.toString()).isEqualTo("The capital of France is Paris.");
    assertThat(callbackContext.get()).isEqualTo(app.getSpanContext());
    SpanData chat = sdk.span("chat gpt-4o-mini");
    assertThat(chat)
        .hasParentSpanId(app.getSpanContext().getSpanId())
        .hasAttribute(GenAiAttributes.REQUEST_STREAM, true)
        .hasAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("stop"))
        .hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 12L)
        .hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 7L)
        .hasAttribute(TracekitAiAttributes.RESPONSE_CHUNK_COUNT, 3L);
    assertThat(chat.getAttributes().get(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK))
        .isNotNull()
        .isPositive();
  }

  interface StreamingAssistant {
    TokenStream chat(@UserMessage String question);
  }

  @Test
  void streamingAiServiceWithToolsIsOneTraceAcrossHttpThreads() throws Exception {
    StreamingAssistant assistant =
        lc.agent(
            "streaming-assistant",
            StreamingAssistant.class,
            AiServices.builder(StreamingAssistant.class)
                .streamingChatModel(streamingModel("gpt-4o-mini"))
                .tools(lc.tools(new WeatherTools()))
                .build());
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();

    Span app = sdk.openTelemetry().getTracer("test").spanBuilder("handle request").startSpan();
    try (var ignored = app.makeCurrent()) {
      assistant
          .chat("Weather in Paris?")
          .onPartialResponse(p -> {})
          .onCompleteResponse(done::complete)
          .onError(done::completeExceptionally)
          .start();
    }
    ChatResponse response = done.get(10, TimeUnit.SECONDS);
    app.end();

    assertThat(response.aiMessage().text()).isEqualTo("The capital of France is Paris.");
    SpanData agent = sdk.span("invoke_agent streaming-assistant");
    SpanData tool = sdk.span("execute_tool get_weather");
    List<SpanData> chats = sdk.spans("chat gpt-4o-mini");
    assertThat(agent).hasParentSpanId(app.getSpanContext().getSpanId());
    assertThat(tool).hasParentSpanId(agent.getSpanId());
    assertThat(chats)
        .hasSize(2)
        .allSatisfy(c -> assertThat(c).hasParentSpanId(agent.getSpanId()))
        .extracting(c -> c.getAttributes().get(GenAiAttributes.RESPONSE_FINISH_REASONS))
        .containsExactlyInAnyOrder(List.of("tool_calls"), List.of("stop"));
    assertThat(agent.getEndEpochNanos())
        .isGreaterThanOrEqualTo(chats.get(0).getEndEpochNanos())
        .isGreaterThanOrEqualTo(chats.get(1).getEndEpochNanos());
  }

  @Test
  void cancelledStreamEndsItsSpanAsAbandoned() throws Exception {
    StreamingChatModel model = streamingModel("slow-stream");
    CompletableFuture<Void> cancelled = new CompletableFuture<>();
    model.chat(
        "Capital of France?",
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            context.streamingHandle().cancel();
            cancelled.complete(null);
          }

          @Override
          public void onCompleteResponse(ChatResponse response) {}

          @Override
          public void onError(Throwable error) {}
        });
    cancelled.get(10, TimeUnit.SECONDS);
    server.release();

    SpanData chat = sdk.span("chat slow-stream");
    assertThat(chat)
        .hasAttribute(TracekitAiAttributes.STREAM_ABANDONED, true)
        .hasAttribute(TracekitAiAttributes.RESPONSE_CHUNK_COUNT, 1L);
    assertThat(sdk.openSpans()).isEmpty();
  }

  @Test
  void anthropicModelRecordsPromptCacheTokens() {
    ChatModel model =
        AnthropicChatModel.builder()
            .baseUrl(server.anthropicBaseUrl())
            .apiKey("test")
            .modelName("claude-sonnet-4-5")
            .maxRetries(0)
            .listeners(List.of(lc.chatModelListener()))
            .build();

    assertThat(model.chat("Capital of France?")).isEqualTo("The capital of France is Paris.");
    assertThat(sdk.span("chat claude-sonnet-4-5"))
        .hasAttribute(GenAiAttributes.PROVIDER_NAME, "anthropic")
        .hasAttribute(GenAiAttributes.RESPONSE_MODEL, "claude-sonnet-4-5-20250929")
        .hasAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("stop"))
        // 12 uncached + 100 written to the cache + 2000 read from it
        .hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 2112L)
        .hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 6L)
        .hasAttribute(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, 2000L)
        .hasAttribute(GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS, 100L);
  }

  @Test
  void failingAiServiceFailsItsAgentSpanAndRethrows() {
    WeatherAssistant assistant =
        lc.agent(
            "weather-assistant",
            WeatherAssistant.class,
            AiServices.builder(WeatherAssistant.class)
                .chatModel(chatModel("server-error"))
                .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(10))
                .build());

    assertThatThrownBy(() -> assistant.chat("c1", "Weather?")).isNotNull();

    SpanData agent = sdk.span("invoke_agent weather-assistant");
    assertThat(agent).hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR));
    assertThat(sdk.span("chat server-error"))
        .hasParentSpanId(agent.getSpanId())
        .hasAttribute(ErrorAttributes.ERROR_TYPE, "500");
  }

  @Test
  void setUpRejectsNullsNamingTheParameter() {
    assertThatThrownBy(() -> LangChain4jTracing.create((AiTracing) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ai");
    assertThatThrownBy(() -> lc.wrap((StreamingChatModel) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("model");
    assertThatThrownBy(() -> lc.agent("a", WeatherAssistant.class, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("service");
  }

  @Test
  void rateLimitedCallIsTypedByStatus() {
    ChatModel model = chatModel("rate-limited");
    assertThatThrownBy(() -> model.chat("hi")).isNotNull();

    SpanData chat = sdk.span("chat rate-limited");
    assertThat(chat)
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR))
        .hasAttribute(ErrorAttributes.ERROR_TYPE, "429")
        .hasAttribute(TracekitAiAttributes.RATE_LIMITED, true);
  }

  @Test
  void serverErrorIsTypedByStatus() {
    ChatModel model = chatModel("server-error");
    assertThatThrownBy(() -> model.chat("hi")).isNotNull();

    assertThat(sdk.span("chat server-error"))
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR))
        .hasAttribute(ErrorAttributes.ERROR_TYPE, "500");
  }

  @Test
  void malformedResponseFailsTheSpan() {
    ChatModel model = chatModel("malformed");
    assertThatThrownBy(() -> model.chat("hi")).isNotNull();

    SpanData chat = sdk.span("chat malformed");
    assertThat(chat).hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR));
    assertThat(chat.getAttributes().get(ErrorAttributes.ERROR_TYPE)).isNotBlank();
  }

  @Test
  void embeddings() {
    EmbeddingModel model =
        lc.wrap(
            OpenAiEmbeddingModel.builder()
                .baseUrl(server.baseUrl())
                .apiKey("test")
                .modelName("text-embedding-3-small")
                .maxRetries(0)
                .build());

    assertThat(model.embed("hello").content().dimension()).isEqualTo(8);
    assertThat(sdk.span("embeddings text-embedding-3-small"))
        .hasKind(SpanKind.CLIENT)
        .hasAttribute(GenAiAttributes.OPERATION_NAME, "embeddings")
        .hasAttribute(GenAiAttributes.PROVIDER_NAME, "openai")
        .hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 8L)
        .hasAttribute(GenAiAttributes.EMBEDDINGS_DIMENSION_COUNT, 8L);
  }

  @Test
  void contentCaptureOnRecordsRedactedMessagesAndToolData() {
    LangChain4jTracing capturing =
        LangChain4jTracing.create(
            AiTracing.builder(sdk.openTelemetry()).captureContent(true).build());
    ChatModel model =
        OpenAiChatModel.builder()
            .baseUrl(server.baseUrl())
            .apiKey("test")
            .modelName("gpt-4o-mini")
            .maxRetries(0)
            .listeners(List.of(capturing.chatModelListener()))
            .build();
    WeatherAssistant assistant =
        capturing.agent(
            "weather-assistant",
            WeatherAssistant.class,
            AiServices.builder(WeatherAssistant.class)
                .chatModel(model)
                .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(10))
                .tools(capturing.tools(new WeatherTools()))
                .build());

    assistant.chat("c1", "Weather in Paris? Mail me at jane.doe@example.com");

    List<SpanData> chats = sdk.spans("chat gpt-4o-mini");
    assertThat(sdk.awaitSpans(4)).isNotEmpty();
    assertThat(chats)
        .allSatisfy(
            c ->
                assertThat(c.getAttributes().get(GenAiAttributes.INPUT_MESSAGES))
                    .contains("Weather in Paris?")
                    .doesNotContain("jane.doe@example.com"));
    SpanData tool = sdk.span("execute_tool get_weather");
    assertThat(tool)
        .hasAttribute(GenAiAttributes.TOOL_CALL_ARGUMENTS, "{\"city\":\"Paris\"}")
        .hasAttribute(GenAiAttributes.TOOL_CALL_RESULT, "sunny, 24 C in Paris");
  }
}

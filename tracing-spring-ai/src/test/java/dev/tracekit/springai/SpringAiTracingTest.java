package dev.tracekit.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracekit.ai.AiTracing;
import dev.tracekit.ai.GenAiAttributes;
import dev.tracekit.ai.TracekitAiAttributes;
import dev.tracekit.testing.TestTelemetry;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.document.MetadataMode;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.OpenAiEmbeddingModel;
import org.springframework.ai.openai.OpenAiEmbeddingOptions;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.ai.retry.RetryUtils;
import org.springframework.ai.tool.function.FunctionToolCallback;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Spring AI's real OpenAI client (Spring AI 1.1.x) against an OpenAI-compatible server on loopback,
 * observed through {@link SpringAiTracing}.
 */
class SpringAiTracingTest {
  private FakeOpenAi server;
  private TestTelemetry telemetry;
  private ChatClient chat;
  private OpenAiApi api;
  private ObservationRegistry registry;

  /** The tool's input. */
  record StockQuery(String sku) {}

  @BeforeEach
  void start() throws Exception {
    server = new FakeOpenAi();
    telemetry = TestTelemetry.create();
    SpringAiTracing springAi = SpringAiTracing.create(telemetry.openTelemetry());
    registry = springAi.register(ObservationRegistry.create());
    api =
        OpenAiApi.builder()
            .baseUrl(server.baseUrl())
            .apiKey("sk-test-not-a-secret")
            .restClientBuilder(RestClient.builder())
            .webClientBuilder(WebClient.builder().clientConnector(new JdkClientHttpConnector()))
            .build();
    OpenAiChatModel model =
        OpenAiChatModel.builder()
            .openAiApi(api)
            .defaultOptions(
                OpenAiChatOptions.builder().model("gpt-4o-mini").temperature(0.2).build())
            .observationRegistry(registry)
            .toolCallingManager(ToolCallingManager.builder().observationRegistry(registry).build())
            .build();
    chat =
        ChatClient.builder(model, registry, null, null)
            .defaultAdvisors(springAi.streamAdvisor())
            .build();
  }

  @AfterEach
  void stop() {
    telemetry.close();
    server.close();
  }

  @Test
  void aChatClientCallIsAGenAiChatSpanWithUsageAndConversation() {
    Span app = telemetry.openTelemetry().getTracer("test").spanBuilder("answer").startSpan();
    String answer;
    try (Scope ignored = app.makeCurrent()) {
      answer =
          chat.prompt()
              .user("How many?")
              .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, "conv-7"))
              .call()
              .content();
    } finally {
      app.end();
    }
    assertThat(answer).isEqualTo("Forty-two.");

    SpanData model = telemetry.span("chat gpt-4o-mini");
    SpanData client = telemetry.span("chat_client");
    assertThat(client.getParentSpanId()).isEqualTo(telemetry.span("answer").getSpanId());
    assertThat(model.getTraceId()).isEqualTo(client.getTraceId());
    assertThat(model.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(model.getAttributes().get(GenAiAttributes.PROVIDER_NAME)).isEqualTo("openai");
    assertThat(model.getAttributes().get(AttributeKey.stringKey("gen_ai.system"))).isNull();
    assertThat(model.getAttributes().get(GenAiAttributes.OPERATION_NAME)).isEqualTo("chat");
    assertThat(model.getAttributes().get(GenAiAttributes.CONVERSATION_ID)).isEqualTo("conv-7");
    assertThat(model.getAttributes().get(GenAiAttributes.REQUEST_TEMPERATURE)).isEqualTo(0.2);
    assertThat(model.getAttributes().get(GenAiAttributes.RESPONSE_ID)).isEqualTo("chatcmpl-1");
    assertThat(model.getAttributes().get(GenAiAttributes.RESPONSE_MODEL))
        .isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(model.getAttributes().get(GenAiAttributes.USAGE_INPUT_TOKENS)).isEqualTo(12);
    assertThat(model.getAttributes().get(GenAiAttributes.USAGE_OUTPUT_TOKENS)).isEqualTo(5);
    assertThat(model.getAttributes().get(GenAiAttributes.RESPONSE_FINISH_REASONS))
        .containsExactly("stop");
    // Content capture is off by default.
    assertThat(model.getAttributes().get(GenAiAttributes.INPUT_MESSAGES)).isNull();
    assertThat(model.getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES)).isNull();
    // TraceKit's own stream advisor adds no span of its own.
    assertThat(telemetry.spans()).noneMatch(s -> s.getName().contains("tracekit_stream_chunks"));
    assertThat(telemetry.metric("gen_ai.client.token.usage")).isNotNull();
    assertThat(telemetry.metric("gen_ai.client.operation.duration")).isNotNull();
  }

  @Test
  void toolCallsAreExecuteToolSpansBetweenTheTwoModelCalls() {
    FunctionToolCallback<StockQuery, String> tool =
        FunctionToolCallback.builder("stock_level", (StockQuery q) -> "42 units of " + q.sku())
            .description("Stock level of a SKU")
            .inputType(StockQuery.class)
            .build();
    String answer = chat.prompt().user("Stock of A1?").toolCallbacks(tool).call().content();
    assertThat(answer).isEqualTo("Forty-two.");

    SpanData toolSpan = telemetry.span("execute_tool stock_level");
    List<SpanData> models = telemetry.spans("chat gpt-4o-mini");
    assertThat(models).hasSize(2);
    SpanData client = telemetry.span("chat_client");
    assertThat(toolSpan.getTraceId()).isEqualTo(client.getTraceId());
    assertThat(toolSpan.getAttributes().get(GenAiAttributes.TOOL_NAME)).isEqualTo("stock_level");
    assertThat(toolSpan.getAttributes().get(GenAiAttributes.TOOL_CALL_ARGUMENTS)).isNull();
    assertThat(models)
        .anySatisfy(
            m ->
                assertThat(m.getAttributes().get(GenAiAttributes.RESPONSE_FINISH_REASONS))
                    .containsExactly("tool_calls"));
  }

  @Test
  void aStreamedCallRecordsTimeToFirstChunkAndTokens() {
    List<String> parts = chat.prompt().user("Say hello").stream().content().collectList().block();
    assertThat(String.join("", parts)).isEqualTo("Hellolo");

    SpanData model = telemetry.span("chat gpt-4o-mini");
    assertThat(model.getAttributes().get(GenAiAttributes.REQUEST_STREAM)).isTrue();
    assertThat(model.getAttributes().get(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK))
        .isNotNull()
        .isPositive();
    assertThat(model.getAttributes().get(TracekitAiAttributes.STREAM_ABANDONED)).isNull();
    assertThat(model.getTraceId()).isEqualTo(telemetry.span("chat_client").getTraceId());
    // Nested along the observation tree even though the stream starts on a subscriber's thread.
    SpanData parent = telemetry.span(s -> s.getSpanId().equals(model.getParentSpanId()));
    assertThat(parent.getName()).startsWith("advisor ");
  }

  @Test
  void aStreamInsideAnApplicationSpanNestsUnderTheAdvisorsNotBesideThem() {
    Span app = telemetry.openTelemetry().getTracer("test").spanBuilder("request").startSpan();
    try (Scope ignored = app.makeCurrent()) {
      chat.prompt().user("Say hello").stream().content().collectList().block();
    } finally {
      app.end();
    }
    SpanData model = telemetry.span("chat gpt-4o-mini");
    SpanData parent = telemetry.span(s -> s.getSpanId().equals(model.getParentSpanId()));
    assertThat(parent.getName()).startsWith("advisor ");
    assertThat(model.getTraceId()).isEqualTo(telemetry.span("request").getTraceId());
  }

  @Test
  void aStreamClosedEarlyStillEndsItsSpanAsAbandoned() {
    String first =
        chat.prompt().user("slow-stream please").stream()
            .content()
            .blockFirst(Duration.ofSeconds(5));
    assertThat(first).isEqualTo("Hel");
    SpanData model = telemetry.span("chat gpt-4o-mini");
    assertThat(model.getAttributes().get(TracekitAiAttributes.STREAM_ABANDONED)).isTrue();
  }

  @Test
  void aFailedCallIsAnErrorSpan() {
    assertThatThrownBy(() -> chat.prompt().user("trigger-400").call().content())
        .isInstanceOf(RuntimeException.class);
    SpanData model = telemetry.span("chat gpt-4o-mini");
    assertThat(model.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(model.getAttributes().get(AttributeKey.stringKey("error.type"))).isNotBlank();
  }

  @Test
  void embeddingsAreEmbeddingsSpans() {
    OpenAiEmbeddingModel embeddings =
        new OpenAiEmbeddingModel(
            api,
            MetadataMode.EMBED,
            OpenAiEmbeddingOptions.builder().model("text-embedding-3-small").build(),
            RetryUtils.DEFAULT_RETRY_TEMPLATE,
            registry);
    EmbeddingResponse response = embeddings.embedForResponse(List.of("hello"));
    assertThat(response.getResults()).hasSize(1);
    SpanData span = telemetry.span("embeddings text-embedding-3-small");
    assertThat(span.getAttributes().get(GenAiAttributes.OPERATION_NAME)).isEqualTo("embeddings");
    assertThat(span.getAttributes().get(GenAiAttributes.USAGE_INPUT_TOKENS)).isEqualTo(3);
    assertThat(span.getAttributes().get(GenAiAttributes.EMBEDDINGS_DIMENSION_COUNT)).isEqualTo(3);
  }

  @Test
  void withContentCaptureMessagesAreRecordedAndRedacted() {
    TestTelemetry captured = TestTelemetry.create();
    try {
      AiTracing ai = AiTracing.builder(captured.openTelemetry()).captureContent(true).build();
      SpringAiTracing springAi = SpringAiTracing.builder(captured.openTelemetry(), ai).build();
      ObservationRegistry observed = springAi.register(ObservationRegistry.create());
      OpenAiChatModel model =
          OpenAiChatModel.builder()
              .openAiApi(api)
              .defaultOptions(OpenAiChatOptions.builder().model("gpt-4o-mini").build())
              .observationRegistry(observed)
              .build();
      ChatClient.builder(model, observed, null, null)
          .build()
          .prompt()
          .user("my key is sk-abcdefghijklmnopqrstuvwx1234")
          .call()
          .content();
      SpanData span = captured.span("chat gpt-4o-mini");
      assertThat(span.getAttributes().get(GenAiAttributes.INPUT_MESSAGES))
          .contains("my key is")
          .doesNotContain("sk-abcdefghijklmnopqrstuvwx1234");
      assertThat(span.getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES)).contains("Forty-two.");
    } finally {
      captured.close();
    }
  }
}

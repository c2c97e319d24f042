package dev.tracekit.ai;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.InternalServerException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.tracekit.ai.openai.OpenAiJavaExtractors;
import dev.tracekit.testing.TestTelemetry;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ErrorAttributes;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official openai-java client pointed at the loopback server: no extractor needed. */
class OpenAiJavaClientTest {
  private FakeOpenAiServer server;
  private TestTelemetry sdk;
  private AiTracing ai;
  private OpenAIClient client;

  @BeforeEach
  void setUp() throws IOException {
    server = new FakeOpenAiServer();
    sdk = TestTelemetry.create();
    ai = AiTracing.builder(sdk.openTelemetry()).captureContent(true).build();
    client =
        OpenAIOkHttpClient.builder()
            .baseUrl(server.baseUri().toString())
            .apiKey("test")
            .maxRetries(0)
            .build();
  }

  @AfterEach
  void tearDown() {
    client.close();
    sdk.close();
    server.close();
  }

  private static ChatCompletionCreateParams params(String model) {
    return ChatCompletionCreateParams.builder()
        .model(model)
        .addUserMessage("What is the capital of France?")
        .maxCompletionTokens(100)
        .build();
  }

  @Test
  void chatCompletionWithoutExtractor() {
    ChatCompletion reply =
        ai.chat("openai", "gpt-4o")
            .message("user", "What is the capital of France?")
            .call(() -> client.chat().completions().create(params("gpt-4o")));

    assertThat(reply.choices().get(0).message().content()).contains(FakeOpenAiServer.ANSWER);
    SpanData span = sdk.span("chat gpt-4o");
    assertThat(span)
        .hasAttribute(GenAiAttributes.RESPONSE_ID, "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT")
        .hasAttribute(GenAiAttributes.RESPONSE_MODEL, "gpt-4o-2024-08-06")
        .hasAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("stop"))
        .hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 19L)
        .hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 10L)
        .hasAttribute(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, 4L)
        .hasAttribute(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS, 2L)
        .hasAttribute(
            GenAiAttributes.OUTPUT_MESSAGES,
            "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\""
                + FakeOpenAiServer.ANSWER
                + "\"}],\"finish_reason\":\"stop\"}]");
  }

  @Test
  void rateLimitExceptionIsRethrownAndClassified() {
    assertThatThrownBy(
            () ->
                ai.chat("openai", "rate-limited")
                    .call(() -> client.chat().completions().create(params("rate-limited"))))
        .isInstanceOf(RateLimitException.class);
    SpanData span = sdk.span("chat rate-limited");
    assertThat(span)
        .hasAttribute(ErrorAttributes.ERROR_TYPE, "rate_limit_exceeded")
        .hasAttribute(TracekitAiAttributes.RATE_LIMITED, true)
        .hasAttribute(TracekitAiAttributes.RETRY_AFTER, 7.0);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void serverErrorIsClassified() {
    assertThatThrownBy(
            () ->
                ai.chat("openai", "server-error")
                    .call(() -> client.chat().completions().create(params("server-error"))))
        .isInstanceOf(InternalServerException.class);
    assertThat(sdk.span("chat server-error"))
        .hasAttribute(ErrorAttributes.ERROR_TYPE, "server_error");
  }

  @Test
  void streamingChunks() {
    ChatCompletionCreateParams params =
        params("gpt-4o").toBuilder()
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
            .build();
    StringBuilder text = new StringBuilder();
    try (Stream<ChatCompletionChunk> chunks =
        ai.chat("openai", "gpt-4o").stream(
            () -> OpenAiJavaExtractors.closing(client.chat().completions().createStreaming(params)),
            OpenAiJavaExtractors.chunks())) {
      chunks.forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
    }
    assertThat(text.toString()).isEqualTo(String.join("", FakeOpenAiServer.STREAM_PARTS));
    SpanData span = sdk.span("chat gpt-4o");
    assertThat(span)
        .hasAttribute(GenAiAttributes.REQUEST_STREAM, true)
        .hasAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("stop"))
        .hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 12L)
        .hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 7L)
        .hasAttribute(TracekitAiAttributes.RESPONSE_CHUNK_COUNT, 6L)
        .hasAttribute(
            GenAiAttributes.OUTPUT_MESSAGES,
            "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\""
                + String.join("", FakeOpenAiServer.STREAM_PARTS)
                + "\"}],\"finish_reason\":\"stop\"}]");
    assertThat(server.requestBodies.get(0)).contains("\"include_usage\":true");
  }

  @Test
  void embeddings() {
    CreateEmbeddingResponse r =
        ai.embeddings("openai", "text-embedding-3-small")
            .call(
                () ->
                    client
                        .embeddings()
                        .create(
                            EmbeddingCreateParams.builder()
                                .model("text-embedding-3-small")
                                .input("hello")
                                .build()));
    assertThat(r.data()).hasSize(1);
    assertThat(sdk.span("embeddings text-embedding-3-small"))
        .hasAttribute(GenAiAttributes.EMBEDDINGS_DIMENSION_COUNT, 8L)
        .hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 8L);
  }
}

package dev.tracekit.springtests.springai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.testing.OtlpReceiver;
import dev.tracekit.core.testing.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Boot application with Spring AI (its real OpenAI client) against an OpenAI-compatible server on
 * loopback, with only tracing-spring-boot-starter added: Spring AI's observations arrive over OTLP
 * as TraceKit GenAI spans in the request's trace. Run by boot4-spring-ai (Boot 4.0, Spring AI 2.0,
 * TraceKit's SDK), boot4-spring-ai-micrometer (the same with Boot's SDK) and boot3-spring-ai (Boot
 * 3.5, Spring AI 1.1).
 */
class SpringAiAppTest {
  /**
   * Set by the module that runs this class with Boot's Micrometer tracing (spring-boot-tests/
   * boot4-spring-ai-micrometer): Boot builds the SDK and its observations make the HTTP spans.
   */
  private static final boolean BOOT_TRACING = Boolean.getBoolean("tracekit.test.boot-tracing");

  /**
   * Set by spring-boot-tests/boot3-spring-ai (Boot 3.5, Spring AI 1.1): that line reports no cache
   * tokens and no tool call id.
   */
  private static final boolean SPRING_AI_1 = Boolean.getBoolean("tracekit.test.spring-ai-1");

  private static OtlpReceiver receiver;
  private static FakeOpenAi openAi;
  private static ConfigurableApplicationContext app;
  private static final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    receiver = OtlpReceiver.start();
    openAi = new FakeOpenAi();
    System.setProperty("otel.exporter.otlp.endpoint", receiver.endpoint());
    System.setProperty("otel.bsp.schedule.delay", "100");
    System.setProperty("otel.metric.export.interval", "200");
    System.setProperty("otel.logs.exporter", "none");
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.address=127.0.0.1",
                "--server.port=0",
                "--spring.application.name=assistant",
                // Spring AI 2.0 (openai-java) takes the base URL with /v1; 1.1 appends it itself.
                "--spring.ai.openai.base-url=" + openAi.baseUrl() + (SPRING_AI_1 ? "" : "/v1"),
                "--spring.ai.openai.api-key=sk-test-not-a-secret",
                "--spring.ai.openai.chat.model=gpt-4o-mini",
                "--spring.ai.openai.chat.max-retries=0"));
    if (BOOT_TRACING) {
      // Boot's SDK, configured by Boot's own properties only.
      args.addAll(
          List.of(
              "--management.tracing.sampling.probability=1.0",
              "--management.opentelemetry.tracing.export.otlp.endpoint="
                  + receiver.endpoint()
                  + "/v1/traces",
              "--management.opentelemetry.tracing.export.schedule-delay=100ms",
              "--management.otlp.metrics.export.enabled=false"));
    }
    app = new SpringApplicationBuilder(AiApplication.class).run(args.toArray(String[]::new));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (openAi != null) {
      openAi.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  private static String get(String path) throws Exception {
    String port = app.getEnvironment().getProperty("local.server.port");
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static List<ReceivedSpan> trace(String traceId) {
    return receiver.spans().stream().filter(s -> s.traceId().equals(traceId)).toList();
  }

  @Test
  void aRequestWithAToolCallIsOneGenAiTrace() throws Exception {
    assertThat(get("/ask?conversation=conv-42")).isEqualTo("Forty-two.");

    ReceivedSpan tool =
        receiver
            .awaitSpans(s -> s.name().equals("execute_tool stock_level"), 1, Duration.ofSeconds(10))
            .get(0);
    receiver.awaitSpans(
        s -> s.traceId().equals(tool.traceId()) && isServer(s), 1, Duration.ofSeconds(10));
    settle();
    List<ReceivedSpan> trace = trace(tool.traceId());
    ReceivedSpan server =
        trace.stream().filter(SpringAiAppTest::isServer).findFirst().orElseThrow();
    // Exactly TraceKit's GenAI spans: none of Spring AI's own (they carry gen_ai.system).
    assertThat(trace).noneMatch(s -> s.attr("gen_ai.system") != null);
    ReceivedSpan chatClient = one(trace, "chat_client");
    List<ReceivedSpan> models =
        trace.stream().filter(s -> s.name().equals("chat gpt-4o-mini")).toList();

    assertThat(chatClient.parentSpanId()).isEqualTo(server.spanId());
    assertThat(models).hasSize(2);
    for (ReceivedSpan model : models) {
      assertThat(model.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
      assertThat(model.attr("gen_ai.provider.name")).isEqualTo("openai");
      assertThat(model.attr("gen_ai.system")).isNull();
      assertThat(model.attr("gen_ai.conversation.id")).isEqualTo("conv-42");
      assertThat(model.attr("gen_ai.response.model")).isEqualTo("gpt-4o-mini-2024-07-18");
    }
    ReceivedSpan first =
        models.stream()
            .filter(m -> m.attr("gen_ai.usage.input_tokens").equals("20"))
            .findFirst()
            .orElseThrow();
    assertThat(first.attr("gen_ai.usage.output_tokens")).isEqualTo("8");
    assertThat(first.attr("gen_ai.response.finish_reasons")).contains("tool_calls");
    ReceivedSpan last =
        models.stream()
            .filter(m -> m.attr("gen_ai.response.finish_reasons").contains("stop"))
            .findFirst()
            .orElseThrow();
    assertThat(last.attr("gen_ai.usage.cache_read.input_tokens"))
        .isEqualTo(SPRING_AI_1 ? null : "4");
    assertThat(tool.attr("gen_ai.tool.name")).isEqualTo("stock_level");
    assertThat(tool.attr("gen_ai.tool.call.id")).isEqualTo(SPRING_AI_1 ? null : "call_1");
    // No content without opting in.
    assertThat(tool.attr("gen_ai.tool.call.arguments")).isNull();
    assertThat(models.get(0).attr("gen_ai.input.messages")).isNull();
  }

  @Test
  void aStreamedAnswerHasItsTimeToFirstChunk() throws Exception {
    assertThat(get("/stream")).isEqualTo("Hellolo");
    ReceivedSpan model =
        receiver
            .awaitSpans(
                s ->
                    s.name().equals("chat gpt-4o-mini")
                        && "true".equals(s.attr("gen_ai.request.stream")),
                1,
                Duration.ofSeconds(10))
            .get(0);
    assertThat(model.attr("gen_ai.response.time_to_first_chunk")).isNotNull();
    assertThat(model.attr("gen_ai.usage.output_tokens")).isEqualTo("3");
    ReceivedSpan server =
        receiver
            .awaitSpans(
                s -> s.traceId().equals(model.traceId()) && isServer(s), 1, Duration.ofSeconds(10))
            .get(0);
    assertThat(server.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
  }

  private static boolean isServer(ReceivedSpan span) {
    return span.span().getKind() == SpanKind.SPAN_KIND_SERVER;
  }

  private static void settle() {
    try {
      Thread.sleep(600); // a duplicate span would arrive with the same or the next batch
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ReceivedSpan one(List<ReceivedSpan> spans, String name) {
    List<ReceivedSpan> found = spans.stream().filter(s -> s.name().equals(name)).toList();
    assertThat(found).as("spans named %s in %s", name, spans).hasSize(1);
    return found.get(0);
  }
}

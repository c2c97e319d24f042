package dev.tracekit.ai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.ai.internal.Json;
import dev.tracekit.core.TracingSdk;
import dev.tracekit.testing.OtlpCapture;
import dev.tracekit.testing.TestTelemetry;
import dev.tracekit.testing.TracekitAssertions;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContentCaptureTest {
  static final String PROMPT = "My e-mail is jane.doe@example.com, what is the capital of France?";
  static final String SECRET_PROMPT =
      "Use key sk-proj-abcdefghijklmnopqrstuvwx and card 4111 1111 1111 1111 for jane@example.com";

  private FakeOpenAiServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void setUp() throws IOException {
    server = new FakeOpenAiServer();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private HttpRequest request(String prompt, boolean stream) {
    String body =
        "{\"model\":\"gpt-4o\","
            + (stream ? "\"stream\":true," : "")
            + "\"messages\":[{\"role\":\"user\",\"content\":"
            + Json.quote(new StringBuilder(), prompt)
            + "}]}";
    return HttpRequest.newBuilder(URI.create(server.baseUri() + "/chat/completions"))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private void workload(AiTracing ai, String prompt) throws Exception {
    ai.agent("support")
        .invoke(
            () -> {
              ai.chat("openai", "gpt-4o")
                  .message("system", "You are terse.")
                  .message("user", prompt)
                  .call(() -> http.send(request(prompt, false), BodyHandlers.ofString()));
              try (Stream<String> lines =
                  ai.chat("openai", "gpt-4o")
                      .message("user", prompt)
                      .streamHttp(() -> http.send(request(prompt, true), BodyHandlers.ofLines()))) {
                lines.forEach(l -> {});
              }
              ai.tool("lookup_user")
                  .callId("call_1")
                  .arguments("{\"query\":\"" + prompt + "\"}")
                  .call(() -> "result for " + prompt);
              ai.cache("answers").lookup(prompt, () -> null);
              try {
                ai.chat("openai", "gpt-4o")
                    .message("user", prompt)
                    .call(
                        () -> {
                          throw new IllegalStateException("provider rejected: " + prompt);
                        });
              } catch (IllegalStateException expected) {
                // recorded on the span
              }
              return null;
            });
  }

  @Test
  void captureIsOffByDefaultAndNothingLeavesThroughOtlp() throws Exception {
    try (OtlpCapture otlp = OtlpCapture.start();
        TracingSdk sdk =
            TracingSdk.builder()
                .serviceName("ai-otlp")
                .otlpEndpoint(otlp.endpoint())
                .property("otel.metric.export.interval", "3600000")
                .registerGlobal(false)
                .shutdownHook(false)
                .build()) {
      AiTracing ai = AiTracing.builder(sdk.openTelemetry()).build();
      assertThat(ai.captureContent()).isFalse();
      workload(ai, PROMPT);
      sdk.flush(Duration.ofSeconds(5));

      List<SpanData> spans = otlp.awaitSpans(6, Duration.ofSeconds(5));
      assertThat(spans)
          .extracting(SpanData::getName)
          .contains("invoke_agent support", "chat gpt-4o", "execute_tool lookup_user");
      TracekitAssertions.assertThat(otlp)
          .hasRoot("invoke_agent support")
          .withChild("execute_tool lookup_user")
          .hasAttribute("gen_ai.tool.call.id", "call_1")
          .doesNotHaveAttribute("gen_ai.tool.call.arguments")
          .up()
          .withChild("chat gpt-4o", 0)
          .genAi()
          .hasNoContent();
      TracekitAssertions.assertThat(otlp)
          .doesNotContain("capital of France", "jane.doe", "Paris", "terse")
          .hasNoSecrets();
      assertThat(otlp.metrics("gen_ai.client.operation.duration")).isNotEmpty();

      List<String> values = new ArrayList<>();
      for (SpanData s : spans) {
        s.getAttributes().forEach((k, v) -> values.add(k.getKey() + "=" + v));
        values.add(s.getName());
      }
      for (ResourceMetrics rm : otlp.resourceMetrics()) {
        rm.getScopeMetricsList()
            .forEach(
                sm ->
                    sm.getMetricsList()
                        .forEach(
                            m -> {
                              m.getHistogram()
                                  .getDataPointsList()
                                  .forEach(p -> collect(p.getAttributesList(), values));
                              m.getSum()
                                  .getDataPointsList()
                                  .forEach(p -> collect(p.getAttributesList(), values));
                            }));
      }
      assertThat(values).hasSizeGreaterThan(50);
      for (String v : values) {
        assertThat(v)
            .doesNotContain("capital of France")
            .doesNotContain("jane.doe")
            .doesNotContain("Paris")
            .doesNotContain("terse");
      }
    }
  }

  private static void collect(List<KeyValue> attributes, List<String> out) {
    for (KeyValue kv : attributes) {
      out.add(kv.getKey());
      out.add(text(kv.getValue()));
    }
  }

  private static String text(AnyValue v) {
    if (v.hasArrayValue()) {
      StringBuilder sb = new StringBuilder();
      v.getArrayValue().getValuesList().forEach(x -> sb.append(text(x)).append('|'));
      return sb.toString();
    }
    return v.hasStringValue() ? v.getStringValue() : v.toString();
  }

  @Test
  void captureOnRecordsRedactedCappedMessages() throws Exception {
    try (TestTelemetry sdk = TestTelemetry.create()) {
      AiTracing ai =
          AiTracing.builder(sdk.openTelemetry())
              .captureContent(true)
              .maxContentLength(200)
              .redact(Pattern.compile("Paris"), "[CITY]")
              .build();
      workload(ai, SECRET_PROMPT);
      List<SpanData> chats =
          sdk.spans().stream().filter(s -> s.getName().equals("chat gpt-4o")).toList();
      assertThat(chats).hasSize(3);
      SpanData plain = chats.get(0);
      String input = plain.getAttributes().get(GenAiAttributes.INPUT_MESSAGES);
      assertThat(input)
          .isEqualTo(
              "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Use key"
                  + " [REDACTED_SECRET] and card [REDACTED_CARD] for [REDACTED_EMAIL]\"}]}]");
      assertThat(Json.parse(input)).isInstanceOf(List.class);
      assertThat(plain.getAttributes().get(GenAiAttributes.SYSTEM_INSTRUCTIONS))
          .isEqualTo("[{\"type\":\"text\",\"content\":\"You are terse.\"}]");
      assertThat(plain.getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES))
          .isEqualTo(
              "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"The capital of"
                  + " France is [CITY].\"}],\"finish_reason\":\"stop\"}]");
      assertThat(chats.get(1).getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES))
          .contains("The capital of France is [CITY].");
      // the failed call records the exception with its (redactable) message only when capture is on
      EventData exception = chats.get(2).getEvents().get(0);
      assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.message")))
          .contains("provider rejected");

      SpanData tool = sdk.span("execute_tool lookup_user");
      assertThat(tool.getAttributes().get(GenAiAttributes.TOOL_CALL_ARGUMENTS))
          .doesNotContain("4111")
          .contains("[REDACTED_SECRET]");
      assertThat(tool.getAttributes().get(GenAiAttributes.TOOL_CALL_RESULT))
          .startsWith("result for Use key [REDACTED_SECRET]");

      for (SpanData s : sdk.spans()) {
        for (Map.Entry<AttributeKey<?>, Object> e : s.getAttributes().asMap().entrySet()) {
          assertThat(String.valueOf(e.getValue()))
              .doesNotContain("sk-proj-abc")
              .doesNotContain("4111 1111")
              .doesNotContain("jane@example.com");
        }
      }
    }
  }

  @Test
  void longContentIsCapped() throws Exception {
    try (TestTelemetry sdk = TestTelemetry.create()) {
      AiTracing ai =
          AiTracing.builder(sdk.openTelemetry()).captureContent(true).maxContentLength(20).build();
      ai.chat("openai", "m").message("user", "x".repeat(100)).call(() -> "{}");
      String input = sdk.span("chat m").getAttributes().get(GenAiAttributes.INPUT_MESSAGES);
      assertThat(input).contains("x".repeat(20) + "...[truncated]").doesNotContain("x".repeat(21));
      assertThat(Json.parse(input)).isNotNull();
    }
  }

  @Test
  void environmentSwitch() {
    assertThat(AiTracingBuilder.captureFromEnvironment(k -> null, k -> null)).isFalse();
    assertThat(
            AiTracingBuilder.captureFromEnvironment(
                k -> k.equals(AiTracingBuilder.CAPTURE_ENV) ? "true" : null, k -> null))
        .isTrue();
    assertThat(
            AiTracingBuilder.captureFromEnvironment(
                k -> k.equals(AiTracingBuilder.CAPTURE_ENV) ? "TRUE " : null, k -> "false"))
        .isFalse();
    assertThat(AiTracingBuilder.captureFromEnvironment(k -> "yes", k -> null)).isFalse();
    assertThat(Attributes.empty()).isNotNull();
  }
}

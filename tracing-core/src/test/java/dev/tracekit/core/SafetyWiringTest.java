package dev.tracekit.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.testing.OtlpReceiver;
import dev.tracekit.core.testing.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The safety pieces are on by default in TracingSdk: redaction, limits, rules, guard, wrappers. */
class SafetyWiringTest {
  private OtlpReceiver receiver;

  @BeforeEach
  void start() {
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void secretsAreRedactedBeforeExportByDefault() {
    try (TracingSdk sdk = SdkFixture.builder(SdkFixture.env(receiver)).build()) {
      sdk.tracing()
          .span("login")
          .attribute("user.password", "hunter2")
          .attribute("http.request.header.authorization", "Bearer abc.def")
          .attribute("gen_ai.usage.input_tokens", 12L)
          .run(
              () ->
                  sdk.tracing()
                      .recordError(
                          new IllegalStateException("card 4111 1111 1111 1111 was declined")));
    }
    ReceivedSpan login = receiver.awaitSpans(1, Duration.ofSeconds(5)).get(0);
    assertThat(login.attr("user.password")).isEqualTo("REDACTED");
    assertThat(login.attr("http.request.header.authorization")).isEqualTo("REDACTED");
    assertThat(login.attr("gen_ai.usage.input_tokens")).isEqualTo("12");
    String message =
        login.span().getEvents(0).getAttributesList().stream()
            .filter(kv -> kv.getKey().equals("exception.message"))
            .map(kv -> kv.getValue().getStringValue())
            .findFirst()
            .orElseThrow();
    assertThat(message).doesNotContain("4111 1111 1111 1111").contains("REDACTED");
    assertThat(login.span().getStatus().getMessage()).doesNotContain("4111 1111 1111 1111");
  }

  @Test
  void attributeValuesAreCutAtTheDefaultLimit() {
    try (TracingSdk sdk = SdkFixture.builder(SdkFixture.env(receiver)).build()) {
      sdk.tracing().span("long").attribute("payload", "x".repeat(10_000)).run(() -> {});
    }
    ReceivedSpan span = receiver.awaitSpans(1, Duration.ofSeconds(5)).get(0);
    assertThat(span.attr("payload")).hasSize(4096);
  }

  @Test
  void samplingRulesFromTheEnvironment() {
    try (TracingSdk sdk =
        SdkFixture.builder(
                SdkFixture.env(
                    receiver,
                    "TRACEKIT_SAMPLING_RULES",
                    "name=GET /health:drop;name=POST /webhooks/*:keep",
                    "OTEL_SAMPLE_RATE",
                    "0"))
            .build()) {
      sdk.tracing().run("GET /health", () -> {});
      sdk.tracing().run("POST /webhooks/whatsapp", () -> {});
      sdk.tracing().run("GET /other", () -> {});
    }
    List<ReceivedSpan> spans = receiver.awaitSpans(1, Duration.ofSeconds(5));
    assertThat(spans).extracting(ReceivedSpan::name).containsExactly("POST /webhooks/whatsapp");
  }

  @Test
  void generatedSpanNamesCanBeNormalised() {
    try (TracingSdk sdk =
        SdkFixture.builder(SdkFixture.env(receiver)).renameGeneratedSpanNames(true).build()) {
      sdk.tracing().run("lead_bot.contact_12345", () -> {});
    }
    assertThat(receiver.awaitSpans(1, Duration.ofSeconds(5)).get(0).name())
        .isEqualTo("lead_bot.contact_{id}");
  }

  @Test
  void aThrowingUserProcessorIsContained() {
    SpanProcessor broken =
        new SpanProcessor() {
          @Override
          public void onStart(Context parentContext, ReadWriteSpan span) {
            throw new IllegalStateException("broken processor");
          }

          @Override
          public boolean isStartRequired() {
            return true;
          }

          @Override
          public void onEnd(ReadableSpan span) {
            throw new IllegalStateException("broken processor");
          }

          @Override
          public boolean isEndRequired() {
            return true;
          }
        };
    try (TracingSdk sdk =
        SdkFixture.builder(SdkFixture.env(receiver)).addSpanProcessor(broken).build()) {
      String result = sdk.tracing().trace("survives", () -> "ok");
      assertThat(result).isEqualTo("ok");
      assertThat(Span.current().getSpanContext().isValid()).isFalse();
    }
    assertThat(receiver.awaitSpans(1, Duration.ofSeconds(5)))
        .extracting(ReceivedSpan::name)
        .containsExactly("survives");
  }
}

package dev.tracekit.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one error recording rule set, on the SDK's in-memory exporters. */
class ErrorRecorderTest {
  private static final AttributeKey<String> EXCEPTION_TYPE =
      AttributeKey.stringKey("exception.type");
  private static final AttributeKey<String> EXCEPTION_MESSAGE =
      AttributeKey.stringKey("exception.message");
  private static final AttributeKey<String> EXCEPTION_STACKTRACE =
      AttributeKey.stringKey("exception.stacktrace");

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .setLoggerProvider(
              SdkLoggerProvider.builder()
                  .addLogRecordProcessor(SimpleLogRecordProcessor.create(logs))
                  .build())
          .build();

  @AfterEach
  void close() {
    sdk.close();
  }

  private SpanData run(ErrorRecorder recorder, java.util.function.Consumer<Span> action) {
    Span span = sdk.getTracer("test").spanBuilder("op").startSpan();
    action.accept(span);
    span.end();
    return spans.getFinishedSpanItems().get(0);
  }

  private static @Nullable EventData exceptionEvent(SpanData span) {
    return span.getEvents().stream()
        .filter(e -> e.getName().equals("exception"))
        .findFirst()
        .orElse(null);
  }

  @Test
  void userExceptionGetsTypeMessageAndEvent() {
    ErrorRecorder recorder = ErrorRecorder.create(sdk, "test", null);
    SpanData span =
        run(
            recorder,
            s ->
                recorder.record(
                    s, new CompletionException(new IllegalStateException("order 7 is closed"))));
    assertThat(span.getAttributes().get(ErrorRecorder.ERROR_TYPE))
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getStatus().getDescription()).isEqualTo("order 7 is closed");
    EventData event = exceptionEvent(span);
    assertThat(event).isNotNull();
    assertThat(event.getAttributes().get(EXCEPTION_TYPE))
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(event.getAttributes().get(EXCEPTION_MESSAGE)).isEqualTo("order 7 is closed");
    assertThat(logs.getFinishedLogRecordItems()).isEmpty();
  }

  @Test
  void statusDescriptionNeverRepeatsErrorType() {
    ErrorRecorder recorder = ErrorRecorder.spanEvents();
    SpanData span =
        run(recorder, s -> recorder.recordError(s, "rate_limit_exceeded", "rate_limit_exceeded"));
    assertThat(span.getAttributes().get(ErrorRecorder.ERROR_TYPE)).isEqualTo("rate_limit_exceeded");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getStatus().getDescription()).isEmpty();
    spans.reset();
    span = run(recorder, s -> recorder.record(s, new IllegalStateException()));
    assertThat(span.getStatus().getDescription()).isEmpty();
  }

  @Test
  void typeOnlyExceptionKeepsMessageOut() {
    ErrorRecorder recorder = ErrorRecorder.spanEvents();
    SpanData span =
        run(
            recorder,
            s ->
                recorder.record(
                    s,
                    new SQLIntegrityConstraintViolationException(
                        "duplicate key value (email)=(ann@example.com)", "23505"),
                    "java.sql.SQLIntegrityConstraintViolationException",
                    null,
                    false));
    EventData event = exceptionEvent(span);
    assertThat(event).isNotNull();
    assertThat(event.getAttributes().asMap()).containsOnlyKeys(EXCEPTION_TYPE);
    assertThat(span.getStatus().getDescription()).isEmpty();
    spans.reset();
    span =
        run(
            recorder,
            s ->
                recorder.record(
                    s, new SQLIntegrityConstraintViolationException("duplicate (ann)", "23505")));
    assertThat(span.getStatus().getDescription()).isEqualTo("SQLState 23505");
    assertThat(exceptionEvent(span).getAttributes().asMap()).containsOnlyKeys(EXCEPTION_TYPE);
  }

  @Test
  void logsOptInEmitsALogRecordInsteadOfTheEvent() {
    ErrorRecorder recorder = ErrorRecorder.create(sdk, "test", "logs");
    SpanData span = run(recorder, s -> recorder.record(s, new IllegalStateException("boom")));
    assertThat(exceptionEvent(span)).isNull();
    assertThat(span.getAttributes().get(ErrorRecorder.ERROR_TYPE))
        .isEqualTo("java.lang.IllegalStateException");
    List<LogRecordData> records = logs.getFinishedLogRecordItems();
    assertThat(records).hasSize(1);
    LogRecordData record = records.get(0);
    assertThat(record.getSpanContext().getSpanId()).isEqualTo(span.getSpanId());
    assertThat(record.getSpanContext().getTraceId()).isEqualTo(span.getTraceId());
    assertThat(record.getAttributes().get(EXCEPTION_TYPE))
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(record.getAttributes().get(EXCEPTION_MESSAGE)).isEqualTo("boom");
    assertThat(record.getAttributes().get(EXCEPTION_STACKTRACE)).contains("ErrorRecorderTest");
    assertThat(record.getInstrumentationScopeInfo().getName()).isEqualTo("test");
  }

  @Test
  void logsDupEmitsBoth() {
    ErrorRecorder recorder = ErrorRecorder.create(sdk, "test", "logs/dup");
    SpanData span = run(recorder, s -> recorder.record(s, new IllegalStateException("boom")));
    assertThat(exceptionEvent(span)).isNotNull();
    assertThat(logs.getFinishedLogRecordItems()).hasSize(1);
  }

  @Test
  void tracingHelpersFollowTheSystemProperty() {
    System.setProperty(ErrorRecorder.OPT_IN_PROPERTY, "logs");
    try {
      Tracing tracing = Tracing.create(sdk);
      try {
        tracing.trace(
            "fails",
            () -> {
              throw new IllegalArgumentException("bad");
            });
      } catch (IllegalArgumentException expected) {
        // rethrown unchanged
      }
    } finally {
      System.clearProperty(ErrorRecorder.OPT_IN_PROPERTY);
    }
    assertThat(exceptionEvent(spans.getFinishedSpanItems().get(0))).isNull();
    assertThat(logs.getFinishedLogRecordItems()).hasSize(1);
  }
}

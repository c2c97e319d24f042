package dev.tracekit.api.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.api.Messaging;
import dev.tracekit.api.Workflows;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The global forms resolve GlobalOpenTelemetry per call and never fix it to a no-op. */
class GlobalHelpersTest {
  private final TestTelemetry telemetry = new TestTelemetry();

  @BeforeEach
  void reset() {
    GlobalOpenTelemetry.resetForTest();
  }

  @AfterEach
  void close() {
    GlobalOpenTelemetry.resetForTest();
    telemetry.close();
  }

  @Test
  void helpersBuiltBeforeTheSdkIsInstalledUseItAfterwards() {
    Messaging messaging = Messaging.globalBuilder().system("redis").build();
    Workflows workflows = Workflows.global();
    // used before any SDK is installed: no-op, and the global stays settable
    Map<String, Object> early = new HashMap<>();
    messaging.send("jobs", early, () -> null);
    assertThat(early).doesNotContainKey("traceparent").containsKey(Messaging.ENQUEUED_AT_FIELD);

    GlobalOpenTelemetry.set(telemetry.sdk);

    Map<String, Object> job = new HashMap<>();
    workflows.task("producer-task", null, 1, () -> messaging.send("jobs", job, () -> null));
    messaging.process("jobs", job, () -> null);

    SpanData task = telemetry.span("task producer-task");
    SpanData send = telemetry.span("send jobs");
    SpanData process = telemetry.span("process jobs");
    assertThat(send.getParentSpanId()).isEqualTo(task.getSpanId());
    assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
    assertThat(process.getTraceId()).isEqualTo(task.getTraceId());
  }
}

package dev.tracekit.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.api.Traces;
import dev.tracekit.api.support.GlobalTracing;
import dev.tracekit.core.testing.OtlpReceiver;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TracingSdk inside an OpenTelemetry that is already installed (a framework's or the application's
 * own SDK): it uses that instance, builds no second SDK, says so in one log line, and close()
 * leaves the instance running. (The OpenTelemetry Java agent is covered by
 * tracing-agent-extension.)
 */
class CoexistenceTest {
  private final List<LogRecord> logged = new ArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private final Logger logger = Logger.getLogger(TracingSdk.class.getName());

  @BeforeEach
  void setUp() {
    GlobalOpenTelemetry.resetForTest();
    GlobalTracing.reset();
    logger.addHandler(capture);
  }

  @AfterEach
  void tearDown() {
    logger.removeHandler(capture);
    GlobalOpenTelemetry.resetForTest();
    GlobalTracing.reset();
  }

  @Test
  void anInstalledOpenTelemetryIsUsedAndNotShutDown() {
    InMemorySpanExporter frameworkExporter = InMemorySpanExporter.create();
    OpenTelemetrySdk framework =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(frameworkExporter))
                    .build())
            .build();
    GlobalOpenTelemetry.set(framework);
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      TracingSdk sdk =
          TracingSdk.builder().environment(SdkFixture.env(receiver)).shutdownHook(false).build();
      // The global hands out a wrapper of the installed SDK.
      assertThat(sdk.openTelemetry().getTracerProvider()).isSameAs(framework.getTracerProvider());
      assertThat(sdk.ownsOpenTelemetry()).isFalse();
      assertThat(sdk.enabled()).isTrue();
      assertThat(sdk.sdk()).isNull();
      // No second SDK: no batch processor thread of TraceKit's was started.
      assertThat(Thread.getAllStackTraces().keySet())
          .noneMatch(t -> t.getName().startsWith("BatchSpanProcessor"));
      assertThat(logged)
          .singleElement()
          .satisfies(
              r ->
                  assertThat(r.getMessage())
                      .contains("uses the OpenTelemetry already installed")
                      .contains("GlobalOpenTelemetry"));
      assertThat(logged.get(0).getThrown()).isNull();

      sdk.tracing().run("through the handle", () -> {});
      Traces.run("through the static helpers", () -> {});
      sdk.close();
      Traces.run("after close", () -> {});

      assertThat(frameworkExporter.getFinishedSpanItems())
          .extracting(SpanData::getName)
          .containsExactly("through the handle", "through the static helpers", "after close");
      assertThat(receiver.spans()).isEmpty();
      assertThat(sdk.status().configurationProblems())
          .anySatisfy(p -> assertThat(p).contains("its pipeline is its owner's"));
    } finally {
      framework.close();
    }
  }

  @Test
  void aClosedTraceKitGlobalIsReplacedAndAnOpenOneIsNotShared() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      TracingSdk first =
          TracingSdk.builder().environment(SdkFixture.env(receiver)).shutdownHook(false).build();
      assertThat(first.ownsOpenTelemetry()).isTrue();
      assertThat(GlobalOpenTelemetry.getTracerProvider())
          .isSameAs(first.openTelemetry().getTracerProvider());

      // While the first is open, a second one builds its own SDK (not global).
      try (TracingSdk second =
          TracingSdk.builder().environment(SdkFixture.env(receiver)).shutdownHook(false).build()) {
        assertThat(second.ownsOpenTelemetry()).isTrue();
        assertThat(second.openTelemetry()).isNotSameAs(first.openTelemetry());
      }
      first.close();

      try (TracingSdk third =
          TracingSdk.builder().environment(SdkFixture.env(receiver)).shutdownHook(false).build()) {
        assertThat(third.ownsOpenTelemetry()).isTrue();
        assertThat(GlobalOpenTelemetry.getTracerProvider())
            .isSameAs(third.openTelemetry().getTracerProvider());
        Traces.run("on the new global", () -> {});
        assertThat(third.flush(java.time.Duration.ofSeconds(5))).isTrue();
        assertThat(receiver.awaitSpans(1, java.time.Duration.ofSeconds(10)))
            .extracting(OtlpReceiver.ReceivedSpan::name)
            .contains("on the new global");
      }
    }
  }

  @Test
  void helperCallsBeforeTheSdkWasBuiltAreReportedOnce() {
    GlobalTracing.takeUnrecorded();
    for (int i = 0; i < 3; i++) {
      Traces.run("too early", () -> {});
    }
    try (OtlpReceiver receiver = OtlpReceiver.start();
        TracingSdk sdk =
            TracingSdk.builder()
                .environment(SdkFixture.env(receiver))
                .shutdownHook(false)
                .build()) {
      Traces.run("in time", () -> {});
      assertThat(sdk.ownsOpenTelemetry()).isTrue();
    }
    assertThat(logged)
        .filteredOn(r -> r.getMessage().contains("before TracingSdk was built"))
        .singleElement()
        .satisfies(r -> assertThat(r.getMessage()).contains("3 call(s) of Traces"));
  }
}

package dev.tracekit.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.testing.OtlpReceiver;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** "Monitoring the monitoring": counts, failures, drops, as a snapshot and as metrics. */
class HealthTest {
  @Test
  void statusCountsSpansAndExports() {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        TracingSdk sdk = SdkFixture.builder(SdkFixture.env(receiver)).build()) {
      for (int i = 0; i < 10; i++) {
        sdk.tracing().run("op", () -> {});
      }
      assertThat(sdk.flush(Duration.ofSeconds(5))).isTrue();
      HealthStatus status = sdk.status();
      assertThat(status.enabled()).isTrue();
      assertThat(status.spansStarted()).isEqualTo(10);
      assertThat(status.spansEnded()).isEqualTo(10);
      assertThat(status.spansExported()).isEqualTo(10);
      assertThat(status.exportFailures()).isZero();
      assertThat(status.spansDropped()).isZero();
      assertThat(status.healthy()).isTrue();
    }
  }

  @Test
  void collectorDownShowsAsExportFailures() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (TracingSdk sdk =
        TracingSdk.builder()
            .environment(
                Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + closedPort,
                    "OTEL_METRICS_EXPORTER", "none",
                    "OTEL_BSP_SCHEDULE_DELAY", "20",
                    "OTEL_EXPORTER_OTLP_TIMEOUT", "500"))
            .registerGlobal(false)
            .shutdownHook(false)
            .shutdownTimeout(Duration.ofSeconds(2))
            .build()) {
      sdk.tracing().run("lost", () -> {});
      sdk.flush(Duration.ofSeconds(3));
      HealthStatus status = sdk.status();
      assertThat(status.exportFailures()).isGreaterThanOrEqualTo(1);
      assertThat(status.lastExportOk()).isFalse();
      assertThat(status.healthy()).isFalse();
      assertThat(status.lastExportError()).isNotBlank();
    }
  }

  @Test
  void queueOverflowIsCountedAsDropped() {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      receiver.behaviour(OtlpReceiver.answerAfter(2_000));
      try (TracingSdk sdk =
          SdkFixture.builder(
                  SdkFixture.env(
                      receiver,
                      "OTEL_BSP_MAX_QUEUE_SIZE",
                      "10",
                      "OTEL_BSP_MAX_EXPORT_BATCH_SIZE",
                      "5"))
              .shutdownTimeout(Duration.ofSeconds(1))
              .build()) {
        for (int i = 0; i < 200; i++) {
          sdk.tracing().run("burst", () -> {});
        }
        HealthStatus status = sdk.status();
        assertThat(status.spansEnded()).isEqualTo(200);
        assertThat(status.spansDropped()).isGreaterThan(0);
        assertThat(status.healthy()).isFalse();
      }
    }
  }

  @Test
  void healthCountsArePublishedAsOtlpMetrics() {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      try (TracingSdk sdk =
          SdkFixture.builder(SdkFixture.env(receiver, "OTEL_METRICS_EXPORTER", "otlp")).build()) {
        sdk.tracing().run("m", () -> {});
        assertThat(sdk.flush(Duration.ofSeconds(5))).isTrue();
        // The second flush collects after the span export was counted.
        assertThat(sdk.flush(Duration.ofSeconds(5))).isTrue();
      }
      List<Metric> started = receiver.metrics("tracekit.sdk.spans.started");
      assertThat(started).isNotEmpty();
      Metric last = started.get(started.size() - 1);
      assertThat(last.getUnit()).isEqualTo("{span}");
      assertThat(last.getSum().getDataPoints(0).getAsInt()).isEqualTo(1);
      assertThat(receiver.metrics("tracekit.sdk.spans.exported")).isNotEmpty();
      assertThat(receiver.metrics("tracekit.sdk.export.failures")).isNotEmpty();
    }
  }

  @Test
  void lostSpansStayCountedAfterCloseAndHealthRecoversAfterTheWindow() {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      receiver.behaviour(OtlpReceiver.answerAfter(1_000));
      TracingSdk sdk =
          SdkFixture.builder(
                  SdkFixture.env(
                      receiver,
                      "OTEL_BSP_MAX_QUEUE_SIZE",
                      "10",
                      "OTEL_BSP_MAX_EXPORT_BATCH_SIZE",
                      "5"))
              .healthWindow(Duration.ofMillis(300))
              .shutdownTimeout(Duration.ofSeconds(5))
              .build();
      for (int i = 0; i < 300; i++) {
        sdk.tracing().run("burst", () -> {});
      }
      HealthStatus during = sdk.status();
      assertThat(during.spansDropped()).isGreaterThan(0);
      assertThat(during.healthy()).isFalse();

      // The collector answers again: after the window, exports succeed and the SDK is healthy.
      receiver.behaviour((exchange, n) -> false); // answer 200 at once
      await(() -> sdk.flush(Duration.ofSeconds(5)) && sdk.status().lastExportOk());
      sleep(400);
      sdk.tracing().run("after recovery", () -> {});
      assertThat(sdk.flush(Duration.ofSeconds(5))).isTrue();
      HealthStatus recovered = sdk.status();
      assertThat(recovered.spansDropped()).isEqualTo(during.spansDropped());
      assertThat(recovered.healthy()).isTrue();

      sdk.close();
      HealthStatus closed = sdk.status();
      assertThat(closed.spansDropped()).isEqualTo(during.spansDropped());
      assertThat(closed.spansLost()).isGreaterThanOrEqualTo(during.spansDropped());
      assertThat(closed.spansExported() + closed.spansLost()).isEqualTo(closed.spansEnded());
    }
  }

  @Test
  void spansLostInAFailedExportAreCountedByCause() {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      receiver.behaviour(
          (exchange, n) -> {
            exchange.sendResponseHeaders(400, -1); // rejected: not retried
            exchange.close();
            return true;
          });
      try (TracingSdk sdk =
          SdkFixture.builder(SdkFixture.env(receiver))
              .shutdownTimeout(Duration.ofSeconds(3))
              .build()) {
        for (int i = 0; i < 7; i++) {
          sdk.tracing().run("rejected", () -> {});
        }
        sdk.flush(Duration.ofSeconds(5));
        HealthStatus status = sdk.status();
        assertThat(status.spansFailedExport()).isEqualTo(7);
        assertThat(status.spansDropped()).isZero();
        assertThat(status.spansLost()).isEqualTo(7);
        assertThat(status.exportFailures()).isGreaterThanOrEqualTo(1);
        assertThat(status.healthy()).isFalse();
      }
    }
  }

  @Test
  void aLongRunningExportIsReportedBeforeTheExporterGivesUp() {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      receiver.behaviour(OtlpReceiver.answerAfter(HealthStatus.STALL_SECONDS * 1000L + 3_000));
      TracingSdk sdk =
          SdkFixture.builder(SdkFixture.env(receiver, "OTEL_EXPORTER_OTLP_TIMEOUT", "30000"))
              .shutdownTimeout(Duration.ofSeconds(1))
              .build();
      try {
        sdk.tracing().run("stuck", () -> {});
        sleep(HealthStatus.STALL_SECONDS * 1000L + 1_000);
        HealthStatus status = sdk.status();
        assertThat(status.exportFailures()).isZero();
        assertThat(status.lastExportOk()).isFalse();
        assertThat(status.healthy()).isFalse();
      } finally {
        sdk.close();
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      sleep(50);
    }
  }
}

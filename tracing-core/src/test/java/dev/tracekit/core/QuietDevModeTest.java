package dev.tracekit.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.testing.OtlpReceiver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Development without a collector: the console-only setting exports nothing; an unreachable OTLP
 * endpoint gives one clear line instead of a stack trace per export, and a short wait at exit.
 */
class QuietDevModeTest {
  private final List<LogRecord> exporterRecords = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record.getLoggerName() != null
              && record.getLoggerName().startsWith("io.opentelemetry.exporter")) {
            exporterRecords.add(record);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void capture() {
    Logger.getLogger("").addHandler(capture);
    originalErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void release() {
    System.setErr(originalErr);
    Logger.getLogger("").removeHandler(capture);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void consoleOnlyPrintsTreesAndSendsNothing() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      try (TracingSdk sdk =
          SdkFixture.builder(
                  Map.of(
                      "OTEL_EXPORTER_OTLP_ENDPOINT",
                      receiver.endpoint(),
                      "OTEL_TRACES_EXPORTER",
                      "console"))
              .consoleOutput(new PrintStream(out, true, StandardCharsets.UTF_8))
              .build()) {
        sdk.tracing().run("checkout", () -> sdk.tracing().run("charge card", () -> {}));
        assertThat(sdk.flush(Duration.ofSeconds(5))).isTrue();
      }
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("checkout").contains("charge card");
      // Neither spans nor metrics went anywhere.
      assertThat(receiver.requestCount()).isZero();
    }
    assertThat(stderr()).doesNotContain("TraceKit: cannot export");
  }

  @Test
  void anUnreachableCollectorIsOneLineAndAShortExit() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String endpoint = "http://127.0.0.1:" + closedPort;
    TracingSdk sdk =
        SdkFixture.builder(
                Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT", endpoint,
                    "OTEL_CONSOLE_EXPORTER", "true",
                    "OTEL_METRIC_EXPORT_INTERVAL", "200",
                    "OTEL_BSP_SCHEDULE_DELAY", "50"))
            .consoleOutput(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
            .build();
    // One export fails after the exporter's retries (about 8 s of backoff on connection refused).
    sdk.tracing().run("work", () -> {});
    sdk.flush(Duration.ofSeconds(15));
    sdk.tracing().run("left in the queue at exit", () -> {});
    long start = System.nanoTime();
    sdk.close();
    long millis = (System.nanoTime() - start) / 1_000_000;

    String said = stderr();
    assertThat(said.lines().filter(l -> l.startsWith("TraceKit: cannot export telemetry to")))
        .hasSize(1)
        .allSatisfy(l -> assertThat(l).contains(endpoint).contains("OTEL_TRACES_EXPORTER=console"));
    assertThat(exporterRecords).noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue());
    assertThat(said).doesNotContain("\tat ");
    // The bound shrinks to 2 s once exports are known to fail; generous margin for CI.
    assertThat(millis).isLessThan(3_500);
  }
}

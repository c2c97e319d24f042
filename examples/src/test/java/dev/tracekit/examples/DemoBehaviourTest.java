package dev.tracekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** What the demo says and how long it takes when tracing is off or the collector is away. */
class DemoBehaviourTest {

  @Test
  void tracingOffSaysSoSkipsTheChecksAndExitsZeroAtOnce() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    long start = System.nanoTime();
    Examples.Result result =
        Examples.run(
            new Options(
                List.of(),
                null,
                true,
                Map.of("OTEL_ENABLED", "false"),
                new PrintStream(buffer, true, StandardCharsets.UTF_8),
                List.of()));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    String out = buffer.toString(StandardCharsets.UTF_8);

    assertThat(result.exitCode()).as(out).isZero();
    assertThat(out).contains("tracing is off (OTEL_ENABLED=false)").doesNotContain("check:");
    assertThat(out).doesNotContain("FAILED").doesNotContain("==");
    assertThat(result.spans()).isEmpty();
    assertThat(took).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void anUnreachableCollectorGivesOneLinePerScenarioWithinSeconds() throws Exception {
    String endpoint = "http://127.0.0.1:" + closedPort();
    List<LogRecord> exporterLogs = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            exporterLogs.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger otel = Logger.getLogger("io.opentelemetry");
    otel.addHandler(capture);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    long start = System.nanoTime();
    Examples.Result result;
    try {
      result =
          Examples.run(
              new Options(
                  List.of("crm-tasks", "bot-handoff"),
                  endpoint,
                  true,
                  Map.of(),
                  new PrintStream(buffer, true, StandardCharsets.UTF_8),
                  List.of()));
    } finally {
      otel.removeHandler(capture);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    String out = buffer.toString(StandardCharsets.UTF_8);

    List<String> exportLines = out.lines().filter(l -> l.startsWith("   export: ")).toList();
    assertThat(exportLines)
        .as(out)
        .hasSize(2)
        .allSatisfy(
            l ->
                assertThat(l)
                    .startsWith("   export: OTLP export to " + endpoint + " failed, ")
                    .contains("span(s) not delivered")
                    .hasSizeLessThan(200));
    assertThat(out).as("the trees and checks still print").contains("check: ok").contains("trace ");
    assertThat(out).doesNotContain("HealthStatus[").doesNotContain("\tat ");
    assertThat(out)
        .contains(
            "FAILED: every scenario produced its expected trace, but the OTLP export failed (is a"
                + " collector listening at "
                + endpoint
                + "?)");
    assertThat(exporterLogs).as("no exporter stack traces").allMatch(r -> r.getThrown() == null);
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.problems().get("crm-tasks")).singleElement().asString().startsWith("OTLP");
    assertThat(took).as(out).isLessThan(Duration.ofSeconds(20));
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}

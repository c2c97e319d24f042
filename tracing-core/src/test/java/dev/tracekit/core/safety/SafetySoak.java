package dev.tracekit.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import dev.tracekit.core.testing.OtlpReceiver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The long soak, only with {@code mvn -Psoak}: full-speed producers for {@code
 * -Dtracekit.soak.seconds} (default 60), first against a healthy collector, then against one that
 * cycles through faults every 5 seconds (healthy, slow 1 s, 500, 429 with Retry-After, 503).
 */
class SafetySoak {
  private static final int SECONDS = Integer.getInteger("tracekit.soak.seconds", 60);
  private static final int THREADS = Integer.getInteger("tracekit.soak.threads", 2);

  @Test
  void healthyCollector() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      LoadRun.acceptWithoutStoring(receiver);
      LoadRun.Result result = LoadRun.run(receiver, THREADS, Duration.ofSeconds(SECONDS), 2048);
      report("healthy", result);
      assertAccounted(result);
    }
  }

  @Test
  void collectorCyclingThroughFaults() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      AtomicInteger phase = new AtomicInteger();
      receiver.behaviour(
          (exchange, n) ->
              switch (phase.get()) {
                case 1 -> {
                  sleep(1000);
                  yield ok(exchange);
                }
                case 2 -> status(exchange, 500);
                case 3 -> {
                  exchange.getResponseHeaders().add("Retry-After", "1");
                  yield status(exchange, 429);
                }
                case 4 -> status(exchange, 503);
                default -> ok(exchange);
              });
      LoadRun.Result result =
          LoadRun.run(
              receiver,
              THREADS,
              Duration.ofSeconds(SECONDS),
              2048,
              0,
              second -> phase.set(second < 0 ? 0 : (second / 5) % 5));
      report("faults", result);
      assertAccounted(result);
    }
  }

  @Test
  void highestRateWithoutDrops() throws Exception {
    long best = 0;
    for (long rate : new long[] {5_000, 10_000, 20_000, 40_000, 80_000, 160_000}) {
      try (OtlpReceiver receiver = OtlpReceiver.start()) {
        LoadRun.acceptWithoutStoring(receiver);
        LoadRun.Result result =
            LoadRun.run(receiver, THREADS, Duration.ofSeconds(10), 2048, rate, s -> {});
        report("paced", result);
        assertAccounted(result);
        if (result.dropped() == 0 && result.exportFailed() == 0) {
          best = rate;
        }
      }
    }
    report("sustained without drops", best);
  }

  private static void report(String name, long rate) throws IOException {
    String line = "SOAK " + name + ": " + rate + " spans/s" + System.lineSeparator();
    System.out.print(line);
    Files.writeString(
        Path.of("target", "safety-soak.txt"),
        line,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private static void assertAccounted(LoadRun.Result result) {
    assertThat(result.producerError()).isNull();
    assertThat(result.exported() + result.exportFailed() + result.dropped())
        .isEqualTo(result.started());
    assertThat(result.retainedHeapBytes()).isLessThan(64L << 20);
  }

  private static void report(String name, LoadRun.Result result) throws IOException {
    String line = "SOAK " + name + ": " + result.summary() + System.lineSeparator();
    System.out.print(line);
    Files.writeString(
        Path.of("target", "safety-soak.txt"),
        line,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private static boolean ok(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
    exchange.sendResponseHeaders(200, -1);
    return true;
  }

  private static boolean status(HttpExchange exchange, int code) throws IOException {
    exchange.sendResponseHeaders(code, -1);
    return true;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.tracekit.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import dev.tracekit.core.testing.OtlpReceiver;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults on the export path, through the real OTLP http/protobuf exporter and a bounded
 * BatchSpanProcessor: application threads keep ending spans quickly, memory stays bounded (drops
 * are counted by the processor's own metric), retries follow the OTLP rules, and spans ended after
 * the collector recovers arrive.
 */
class ExportFaultsTest {
  private static final Duration TIMEOUT = Duration.ofMillis(400);
  private static final Duration FAST_DELAY = Duration.ofMillis(20);

  private OtlpReceiver receiver;

  @BeforeEach
  void start() {
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private static boolean status(HttpExchange exchange, int code) throws java.io.IOException {
    exchange.sendResponseHeaders(code, -1);
    return true;
  }

  @Test
  void collectorDownKeepsEndFastAndBoundsTheQueue() throws Exception {
    int port = RawSocketServer.closedPort();
    try (Pipeline p =
        Pipeline.create(
            "http://127.0.0.1:" + port, 128, FAST_DELAY, TIMEOUT, Pipeline.fastRetry(3))) {
      long t0 = System.nanoTime();
      p.endSpans("down", 2000);
      long elapsed = System.nanoTime() - t0;

      assertThat(Duration.ofNanos(elapsed)).isLessThan(Duration.ofSeconds(1));
      assertThat(p.dropped()).isPositive().isLessThanOrEqualTo(2000);
      // the queue is bounded (JCTools rounds the capacity up to a power of two: use one)
      assertThat(p.queueSizeGauge(p.metrics.collectAllMetrics())).isBetween(0L, 128L);
    }
  }

  @Test
  void dropsAreVisibleInTheSemanticConventionHealthMetricsToo() throws Exception {
    int port = RawSocketServer.closedPort();
    io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader reader =
        io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader.create();
    io.opentelemetry.sdk.metrics.SdkMeterProvider meterProvider =
        io.opentelemetry.sdk.metrics.SdkMeterProvider.builder()
            .registerMetricReader(reader)
            .build();
    // The semantic-convention health metrics (InternalTelemetryVersion) came after 1.49.0.
    Class<?> telemetryVersion =
        dev.tracekit.core.testing.OtelApis.requireClass(
            "io.opentelemetry.sdk.common.InternalTelemetryVersion");
    io.opentelemetry.sdk.trace.export.BatchSpanProcessorBuilder batch =
        io.opentelemetry.sdk.trace.export.BatchSpanProcessor.builder(
                Pipeline.otlp("http://127.0.0.1:" + port, TIMEOUT, none()))
            .setMaxQueueSize(64)
            .setScheduleDelay(FAST_DELAY)
            .setMeterProvider(meterProvider);
    batch
        .getClass()
        .getMethod("setInternalTelemetryVersion", telemetryVersion)
        .invoke(batch, telemetryVersion.getField("LATEST").get(null));
    io.opentelemetry.sdk.trace.SdkTracerProvider provider =
        io.opentelemetry.sdk.trace.SdkTracerProvider.builder()
            .addSpanProcessor(batch.build())
            .build();
    for (int i = 0; i < 1000; i++) {
      provider.get("t").spanBuilder("down").startSpan().end();
    }

    long queueFull =
        reader.collectAllMetrics().stream()
            .filter(m -> m.getName().equals("otel.sdk.processor.span.processed"))
            .flatMap(m -> m.getLongSumData().getPoints().stream())
            .filter(
                point ->
                    "queue_full"
                        .equals(
                            point
                                .getAttributes()
                                .get(
                                    io.opentelemetry.api.common.AttributeKey.stringKey(
                                        "error.type"))))
            .mapToLong(io.opentelemetry.sdk.metrics.data.LongPointData::getValue)
            .sum();
    assertThat(queueFull).isPositive();
    provider.shutdown().join(5, TimeUnit.SECONDS);
    meterProvider.shutdown().join(5, TimeUnit.SECONDS);
  }

  @Test
  void slowCollectorDoesNotSlowTheApplicationAndRecoveredSpansArrive() {
    java.util.concurrent.atomic.AtomicBoolean slow =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    receiver.behaviour(
        (exchange, n) -> {
          // hang for 2 s per request while the collector is slow
          long until = System.nanoTime() + 2_000_000_000L;
          while (slow.get() && System.nanoTime() < until) {
            sleep(10);
          }
          return false;
        });
    try (Pipeline p = Pipeline.create(receiver.endpoint(), 256, FAST_DELAY, TIMEOUT, none())) {
      long t0 = System.nanoTime();
      p.endSpans("while-slow", 1000);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);

      // ending 1000 spans while each export hangs for 2 s takes a tiny fraction of that
      assertThat(elapsed).isLessThan(Duration.ofSeconds(1));
      // the queue held at most 256; the rest was dropped and counted
      awaitTrue(() -> p.dropped() > 0, Duration.ofSeconds(5));
      assertThat(p.dropped()).isLessThanOrEqualTo(1000 - 256);

      slow.set(false);
      // the backlog drains once the collector answers again
      awaitTrue(() -> p.queueSizeGauge(p.metrics.collectAllMetrics()) == 0, seconds(10));
      p.endSpans("after-recovery", 20);
      assertThat(receiver.awaitSpans(s -> s.name().equals("after-recovery"), 20, seconds(10)))
          .hasSize(20);
    }
  }

  @Test
  void status500IsNotRetriedAndLaterSpansArrive() throws InterruptedException {
    receiver.behaviour((exchange, n) -> status(exchange, 500));
    try (Pipeline p =
        Pipeline.create(
            receiver.endpoint(),
            1024,
            Duration.ofSeconds(30),
            Duration.ofSeconds(5),
            Pipeline.fastRetry(5))) {
      p.endSpans("lost", 10);
      p.provider.forceFlush().join(20, TimeUnit.SECONDS);
      // 500 is not retryable in OTLP: one request for the one batch
      assertThat(receiver.requestCount()).isEqualTo(1);
      assertThat(receiver.spans()).isEmpty();

      receiver.behaviour((exchange, n) -> false);
      // Spans ended after the 500 arrive. (Rarely, on a loaded machine, the first request after
      // the 500 was seen to vanish without an error; a later batch must still get through.)
      boolean arrived = false;
      for (int attempt = 0; attempt < 4 && !arrived; attempt++) {
        p.endSpans("after-500", 10);
        p.provider.forceFlush().join(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!arrived && System.nanoTime() < deadline) {
          arrived = receiver.spans().stream().anyMatch(s -> s.name().equals("after-500"));
          Thread.sleep(20);
        }
      }
      assertThat(arrived).as("spans ended after the 500 reach the collector").isTrue();
      assertThat(receiver.spans().stream().filter(s -> s.name().equals("after-500")).count() % 10)
          .isZero();
      assertThat(receiver.spans()).noneMatch(s -> s.name().equals("lost"));
    }
  }

  @Test
  void status503IsRetriedWithBackoffUntilItSucceeds() {
    receiver.behaviour((exchange, n) -> n <= 2 && status(exchange, 503));
    try (Pipeline p =
        Pipeline.create(
            receiver.endpoint(),
            1000,
            Duration.ofSeconds(30),
            Duration.ofSeconds(5),
            Pipeline.fastRetry(5))) {
      p.endSpans("retried", 5);
      p.provider.forceFlush().join(10, TimeUnit.SECONDS);

      assertThat(receiver.awaitSpans(5, seconds(20))).hasSize(5);
      assertThat(receiver.requestCount()).isEqualTo(3);
    }
  }

  @Test
  void defaultRetryPolicyRetriesAnUnavailableCollector() {
    receiver.behaviour((exchange, n) -> n == 1 && status(exchange, 503));
    try (Pipeline p =
        Pipeline.create(
            receiver.endpoint(),
            1024,
            Duration.ofSeconds(30),
            Duration.ofSeconds(10),
            io.opentelemetry.sdk.common.export.RetryPolicy.getDefault())) {
      p.endSpans("default-retry", 5);
      p.provider.forceFlush().join(15, TimeUnit.SECONDS);

      assertThat(receiver.awaitSpans(5, seconds(20))).hasSize(5);
      assertThat(receiver.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void status429WaitsForRetryAfter() {
    dev.tracekit.core.testing.OtelApis.assumeSdkAtLeast(
        "1.67.0", "the OTLP exporter honouring Retry-After (tested on 1.67.0)");
    List<Long> arrivals = new CopyOnWriteArrayList<>();
    receiver.behaviour(
        (exchange, n) -> {
          arrivals.add(System.nanoTime());
          if (n == 1) {
            exchange.getResponseHeaders().add("Retry-After", "1");
            return status(exchange, 429);
          }
          return false;
        });
    try (Pipeline p =
        Pipeline.create(
            receiver.endpoint(),
            1000,
            Duration.ofSeconds(30),
            Duration.ofSeconds(5),
            Pipeline.fastRetry(5))) {
      p.endSpans("throttled", 5);
      p.provider.forceFlush().join(10, TimeUnit.SECONDS);

      assertThat(receiver.awaitSpans(5, seconds(20))).hasSize(5);
      assertThat(arrivals).hasSize(2);
      // the retry waited for Retry-After (1 s), not for the 20 ms backoff of the policy
      assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0)))
          .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }
  }

  @Test
  void garbageResponseBodyIsToleratedAndLaterSpansArrive() {
    receiver.behaviour(
        (exchange, n) -> {
          if (n > 1) {
            return false;
          }
          byte[] garbage = {(byte) 0xff, 0x00, 0x13, 0x37, (byte) 0x80, 'x', 'y'};
          exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
          exchange.sendResponseHeaders(200, garbage.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(garbage);
          }
          return true;
        });
    try (Pipeline p = Pipeline.create(receiver.endpoint(), 1000, FAST_DELAY, TIMEOUT, none())) {
      p.endSpans("garbage-reply", 5);
      p.provider.forceFlush().join(20, TimeUnit.SECONDS);
      p.endSpans("after-garbage", 5);
      assertThat(receiver.awaitSpans(s -> s.name().equals("after-garbage"), 5, seconds(20)))
          .hasSize(5);
    }
  }

  @Test
  void connectionResetAndNonHttpRepliesAreContained() throws Exception {
    // Counts spans through the BatchSpanProcessor's own metric, whose accounting changed after
    // 1.49; that TraceKit contains the faults is asserted on every version (timing, flush).
    boolean countable =
        dev.tracekit.core.testing.OtelApis.compare(
                dev.tracekit.core.testing.OtelApis.sdkVersion(), "1.67.0")
            >= 0;
    for (RawSocketServer.Mode mode :
        List.of(RawSocketServer.Mode.RESET, RawSocketServer.Mode.GARBAGE)) {
      try (RawSocketServer server = new RawSocketServer(mode);
          Pipeline p =
              Pipeline.create(server.endpoint(), 100, FAST_DELAY, TIMEOUT, Pipeline.fastRetry(3))) {
        long t0 = System.nanoTime();
        p.endSpans("faulty-" + mode, 500);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));

        CompletableResultCode flush = p.provider.forceFlush().join(5, TimeUnit.SECONDS);
        assertThat(flush.isDone()).isTrue();
        assertThat(server.connections()).as(mode + " connections").isPositive();
        if (countable) {
          assertThat(p.handedToExporter() + p.dropped()).isEqualTo(500);
        }
      }
    }
  }

  @Test
  void shutdownExportsEverySpanWhenTheCollectorIsUp() {
    Pipeline p =
        Pipeline.create(
            receiver.endpoint(), 4096, Duration.ofSeconds(30), Duration.ofSeconds(5), none());
    p.endSpans("at-shutdown", 3000);

    CompletableResultCode result = p.provider.shutdown().join(10, TimeUnit.SECONDS);

    assertThat(result.isSuccess()).isTrue();
    assertThat(receiver.spans()).hasSize(3000);
    assertThat(p.dropped()).isZero();
    p.close();
  }

  @Test
  void shutdownReturnsWithinItsTimeoutWhenTheCollectorHangs() throws Exception {
    try (RawSocketServer blackHole = new RawSocketServer(RawSocketServer.Mode.BLACK_HOLE)) {
      Pipeline p =
          Pipeline.create(
              blackHole.endpoint(), 1000, Duration.ofSeconds(30), Duration.ofMillis(500), none());
      p.endSpans("never-answered", 100);

      long t0 = System.nanoTime();
      CompletableResultCode result = p.provider.shutdown().join(5, TimeUnit.SECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - t0);

      assertThat(result.isDone()).isTrue();
      assertThat(took).isLessThan(Duration.ofSeconds(3));
      assertThat(blackHole.connections()).isPositive();
      p.close();
    }
  }

  private static io.opentelemetry.sdk.common.export.@Nullable RetryPolicy none() {
    return null;
  }

  private static Duration seconds(int s) {
    return Duration.ofSeconds(s);
  }

  static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      sleep(10);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.tracekit.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.api.Messaging;
import dev.tracekit.api.SpanAttribute;
import dev.tracekit.api.Traced;
import dev.tracekit.core.annotation.TracedProxy;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The console tree as a developer sees it: TraceKit's SDK in console mode (the printer behind its
 * batch processor), a request handing a job to a worker thread through a queue, and a service
 * traced by annotation with a {@code @SpanAttribute}.
 */
class ConsoleTreeExporterTest {

  /** A service traced by annotation. */
  public interface Orders {
    /**
     * Places an order.
     *
     * @param orderId the order
     * @return the receipt
     */
    @Traced("Orders.place")
    String place(@SpanAttribute("order.id") String orderId);
  }

  @Test
  void oneTreePerTraceAcrossAnInProcessQueueHopWithTheUsersAttributes() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ExecutorService worker = Executors.newSingleThreadExecutor();
    try (TracingSdk sdk =
        TracingSdk.builder()
            .environment(Map.of())
            .serviceName("checkout")
            .exporters("none")
            .property("otel.metrics.exporter", "none")
            .consoleExporter(true)
            .consoleOutput(new PrintStream(bytes, true, StandardCharsets.UTF_8))
            .registerGlobal(false)
            .shutdownHook(false)
            .build()) {
      OpenTelemetry otel = sdk.openTelemetry();
      Tracer tracer = otel.getTracer("test");
      Messaging messaging = Messaging.builder(otel).system("in_memory").build();
      BlockingQueue<Map<String, String>> queue = new LinkedBlockingQueue<>();
      Orders orders = TracedProxy.create(Orders.class, id -> "receipt " + id, otel);

      Future<String> processed =
          worker.submit(
              () -> {
                Map<String, String> job = queue.poll(10, TimeUnit.SECONDS);
                Thread.sleep(400); // the job waits longer than the printer's quiet period
                return messaging.process("orders", job, () -> orders.place(job.get("order")));
              });
      Span request = tracer.spanBuilder("POST /orders").setSpanKind(SpanKind.SERVER).startSpan();
      try (Scope ignored = request.makeCurrent()) {
        request.setAttribute("order.id", "o-42");
        Map<String, String> job = new HashMap<>();
        job.put("order", "o-42");
        messaging.send("orders", job, () -> queue.add(job));
      } finally {
        request.end();
      }
      assertThat(processed.get(10, TimeUnit.SECONDS)).isEqualTo("receipt o-42");

      String out = awaitTree(bytes, "Orders.place", Duration.ofSeconds(10));
      assertThat(Arrays.stream(out.split("\n")).filter(l -> l.startsWith("trace ")))
          .as(out)
          .hasSize(1);
      assertThat(out)
          .doesNotContain("continues")
          .contains("trace ")
          .contains("(service checkout)")
          .containsPattern("POST /orders  SERVER  [\\d.]+ ms  order.id=o-42")
          .contains("└─ send orders  PRODUCER")
          .contains("   └─ process orders  CONSUMER")
          .containsPattern("      └─ Orders.place  [\\d.]+ ms  order.id=o-42");
      assertThat(out.split("\n")).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(160));
    } finally {
      worker.shutdownNow();
    }
  }

  @Test
  void createChecksItsArgument() {
    org.assertj.core.api.Assertions.assertThatNullPointerException()
        .isThrownBy(() -> ConsoleTreeExporter.create(null))
        .withMessage("out");
    assertThat(ConsoleTreeExporter.create().toString()).isEqualTo("ConsoleTreeExporter");
  }

  private static String awaitTree(ByteArrayOutputStream bytes, String text, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String out = bytes.toString(StandardCharsets.UTF_8);
      if (out.contains(text)) {
        return out;
      }
      Thread.sleep(20);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}

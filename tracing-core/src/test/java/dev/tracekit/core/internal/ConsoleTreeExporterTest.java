package dev.tracekit.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleTreeExporterTest {
  private static final long QUIET_MS = 250;
  private static final long HOP_WAIT_MS = 5_000;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final AtomicLong clock = new AtomicLong();
  private ConsoleTreeExporter exporter;

  private SdkTracerProvider provider(int maxBuffered) {
    exporter =
        new ConsoleTreeExporter(
            new PrintStream(bytes, true, StandardCharsets.UTF_8),
            maxBuffered,
            30_000,
            QUIET_MS,
            HOP_WAIT_MS,
            clock::get,
            false);
    return SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
        .build();
  }

  private void advance(long millis) {
    clock.addAndGet(millis * 1_000_000L);
    exporter.tick();
  }

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private int trees() {
    return (int) Arrays.stream(printed().split("\n")).filter(l -> l.startsWith("trace ")).count();
  }

  @Test
  void printsTheWholeTreeOnceTheRootHasEndedAndTheTraceIsQuiet() {
    try (SdkTracerProvider provider = provider(100)) {
      Tracer tracer = provider.get("t");
      Span root = tracer.spanBuilder("POST /orders").setSpanKind(SpanKind.SERVER).startSpan();
      try (Scope ignored = root.makeCurrent()) {
        Span place = tracer.spanBuilder("orders.place").startSpan();
        try (Scope ignored2 = place.makeCurrent()) {
          tracer.spanBuilder("stock.check").startSpan().end();
          Span pay = tracer.spanBuilder("payment.authorize").startSpan();
          pay.setStatus(StatusCode.ERROR, "card declined");
          pay.end();
          tracer
              .spanBuilder("send receipts")
              .setSpanKind(SpanKind.CLIENT)
              .setAttribute("messaging.destination.name", "receipts")
              .startSpan()
              .end();
        }
        place.end();
        assertThat(printed()).as("nothing until the root ends").isEmpty();
      }
      root.end();
      advance(QUIET_MS - 50);
      assertThat(printed()).as("nothing while spans may still arrive").isEmpty();
      advance(60);
    }
    String out = printed();
    assertThat(out).startsWith("trace ");
    assertThat(out).contains("POST /orders  SERVER  ");
    assertThat(out).contains("└─ orders.place");
    assertThat(out).contains("   ├─ stock.check");
    assertThat(out).contains("   ├─ payment.authorize").contains("ERROR: card declined");
    assertThat(out)
        .contains("   └─ send receipts  CLIENT")
        .contains("messaging.destination.name=receipts");
    assertThat(out).containsPattern("\\d+\\.\\d ms");
    assertThat(trees()).isEqualTo(1);
  }

  @Test
  void aQueueHopInsideTheProcessIsOneTreeWithoutContinuationLines() {
    try (SdkTracerProvider provider = provider(100)) {
      Tracer tracer = provider.get("t");
      Span root = tracer.spanBuilder("POST /orders").setSpanKind(SpanKind.SERVER).startSpan();
      SpanContext producer;
      try (Scope ignored = root.makeCurrent()) {
        Span send = tracer.spanBuilder("send jobs").setSpanKind(SpanKind.PRODUCER).startSpan();
        producer = send.getSpanContext();
        send.end();
      }
      root.end();
      // The webhook answered; the job waits in the queue longer than the quiet period.
      advance(2_000);
      assertThat(printed()).as("the hop is still open").isEmpty();

      // The worker continues the producer's context as a remote parent, as a carrier gives it.
      Context fromCarrier =
          Context.root()
              .with(
                  Span.wrap(
                      SpanContext.createFromRemoteParent(
                          producer.getTraceId(),
                          producer.getSpanId(),
                          producer.getTraceFlags(),
                          producer.getTraceState())));
      Span process =
          tracer
              .spanBuilder("process jobs")
              .setParent(fromCarrier)
              .setSpanKind(SpanKind.CONSUMER)
              .startSpan();
      try (Scope ignored = process.makeCurrent()) {
        tracer.spanBuilder("job.handle").startSpan().end();
      }
      process.end();
      advance(QUIET_MS + 10);
    }
    String out = printed();
    assertThat(trees()).as(out).isEqualTo(1);
    assertThat(out).doesNotContain("continues");
    assertThat(out)
        .contains("POST /orders  SERVER")
        .contains("└─ send jobs  PRODUCER")
        .contains("   └─ process jobs  CONSUMER")
        .contains("      └─ job.handle");
  }

  @Test
  void aHopWhoseConsumerNeverComesIsPrintedAfterTheHopWait() {
    try (SdkTracerProvider provider = provider(100)) {
      Tracer tracer = provider.get("t");
      Span root = tracer.spanBuilder("POST /orders").setSpanKind(SpanKind.SERVER).startSpan();
      try (Scope ignored = root.makeCurrent()) {
        tracer.spanBuilder("send elsewhere").setSpanKind(SpanKind.PRODUCER).startSpan().end();
      }
      root.end();
      advance(HOP_WAIT_MS - 100);
      assertThat(printed()).isEmpty();
      advance(200);
      assertThat(trees()).isEqualTo(1);
      assertThat(printed()).contains("send elsewhere").doesNotContain("[root not seen yet]");
    }
  }

  @Test
  void showsTheApplicationsDottedAttributesAndKeepsLinesShort() {
    try (SdkTracerProvider provider = provider(100)) {
      Tracer tracer = provider.get("t");
      tracer
          .spanBuilder("orders.place")
          .setAttribute("order.id", "o-42")
          .setAttribute("organization.id", "org-456")
          .setAttribute("thread.name", "main")
          .setAttribute("code.function.name", "place")
          .setAttribute("http.response.status_code", 201L)
          .setAttribute("note", "x".repeat(500))
          .startSpan()
          .end();
      advance(QUIET_MS + 1);
    }
    String line = printed().split("\n")[1];
    assertThat(line)
        .startsWith("orders.place  ")
        .contains("order.id=o-42")
        .contains("organization.id=org-456")
        .doesNotContain("thread.name")
        .doesNotContain("code.function.name");
    assertThat(line.length()).isLessThanOrEqualTo(ConsoleTreeExporter.MAX_LINE);
    assertThat(printed()).doesNotContain("x".repeat(61));
  }

  @Test
  void manyAttributesAreCountedNotPrinted() {
    try (SdkTracerProvider provider = provider(100)) {
      Span span = provider.get("t").spanBuilder("orders.place").startSpan();
      // Which ones fit depends on the SDK's attribute order (insertion order only from 1.5x on).
      for (int i = 0; i < 30; i++) {
        span.setAttribute("custom.key" + i, "value-" + i);
      }
      span.end();
      advance(QUIET_MS + 1);
    }
    String line = printed().split("\n")[1];
    assertThat(line)
        .startsWith("orders.place  ")
        .contains("custom.key")
        .containsPattern("  \\+\\d+$");
    assertThat(line.length()).isLessThanOrEqualTo(ConsoleTreeExporter.MAX_LINE);
  }

  @Test
  void printsOrphansAfterTheTimeoutAndKeepsTheBufferBounded() {
    try (SdkTracerProvider provider = provider(3)) {
      Tracer tracer = provider.get("t");
      Span root = tracer.spanBuilder("never.ends").startSpan();
      try (Scope ignored = root.makeCurrent()) {
        tracer.spanBuilder("child.1").startSpan().end();
        advance(1_000);
        assertThat(printed()).isEmpty();
        advance(30_000);
      }
      assertThat(printed()).contains("[root not seen yet]").contains("child.1");
      bytes.reset();
      // Bound: more spans than the buffer holds are printed early rather than kept.
      Span other = tracer.spanBuilder("other.root").startSpan();
      try (Scope ignored = other.makeCurrent()) {
        for (int i = 0; i < 5; i++) {
          tracer.spanBuilder("many." + i).startSpan().end();
        }
      }
      assertThat(printed()).contains("many.0");
    }
  }
}

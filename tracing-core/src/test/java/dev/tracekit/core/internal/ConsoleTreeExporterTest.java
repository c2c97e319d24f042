package dev.tracekit.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleTreeExporterTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final AtomicLong clock = new AtomicLong();

  private SdkTracerProvider provider(int maxBuffered) {
    ConsoleTreeExporter exporter =
        new ConsoleTreeExporter(
            new PrintStream(bytes, true, StandardCharsets.UTF_8), maxBuffered, 1_000, clock::get);
    return SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
        .build();
  }

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsTheWholeTreeWhenTheLocalRootEnds() {
    try (SdkTracerProvider provider = provider(100)) {
      Tracer tracer = provider.get("t");
      var root =
          tracer.spanBuilder("POST /chatwoot/webhook").setSpanKind(SpanKind.SERVER).startSpan();
      try (Scope ignored = root.makeCurrent()) {
        var process = tracer.spanBuilder("chatwoot.webhook.process").startSpan();
        try (Scope ignored2 = process.makeCurrent()) {
          tracer.spanBuilder("chatwoot.hydrate").startSpan().end();
          var gov = tracer.spanBuilder("tagers.governor.evaluate").startSpan();
          gov.setStatus(StatusCode.ERROR, "quota exceeded");
          gov.end();
          tracer
              .spanBuilder("send ai-queue")
              .setSpanKind(SpanKind.PRODUCER)
              .setAttribute("messaging.destination.name", "ai-queue")
              .startSpan()
              .end();
        }
        process.end();
        assertThat(printed()).as("nothing until the root ends").isEmpty();
      }
      root.end();
    }
    String out = printed();
    assertThat(out).startsWith("trace ");
    assertThat(out).contains("POST /chatwoot/webhook  SERVER  ");
    assertThat(out).contains("└─ chatwoot.webhook.process");
    assertThat(out).contains("   ├─ chatwoot.hydrate");
    assertThat(out).contains("   ├─ tagers.governor.evaluate").contains("ERROR: quota exceeded");
    assertThat(out)
        .contains("   └─ send ai-queue  PRODUCER")
        .contains("messaging.destination.name=ai-queue");
    assertThat(out).containsPattern("\\d+\\.\\d ms");
  }

  @Test
  void printsOrphansAfterTheTimeoutAndKeepsTheBufferBounded() {
    try (SdkTracerProvider provider = provider(3)) {
      Tracer tracer = provider.get("t");
      var root = tracer.spanBuilder("never.ends").startSpan();
      try (Scope ignored = root.makeCurrent()) {
        tracer.spanBuilder("child.1").startSpan().end();
        assertThat(printed()).isEmpty();
        clock.addAndGet(2_000_000_000L);
        tracer.spanBuilder("child.2").startSpan().end();
      }
      assertThat(printed()).contains("[root not seen yet]").contains("child.1");
      bytes.reset();
      // Bound: more spans than the buffer holds are printed early rather than kept.
      var other = tracer.spanBuilder("other.root").startSpan();
      try (Scope ignored = other.makeCurrent()) {
        for (int i = 0; i < 5; i++) {
          tracer.spanBuilder("many." + i).startSpan().end();
        }
      }
      assertThat(printed()).contains("many.0");
    }
  }
}

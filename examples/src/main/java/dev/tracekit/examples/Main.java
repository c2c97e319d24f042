package dev.tracekit.examples;

import dev.tracekit.api.Tracing;
import dev.tracekit.core.TracingSdk;
import io.opentelemetry.api.trace.SpanKind;
import java.time.Duration;
import java.util.Map;

/**
 * TraceKit's demonstration: runs a small webhook -> process -> worker trace and prints it as a
 * tree. Exports over OTLP too when {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set.
 */
public final class Main {
  private Main() {}

  /**
   * Entry point.
   *
   * @param args ignored for now
   */
  public static void main(String[] args) throws Exception {
    boolean otlp = System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != null;
    try (TracingSdk sdk =
        TracingSdk.builder()
            .serviceName("tracekit-demo")
            .consoleExporter(true)
            .exporters(otlp ? "otlp" : "none")
            .property("otel.metrics.exporter", otlp ? "otlp" : "none")
            .build()) {
      Tracing tracing = sdk.tracing();
      tracing
          .span("POST /chatwoot/webhook")
          .kind(SpanKind.SERVER)
          .attributes(Map.of("http.request.method", "POST", "http.route", "/chatwoot/webhook"))
          .run(
              () ->
                  tracing.run(
                      "chatwoot.webhook.process",
                      () -> {
                        tracing.setAttributes(Map.of("tagers.conversation_id", "12345"));
                        tracing.run("chatwoot.hydrate", () -> Thread.sleep(12));
                        tracing.run("tagers.governor.evaluate", () -> Thread.sleep(3));
                        tracing.run("tagers.dispatcher.route", () -> Thread.sleep(5));
                        tracing.span("send ai-queue").kind(SpanKind.PRODUCER).run(() -> {});
                      }));
      sdk.flush(Duration.ofSeconds(5));
      System.out.println("health: " + sdk.status());
    }
  }
}

package dev.tracekit.testing;

import dev.tracekit.core.TracingSdk;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;
import java.util.Map;

/**
 * A second process for {@link OtlpCaptureTest}: continues the trace from the {@code traceparent} in
 * its arguments and exports over OTLP/HTTP to the endpoint in {@code OTEL_EXPORTER_OTLP_ENDPOINT}.
 */
public final class OtlpWorkerMain {
  private OtlpWorkerMain() {}

  @SuppressWarnings("deprecation") // TextMapGetter.keys, required to implement the interface
  public static void main(String[] args) {
    Map<String, String> carrier = Map.of("traceparent", args[0]);
    try (TracingSdk sdk =
        TracingSdk.builder()
            .serviceName("worker")
            .registerGlobal(false)
            .shutdownHook(false)
            .build()) {
      Context parent =
          sdk.openTelemetry()
              .getPropagators()
              .getTextMapPropagator()
              .extract(
                  Context.root(),
                  carrier,
                  new TextMapGetter<Map<String, String>>() {
                    @Override
                    public Iterable<String> keys(Map<String, String> c) {
                      return List.copyOf(c.keySet());
                    }

                    @Override
                    public String get(Map<String, String> c, String key) {
                      return c == null ? null : c.get(key);
                    }
                  });
      Tracer tracer = sdk.openTelemetry().getTracer("worker");
      Span process =
          tracer
              .spanBuilder("process order")
              .setSpanKind(SpanKind.CONSUMER)
              .setParent(parent)
              .startSpan();
      try (Scope ignored = process.makeCurrent()) {
        tracer.spanBuilder("charge card").setSpanKind(SpanKind.CLIENT).startSpan().end();
      } finally {
        process.end();
      }
    }
  }
}

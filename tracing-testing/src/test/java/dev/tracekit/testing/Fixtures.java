package dev.tracekit.testing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.List;

/** Builds the small traces the assertion tests look at. */
final class Fixtures {
  private Fixtures() {}

  /**
   * POST /orders [SERVER] → INSERT orders [CLIENT] (sanitized SQL), chat gpt-4o [CLIENT] (tokens) →
   * execute_tool lookup_order [INTERNAL].
   */
  static void orderTrace(TestTelemetry telemetry) {
    Tracer tracer = telemetry.openTelemetry().getTracer("fixtures");
    Span root = tracer.spanBuilder("POST /orders").setSpanKind(SpanKind.SERVER).startSpan();
    try (Scope ignored = root.makeCurrent()) {
      root.setAttribute("http.request.method", "POST");
      root.setAttribute("http.response.status_code", 201L);
      tracer
          .spanBuilder("INSERT orders")
          .setSpanKind(SpanKind.CLIENT)
          .setAttribute("db.system.name", "h2database")
          .setAttribute("db.query.text", "INSERT INTO orders (id, total) VALUES (?, ?)")
          .startSpan()
          .end();
      Span chat =
          tracer
              .spanBuilder("chat gpt-4o")
              .setSpanKind(SpanKind.CLIENT)
              .setAttribute("gen_ai.operation.name", "chat")
              .setAttribute("gen_ai.provider.name", "openai")
              .setAttribute("gen_ai.request.model", "gpt-4o")
              .setAttribute("gen_ai.response.model", "gpt-4o-2024-08-06")
              .setAttribute("gen_ai.usage.input_tokens", 12L)
              .setAttribute("gen_ai.usage.output_tokens", 30L)
              .setAttribute(
                  AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("stop"))
              .startSpan();
      try (Scope s = chat.makeCurrent()) {
        tracer
            .spanBuilder("execute_tool lookup_order")
            .setAttribute("gen_ai.operation.name", "execute_tool")
            .setAttribute("gen_ai.tool.name", "lookup_order")
            .startSpan()
            .end();
      } finally {
        chat.end();
      }
      root.addEvent("order.accepted", Attributes.of(AttributeKey.longKey("items"), 2L));
      root.setStatus(StatusCode.OK);
    } finally {
      root.end();
    }
  }
}

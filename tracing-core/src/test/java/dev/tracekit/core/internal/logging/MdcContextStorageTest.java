package dev.tracekit.core.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The wrapper used for SLF4J bindings other than Logback: the MDC follows the current span while
 * keys are set, and is left alone when they are not.
 */
class MdcContextStorageTest {
  private final MdcContextStorage storage = new MdcContextStorage(ContextStorage.defaultStorage());

  @AfterEach
  void off() {
    MdcContextStorage.keys(null);
    MDC.clear();
  }

  private static Context withSpan(String spanId) {
    return Context.root()
        .with(
            Span.wrap(
                SpanContext.create(
                    "0af7651916cd43dd8448eb211c80319c",
                    spanId,
                    TraceFlags.getSampled(),
                    TraceState.getDefault())));
  }

  @Test
  void mdcFollowsTheCurrentSpanAndIsRestored() {
    MdcContextStorage.keys(MdcKeys.DEFAULT);
    try (Scope outer = storage.attach(withSpan("b7ad6b7169203331"))) {
      assertThat(MDC.get("span_id")).isEqualTo("b7ad6b7169203331");
      assertThat(MDC.get("trace_id")).isEqualTo("0af7651916cd43dd8448eb211c80319c");
      try (Scope inner = storage.attach(withSpan("00f067aa0ba902b7"))) {
        assertThat(MDC.get("span_id")).isEqualTo("00f067aa0ba902b7");
      }
      assertThat(MDC.get("span_id")).isEqualTo("b7ad6b7169203331");
    }
    assertThat(MDC.get("trace_id")).isNull();
    assertThat(MDC.get("trace_flags")).isNull();
  }

  @Test
  void withoutKeysTheMdcIsUntouched() {
    try (Scope scope = storage.attach(withSpan("b7ad6b7169203331"))) {
      assertThat(MDC.get("span_id")).isNull();
      assertThat(storage.current()).isNotNull();
    }
  }
}

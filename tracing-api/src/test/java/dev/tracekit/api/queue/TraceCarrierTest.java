package dev.tracekit.api.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.tracekit.api.TraceCarrier;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // scopes are closed by try-with-resources on purpose
class TraceCarrierTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + SPAN_ID + "-01";

  private final TestTelemetry telemetry = new TestTelemetry();
  private final Tracer tracer = telemetry.sdk.getTracer("test");
  private final TraceCarrier carrier = TraceCarrier.create(telemetry.sdk);

  @AfterEach
  void close() {
    telemetry.close();
  }

  @Test
  void injectThenExtractRestoresSpanAndBaggage() {
    Map<String, String> headers = new HashMap<>();
    Span span = tracer.spanBuilder("webhook").startSpan();
    try (Scope ignored =
        Context.current()
            .with(span)
            .with(Baggage.builder().put("tenant", "t1").build())
            .makeCurrent()) {
      carrier.inject(headers);
    } finally {
      span.end();
    }
    assertThat(headers.get("traceparent"))
        .isEqualTo(
            "00-"
                + span.getSpanContext().getTraceId()
                + "-"
                + span.getSpanContext().getSpanId()
                + "-"
                + span.getSpanContext().getTraceFlags().asHex());
    assertThat(headers.get("baggage")).isEqualTo("tenant=t1");

    Context extracted = carrier.extract(headers);
    SpanContext remote = Span.fromContext(extracted).getSpanContext();
    assertThat(remote.getTraceId()).isEqualTo(span.getSpanContext().getTraceId());
    assertThat(remote.getSpanId()).isEqualTo(span.getSpanContext().getSpanId());
    assertThat(remote.isRemote()).isTrue();
    assertThat(Baggage.fromContext(extracted).getEntryValue("tenant")).isEqualTo("t1");
    assertThat(TraceCarrier.isTraceIdOnly(extracted)).isFalse();
  }

  @Test
  void noopPropagatorsFallBackToW3c() {
    try (TestTelemetry bare = TestTelemetry.withoutPropagators()) {
      TraceCarrier fallback = TraceCarrier.create(bare.sdk);
      Span span = bare.sdk.getTracer("t").spanBuilder("s").startSpan();
      Map<String, String> headers;
      try (Scope ignored = span.makeCurrent()) {
        headers = fallback.toMap();
      } finally {
        span.end();
      }
      assertThat(headers).containsKey("traceparent");
      assertThat(Span.fromContext(fallback.extract(headers)).getSpanContext().getSpanId())
          .isEqualTo(span.getSpanContext().getSpanId());
    }
  }

  @Test
  void case000NestedMapUnderTraceContext() {
    Map<String, Object> job = new HashMap<>();
    job.put("conversationId", 12345);
    job.put("_traceContext", Map.of("traceparent", TRACEPARENT, "tracestate", "vendor=x"));
    job.put("_webhookStartTime", 1_700_000_000_000L);

    SpanContext remote = Span.fromContext(carrier.extract(job)).getSpanContext();
    assertThat(remote.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(remote.getSpanId()).isEqualTo(SPAN_ID);
    assertThat(remote.getTraceState().get("vendor")).isEqualTo("x");
  }

  @Test
  void case000SerializedStringUnderTraceContext() {
    Span span = tracer.spanBuilder("webhook").startSpan();
    String serialized;
    try (Scope ignored = span.makeCurrent()) {
      serialized = carrier.serialize();
    } finally {
      span.end();
    }
    assertThat(serialized).startsWith("{\"traceparent\":\"00-");
    Map<String, Object> job = Map.of("_traceContext", serialized, "text", "hola");
    assertThat(Span.fromContext(carrier.extract(job)).getSpanContext().getSpanId())
        .isEqualTo(span.getSpanContext().getSpanId());

    // a bare traceparent string is accepted too
    Map<String, Object> bare = Map.of("_traceContext", TRACEPARENT);
    assertThat(Span.fromContext(carrier.extract(bare)).getSpanContext().getSpanId())
        .isEqualTo(SPAN_ID);
  }

  @Test
  void case001TopLevelTraceparentInPayload() {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("correlationId", "abc-123");
    payload.put("traceparent", TRACEPARENT);
    payload.put("tracestate", "rojo=00f067aa0ba902b7");
    SpanContext remote = Span.fromContext(carrier.extract(payload)).getSpanContext();
    assertThat(remote.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(remote.getSpanId()).isEqualTo(SPAN_ID);
    assertThat(remote.isSampled()).isTrue();
    assertThat(remote.getTraceState().get("rojo")).isEqualTo("00f067aa0ba902b7");
  }

  @Test
  void keysAreMatchedIgnoringCase() {
    Map<String, Object> headers = Map.of("Traceparent", TRACEPARENT);
    assertThat(Span.fromContext(carrier.extract(headers)).getSpanContext().getTraceId())
        .isEqualTo(TRACE_ID);
  }

  @Test
  void byteArrayAndListValuesAreRead() {
    Map<String, Object> headers = new HashMap<>();
    headers.put("traceparent", TRACEPARENT.getBytes(StandardCharsets.UTF_8));
    assertThat(Span.fromContext(carrier.extract(headers)).getSpanContext().getSpanId())
        .isEqualTo(SPAN_ID);
    headers.put("traceparent", List.of(TRACEPARENT));
    assertThat(Span.fromContext(carrier.extract(headers)).getSpanContext().getSpanId())
        .isEqualTo(SPAN_ID);
  }

  @Test
  void case004BareTraceIdContinuesTheTraceIdOnly() {
    Map<String, Object> job = Map.of("raw_id", 7, "trace_id", TRACE_ID.toUpperCase());
    Context extracted = carrier.extract(job);
    SpanContext remote = Span.fromContext(extracted).getSpanContext();
    assertThat(remote.isValid()).isTrue();
    assertThat(remote.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(remote.getSpanId()).isNotEqualTo("0000000000000000");
    assertThat(remote.isSampled()).isTrue();
    assertThat(remote.isRemote()).isTrue();
    assertThat(TraceCarrier.isTraceIdOnly(extracted)).isTrue();

    // a span started under it lands in that trace
    Span child = tracer.spanBuilder("extraction_job").setParent(extracted).startSpan();
    child.end();
    assertThat(telemetry.span("extraction_job").getTraceId()).isEqualTo(TRACE_ID);
  }

  @Test
  void topLevelContextWinsOverNestedAndTraceId() {
    Map<String, Object> job = new HashMap<>();
    job.put("traceparent", TRACEPARENT);
    job.put(
        "_traceContext",
        Map.of("traceparent", "00-" + "1".repeat(32) + "-" + "2".repeat(16) + "-01"));
    job.put("trace_id", "3".repeat(32));
    assertThat(Span.fromContext(carrier.extract(job)).getSpanContext().getTraceId())
        .isEqualTo(TRACE_ID);
  }

  @Test
  void corruptOrMissingCarriersNeverThrowAndGiveTheCurrentContext() {
    List<@Nullable Map<String, ?>> bad = new ArrayList<>();
    bad.add(null);
    bad.add(Map.of());
    bad.add(Map.of("traceparent", "garbage"));
    bad.add(Map.of("traceparent", "00-" + "0".repeat(32) + "-" + SPAN_ID + "-01"));
    bad.add(Map.of("_traceContext", "{not json"));
    bad.add(Map.of("_traceContext", "{\"traceparent\": {\"nested\": 1}}"));
    bad.add(Map.of("_traceContext", 42));
    bad.add(Map.of("_traceContext", Map.of(1, 2)));
    bad.add(Map.of("_traceContext", "x".repeat(100_000)));
    bad.add(Map.of("trace_id", "xyz"));
    bad.add(Map.of("trace_id", "0".repeat(32)));
    bad.add(Map.of("trace_id", 12));
    Map<String, Object> nullValue = new HashMap<>();
    nullValue.put("traceparent", null);
    nullValue.put(null, "x");
    bad.add(nullValue);
    bad.add(
        Map.of(
            "traceparent",
            new Object() {
              @Override
              public String toString() {
                throw new IllegalStateException("boom");
              }
            }));

    for (int i = 0; i < bad.size(); i++) {
      Map<String, ?> job = bad.get(i);
      assertThatCode(() -> carrier.extract(job)).as("carrier #%d", i).doesNotThrowAnyException();
      assertThat(Span.fromContext(carrier.extract(job)).getSpanContext().isValid())
          .as("carrier #%d", i)
          .isFalse();
    }
    // inside a span, a bad carrier leaves the current context unchanged
    Span outer = tracer.spanBuilder("outer").startSpan();
    try (Scope ignored = outer.makeCurrent()) {
      assertThat(carrier.extract(Map.of("traceparent", "garbage"))).isSameAs(Context.current());
    } finally {
      outer.end();
    }
    // writing into an immutable map does not throw either
    Span span = tracer.spanBuilder("s").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      assertThatCode(() -> carrier.inject(Map.of())).doesNotThrowAnyException();
    } finally {
      span.end();
    }
  }

  /** A job object with its own header list: the getter/setter forms. */
  static final class Job {
    final List<String[]> headers = new ArrayList<>();
  }

  @Test
  void getterAndSetterFormsForAnyCarrier() {
    TextMapSetter<Job> setter = (job, key, value) -> job.headers.add(new String[] {key, value});
    TextMapGetter<Job> getter =
        new TextMapGetter<Job>() {
          @Override
          @SuppressWarnings("deprecation") // abstract before OpenTelemetry 1.67
          public Iterable<String> keys(Job job) {
            return job.headers.stream().map(h -> h[0]).toList();
          }

          @Override
          public @Nullable String get(@Nullable Job job, String key) {
            if (job == null) {
              return null;
            }
            return job.headers.stream()
                .filter(h -> h[0].equals(key))
                .map(h -> h[1])
                .findFirst()
                .orElse(null);
          }
        };
    Job job = new Job();
    Span span = tracer.spanBuilder("producer").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      carrier.inject(job, setter);
    } finally {
      span.end();
    }
    assertThat(job.headers).extracting(h -> h[0]).contains("traceparent");
    assertThat(Span.fromContext(carrier.extract(job, getter)).getSpanContext().getSpanId())
        .isEqualTo(span.getSpanContext().getSpanId());

    Job job4 = new Job();
    job4.headers.add(new String[] {"trace_id", TRACE_ID});
    assertThat(Span.fromContext(carrier.extract(job4, getter)).getSpanContext().getTraceId())
        .isEqualTo(TRACE_ID);
    Job corrupt = new Job();
    corrupt.headers.add(new String[] {"_traceContext", "{]"});
    assertThat(Span.fromContext(carrier.extract(corrupt, getter)).getSpanContext().isValid())
        .isFalse();
    TextMapGetter<Job> failing =
        new TextMapGetter<Job>() {
          @Override
          @SuppressWarnings("deprecation")
          public Iterable<String> keys(Job c) {
            throw new IllegalStateException("broken getter");
          }

          @Override
          public @Nullable String get(@Nullable Job c, String k) {
            throw new IllegalStateException("broken getter");
          }
        };
    assertThat(Span.fromContext(carrier.extract(job, failing)).getSpanContext().isValid())
        .isFalse();
  }

  @Test
  void globalHelperDoesNotFixTheGlobalInstance() {
    GlobalOpenTelemetry.resetForTest();
    try {
      TraceCarrier global = TraceCarrier.global();
      Map<String, String> before = new HashMap<>();
      global.inject(before); // before any SDK is installed: nothing to write, nothing locked
      assertThat(before).isEmpty();
      GlobalOpenTelemetry.set(telemetry.sdk); // would throw if the global had been fixed
      Span span = tracer.spanBuilder("s").startSpan();
      try (Scope ignored = span.makeCurrent()) {
        assertThat(global.toMap()).containsKey("traceparent");
      } finally {
        span.end();
      }
    } finally {
      GlobalOpenTelemetry.resetForTest();
    }
  }
}

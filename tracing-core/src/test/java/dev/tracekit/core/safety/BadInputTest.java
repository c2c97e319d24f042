package dev.tracekit.core.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.tracekit.core.redaction.RedactingSpanExporter;
import dev.tracekit.core.redaction.Redactor;
import dev.tracekit.core.redaction.SpanNameGuard;
import dev.tracekit.core.sampling.SamplingRules;
import dev.tracekit.core.testing.OtlpReceiver;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Hostile input through the OpenTelemetry API on the TraceKit pipeline and TraceKit's own API. */
class BadInputTest {
  private static final String VALID_PARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private static final String MEGABYTE = "7".repeat(1 << 20);

  private static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<>() {
        @Override
        // Deprecated in API 1.67 but abstract before it: propagators that iterate keys call it on
        // older versions.
        @SuppressWarnings("deprecation")
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

  /** The TraceKit safety pipeline: limits, name guard, redaction, containment. */
  private Tracer tracer() {
    return SdkTracerProvider.builder()
        .setSpanLimits(TracekitLimits.defaults())
        .setSampler(SamplingRules.fromConfig("name=GET /health:drop", null, 1.0))
        .addSpanProcessor(SpanNameGuard.renaming())
        .addSpanProcessor(
            SafeSpanProcessor.wrap(
                SimpleSpanProcessor.create(
                    SafeSpanExporter.wrap(RedactingSpanExporter.create(exporter)))))
        .build()
        .get("bad-input");
  }

  @Test
  @SuppressWarnings("NullAway")
  void nullEmptyAndHugeNames() {
    Tracer tracer = tracer();
    String nullName = null;
    assertThatCode(
            () -> {
              tracer.spanBuilder(nullName).startSpan().end();
              tracer.spanBuilder("").startSpan().end();
              tracer.spanBuilder("   ").startSpan().end();
              tracer.spanBuilder(MEGABYTE).startSpan().end();
              tracer.spanBuilder("\u0000\uD800broken\uDFFF").startSpan().end();
            })
        .doesNotThrowAnyException();

    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).hasSize(5);
    assertThat(spans).allSatisfy(s -> assertThat(s.getName()).isNotNull());
    // a digit-run name is normalised by the guard (first 1024 chars examined)
    assertThat(spans.get(3).getName()).startsWith("{id}").hasSizeLessThan(MEGABYTE.length());
  }

  @Test
  @SuppressWarnings("NullAway")
  void hugeNanNullAndNestedAttributeValues() {
    Tracer tracer = tracer();
    Value<?> deep = Value.of("AKIAIOSFODNN7EXAMPLE");
    // 1000 levels: at 5000 levels the SDK's own recursive length check (value-length limit set)
    // overflowed the stack inside setAttribute in this JVM; nothing TraceKit can intercept there
    for (int i = 0; i < 1_000; i++) {
      deep = i % 2 == 0 ? Value.of(deep) : Value.of(KeyValue.of("k" + i, deep));
    }
    Value<?> deepest = deep;
    // Value attributes exist from OpenTelemetry 1.5x on; the rest of this test runs everywhere.
    AttributeKey<Value<?>> deepKey = dev.tracekit.core.testing.OtelApis.valueKeyOrNull("deep");
    String nullString = null;
    assertThatCode(
            () -> {
              Span span = tracer.spanBuilder("values").startSpan();
              span.setAttribute("huge", MEGABYTE);
              span.setAttribute("nan", Double.NaN);
              span.setAttribute("inf", Double.NEGATIVE_INFINITY);
              span.setAttribute("null.value", nullString);
              span.setAttribute(nullString, "null key");
              span.setAttribute("", "empty key");
              if (deepKey != null) {
                span.setAttribute(deepKey, deepest);
              }
              span.setAttribute(
                  AttributeKey.stringArrayKey("array"), java.util.Arrays.asList("a", null, "b"));
              span.setAllAttributes(null);
              span.addEvent(nullString);
              span.recordException(null);
              span.recordException(new RuntimeException((String) null));
              span.setStatus(null);
              span.updateName(null);
              span.end();
              span.end();
            })
        .doesNotThrowAnyException();

    SpanData span = exporter.getFinishedSpanItems().get(0);
    Attributes attributes = span.getAttributes();
    assertThat(attributes.get(AttributeKey.stringKey("huge"))).hasSize(4096);
    assertThat(attributes.get(AttributeKey.doubleKey("nan"))).isNaN();
    if (deepKey == null) {
      return;
    }
    // nesting deeper than the redactor scans is cut to REDACTED: no secret, no runaway recursion
    assertThat(attributes.get(deepKey).asString())
        .contains("REDACTED")
        .doesNotContain("AKIA")
        .hasSizeLessThan(2_000);
  }

  @Test
  void tensOfThousandsOfAttributes() {
    Tracer tracer = tracer();
    AttributesBuilder builder = Attributes.builder();
    for (int i = 0; i < 50_000; i++) {
      builder.put("attr." + i, "value " + i);
    }
    Attributes many = builder.build();
    assertThatCode(
            () -> {
              Span span = tracer.spanBuilder("many").setAllAttributes(many).startSpan();
              span.addEvent("many", many);
              span.end();
            })
        .doesNotThrowAnyException();
    SpanData span = exporter.getFinishedSpanItems().get(0);
    assertThat(span.getAttributes().size()).isEqualTo(128);
    assertThat(span.getTotalAttributeCount()).isEqualTo(50_000);
    assertThat(span.getEvents().get(0).getAttributes().size()).isEqualTo(128);
    assertThat(Redactor.defaults().redact(many)).isSameAs(many);
  }

  @Test
  void malformedTraceparentStartsANewTrace() {
    List<String> bad = new ArrayList<>();
    bad.add("");
    bad.add("garbage");
    bad.add("00-00000000000000000000000000000000-00f067aa0ba902b7-01");
    bad.add("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01");
    bad.add("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    bad.add("00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01");
    bad.add("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra");
    bad.add("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7");
    bad.add("00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01");
    bad.add("00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01");
    bad.add("\u0000\uFFFF" + MEGABYTE);
    Tracer tracer = tracer();
    for (String header : bad) {
      Context context =
          W3CTraceContextPropagator.getInstance()
              .extract(Context.root(), Map.of("traceparent", header), GETTER);
      assertThat(Span.fromContext(context).getSpanContext().isValid()).as(header).isFalse();
      Span span = tracer.spanBuilder("server").setParent(context).startSpan();
      assertThat(span.getSpanContext().isValid()).isTrue();
      assertThat(span.getSpanContext().getTraceId())
          .isNotEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
      span.end();
    }
  }

  @Test
  void malformedTracestateKeepsTheParentAndDropsTheState() {
    List<String> bad =
        List.of(
            "a=1,,,=,b",
            "=",
            "key with space=1",
            "a=" + MEGABYTE,
            String.join(",", java.util.Collections.nCopies(100, "k=v")),
            "\u0000=\u0001");
    for (String state : bad) {
      Context context =
          W3CTraceContextPropagator.getInstance()
              .extract(
                  Context.root(), Map.of("traceparent", VALID_PARENT, "tracestate", state), GETTER);
      SpanContext parent = Span.fromContext(context).getSpanContext();
      assertThat(parent.isValid()).isTrue();
      assertThat(parent.getTraceState().size()).as(state).isLessThanOrEqualTo(32);
    }
  }

  @Test
  void malformedBaggageIsIgnoredEntryByEntry() {
    List<String> bad =
        List.of(
            "k=v;;;=,",
            "%%%=%%",
            "=novalue",
            "nokey",
            "k=" + MEGABYTE,
            String.join(",", java.util.Collections.nCopies(10_000, "k=v")),
            "ok=1,bad key=2,\u0000=3");
    for (String header : bad) {
      Baggage baggage =
          Baggage.fromContext(
              W3CBaggagePropagator.getInstance()
                  .extract(Context.root(), Map.of("baggage", header), GETTER));
      assertThat(baggage.size()).as(header).isLessThanOrEqualTo(180);
    }
  }

  @Test
  void hostileValuesForTraceKitApis() {
    Redactor redactor = Redactor.defaults();
    String digits = "4".repeat(10_000_000);
    long t0 = System.nanoTime();
    assertThat(redactor.redactValue(digits)).isSameAs(digits);
    assertThat(redactor.redactValue("-----BEGIN " + MEGABYTE)).isNotNull();
    assertThat(redactor.redactValue("eyJ" + "a".repeat(1 << 20) + ".")).isNotNull();
    assertThat(redactor.redactValue("Bearer " + " ".repeat(1 << 20))).isNotNull();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    assertThat(redactor.isSensitiveKey(MEGABYTE)).isFalse();
    assertThat(SpanNameGuard.normalise(MEGABYTE)).startsWith("{id}");
    assertThat(SamplingRules.parse(MEGABYTE + ";" + MEGABYTE).problems()).hasSize(2);
    assertThatCode(() -> SamplingRules.fromConfig("\u0000:\u0000;" + MEGABYTE, "-5", 7.0))
        .doesNotThrowAnyException();
  }

  @Test
  void deeplyNestedValuesSurviveTheOtlpExportPath() {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      Pipeline p =
          Pipeline.create(
              RedactingSpanExporter.create(
                  Pipeline.otlp(receiver.endpoint(), Duration.ofSeconds(5), null)),
              1024,
              Duration.ofMillis(20),
              Duration.ofSeconds(5));
      Value<?> deep = Value.of("leaf");
      for (int i = 0; i < 5_000; i++) {
        deep = Value.of(deep);
      }
      Span span = p.tracer.spanBuilder("deep").startSpan();
      span.setAttribute(dev.tracekit.core.testing.OtelApis.valueKey("deep"), deep);
      span.setAttribute("nan", Double.NaN);
      span.end();
      p.endSpans("after-deep", 1);
      p.provider.forceFlush().join(10, TimeUnit.SECONDS);

      assertThat(receiver.awaitSpans(2, Duration.ofSeconds(5)))
          .extracting(OtlpReceiver.ReceivedSpan::name)
          .containsExactlyInAnyOrder("deep", "after-deep");
      assertThat(receiver.span("deep").attr("nan")).isEqualTo("NaN");
      p.close();
    }
  }
}

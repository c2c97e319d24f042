package dev.tracekit.core.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.core.sampling.SamplingAction;
import dev.tracekit.core.sampling.SamplingRule;
import dev.tracekit.core.sampling.SamplingRules;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplingRulesTest {
  private static final String EXAMPLE_RULES =
      "name=GET /health:drop;route=/webhooks/*:keep;kind=CLIENT:0.5;attr.tenant=acme:keep;"
          + "default:0";

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

  private Tracer tracer(Sampler sampler) {
    return SdkTracerProvider.builder()
        .setSampler(sampler)
        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
        .build()
        .get("sampling-test");
  }

  private List<String> exportedNames() {
    return exporter.getFinishedSpanItems().stream().map(SpanData::getName).toList();
  }

  @Test
  void rulesDropKeepAndFallBackToTheDefaultRatio() {
    Tracer tracer =
        tracer(
            SamplingRules.builder()
                .spanName("GET /health", SamplingAction.drop())
                .httpRoute("/webhooks/*", SamplingAction.keep())
                .attribute("tenant", "acme", SamplingAction.keep())
                .attribute("priority", "7", SamplingAction.keep())
                .defaultRatio(0)
                .build());

    tracer.spanBuilder("GET /health").startSpan().end();
    tracer
        .spanBuilder("POST /webhooks/{id}")
        .setAttribute("http.route", "/webhooks/ghl")
        .startSpan()
        .end();
    tracer.spanBuilder("tenant-call").setAttribute("tenant", "acme").startSpan().end();
    tracer.spanBuilder("other-tenant").setAttribute("tenant", "globex").startSpan().end();
    tracer.spanBuilder("long-attr").setAttribute("priority", 7L).startSpan().end();
    tracer.spanBuilder("GET /users").startSpan().end();
    // the route known only after start is not seen by the sampler
    Span late = tracer.spanBuilder("POST late").startSpan();
    late.setAttribute("http.route", "/webhooks/late");
    late.end();

    assertThat(exportedNames()).containsExactly("POST /webhooks/{id}", "tenant-call", "long-attr");
  }

  @Test
  void firstMatchingRuleWinsAndChildrenFollowTheirParent() {
    Tracer tracer =
        tracer(
            SamplingRules.builder()
                .spanName("GET /health", SamplingAction.drop())
                .spanName("GET *", SamplingAction.keep())
                .spanKind(SpanKind.INTERNAL, SamplingAction.drop())
                .defaultRatio(1)
                .build());

    tracer.spanBuilder("GET /health").setSpanKind(SpanKind.SERVER).startSpan().end();
    Span parent = tracer.spanBuilder("GET /orders").setSpanKind(SpanKind.SERVER).startSpan();
    // INTERNAL would be dropped as a root, but follows its sampled parent here
    tracer.spanBuilder("load-orders").setParent(Context.current().with(parent)).startSpan().end();
    parent.end();
    tracer.spanBuilder("background-job").startSpan().end();

    assertThat(exportedNames()).containsExactly("load-orders", "GET /orders");
  }

  @Test
  void ratioRuleKeepsRoughlyThatShare() {
    Tracer tracer =
        tracer(
            SamplingRules.builder().spanKind(SpanKind.CLIENT, SamplingAction.ratio(0.5)).build());
    for (int i = 0; i < 2000; i++) {
      tracer.spanBuilder("call").setSpanKind(SpanKind.CLIENT).startSpan().end();
    }
    // trace ids are random: 1000 expected, binomial sd ~22
    assertThat(exporter.getFinishedSpanItems()).hasSizeBetween(850, 1150);
  }

  @Test
  void rateLimitCapsNewTracesPerSecondButNotTheirChildren() {
    Tracer tracer = tracer(SamplingRules.builder().maxTracesPerSecond(10).build());
    int sampledRoots = 0;
    long t0 = System.nanoTime();
    for (int i = 0; i < 1000; i++) {
      Span root = tracer.spanBuilder("root").startSpan();
      if (root.getSpanContext().isSampled()) {
        sampledRoots++;
        Span child =
            tracer.spanBuilder("child").setParent(Context.current().with(root)).startSpan();
        assertThat(child.getSpanContext().isSampled()).isTrue();
        child.end();
      }
      root.end();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    // a burst of one second's worth (10) plus what refilled while the loop ran
    assertThat(sampledRoots).isBetween(10, 11 + (int) Math.ceil(seconds * 10));
  }

  @Test
  void rateLimitRefillsOverTime() throws InterruptedException {
    Sampler capped = SamplingRules.rateLimited(Sampler.alwaysOn(), 20);
    Tracer tracer = tracer(capped);
    long t0 = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      tracer.spanBuilder("burst").startSpan().end();
    }
    long t1 = System.nanoTime();
    int afterBurst = exporter.getFinishedSpanItems().size();
    Thread.sleep(300);
    for (int i = 0; i < 100; i++) {
      tracer.spanBuilder("later").startSpan().end();
    }
    long t2 = System.nanoTime();
    assertThat(afterBurst).isBetween(20, 21 + (int) Math.ceil((t1 - t0) / 1e9 * 20));
    // at least 300 ms at 20/s refilled (about 6 tokens), at most what the elapsed time allows
    assertThat(exporter.getFinishedSpanItems().size() - afterBurst)
        .isBetween(5, 1 + (int) Math.ceil((t2 - t0) / 1e9 * 20));
  }

  @Test
  void parsesTheDocumentedSyntax() {
    SamplingRules.ParseResult parsed = SamplingRules.parse(EXAMPLE_RULES);

    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.defaultRatio()).isEqualTo(0.0);
    assertThat(parsed.rules())
        .extracting(SamplingRule::toString)
        .containsExactly(
            "name=GET /health:drop",
            "route=/webhooks/*:keep",
            "kind=client:0.5",
            "attr.tenant=acme:keep");

    Tracer tracer = tracer(parsed.toBuilder().build());
    tracer.spanBuilder("GET /health").startSpan().end();
    tracer.spanBuilder("hook").setAttribute("http.route", "/webhooks/a").startSpan().end();
    tracer
        .spanBuilder("acme")
        .setAttribute(AttributeKey.stringKey("tenant"), "acme")
        .startSpan()
        .end();
    tracer.spanBuilder("rest").startSpan().end();
    assertThat(exportedNames()).containsExactly("hook", "acme");
  }

  @Test
  void invalidEntriesAreReportedAndSkippedNeverThrown() {
    SamplingRules.ParseResult parsed =
        SamplingRules.parse(
            " ;name=ok:keep;nocolon;kind=SIDEWAYS:keep;route=:drop;name=x:1.5;name=y:NaN;"
                + "color=red:keep;=x:keep;attr.=v:keep;default:maybe;;");

    assertThat(parsed.rules()).extracting(SamplingRule::toString).containsExactly("name=ok:keep");
    assertThat(parsed.problems()).hasSize(9);
    assertThat(parsed.defaultRatio()).isNull();
    assertThat(SamplingRules.parse(null).rules()).isEmpty();
    assertThat(SamplingRules.parse("").problems()).isEmpty();

    Sampler sampler = SamplingRules.fromConfig("kind=SIDEWAYS:keep;default:0", "lots", 1.0);
    assertThat(Diagnostics.wasReported("sampling-rate-limit:lots")).isTrue();
    assertThat(parsed.problems())
        .anySatisfy(p -> assertThat(p).contains("SIDEWAYS").contains("unknown span kind"));
    // the valid default:0 is kept, the invalid kind rule ignored
    tracer(sampler).spanBuilder("anything").startSpan().end();
    assertThat(exporter.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void builderFailsFastOnInvalidConfiguration() {
    assertThatThrownBy(() -> SamplingAction.ratio(1.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SamplingAction.ratio(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SamplingRules.builder().maxTracesPerSecond(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SamplingRules.builder().spanName("", SamplingAction.drop()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SamplingRules.rateLimited(Sampler.alwaysOn(), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SamplingRules.builder().spanKind(null, SamplingAction.keep()))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void autoconfigureSelectsTheRulesSamplerByName() {
    Map<String, String> props = new HashMap<>();
    props.put("otel.traces.sampler", "tracekit_rules");
    props.put("tracekit.sampling.rules", "name=GET /health:drop;route=/webhooks/*:keep");
    props.put("tracekit.sampling.rate.limit", "1000");
    props.put("otel.traces.sampler.arg", "0");
    props.put("otel.traces.exporter", "none");
    props.put("otel.metrics.exporter", "none");
    props.put("otel.logs.exporter", "none");
    OpenTelemetrySdk sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(() -> props)
            .addTracerProviderCustomizer(
                (builder, config) -> builder.addSpanProcessor(SimpleSpanProcessor.create(exporter)))
            .disableShutdownHook()
            .build()
            .getOpenTelemetrySdk();
    try {
      assertThat(sdk.getSdkTracerProvider().getSampler().getDescription())
          .contains("TracekitRules")
          .contains("RateLimited{1000.0/s");
      Tracer tracer = sdk.getTracer("autoconfigured");
      tracer.spanBuilder("GET /health").startSpan().end();
      tracer.spanBuilder("hook").setAttribute("http.route", "/webhooks/x").startSpan().end();
      // otel.traces.sampler.arg=0 is the default ratio when the rules have none
      tracer.spanBuilder("GET /other").startSpan().end();
      assertThat(exportedNames()).containsExactly("hook");
    } finally {
      sdk.close();
    }
  }
}

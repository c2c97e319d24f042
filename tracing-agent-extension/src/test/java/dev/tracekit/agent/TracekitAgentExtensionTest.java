package dev.tracekit.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.core.testing.OtlpReceiver;
import dev.tracekit.core.testing.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The extension's customizer applied the way the agent applies it: found through the service loader
 * by OpenTelemetry's autoconfigure, which builds the SDK and exports over OTLP/HTTP into a real
 * receiver. The agent itself is exercised in {@link AgentEndToEndIT}.
 */
class TracekitAgentExtensionTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private OtlpReceiver receiver;
  private OpenTelemetrySdk sdk;

  @BeforeEach
  void start() {
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void stop() {
    if (sdk != null) {
      sdk.shutdown().join(5, TimeUnit.SECONDS);
    }
    receiver.close();
  }

  /** An SDK configured like the agent's: these properties play the user's configuration. */
  private Tracer tracer(Map<String, String> properties) {
    Map<String, String> all = new HashMap<>();
    all.put("otel.service.name", "extension-test");
    all.put("otel.traces.exporter", "otlp");
    all.put("otel.exporter.otlp.protocol", "http/protobuf");
    all.put("otel.exporter.otlp.endpoint", receiver.endpoint());
    all.put("otel.metrics.exporter", "none");
    all.put("otel.logs.exporter", "none");
    all.put("otel.bsp.schedule.delay", "50");
    all.putAll(properties);
    sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(() -> all)
            .disableShutdownHook()
            .build()
            .getOpenTelemetrySdk();
    return sdk.getTracer("test");
  }

  private void flush() {
    assertThat(sdk.getSdkTracerProvider().forceFlush().join(5, TimeUnit.SECONDS).isSuccess())
        .isTrue();
  }

  @Test
  void redactsWhatTheAgentsExporterSends() {
    Tracer tracer = tracer(Map.of());
    tracer
        .spanBuilder("login " + AgentApp.AWS_KEY)
        .setAttribute("user.password", AgentApp.PASSWORD)
        .setAttribute("note", "key " + AgentApp.API_KEY)
        .setAttribute("order.id", "A-17")
        .startSpan()
        .end();
    ReceivedSpan span = receiver.awaitSpans(1, WAIT).get(0);
    assertThat(span.name()).isEqualTo("login REDACTED");
    assertThat(span.attr("user.password")).isEqualTo("REDACTED");
    assertThat(span.attr("note")).isEqualTo("key REDACTED");
    assertThat(span.attr("order.id")).isEqualTo("A-17");
  }

  @Test
  void redactionIsConfiguredWithTraceKitsProperties() {
    Tracer tracer =
        tracer(
            Map.of(
                "tracekit.redaction.keys", "tenant_secret_ref",
                "tracekit.redaction.allow", "user.password"));
    tracer
        .spanBuilder("work")
        .setAttribute("billing.tenant_secret_ref", "t-42")
        .setAttribute("user.password", "shown-on-purpose")
        .startSpan()
        .end();
    ReceivedSpan span = receiver.awaitSpans(1, WAIT).get(0);
    assertThat(span.attr("billing.tenant_secret_ref")).isEqualTo("REDACTED");
    assertThat(span.attr("user.password")).isEqualTo("shown-on-purpose");
  }

  @Test
  void traceKitLimitsAreDefaultsTheUserCanOverride() {
    String big = "x".repeat(5000);
    tracer(Map.of()).spanBuilder("big").setAttribute("payload", big).startSpan().end();
    assertThat(receiver.awaitSpans(1, WAIT).get(0).attr("payload")).hasSize(4096);
    stop();
    start();

    tracer(Map.of("otel.attribute.value.length.limit", "100"))
        .spanBuilder("big")
        .setAttribute("payload", big)
        .startSpan()
        .end();
    assertThat(receiver.awaitSpans(1, WAIT).get(0).attr("payload")).hasSize(100);
  }

  @Test
  void samplingRulesApplyOnlyWhenConfigured() {
    Tracer tracer = tracer(Map.of());
    tracer.spanBuilder("GET /health").startSpan().end();
    tracer.spanBuilder("work").startSpan().end();
    assertThat(receiver.awaitSpans(2, WAIT)).extracting(ReceivedSpan::name).contains("GET /health");
    stop();
    start();

    tracer = tracer(Map.of("tracekit.sampling.rules", "name=GET /health:drop;default:1"));
    tracer.spanBuilder("GET /health").startSpan().end();
    tracer.spanBuilder("work").startSpan().end();
    flush();
    assertThat(receiver.awaitSpans(1, WAIT)).extracting(ReceivedSpan::name).containsExactly("work");
  }

  @Test
  void aStandardSamplerWinsOverTraceKitsRules() {
    Tracer tracer =
        tracer(
            Map.of(
                "otel.traces.sampler", "always_on",
                "tracekit.sampling.rules", "name=GET /health:drop"));
    tracer.spanBuilder("GET /health").startSpan().end();
    assertThat(receiver.awaitSpans(1, WAIT)).extracting(ReceivedSpan::name).contains("GET /health");
  }

  @Test
  void theRulesSamplerCanBeNamedExplicitly() {
    Tracer tracer =
        tracer(
            Map.of(
                "otel.traces.sampler", "tracekit_rules",
                "tracekit.sampling.rules", "name=noise*:drop"));
    tracer.spanBuilder("noise.tick").startSpan().end();
    tracer.spanBuilder("work").startSpan().end();
    flush();
    assertThat(receiver.awaitSpans(1, WAIT)).extracting(ReceivedSpan::name).containsExactly("work");
  }

  @Test
  void sampleRateAliasSetsARatioSampler() {
    Tracer tracer = tracer(Map.of("otel.sample.rate", "0"));
    for (int i = 0; i < 20; i++) {
      tracer.spanBuilder("dropped").startSpan().end();
    }
    flush();
    sdk.shutdown().join(5, TimeUnit.SECONDS);
    // A second SDK on the same receiver shows the export path works.
    tracer(Map.of("otel.sampling.rate", "1")).spanBuilder("kept").startSpan().end();
    receiver.awaitSpans(1, WAIT);
    flush();
    assertThat(receiver.spans()).extracting(ReceivedSpan::name).containsExactly("kept");
  }

  @Test
  void malformedAliasIsIgnored() {
    Tracer tracer = tracer(Map.of("otel.sample.rate", "lots"));
    tracer.spanBuilder("kept").startSpan().end();
    assertThat(receiver.awaitSpans(1, WAIT)).extracting(ReceivedSpan::name).containsExactly("kept");
    assertThat(Diagnostics.wasReported("agent-extension:OTEL_SAMPLE_RATE=lots")).isTrue();
  }
}

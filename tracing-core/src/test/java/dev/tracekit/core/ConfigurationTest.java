package dev.tracekit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracekit.core.testing.OtlpReceiver;
import dev.tracekit.core.testing.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every variable and alias of the configuration table in the README. */
class ConfigurationTest {
  private OtlpReceiver receiver;

  @BeforeEach
  void start() {
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private TracingSdk build(String... env) {
    return SdkFixture.builder(SdkFixture.env(receiver, env)).build();
  }

  private static boolean sampled(TracingSdk sdk) {
    Span span = sdk.tracing().tracer().spanBuilder("probe").startSpan();
    boolean sampled = span.getSpanContext().isSampled();
    span.end();
    return sampled;
  }

  private static String samplerOf(TracingSdk sdk) {
    return sdk.sdk().getSdkTracerProvider().getSampler().getDescription();
  }

  @Test
  void otelEnabledFalseGivesANoOp() {
    for (String off : List.of("false", "0", "FALSE", "off")) {
      try (TracingSdk sdk = build("OTEL_ENABLED", off)) {
        assertThat(sdk.enabled()).as(off).isFalse();
        assertThat(sdk.openTelemetry()).isSameAs(OpenTelemetry.noop());
        assertThat(sdk.tracing().isNoop()).isTrue();
        assertThat(sdk.tracing().trace("x", () -> Span.current().getSpanContext().isValid()))
            .isFalse();
        assertThat(sdk.status().enabled()).isFalse();
      }
    }
    try (TracingSdk sdk = build("OTEL_SDK_DISABLED", "true")) {
      assertThat(sdk.enabled()).isFalse();
    }
    try (TracingSdk sdk = SdkFixture.builder(SdkFixture.env(receiver)).enabled(false).build()) {
      assertThat(sdk.enabled()).isFalse();
    }
  }

  @Test
  void otelEnabledTrueOrMalformedKeepsTelemetryOn() {
    try (TracingSdk sdk = build("OTEL_ENABLED", "1")) {
      assertThat(sdk.enabled()).isTrue();
    }
    try (TracingSdk sdk = build("OTEL_ENABLED", "maybe")) {
      assertThat(sdk.enabled()).isTrue();
      assertThat(sdk.status().configurationProblems())
          .anySatisfy(p -> assertThat(p).contains("OTEL_ENABLED=maybe").contains("true, false"));
    }
  }

  @Test
  void sampleRateAliases() {
    try (TracingSdk sdk = build("OTEL_SAMPLE_RATE", "0")) {
      assertThat(samplerOf(sdk)).contains("ParentBased").contains("TraceIdRatioBased{0");
      assertThat(sampled(sdk)).isFalse();
    }
    try (TracingSdk sdk = build("OTEL_SAMPLING_RATE", "0.25")) {
      assertThat(samplerOf(sdk)).contains("TraceIdRatioBased{0.25");
    }
    try (TracingSdk sdk = build("OTEL_SAMPLE_RATE", "1.0")) {
      assertThat(sampled(sdk)).isTrue();
    }
    // The standard variable wins over the alias.
    try (TracingSdk sdk = build("OTEL_SAMPLE_RATE", "0", "OTEL_TRACES_SAMPLER", "always_on")) {
      assertThat(samplerOf(sdk)).isEqualTo("AlwaysOnSampler");
    }
    try (TracingSdk sdk = build("OTEL_SAMPLE_RATE", "lots")) {
      assertThat(sampled(sdk)).isTrue();
      assertThat(sdk.status().configurationProblems())
          .anySatisfy(p -> assertThat(p).contains("OTEL_SAMPLE_RATE=lots"));
    }
    try (TracingSdk sdk = build("OTEL_SAMPLE_RATE", "1.5")) {
      assertThat(sampled(sdk)).isTrue();
      assertThat(sdk.status().configurationProblems()).isNotEmpty();
    }
    try (TracingSdk sdk = SdkFixture.builder(SdkFixture.env(receiver)).sampleRate(0).build()) {
      assertThat(sampled(sdk)).isFalse();
    }
  }

  @Test
  void standardSamplerVariablesAndMalformedOnes() {
    try (TracingSdk sdk =
        build("OTEL_TRACES_SAMPLER", "traceidratio", "OTEL_TRACES_SAMPLER_ARG", "0.5")) {
      assertThat(samplerOf(sdk)).contains("TraceIdRatioBased{0.5");
    }
    try (TracingSdk sdk = build("OTEL_TRACES_SAMPLER", "sometimes")) {
      assertThat(samplerOf(sdk)).contains("ParentBased{root:AlwaysOnSampler");
      assertThat(sdk.status().configurationProblems())
          .anySatisfy(p -> assertThat(p).contains("OTEL_TRACES_SAMPLER=sometimes"));
    }
    try (TracingSdk sdk =
        build("OTEL_TRACES_SAMPLER", "traceidratio", "OTEL_TRACES_SAMPLER_ARG", "x")) {
      assertThat(samplerOf(sdk)).contains("TraceIdRatioBased{1");
    }
  }

  @Test
  void consoleExporterAliasPrintsTrees() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TracingSdk sdk =
        SdkFixture.builder(SdkFixture.env(receiver, "OTEL_CONSOLE_EXPORTER", "true"))
            .consoleOutput(new PrintStream(out, true, StandardCharsets.UTF_8))
            .build()) {
      sdk.tracing().run("parent.op", () -> sdk.tracing().run("child.op", () -> {}));
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("trace ").contains("parent.op").contains("└─ child.op");
    // Still exported over OTLP too.
    assertThat(receiver.awaitSpans(2, Duration.ofSeconds(5))).hasSize(2);
  }

  @Test
  void exporterTypeAliasSelectsConsoleOtlpOrNone() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TracingSdk sdk =
        SdkFixture.builder(SdkFixture.env(receiver, "OTEL_EXPORTER_TYPE", "console"))
            .consoleOutput(new PrintStream(out, true, StandardCharsets.UTF_8))
            .build()) {
      sdk.tracing().run("console.only", () -> {});
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("console.only");
    try (TracingSdk sdk = build("OTEL_EXPORTER_TYPE", "none")) {
      sdk.tracing().run("nowhere", () -> {});
      assertThat(sampled(sdk)).isTrue(); // a processor is always registered: spans are valid
    }
    try (TracingSdk sdk = build("OTEL_EXPORTER_TYPE", "otlp")) {
      sdk.tracing().run("via.otlp", () -> {});
    }
    try (TracingSdk sdk = build("OTEL_EXPORTER_TYPE", "kafka")) {
      sdk.tracing().run("via.default", () -> {});
      assertThat(sdk.status().configurationProblems())
          .anySatisfy(p -> assertThat(p).contains("OTEL_EXPORTER_TYPE=kafka"));
    }
    // The standard variable wins over the alias.
    try (TracingSdk sdk = build("OTEL_EXPORTER_TYPE", "none", "OTEL_TRACES_EXPORTER", "otlp")) {
      sdk.tracing().run("standard.wins", () -> {});
    }
    List<ReceivedSpan> spans = receiver.awaitSpans(3, Duration.ofSeconds(5));
    assertThat(spans)
        .extracting(ReceivedSpan::name)
        .containsExactlyInAnyOrder("via.otlp", "via.default", "standard.wins");
  }

  @Test
  void debugExportsEachSpanAtOnce() {
    try (TracingSdk sdk = build("OTEL_DEBUG", "true", "OTEL_BSP_SCHEDULE_DELAY", "600000")) {
      sdk.tracing().run("debug.span", () -> {});
      // With a 10-minute batch delay, only an immediate (simple) export can deliver it now.
      assertThat(receiver.awaitSpans(1, Duration.ofSeconds(5)))
          .extracting(ReceivedSpan::name)
          .containsExactly("debug.span");
    }
    Logger.getLogger("io.opentelemetry").setLevel(null);
    Logger.getLogger("dev.tracekit").setLevel(null);
  }

  @Test
  void logLevel() {
    Logger otel = Logger.getLogger("io.opentelemetry");
    try (TracingSdk sdk = build("OTEL_LOG_LEVEL", "error")) {
      assertThat(otel.getLevel()).isEqualTo(Level.SEVERE);
    }
    try (TracingSdk sdk = build("OTEL_LOG_LEVEL", "debug")) {
      assertThat(otel.getLevel()).isEqualTo(Level.FINE);
    }
    try (TracingSdk sdk = build("OTEL_LOG_LEVEL", "chatty")) {
      assertThat(sdk.status().configurationProblems())
          .anySatisfy(p -> assertThat(p).contains("OTEL_LOG_LEVEL=chatty"));
    } finally {
      otel.setLevel(null);
      Logger.getLogger("dev.tracekit").setLevel(null);
    }
  }

  @Test
  void serviceVersionAlias() {
    try (TracingSdk sdk = build("OTEL_SERVICE_VERSION", "2.0.1")) {
      sdk.tracing().run("versioned", () -> {});
    }
    assertThat(receiver.awaitSpans(1, Duration.ofSeconds(5)).get(0).resourceAttr("service.version"))
        .isEqualTo("2.0.1");
  }

  @Test
  void otlpHeadersInStandardAndJsonForm() {
    try (TracingSdk sdk = build("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=abc,x-b=2")) {
      sdk.tracing().run("h1", () -> {});
    }
    receiver.awaitSpans(1, Duration.ofSeconds(5));
    assertThat(receiver.lastHeaders().get("X-honeycomb-team")).containsExactly("abc");
    receiver.reset();
    try (TracingSdk sdk =
        build("OTEL_EXPORTER_OTLP_HEADERS", "{\"Authorization\":\"Bearer YOUR TOKEN\"}")) {
      sdk.tracing().run("h2", () -> {});
    }
    receiver.awaitSpans(1, Duration.ofSeconds(5));
    assertThat(receiver.lastHeaders().get("Authorization")).containsExactly("Bearer YOUR TOKEN");
    receiver.reset();
    try (TracingSdk sdk = build("OTEL_EXPORTER_OTLP_HEADERS", "{\"broken\":")) {
      sdk.tracing().run("h3", () -> {});
      assertThat(sdk.status().configurationProblems())
          .anySatisfy(p -> assertThat(p).contains("OTEL_EXPORTER_OTLP_HEADERS"));
    }
    assertThat(receiver.awaitSpans(1, Duration.ofSeconds(5))).hasSize(1);
  }

  @Test
  void endpointAliasAndStandardWins() {
    try (TracingSdk sdk =
        TracingSdk.builder()
            .environment(
                Map.of(
                    "OTEL_ENDPOINT", receiver.endpoint(),
                    "OTEL_METRICS_EXPORTER", "none",
                    "OTEL_BSP_SCHEDULE_DELAY", "50"))
            .registerGlobal(false)
            .shutdownHook(false)
            .build()) {
      sdk.tracing().run("via.alias", () -> {});
    }
    assertThat(receiver.awaitSpans(1, Duration.ofSeconds(5))).hasSize(1);
    receiver.reset();
    try (TracingSdk sdk = build("OTEL_ENDPOINT", "http://127.0.0.1:9")) {
      sdk.tracing().run("standard.endpoint", () -> {});
    }
    assertThat(receiver.awaitSpans(1, Duration.ofSeconds(5))).hasSize(1);
    try (TracingSdk sdk = build("OTEL_EXPORTER_OTLP_ENDPOINT", "not a url")) {
      assertThat(sdk.status().configurationProblems())
          .anySatisfy(p -> assertThat(p).contains("OTEL_EXPORTER_OTLP_ENDPOINT=not a url"));
    }
  }

  @Test
  void protocolAndNumbersMalformedFallBackToDefaults() {
    try (TracingSdk sdk =
        build(
            "OTEL_EXPORTER_OTLP_PROTOCOL", "carrier-pigeon",
            "OTEL_BSP_MAX_QUEUE_SIZE", "many",
            "OTEL_BSP_SCHEDULE_DELAY", "-")) {
      sdk.tracing().run("still.works", () -> {});
      assertThat(sdk.status().configurationProblems())
          .anySatisfy(p -> assertThat(p).contains("OTEL_EXPORTER_OTLP_PROTOCOL=carrier-pigeon"))
          .anySatisfy(p -> assertThat(p).contains("OTEL_BSP_MAX_QUEUE_SIZE=many"))
          .anySatisfy(p -> assertThat(p).contains("OTEL_BSP_SCHEDULE_DELAY=-"));
    }
    assertThat(receiver.awaitSpans(1, Duration.ofSeconds(10))).hasSize(1);
  }

  @Test
  void grpcProtocolBuildsTheGrpcExporter() {
    try (TracingSdk sdk = build("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")) {
      assertThat(sdk.sdk().getSdkTracerProvider().toString()).contains("OtlpGrpcSpanExporter");
    }
    try (TracingSdk sdk = build()) {
      assertThat(sdk.sdk().getSdkTracerProvider().toString()).contains("OtlpHttpSpanExporter");
    }
  }

  @Test
  void serviceNameFromCodeIsADefaultTheEnvironmentOverrides() {
    try (TracingSdk sdk =
        SdkFixture.builder(
                Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                    "OTEL_METRICS_EXPORTER", "none",
                    "OTEL_BSP_SCHEDULE_DELAY", "50"))
            .serviceName("from-code")
            .build()) {
      sdk.tracing().run("named", () -> {});
    }
    assertThat(receiver.awaitSpans(1, Duration.ofSeconds(5)).get(0).resourceAttr("service.name"))
        .isEqualTo("from-code");
    receiver.reset();
    try (TracingSdk sdk =
        SdkFixture.builder(SdkFixture.env(receiver)).serviceName("from-code").build()) {
      sdk.tracing().run("named", () -> {});
    }
    assertThat(receiver.awaitSpans(1, Duration.ofSeconds(5)).get(0).resourceAttr("service.name"))
        .isEqualTo("test-service");
  }

  @Test
  void resourceAttributesCompressionLimitsAndPropagators() {
    try (TracingSdk sdk =
        build(
            "OTEL_RESOURCE_ATTRIBUTES", "team=payments,deployment.environment.name=prod",
            "OTEL_EXPORTER_OTLP_COMPRESSION", "gzip",
            "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", "2",
            "OTEL_PROPAGATORS", "tracecontext")) {
      sdk.tracing()
          .span("limited")
          .attribute("a", "1")
          .attribute("b", "2")
          .attribute("c", "3")
          .run(() -> {});
      java.util.Map<String, String> headers = new java.util.HashMap<>();
      try (io.opentelemetry.context.Scope ignored = sdk.tracing().setBaggage("user.id", "u-1")) {
        sdk.openTelemetry()
            .getPropagators()
            .getTextMapPropagator()
            .inject(io.opentelemetry.context.Context.current(), headers, java.util.Map::put);
      }
      assertThat(headers).doesNotContainKey("baggage");
    }
    ReceivedSpan span = receiver.awaitSpans(1, Duration.ofSeconds(5)).get(0);
    assertThat(span.resourceAttr("team")).isEqualTo("payments");
    assertThat(span.resourceAttr("deployment.environment.name")).isEqualTo("prod");
    assertThat(span.span().getAttributesCount()).isEqualTo(2);
    assertThat(receiver.lastHeaders().get("Content-encoding")).containsExactly("gzip");
  }

  @Test
  void defaultPropagatorsCarryTraceContextAndBaggageAndLogsAreOff() {
    try (TracingSdk sdk = build()) {
      java.util.Map<String, String> headers = new java.util.HashMap<>();
      try (io.opentelemetry.context.Scope ignored = sdk.tracing().setBaggage("user.id", "u-1")) {
        sdk.tracing()
            .run(
                "outgoing",
                () ->
                    sdk.openTelemetry()
                        .getPropagators()
                        .getTextMapPropagator()
                        .inject(
                            io.opentelemetry.context.Context.current(),
                            headers,
                            java.util.Map::put));
      }
      assertThat(headers).containsKey("traceparent").containsEntry("baggage", "user.id=u-1");
      assertThat(sdk.sdk().getSdkLoggerProvider().toString()).doesNotContain("Otlp");
    }
  }

  @Test
  void builderFailsFastOnProgrammingErrors() {
    assertThatThrownBy(() -> TracingSdk.builder().sampleRate(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sampleRate");
    assertThatThrownBy(() -> TracingSdk.builder().serviceName(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TracingSdk.builder().otlpEndpoint("localhost:4318"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TracingSdk.builder().otlpProtocol("udp"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TracingSdk.builder().addSpanExporter(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("exporter");
    assertThatThrownBy(() -> TracingSdk.builder().shutdownTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

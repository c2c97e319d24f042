package dev.tracekit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.testing.OtlpReceiver;
import dev.tracekit.spring.internal.ExportStats;
import dev.tracekit.spring.internal.OtelStarterCustomizer;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The hook for OpenTelemetry's Spring Boot starter, an {@code AutoConfigurationCustomizerProvider}
 * bean, applied the way the starter applies it: to OpenTelemetry's autoconfigure, exporting with
 * the real OTLP exporter into the receiver.
 */
class OtelStarterCustomizerTest {
  @Test
  void redactionLimitsAndSamplingRulesReachTheAutoconfiguredSdk() {
    StandardEnvironment env = new StandardEnvironment();
    env.getPropertySources()
        .addFirst(
            new MapPropertySource("test", Map.of("tracekit.sampling.rules", "name=noise.*:drop")));
    ExportStats stats = new ExportStats();
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      AutoConfiguredOpenTelemetrySdkBuilder builder =
          AutoConfiguredOpenTelemetrySdk.builder()
              .addPropertiesSupplier(
                  () ->
                      Map.of(
                          "otel.traces.exporter", "otlp",
                          "otel.exporter.otlp.protocol", "http/protobuf",
                          "otel.exporter.otlp.endpoint", receiver.endpoint(),
                          "otel.metrics.exporter", "none",
                          "otel.logs.exporter", "none",
                          "otel.bsp.schedule.delay", "50"))
              .disableShutdownHook();
      new OtelStarterCustomizer(env, stats).customize(builder);
      OpenTelemetrySdk sdk = builder.build().getOpenTelemetrySdk();
      try {
        Tracer tracer = sdk.getTracer("test");
        tracer.spanBuilder("noise.poll").startSpan().end();
        tracer
            .spanBuilder("checkout")
            .setAttribute("payment.api_key", "sk-live-0123456789abcdef0123456789")
            .setAttribute("note", "n".repeat(5000))
            .startSpan()
            .end();
        OtlpReceiver.ReceivedSpan checkout =
            receiver.awaitSpans(s -> s.name().equals("checkout"), 1, Duration.ofSeconds(10)).get(0);
        assertThat(checkout.attr("payment.api_key")).isEqualTo("REDACTED");
        assertThat(checkout.attr("note")).hasSize(4096);
        assertThat(receiver.spans()).noneMatch(s -> s.name().equals("noise.poll"));
        // The receiver can see the span before the exporter's result reaches the counters.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (stats.exported() < 1 && System.nanoTime() < deadline) {
          sdk.getSdkTracerProvider().forceFlush().join(1, java.util.concurrent.TimeUnit.SECONDS);
          Thread.onSpinWait();
        }
        assertThat(stats.exported()).isGreaterThanOrEqualTo(1);
        assertThat(stats.failures()).isZero();
      } finally {
        sdk.close();
      }
    }
  }
}

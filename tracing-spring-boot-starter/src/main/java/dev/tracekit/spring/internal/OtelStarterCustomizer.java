package dev.tracekit.spring.internal;

import dev.tracekit.core.redaction.RedactingSpanExporter;
import dev.tracekit.core.safety.LengthCappingSpanExporter;
import dev.tracekit.core.safety.TracekitLimits;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Objects;
import org.springframework.core.env.Environment;

/**
 * Adds TraceKit's pieces to the SDK that OpenTelemetry's Spring Boot starter builds (it applies
 * {@link AutoConfigurationCustomizerProvider} beans): span limits as defaults that {@code otel.*}
 * settings override, redaction and export counters in front of every exporter, and the sampling
 * rules when {@code tracekit.sampling.*} is set.
 *
 * <p>Internal: not API.
 */
public final class OtelStarterCustomizer implements AutoConfigurationCustomizerProvider {
  private final Environment env;
  private final ExportStats stats;

  /**
   * Creates the customizer.
   *
   * @param env the environment
   * @param stats the export counters
   */
  public OtelStarterCustomizer(Environment env, ExportStats stats) {
    this.env = Objects.requireNonNull(env, "env");
    this.stats = Objects.requireNonNull(stats, "stats");
  }

  @Override
  public void customize(AutoConfigurationCustomizer customizer) {
    customizer.addPropertiesSupplier(TracekitLimits::recordTimeProperties);
    customizer.addSpanExporterCustomizer(
        (exporter, config) -> {
          if (exporter instanceof RedactingSpanExporter
              || exporter instanceof LengthCappingSpanExporter) {
            return exporter;
          }
          SpanExporter redacted =
              Settings.redaction(env)
                  ? RedactingSpanExporter.create(stats.count(exporter), Settings.redactor(env))
                  : stats.count(exporter);
          return TracekitLimits.capOnExport(redacted, TracekitLimits.lengthLimitConfigured(config));
        });
    if (Settings.samplingConfigured(env)) {
      customizer.addSamplerCustomizer(
          (original, config) -> {
            String arg = config.getString("otel.traces.sampler.arg");
            double ratio = 1.0;
            try {
              if (arg != null) {
                ratio = Double.parseDouble(arg.trim());
              }
            } catch (NumberFormatException e) {
              ratio = 1.0;
            }
            Sampler rules = Settings.sampler(env, ratio >= 0 && ratio <= 1 ? ratio : 1.0);
            return rules;
          });
    }
  }
}

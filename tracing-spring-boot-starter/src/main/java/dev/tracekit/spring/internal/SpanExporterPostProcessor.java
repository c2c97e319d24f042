package dev.tracekit.spring.internal;

import dev.tracekit.core.redaction.RedactingSpanExporter;
import dev.tracekit.core.safety.LengthCappingSpanExporter;
import dev.tracekit.core.safety.TracekitLimits;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Objects;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Puts TraceKit's redaction (and the export counters of the health indicator) in front of every
 * {@link SpanExporter} bean, such as the OTLP exporter Boot's tracing builds: Boot hands those
 * beans to its batch span processor.
 *
 * <p>Internal: not API.
 */
public final class SpanExporterPostProcessor implements BeanPostProcessor, Ordered {
  private final Environment env;
  private final ExportStats stats;

  /**
   * Creates the post-processor.
   *
   * @param env the environment ({@code tracekit.redaction.*})
   * @param stats the export counters
   */
  public SpanExporterPostProcessor(Environment env, ExportStats stats) {
    this.env = Objects.requireNonNull(env, "env");
    this.stats = Objects.requireNonNull(stats, "stats");
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof SpanExporter exporter)
        || bean instanceof RedactingSpanExporter
        || bean instanceof LengthCappingSpanExporter) {
      return bean;
    }
    try {
      SpanExporter counted = stats.count(exporter);
      SpanExporter redacted =
          Settings.redaction(env)
              ? RedactingSpanExporter.create(counted, Settings.redactor(env))
              : counted;
      // Boot's SpanLimits (Boot3Limits/Boot4Limits) leave the value length to the exporters on
      // JVMs where the record-time limit is costly.
      return TracekitLimits.capOnExport(redacted, false);
    } catch (RuntimeException | LinkageError e) {
      Reports.once(
          "exporter " + beanName,
          "could not add TraceKit's redaction to the span exporter bean '"
              + beanName
              + "'; it exports unredacted",
          e);
      return bean;
    }
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}

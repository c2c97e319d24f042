package dev.tracekit.agent;

import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.core.redaction.RedactingSpanExporter;
import dev.tracekit.core.redaction.Redactor;
import dev.tracekit.core.safety.SafeSpanExporter;
import dev.tracekit.core.safety.TracekitLimits;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Adds TraceKit's safety to the OpenTelemetry Java agent's pipeline, through the agent's extension
 * mechanism ({@code -Dotel.javaagent.extensions=/path/to/tracing-agent-extension.jar}):
 *
 * <ul>
 *   <li><b>Redaction</b>: every span exporter the agent configures ({@code otel.traces.exporter})
 *       is wrapped so that span names, attributes, event attributes (exception messages and stack
 *       traces included), link attributes and status descriptions go through TraceKit's {@link
 *       Redactor} before export: sensitive keys ({@code password}, {@code api_key}, ...) and
 *       secrets found in values (API keys, card numbers, JWTs, AWS keys, bearer credentials) become
 *       {@code REDACTED}. Configured with {@code TRACEKIT_REDACTION_KEYS}, {@code
 *       TRACEKIT_REDACTION_ALLOW}, {@code TRACEKIT_REDACTION_EMAILS} (or the system properties
 *       {@code tracekit.redaction.*}). If the redaction cannot be set up, the exporter is replaced
 *       by one that exports nothing: spans are lost, never secrets.
 *   <li><b>Sampling rules</b>, only when configured: {@code OTEL_TRACES_SAMPLER=tracekit_rules}, or
 *       {@code TRACEKIT_SAMPLING_RULES} / {@code TRACEKIT_SAMPLING_RATE_LIMIT} with no {@code
 *       OTEL_TRACES_SAMPLER}; TraceKit's sample-rate aliases ({@code OTEL_SAMPLE_RATE}, {@code
 *       OTEL_SAMPLING_RATE}) and {@code OTEL_ENDPOINT}, {@code OTEL_SERVICE_VERSION} are honoured
 *       too (a standard variable wins).
 *   <li><b>Limits</b>: TraceKit's span limits ({@link TracekitLimits}) as defaults; the standard
 *       {@code OTEL_*_LIMIT} variables still win.
 * </ul>
 *
 * <p>Problems are reported once through the agent's own logger; nothing here throws into the
 * agent's start-up or the application.
 */
public final class TracekitAgentExtension implements AutoConfigurationCustomizerProvider {
  /**
   * Runs after other customizers, so that the redacting wrapper is the outermost one: spans are
   * redacted before any other exporter wrapper sees them.
   */
  static final int ORDER = Integer.MAX_VALUE - 100;

  /** For the service loader. */
  public TracekitAgentExtension() {}

  @Override
  public void customize(AutoConfigurationCustomizer autoConfiguration) {
    try {
      autoConfiguration
          .addPropertiesCustomizer(AgentSettings::overrides)
          .addSpanExporterCustomizer(TracekitAgentExtension::redacting);
    } catch (RuntimeException | LinkageError e) {
      Diagnostics.reportOnce(
          "agent-extension:customize",
          "the TraceKit agent extension could not customize the agent's SDK; TraceKit's redaction"
              + " is NOT active for the agent's spans",
          e);
    }
  }

  /**
   * Wraps one of the agent's span exporters: redaction first, then containment of the exporter's
   * own exceptions.
   */
  static SpanExporter redacting(SpanExporter exporter, ConfigProperties config) {
    try {
      // TracekitLimits.capOnExport is outermost: redaction then scans values already cut.
      return SafeSpanExporter.wrap(
          TracekitLimits.capOnExport(
              RedactingSpanExporter.create(exporter, redactor(config)),
              TracekitLimits.lengthLimitConfigured(config)));
    } catch (RuntimeException | LinkageError e) {
      Diagnostics.reportOnce(
          "agent-extension:redaction",
          "the TraceKit agent extension could not set up redaction for "
              + exporter
              + "; its spans are dropped rather than exported unredacted",
          e);
      return SpanExporter.composite();
    }
  }

  private static Redactor redactor(ConfigProperties config) {
    return Redactor.fromConfig(
        config.getString("tracekit.redaction.keys"),
        config.getString("tracekit.redaction.allow"),
        config.getString("tracekit.redaction.emails"));
  }

  @Override
  public int order() {
    return ORDER;
  }
}

package dev.tracekit.core.internal.sampling;

import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.core.sampling.SamplingRules;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSamplerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * {@code OTEL_TRACES_SAMPLER=tracekit_rules}: the TraceKit rules sampler for any autoconfigured
 * SDK, reading {@code tracekit.sampling.rules} ({@code TRACEKIT_SAMPLING_RULES}), {@code
 * tracekit.sampling.rate.limit} ({@code TRACEKIT_SAMPLING_RATE_LIMIT}) and, as the default ratio
 * when the rules have no {@code default} entry, {@code otel.traces.sampler.arg}.
 */
public final class TracekitRulesSamplerProvider implements ConfigurableSamplerProvider {
  /** The sampler name for {@code otel.traces.sampler}. */
  public static final String NAME = "tracekit_rules";

  /** For the service loader. */
  public TracekitRulesSamplerProvider() {}

  @Override
  public Sampler createSampler(ConfigProperties config) {
    String rules = null;
    String rateLimit = null;
    double fallback = 1.0;
    try {
      rules = config.getString(SamplingRules.RULES_PROPERTY);
      rateLimit = config.getString(SamplingRules.RATE_LIMIT_PROPERTY);
      String arg = config.getString("otel.traces.sampler.arg");
      if (arg != null && !arg.isBlank()) {
        try {
          double ratio = Double.parseDouble(arg.strip());
          if (ratio >= 0 && ratio <= 1) {
            fallback = ratio;
          } else {
            report(arg);
          }
        } catch (NumberFormatException e) {
          report(arg);
        }
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "sampling-rules:config", "could not read the sampling configuration; using defaults", e);
    }
    return SamplingRules.fromConfig(rules, rateLimit, fallback);
  }

  private static void report(String arg) {
    Diagnostics.reportOnce(
        "sampling-rules:arg:" + arg,
        "ignoring otel.traces.sampler.arg='"
            + arg
            + "' for tracekit_rules: expected a ratio between 0 and 1; using 1.0");
  }

  @Override
  public String getName() {
    return NAME;
  }
}

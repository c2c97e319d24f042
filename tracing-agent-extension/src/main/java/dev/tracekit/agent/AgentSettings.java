package dev.tracekit.agent;

import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.core.safety.TracekitLimits;
import dev.tracekit.core.sampling.SamplingRules;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * TraceKit's defaults and configuration aliases, translated into the agent's standard properties.
 * The agent reads environment variables and system properties itself ({@code OTEL_SAMPLE_RATE}
 * arrives as {@code otel.sample.rate}); a standard property, when set, always wins over an alias.
 */
final class AgentSettings {
  private AgentSettings() {}

  /** The properties to override in the agent's configuration; never throws. */
  static Map<String, String> overrides(ConfigProperties config) {
    Map<String, String> out = new HashMap<>();
    try {
      // TraceKit's span limits where nothing (environment, system properties, the agent's
      // configuration file) sets them.
      // The value length limit only where it is cheap at record time; elsewhere the extension's
      // exporter wrapper cuts (TracekitAgentExtension.redacting).
      for (Map.Entry<String, String> limit : TracekitLimits.recordTimeProperties().entrySet()) {
        if (get(config, limit.getKey()) == null) {
          out.put(limit.getKey(), limit.getValue());
        }
      }
      sampler(config, out);
      if (get(config, "otel.exporter.otlp.endpoint") == null) {
        String endpoint = get(config, "otel.endpoint");
        if (endpoint != null) {
          out.put("otel.exporter.otlp.endpoint", endpoint);
        }
      }
      String version = get(config, "otel.service.version");
      if (version != null) {
        String resource = get(config, "otel.resource.attributes");
        if (resource == null || !resource.contains("service.version=")) {
          String attribute =
              "service.version=" + URLEncoder.encode(version, StandardCharsets.UTF_8);
          out.put(
              "otel.resource.attributes",
              resource == null ? attribute : resource + "," + attribute);
        }
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "agent-extension:config",
          "could not read TraceKit's configuration aliases; the agent's own configuration is used",
          e);
      out.clear();
    }
    return out;
  }

  private static void sampler(ConfigProperties config, Map<String, String> out) {
    if (get(config, "otel.traces.sampler") != null) {
      return; // the standard variable wins; tracekit_rules itself is a provided sampler
    }
    boolean rules =
        get(config, SamplingRules.RULES_PROPERTY) != null
            || get(config, SamplingRules.RATE_LIMIT_PROPERTY) != null;
    if (rules) {
      out.put("otel.traces.sampler", "tracekit_rules");
    }
    Double rate = rate(config, "otel.sample.rate", "OTEL_SAMPLE_RATE");
    if (rate == null) {
      rate = rate(config, "otel.sampling.rate", "OTEL_SAMPLING_RATE");
    }
    if (rate == null) {
      return;
    }
    if (!rules) {
      out.put("otel.traces.sampler", "parentbased_traceidratio");
    }
    if (get(config, "otel.traces.sampler.arg") == null) {
      out.put("otel.traces.sampler.arg", Double.toString(rate));
    }
  }

  private static @Nullable Double rate(ConfigProperties config, String key, String variable) {
    String value = get(config, key);
    if (value == null) {
      return null;
    }
    try {
      double d = Double.parseDouble(value);
      if (d >= 0 && d <= 1) {
        return d;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    Diagnostics.reportOnce(
        "agent-extension:" + variable + "=" + value,
        "configuration "
            + variable
            + "="
            + value
            + " is malformed: expected a number from 0 to 1; ignoring it");
    return null;
  }

  private static @Nullable String get(ConfigProperties config, String key) {
    String value = config.getString(key);
    if (value == null) {
      return null;
    }
    value = value.strip();
    return value.isEmpty() ? null : value;
  }
}

package dev.tracekit.core.internal;

import dev.tracekit.api.support.CarrierSupport;
import dev.tracekit.api.support.Diagnostics;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import org.jspecify.annotations.Nullable;

/**
 * Reads TraceKit's configuration contract: the standard {@code OTEL_*} variables (handed to
 * OpenTelemetry autoconfigure as they are, after validation) and TraceKit's aliases ({@code
 * OTEL_ENABLED}, {@code OTEL_SAMPLE_RATE}, {@code OTEL_SAMPLING_RATE}, {@code
 * OTEL_CONSOLE_EXPORTER}, {@code OTEL_DEBUG}, {@code OTEL_LOG_LEVEL}, {@code OTEL_SERVICE_VERSION},
 * JSON {@code OTEL_EXPORTER_OTLP_HEADERS}, {@code OTEL_ENDPOINT}, {@code OTEL_EXPORTER_TYPE}). A
 * standard variable wins over an alias. A system property ({@code otel.sample.rate}) wins over the
 * environment variable ({@code OTEL_SAMPLE_RATE}), as in OpenTelemetry. A malformed value is
 * reported once (variable, value, what was expected) and the default is used; nothing here throws.
 *
 * <p>Internal: not API.
 */
public final class EnvConfig {
  /**
   * The propagators when {@code OTEL_PROPAGATORS} is not set: W3C Trace Context with TraceKit's
   * conforming {@code tracestate} handling, then W3C Baggage (OpenTelemetry's default is {@code
   * tracecontext,baggage}).
   */
  public static final String DEFAULT_PROPAGATORS = "tracekit-tracecontext,baggage";

  private static final Set<String> PROTOCOLS = Set.of("grpc", "http/protobuf");
  private static final Set<String> BUILTIN_SAMPLERS =
      Set.of(
          "always_on",
          "always_off",
          "traceidratio",
          "parentbased_always_on",
          "parentbased_always_off",
          "parentbased_traceidratio");

  private static final Map<String, String> NUMBER_DEFAULTS =
      Map.ofEntries(
          Map.entry("OTEL_BSP_SCHEDULE_DELAY", "5000"),
          Map.entry("OTEL_BSP_EXPORT_TIMEOUT", "30000"),
          Map.entry("OTEL_BSP_MAX_QUEUE_SIZE", "2048"),
          Map.entry("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "512"),
          Map.entry("OTEL_EXPORTER_OTLP_TIMEOUT", "10000"),
          Map.entry("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "10000"),
          Map.entry("OTEL_ATTRIBUTE_COUNT_LIMIT", "128"),
          Map.entry("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "2147483647"),
          Map.entry("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", "128"),
          Map.entry("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "2147483647"),
          Map.entry("OTEL_SPAN_EVENT_COUNT_LIMIT", "128"),
          Map.entry("OTEL_SPAN_LINK_COUNT_LIMIT", "128"),
          Map.entry("OTEL_METRIC_EXPORT_INTERVAL", "60000"));

  private final Function<String, @Nullable String> env;
  private @Nullable String codeExporters;
  private final Map<String, String> properties = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();
  private boolean enabled = true;
  private boolean console;
  private boolean debug;
  private @Nullable Level logLevel;

  private EnvConfig(Function<String, @Nullable String> env) {
    this.env = env;
  }

  /**
   * Reads the configuration from system properties and the given environment.
   *
   * @param environment the environment variables (normally {@code System.getenv()})
   * @param knownSamplers sampler names provided by SPI besides the built-in ones
   * @param knownSpanExporters span exporter names provided by SPI (for example {@code otlp})
   * @return the configuration
   */
  public static EnvConfig read(
      Map<String, String> environment, Set<String> knownSamplers, Set<String> knownSpanExporters) {
    return read(environment, knownSamplers, knownSpanExporters, null);
  }

  /**
   * Like {@link #read(Map, Set, Set)}, with the span exporter list set in code: used when neither
   * {@code OTEL_TRACES_EXPORTER} nor {@code OTEL_EXPORTER_TYPE} is set.
   *
   * @param environment the environment variables
   * @param knownSamplers sampler names provided by SPI besides the built-in ones
   * @param knownSpanExporters span exporter names provided by SPI
   * @param codeExporters the comma-separated list from the builder, or null
   * @return the configuration
   */
  public static EnvConfig read(
      Map<String, String> environment,
      Set<String> knownSamplers,
      Set<String> knownSpanExporters,
      @Nullable String codeExporters) {
    EnvConfig config =
        new EnvConfig(
            name -> {
              String property = System.getProperty(name.toLowerCase(Locale.ROOT).replace('_', '.'));
              if (property != null) {
                return property;
              }
              return environment.get(name);
            });
    config.codeExporters = codeExporters;
    config.parse(environment, knownSamplers, knownSpanExporters);
    return config;
  }

  /** Whether telemetry is on ({@code OTEL_ENABLED}, {@code OTEL_SDK_DISABLED}). */
  public boolean enabled() {
    return enabled;
  }

  /** Whether the console trace-tree exporter is on. */
  public boolean console() {
    return console;
  }

  /** Whether debug mode is on (each span exported at once, SDK diagnostics printed). */
  public boolean debug() {
    return debug;
  }

  /** The SDK's own log level, or null to leave logging as configured. */
  public @Nullable Level logLevel() {
    return logLevel;
  }

  /** The {@code otel.*} properties to hand to autoconfigure; they override what it reads. */
  public Map<String, String> properties() {
    return properties;
  }

  /** The problems found (already reported once each). */
  public List<String> problems() {
    return problems;
  }

  private @Nullable String get(String name) {
    String value = env.apply(name);
    if (value == null) {
      return null;
    }
    value = value.trim();
    return value.isEmpty() ? null : value;
  }

  private static String property(String envName) {
    return envName.toLowerCase(Locale.ROOT).replace('_', '.');
  }

  private void problem(String variable, String value, String expected, String fallback) {
    String message =
        "configuration "
            + variable
            + "="
            + value
            + " is malformed: expected "
            + expected
            + "; using "
            + fallback;
    problems.add(message);
    Diagnostics.reportOnce("config " + variable + "=" + value, message);
  }

  private void parse(
      Map<String, String> environment, Set<String> knownSamplers, Set<String> knownExporters) {
    // Every standard OTEL_* variable of the given environment is passed on, so that an injected
    // environment (tests, embedding) is honoured exactly like the process environment.
    for (Map.Entry<String, String> e : environment.entrySet()) {
      String key = e.getKey();
      if ((key.startsWith("OTEL_") || key.startsWith("TRACEKIT_"))
          && !isAlias(key)
          && e.getValue() != null) {
        properties.put(property(key), e.getValue().trim());
      }
    }

    Boolean enabledFlag = bool("OTEL_ENABLED", true);
    Boolean sdkDisabled = bool("OTEL_SDK_DISABLED", false);
    enabled = enabledFlag && !sdkDisabled;

    console = bool("OTEL_CONSOLE_EXPORTER", false);
    debug = bool("OTEL_DEBUG", false);
    logLevel = parseLogLevel();

    samplerAliases(knownSamplers);
    endpointAndHeaders();
    serviceVersion();
    exporters(knownExporters);
    protocols();
    numbers();
  }

  private static boolean isAlias(String key) {
    return switch (key) {
      case "OTEL_ENABLED",
          "OTEL_SAMPLE_RATE",
          "OTEL_SAMPLING_RATE",
          "OTEL_CONSOLE_EXPORTER",
          "OTEL_DEBUG",
          "OTEL_LOG_LEVEL",
          "OTEL_SERVICE_VERSION",
          "OTEL_ENDPOINT",
          "OTEL_EXPORTER_TYPE" ->
          true;
      default -> false;
    };
  }

  private boolean bool(String variable, boolean fallback) {
    String value = get(variable);
    if (value == null) {
      return fallback;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on":
        return true;
      case "false", "0", "no", "off":
        return false;
      default:
        problem(variable, value, "true, false, 1 or 0", Boolean.toString(fallback));
        return fallback;
    }
  }

  private @Nullable Level parseLogLevel() {
    String value = get("OTEL_LOG_LEVEL");
    if (value == null) {
      return null;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "trace", "verbose", "all":
        return Level.FINEST;
      case "debug":
        return Level.FINE;
      case "info":
        return Level.INFO;
      case "warn", "warning":
        return Level.WARNING;
      case "error":
        return Level.SEVERE;
      case "none", "off":
        return Level.OFF;
      default:
        problem("OTEL_LOG_LEVEL", value, "debug, info, warn, error or none", "info");
        return null;
    }
  }

  private void samplerAliases(Set<String> knownSamplers) {
    String standard = get("OTEL_TRACES_SAMPLER");
    if (standard != null) {
      String name = standard.toLowerCase(Locale.ROOT);
      if (!BUILTIN_SAMPLERS.contains(name) && !knownSamplers.contains(name)) {
        problem(
            "OTEL_TRACES_SAMPLER",
            standard,
            "one of " + BUILTIN_SAMPLERS + " or a provided sampler " + knownSamplers,
            "parentbased_always_on");
        properties.put("otel.traces.sampler", "parentbased_always_on");
        properties.remove("otel.traces.sampler.arg");
        return;
      }
      if (name.contains("traceidratio")) {
        String arg = get("OTEL_TRACES_SAMPLER_ARG");
        if (arg != null && ratio(arg) == null) {
          problem("OTEL_TRACES_SAMPLER_ARG", arg, "a number from 0 to 1", "1.0");
          properties.put("otel.traces.sampler.arg", "1.0");
        }
      }
      return;
    }
    boolean rules =
        get("TRACEKIT_SAMPLING_RULES") != null || get("TRACEKIT_SAMPLING_RATE_LIMIT") != null;
    if (rules) {
      // TraceKit's rule sampler; a sample-rate alias becomes its default ratio.
      properties.put("otel.traces.sampler", "tracekit_rules");
    }
    for (String alias : new String[] {"OTEL_SAMPLE_RATE", "OTEL_SAMPLING_RATE"}) {
      String value = get(alias);
      if (value == null) {
        continue;
      }
      Double rate = ratio(value);
      if (rate == null) {
        problem(alias, value, "a number from 0 to 1", "1.0 (every trace)");
        continue;
      }
      if (!rules) {
        properties.put("otel.traces.sampler", "parentbased_traceidratio");
      }
      properties.put("otel.traces.sampler.arg", Double.toString(rate));
      return;
    }
  }

  private static @Nullable Double ratio(String value) {
    try {
      double d = Double.parseDouble(value);
      return d >= 0 && d <= 1 ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private void endpointAndHeaders() {
    if (get("OTEL_EXPORTER_OTLP_ENDPOINT") == null) {
      String alias = get("OTEL_ENDPOINT");
      if (alias != null) {
        properties.put("otel.exporter.otlp.endpoint", alias);
      }
    }
    for (String variable :
        new String[] {
          "OTEL_EXPORTER_OTLP_ENDPOINT",
          "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
          "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"
        }) {
      String value = variable.equals("OTEL_EXPORTER_OTLP_ENDPOINT") ? endpoint() : get(variable);
      if (value != null && !validUrl(value)) {
        problem(variable, value, "an http:// or https:// URL", "the OpenTelemetry default");
        properties.remove(property(variable));
        if (variable.equals("OTEL_EXPORTER_OTLP_ENDPOINT")) {
          properties.remove("otel.exporter.otlp.endpoint");
        }
      }
    }
    for (String variable :
        new String[] {
          "OTEL_EXPORTER_OTLP_HEADERS",
          "OTEL_EXPORTER_OTLP_TRACES_HEADERS",
          "OTEL_EXPORTER_OTLP_METRICS_HEADERS"
        }) {
      String value = get(variable);
      if (value != null && value.startsWith("{")) {
        String converted = jsonHeaders(value);
        if (converted == null) {
          problem(variable, "{...}", "k=v,k2=v2 or a flat JSON object of strings", "no headers");
          properties.remove(property(variable));
        } else {
          properties.put(property(variable), converted);
        }
      }
    }
  }

  private @Nullable String endpoint() {
    String standard = get("OTEL_EXPORTER_OTLP_ENDPOINT");
    return standard != null ? standard : get("OTEL_ENDPOINT");
  }

  private static boolean validUrl(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme();
      return scheme != null
          && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          && uri.getHost() != null;
    } catch (Exception e) {
      return false;
    }
  }

  /** Converts {@code {"k":"v","k2":"v2"}} to the standard {@code k=v,k2=v2}; null if malformed. */
  static @Nullable String jsonHeaders(String json) {
    Map<String, String> map = CarrierSupport.parseFlatJson(json);
    if (map == null) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(e.getKey().trim())
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  private void serviceVersion() {
    String version = get("OTEL_SERVICE_VERSION");
    if (version == null) {
      return;
    }
    String resource = get("OTEL_RESOURCE_ATTRIBUTES");
    if (resource != null && resource.contains("service.version=")) {
      return;
    }
    String attribute = "service.version=" + URLEncoder.encode(version, StandardCharsets.UTF_8);
    properties.put(
        "otel.resource.attributes", resource == null ? attribute : resource + "," + attribute);
  }

  private void exporters(Set<String> knownExporters) {
    String standard = get("OTEL_TRACES_EXPORTER");
    String variable = "OTEL_TRACES_EXPORTER";
    String value = standard;
    if (value == null) {
      String alias = get("OTEL_EXPORTER_TYPE");
      if (alias != null) {
        variable = "OTEL_EXPORTER_TYPE";
        String lower = alias.toLowerCase(Locale.ROOT);
        if (lower.equals("otlp") || lower.equals("console") || lower.equals("none")) {
          value = lower;
        } else {
          problem("OTEL_EXPORTER_TYPE", alias, "otlp, console or none", "otlp");
        }
      }
    }
    if (value == null && variable.equals("OTEL_TRACES_EXPORTER") && codeExporters != null) {
      variable = "TracingSdk.builder().exporters";
      value = codeExporters;
    }
    if (value == null) {
      value = "otlp";
    }
    Set<String> kept = new LinkedHashSet<>();
    for (String raw : value.split(",")) {
      String name = raw.trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty() || name.equals("none")) {
        continue;
      }
      if (name.equals("console") || name.equals("logging")) {
        console = true;
      } else if (knownExporters.contains(name)) {
        kept.add(name);
      } else {
        problem(variable, raw.trim(), "one of " + knownExporters + ", console or none", "dropped");
      }
    }
    properties.put("otel.traces.exporter", kept.isEmpty() ? "none" : String.join(",", kept));
    if (kept.isEmpty() && console && get("OTEL_METRICS_EXPORTER") == null) {
      // Console-only development: trees on the console and nothing sent anywhere, so no metric
      // exporter keeps failing against a collector that is not there.
      properties.put("otel.metrics.exporter", "none");
    }
  }

  private void protocols() {
    for (String variable :
        new String[] {
          "OTEL_EXPORTER_OTLP_PROTOCOL",
          "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
          "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL"
        }) {
      String value = get(variable);
      if (value != null && !PROTOCOLS.contains(value.toLowerCase(Locale.ROOT))) {
        problem(variable, value, "grpc or http/protobuf", "http/protobuf");
        properties.put(property(variable), "http/protobuf");
      }
    }
  }

  private void numbers() {
    for (String variable :
        new String[] {
          "OTEL_BSP_SCHEDULE_DELAY",
          "OTEL_BSP_EXPORT_TIMEOUT",
          "OTEL_BSP_MAX_QUEUE_SIZE",
          "OTEL_BSP_MAX_EXPORT_BATCH_SIZE",
          "OTEL_EXPORTER_OTLP_TIMEOUT",
          "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT",
          "OTEL_ATTRIBUTE_COUNT_LIMIT",
          "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT",
          "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT",
          "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT",
          "OTEL_SPAN_EVENT_COUNT_LIMIT",
          "OTEL_SPAN_LINK_COUNT_LIMIT",
          "OTEL_METRIC_EXPORT_INTERVAL"
        }) {
      String value = get(variable);
      if (value == null) {
        continue;
      }
      boolean duration =
          variable.endsWith("DELAY")
              || variable.endsWith("TIMEOUT")
              || variable.endsWith("INTERVAL");
      if (!(duration ? validDuration(value) : validPositiveInt(value))) {
        problem(
            variable,
            value,
            duration ? "a duration in milliseconds (or with ms/s/m)" : "a positive integer",
            "the OpenTelemetry default");
        // Shadow the malformed value (which autoconfigure would also read from the process
        // environment) with OpenTelemetry's documented default.
        properties.put(property(variable), NUMBER_DEFAULTS.get(variable));
      }
    }
  }

  private static boolean validPositiveInt(String value) {
    try {
      return Integer.parseInt(value) > 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean validDuration(String value) {
    String digits = value.toLowerCase(Locale.ROOT);
    for (String unit : new String[] {"ms", "s", "m", "h", "d"}) {
      if (digits.endsWith(unit)) {
        digits = digits.substring(0, digits.length() - unit.length());
        break;
      }
    }
    try {
      return Long.parseLong(digits.trim()) >= 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}

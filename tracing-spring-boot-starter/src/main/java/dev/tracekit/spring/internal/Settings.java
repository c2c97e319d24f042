package dev.tracekit.spring.internal;

import dev.tracekit.core.TracingSdk;
import dev.tracekit.core.redaction.Redactor;
import dev.tracekit.core.sampling.SamplingRules;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Reads the {@code tracekit.*} properties (also set as {@code TRACEKIT_*} variables, through Boot's
 * relaxed binding) and turns them into TraceKit objects.
 *
 * <p>Internal: not API.
 */
public final class Settings {
  /** The default MDC key of the trace id: the one Boot and Micrometer use. */
  public static final String TRACE_ID_KEY = "traceId";

  /** The default MDC key of the span id: the one Boot and Micrometer use. */
  public static final String SPAN_ID_KEY = "spanId";

  /** The default MDC key of the trace flags. */
  public static final String TRACE_FLAGS_KEY = "traceFlags";

  private Settings() {}

  static @Nullable String text(Environment env, String key) {
    String value = env.getProperty(key);
    return value == null || value.isBlank() ? null : value.trim();
  }

  static boolean flag(Environment env, String key, boolean defaultValue) {
    return env.getProperty(key, Boolean.class, defaultValue);
  }

  static @Nullable String list(Environment env, String key) {
    List<String> values =
        Binder.get(env).bind(key, Bindable.listOf(String.class)).orElse(List.of());
    return values.isEmpty() ? null : String.join(",", values);
  }

  /**
   * Whether sampling rules or a rate limit are configured.
   *
   * @param env the environment
   * @return true when {@code tracekit.sampling.rules} or {@code tracekit.sampling.rate-limit} is
   *     set
   */
  public static boolean samplingConfigured(Environment env) {
    return text(env, "tracekit.sampling.rules") != null
        || text(env, "tracekit.sampling.rate-limit") != null;
  }

  /**
   * The rules sampler from {@code tracekit.sampling.*}.
   *
   * @param env the environment
   * @param fallbackRatio the ratio for traces no rule matches, when the rules have no default
   * @return the sampler (parent-based)
   */
  public static Sampler sampler(Environment env, double fallbackRatio) {
    return SamplingRules.fromConfig(
        text(env, "tracekit.sampling.rules"),
        text(env, "tracekit.sampling.rate-limit"),
        fallbackRatio);
  }

  /**
   * The redactor from {@code tracekit.redaction.*}.
   *
   * @param env the environment
   * @return the redactor (the defaults when nothing is configured)
   */
  public static Redactor redactor(Environment env) {
    return Redactor.fromConfig(
        list(env, "tracekit.redaction.keys"),
        list(env, "tracekit.redaction.allow"),
        text(env, "tracekit.redaction.emails"));
  }

  /**
   * Whether the redaction stage is on ({@code tracekit.redaction.enabled}, default true).
   *
   * @param env the environment
   * @return true to redact
   */
  public static boolean redaction(Environment env) {
    return flag(env, "tracekit.redaction.enabled", true);
  }

  /**
   * Builds TraceKit's SDK: {@code OTEL_*} variables (and system properties) as OpenTelemetry
   * documents them, {@code tracekit.*} properties as the code-level defaults they override, the
   * service name from {@code tracekit.service-name} or {@code spring.application.name}. The JVM
   * shutdown hook is left to Spring, which closes the returned handle.
   *
   * @param env the environment
   * @return the handle
   */
  public static TracingSdk buildSdk(Environment env) {
    TracingSdk.Builder builder = TracingSdk.builder().shutdownHook(false);
    String serviceName = text(env, "tracekit.service-name");
    if (serviceName == null) {
      serviceName = text(env, "spring.application.name");
    }
    if (serviceName != null) {
      builder.serviceName(serviceName);
    }
    String version = text(env, "tracekit.service-version");
    if (version != null) {
      builder.serviceVersion(version);
    }
    String environmentName = text(env, "tracekit.deployment-environment");
    if (environmentName != null) {
      builder.deploymentEnvironment(environmentName);
    }
    Double rate = env.getProperty("tracekit.sample-rate", Double.class);
    if (rate != null) {
      builder.sampleRate(rate);
    }
    if (samplingConfigured(env)) {
      builder.sampler(sampler(env, rate != null ? rate : 1.0));
    }
    if (!redaction(env)) {
      builder.redaction(false);
    } else {
      builder.redactor(redactor(env));
    }
    if (flag(env, "tracekit.console-exporter", false)) {
      builder.consoleExporter(true);
    }
    if (!flag(env, "tracekit.log-correlation.enabled", true)) {
      builder.logCorrelation(false);
    } else {
      builder.mdcKeys(
          env.getProperty("tracekit.log-correlation.trace-id-key", TRACE_ID_KEY),
          env.getProperty("tracekit.log-correlation.span-id-key", SPAN_ID_KEY),
          env.getProperty("tracekit.log-correlation.trace-flags-key", TRACE_FLAGS_KEY));
    }
    return builder.build();
  }
}

package dev.tracekit.spring.internal;

import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Which framework, if any, already builds the application's OpenTelemetry SDK and makes HTTP spans.
 *
 * <p>Internal: not API.
 */
public final class Frameworks {
  /** Micrometer Tracing's OpenTelemetry bridge. */
  public static final String MICROMETER_OTEL_BRIDGE =
      "io.micrometer.tracing.otel.bridge.OtelTracer";

  /** Boot 3.5's auto-configuration that builds the tracer provider for the bridge. */
  public static final String BOOT3_TRACING =
      "org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration";

  /** Boot 4.0's auto-configuration that builds the tracer provider for the bridge. */
  public static final String BOOT4_TRACING =
      "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure."
          + "OpenTelemetryTracingAutoConfiguration";

  /** Boot 3.5's auto-configuration of the {@code OpenTelemetrySdk} bean. */
  public static final String BOOT3_SDK =
      "org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration";

  /** Boot 4.0's auto-configuration of the {@code OpenTelemetrySdk} bean. */
  public static final String BOOT4_SDK =
      "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration";

  /** OpenTelemetry's own Spring Boot starter. */
  public static final String OTEL_STARTER =
      "io.opentelemetry.instrumentation.spring.autoconfigure.OpenTelemetryAutoConfiguration";

  private Frameworks() {}

  static boolean present(String className, ClassLoader loader) {
    return ClassUtils.isPresent(className, loader);
  }

  /**
   * Whether Boot's Micrometer tracing builds an OpenTelemetry SDK with a tracer provider (and so
   * its observations make the HTTP server and client spans).
   *
   * @param env the environment
   * @param loader the application's class loader
   * @return true when Boot traces
   */
  public static boolean bootTracing(Environment env, ClassLoader loader) {
    return present(MICROMETER_OTEL_BRIDGE, loader)
        && (present(BOOT3_TRACING, loader) || present(BOOT4_TRACING, loader))
        && env.getProperty("management.tracing.enabled", Boolean.class, Boolean.TRUE);
  }

  /**
   * Whether OpenTelemetry's Spring Boot starter builds the SDK.
   *
   * @param env the environment
   * @param loader the application's class loader
   * @return true when the starter is present and not disabled
   */
  public static boolean otelStarter(Environment env, ClassLoader loader) {
    return present(OTEL_STARTER, loader)
        && !env.getProperty("otel.sdk.disabled", Boolean.class, Boolean.FALSE);
  }

  /**
   * Whether one of OpenTelemetry's Spring Boot starter's instrumentations is on.
   *
   * @param env the environment
   * @param loader the application's class loader
   * @param name the instrumentation name, for example {@code jdbc} or {@code spring-webmvc}
   * @return true when the starter instruments it
   */
  public static boolean otelStarterInstrumentation(
      Environment env, ClassLoader loader, String name) {
    if (!otelStarter(env, loader)) {
      return false;
    }
    Boolean byDefault =
        env.getProperty("otel.instrumentation.common.default-enabled", Boolean.class, Boolean.TRUE);
    return env.getProperty("otel.instrumentation." + name + ".enabled", Boolean.class, byDefault);
  }

  /**
   * Whether a framework builds the application's OpenTelemetry SDK.
   *
   * @param env the environment
   * @param loader the application's class loader
   * @return true for Boot's tracing or OpenTelemetry's starter
   */
  public static boolean applicationTracing(Environment env, ClassLoader loader) {
    return bootTracing(env, loader) || otelStarter(env, loader);
  }

  /**
   * Whether a framework already makes server spans for Spring MVC requests.
   *
   * @param env the environment
   * @param loader the application's class loader
   * @return true for Boot's tracing or the starter's Spring MVC instrumentation
   */
  public static boolean frameworkServerSpans(Environment env, ClassLoader loader) {
    return bootTracing(env, loader) || otelStarterInstrumentation(env, loader, "spring-webmvc");
  }
}

package dev.tracekit.spring;

import dev.tracekit.core.TracingSdk;
import dev.tracekit.spring.internal.Conditions;
import dev.tracekit.spring.internal.Settings;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Builds TraceKit's SDK ({@link TracingSdk}) and exposes its {@link OpenTelemetry} as a bean, when
 * the application has none: no {@code OpenTelemetry} bean of its own, no Boot Micrometer tracing
 * with the OpenTelemetry bridge, no OpenTelemetry Spring Boot starter. Configured by the standard
 * {@code OTEL_*} variables and the {@code tracekit.*} properties; the service name defaults to
 * {@code spring.application.name}. Runs before Boot's and OpenTelemetry's SDK auto-configurations,
 * which then back off. Beans are created after Boot initialised its logging system, so TraceKit's
 * log correlation survives Boot's Logback reconfiguration. Off with {@code tracekit.enabled=false}.
 */
@AutoConfiguration(
    beforeName = {
      "org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration",
      "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
      "io.opentelemetry.instrumentation.spring.autoconfigure.OpenTelemetryAutoConfiguration"
    })
@ConditionalOnProperty(
    prefix = "tracekit",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
public class TracekitAutoConfiguration {
  /** For Spring. */
  public TracekitAutoConfiguration() {}

  /** TraceKit's own SDK, when the application has no OpenTelemetry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(OpenTelemetry.class)
  @Conditional(Conditions.NoApplicationTracing.class)
  public static class OwnSdk {
    /** For Spring. */
    public OwnSdk() {}

    /**
     * TraceKit's SDK, closed (flushed) with the application context.
     *
     * @param env the environment
     * @return the handle
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public TracingSdk tracekitSdk(Environment env) {
      return Settings.buildSdk(env);
    }

    /**
     * The SDK's OpenTelemetry, for TraceKit's instrumentation and the application.
     *
     * @param sdk TraceKit's SDK
     * @return its OpenTelemetry (closed through the SDK handle, not here)
     */
    @Bean(destroyMethod = "")
    public OpenTelemetry tracekitOpenTelemetry(TracingSdk sdk) {
      return sdk.openTelemetry();
    }
  }
}

package dev.tracekit.spring;

import dev.tracekit.spring.internal.Boot3Limits;
import dev.tracekit.spring.internal.Boot4Limits;
import dev.tracekit.spring.internal.Conditions;
import dev.tracekit.spring.internal.ExportStats;
import dev.tracekit.spring.internal.OtelStarterCustomizer;
import dev.tracekit.spring.internal.Settings;
import dev.tracekit.spring.internal.SpanExporterPostProcessor;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/**
 * Adds TraceKit's redaction, sampling rules and span limits to the OpenTelemetry SDK that the
 * application's framework builds, through that framework's own hooks:
 *
 * <ul>
 *   <li>Boot's Micrometer tracing (3.5 and 4.0, {@code spring-boot-starter-opentelemetry}): every
 *       {@code SpanExporter} bean is wrapped (redaction, export counters); a {@code Sampler} bean
 *       with the rules when {@code tracekit.sampling.*} is set (Boot's own sampler backs off; no
 *       rule default means {@code management.tracing.sampling.probability}); the span limits
 *       through Boot's {@code SdkTracerProviderBuilderCustomizer}.
 *   <li>OpenTelemetry's Spring Boot starter: an {@code AutoConfigurationCustomizerProvider} bean
 *       doing the same through OpenTelemetry's autoconfigure hooks.
 * </ul>
 */
@AutoConfiguration(
    beforeName = {
      "org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration",
      "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure."
          + "OpenTelemetryTracingAutoConfiguration",
      "io.opentelemetry.instrumentation.spring.autoconfigure.OpenTelemetryAutoConfiguration"
    })
@ConditionalOnProperty(
    prefix = "tracekit",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
public class TracekitOpenTelemetryCustomizationAutoConfiguration {
  /** For Spring. */
  public TracekitOpenTelemetryCustomizationAutoConfiguration() {}

  /**
   * The counters of the application's exporters, shown by the health indicator.
   *
   * @return the counters
   */
  @Bean
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  @ConditionalOnMissingBean
  public static ExportStats tracekitExportStats() {
    return new ExportStats();
  }

  /** Hooks into Boot's Micrometer tracing. */
  @Configuration(proxyBeanMethods = false)
  @Conditional(Conditions.BootTracing.class)
  public static class BootTracing {
    /** For Spring. */
    public BootTracing() {}

    /**
     * Redaction and export counters in front of every span exporter bean.
     *
     * @param env the environment
     * @param stats the counters
     * @return the post-processor
     */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    public static SpanExporterPostProcessor tracekitSpanExporterPostProcessor(
        Environment env, ExportStats stats) {
      return new SpanExporterPostProcessor(env, stats);
    }

    /**
     * The sampling rules, replacing Boot's probability sampler.
     *
     * @param env the environment
     * @return the sampler
     */
    @Bean
    @ConditionalOnMissingBean(Sampler.class)
    @Conditional(Conditions.SamplingRulesConfigured.class)
    public Sampler tracekitSampler(Environment env) {
      double probability =
          env.getProperty("management.tracing.sampling.probability", Double.class, 0.1);
      return Settings.sampler(env, probability >= 0 && probability <= 1 ? probability : 1.0);
    }
  }

  /** Span limits on Boot 3.5's tracer provider. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name =
          "org.springframework.boot.actuate.autoconfigure.tracing.SdkTracerProviderBuilderCustomizer")
  @Conditional(Conditions.BootTracing.class)
  public static class Boot3TracerProvider {
    /** For Spring. */
    public Boot3TracerProvider() {}

    /**
     * TraceKit's span limits.
     *
     * @return the customizer
     */
    @Bean
    public Boot3Limits tracekitSpanLimits() {
      return new Boot3Limits();
    }
  }

  /** Span limits on Boot 4.0's tracer provider. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name =
          "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure."
              + "SdkTracerProviderBuilderCustomizer")
  @Conditional(Conditions.BootTracing.class)
  public static class Boot4TracerProvider {
    /** For Spring. */
    public Boot4TracerProvider() {}

    /**
     * TraceKit's span limits.
     *
     * @return the customizer
     */
    @Bean
    public Boot4Limits tracekitSpanLimits() {
      return new Boot4Limits();
    }
  }

  /** Hooks into OpenTelemetry's Spring Boot starter. */
  @Configuration(proxyBeanMethods = false)
  @Conditional(Conditions.OtelStarter.class)
  public static class OtelStarter {
    /** For Spring. */
    public OtelStarter() {}

    /**
     * TraceKit's pieces as an autoconfigure customizer.
     *
     * @param env the environment
     * @param stats the counters
     * @return the customizer
     */
    @Bean
    public AutoConfigurationCustomizerProvider tracekitAutoConfigurationCustomizer(
        Environment env, ExportStats stats) {
      return new OtelStarterCustomizer(env, stats);
    }
  }
}

package dev.tracekit.spring;

import dev.tracekit.api.GlobalOpenTelemetryAccess;
import dev.tracekit.api.Tracing;
import dev.tracekit.core.TracingSdk;
import dev.tracekit.core.annotation.TracedAspect;
import dev.tracekit.http.HttpTracing;
import dev.tracekit.jdbc.JdbcTracing;
import dev.tracekit.spring.internal.Boot3HealthIndicator;
import dev.tracekit.spring.internal.Boot4HealthIndicator;
import dev.tracekit.spring.internal.Conditions;
import dev.tracekit.spring.internal.DataSourcePostProcessor;
import dev.tracekit.spring.internal.ExportStats;
import dev.tracekit.spring.internal.GlobalRegistration;
import dev.tracekit.spring.internal.JdkHttpClientPostProcessor;
import dev.tracekit.spring.internal.RestClientPostProcessor;
import dev.tracekit.spring.internal.RouteInterceptor;
import dev.tracekit.spring.internal.ServerSpanFilter;
import dev.tracekit.spring.internal.TracekitHealth;
import io.opentelemetry.api.OpenTelemetry;
import java.util.HashSet;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * TraceKit's instrumentation on whichever OpenTelemetry the application uses (TraceKit's own SDK,
 * Boot's, OpenTelemetry's starter's, the user's bean; the global one when there is no bean):
 *
 * <ul>
 *   <li>{@code @Traced} on Spring beans, through {@link TracedAspect} and Spring AOP ({@code
 *       tracekit.traced.enabled});
 *   <li>every {@code DataSource} bean traced through {@link JdbcTracing} ({@code
 *       tracekit.jdbc.enabled}, {@code tracekit.jdbc.excluded-beans});
 *   <li>server spans for servlet requests named after the Spring MVC route, unless the framework's
 *       observation makes them ({@code tracekit.http.server.enabled});
 *   <li>client spans and propagation for {@code RestTemplate}, {@code RestClient} and JDK {@code
 *       HttpClient} beans, skipped for an exchange the framework's observation already traces
 *       ({@code tracekit.http.client.enabled});
 *   <li>an actuator health indicator named {@code tracekit}.
 * </ul>
 *
 * Every bean a user may bring is {@code @ConditionalOnMissingBean}.
 */
@AutoConfiguration(
    after = {TracekitAutoConfiguration.class},
    afterName = {
      "org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration",
      "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
      "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure."
          + "OpenTelemetryTracingAutoConfiguration",
      "io.opentelemetry.instrumentation.spring.autoconfigure.OpenTelemetryAutoConfiguration"
    })
@ConditionalOnProperty(
    prefix = "tracekit",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
public class TracekitInstrumentationAutoConfiguration {
  /** For Spring. */
  public TracekitInstrumentationAutoConfiguration() {}

  private static OpenTelemetry openTelemetry(ObjectProvider<OpenTelemetry> openTelemetry) {
    return openTelemetry.getIfUnique(GlobalOpenTelemetryAccess::getOrNoop);
  }

  /**
   * TraceKit's helpers on the application's OpenTelemetry.
   *
   * @param openTelemetry the OpenTelemetry bean, if unique
   * @return the helpers
   */
  @Bean
  @ConditionalOnMissingBean
  public Tracing tracekitTracing(ObjectProvider<OpenTelemetry> openTelemetry) {
    return Tracing.create(openTelemetry(openTelemetry));
  }

  /**
   * JDBC tracing.
   *
   * @param openTelemetry the OpenTelemetry bean, if unique
   * @return the JDBC tracing
   */
  @Bean
  @ConditionalOnMissingBean
  public JdbcTracing tracekitJdbcTracing(ObjectProvider<OpenTelemetry> openTelemetry) {
    return JdbcTracing.create(openTelemetry(openTelemetry));
  }

  /**
   * HTTP tracing.
   *
   * @param openTelemetry the OpenTelemetry bean, if unique
   * @return the HTTP tracing
   */
  @Bean
  @ConditionalOnMissingBean
  public HttpTracing tracekitHttpTracing(ObjectProvider<OpenTelemetry> openTelemetry) {
    return HttpTracing.create(openTelemetry(openTelemetry));
  }

  /**
   * Makes the application's OpenTelemetry bean global when TraceKit did not build the SDK ({@code
   * tracekit.register-global}).
   *
   * @param openTelemetry the OpenTelemetry bean
   * @return the registration
   */
  @Bean
  @ConditionalOnMissingBean(TracingSdk.class)
  @ConditionalOnProperty(
      prefix = "tracekit",
      name = "register-global",
      havingValue = "true",
      matchIfMissing = true)
  public static GlobalRegistration tracekitGlobalRegistration(
      ObjectProvider<OpenTelemetry> openTelemetry) {
    return new GlobalRegistration(openTelemetry);
  }

  /**
   * Traces {@code DataSource} beans.
   *
   * @param tracing the JDBC tracing
   * @param env the environment
   * @return the post-processor
   */
  @Bean
  @ConditionalOnProperty(
      prefix = "tracekit.jdbc",
      name = "enabled",
      havingValue = "true",
      matchIfMissing = true)
  @Conditional(Conditions.NoFrameworkJdbcSpans.class)
  public static DataSourcePostProcessor tracekitDataSourcePostProcessor(
      ObjectProvider<JdbcTracing> tracing, Environment env) {
    List<String> excluded =
        Binder.get(env)
            .bind("tracekit.jdbc.excluded-beans", Bindable.listOf(String.class))
            .orElse(List.of());
    return new DataSourcePostProcessor(tracing, new HashSet<>(excluded));
  }

  /**
   * Traces JDK {@code HttpClient} beans.
   *
   * @param tracing the HTTP tracing
   * @return the post-processor
   */
  @Bean
  @ConditionalOnProperty(
      prefix = "tracekit.http.client",
      name = "enabled",
      havingValue = "true",
      matchIfMissing = true)
  public static JdkHttpClientPostProcessor tracekitJdkHttpClientPostProcessor(
      ObjectProvider<HttpTracing> tracing) {
    return new JdkHttpClientPostProcessor(tracing);
  }

  /** {@code @Traced} through Spring AOP (Boot's AOP auto-configuration creates the proxies). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.aspectj.weaver.Advice")
  @ConditionalOnProperty(
      prefix = "tracekit.traced",
      name = "enabled",
      havingValue = "true",
      matchIfMissing = true)
  public static class TracedConfiguration {
    /** For Spring. */
    public TracedConfiguration() {}

    /**
     * The aspect processing {@code @Traced}.
     *
     * @param tracing TraceKit's helpers
     * @return the aspect
     */
    @Bean
    @ConditionalOnMissingBean
    public TracedAspect tracekitTracedAspect(Tracing tracing) {
      return new TracedAspect(tracing);
    }
  }

  /** Client spans for Spring's HTTP clients. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.web.client.RestClient")
  @ConditionalOnProperty(
      prefix = "tracekit.http.client",
      name = "enabled",
      havingValue = "true",
      matchIfMissing = true)
  public static class SpringClients {
    /** For Spring. */
    public SpringClients() {}

    /**
     * Adds the client span interceptor to {@code RestTemplate}/{@code RestClient} beans, unless
     * OpenTelemetry's Spring Boot starter instruments them.
     *
     * @param tracing the HTTP tracing
     * @param env the environment
     * @return the post-processor, or a no-op one
     */
    @Bean
    public static RestClientPostProcessor tracekitRestClientPostProcessor(
        ObjectProvider<HttpTracing> tracing, Environment env) {
      return new RestClientPostProcessor(tracing, env);
    }
  }

  /** Server spans for servlet requests. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = "org.springframework.web.servlet.HandlerInterceptor")
  @ConditionalOnProperty(
      prefix = "tracekit.http.server",
      name = "enabled",
      havingValue = "true",
      matchIfMissing = true)
  @Conditional(Conditions.NoFrameworkServerSpans.class)
  public static class ServerSpans {
    /** For Spring. */
    public ServerSpans() {}

    /**
     * The server span filter, registered by Boot for every request.
     *
     * @param tracing the HTTP tracing
     * @return the filter
     */
    @Bean
    @ConditionalOnMissingBean
    public ServerSpanFilter tracekitServerSpanFilter(HttpTracing tracing) {
      return new ServerSpanFilter(tracing);
    }

    /**
     * Names the server span after the Spring MVC route.
     *
     * @return the configurer
     */
    @Bean
    public WebMvcConfigurer tracekitRouteConfigurer() {
      return new WebMvcConfigurer() {
        @Override
        public void addInterceptors(InterceptorRegistry registry) {
          registry.addInterceptor(new RouteInterceptor());
        }
      };
    }
  }

  /** The health indicator on Boot 3.5's actuator. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
  public static class Boot3Health {
    /** For Spring. */
    public Boot3Health() {}

    /**
     * TraceKit's health ({@code /actuator/health/tracekit}).
     *
     * @param sdk TraceKit's SDK, if it owns one
     * @param stats the application exporters' counters
     * @return the indicator
     */
    @Bean
    @ConditionalOnMissingBean(name = "tracekitHealthIndicator")
    public Boot3HealthIndicator tracekitHealthIndicator(
        ObjectProvider<TracingSdk> sdk, ObjectProvider<ExportStats> stats) {
      return new Boot3HealthIndicator(new TracekitHealth(sdk, stats));
    }
  }

  /** The health indicator on Boot 4.0's actuator. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  public static class Boot4Health {
    /** For Spring. */
    public Boot4Health() {}

    /**
     * TraceKit's health ({@code /actuator/health/tracekit}).
     *
     * @param sdk TraceKit's SDK, if it owns one
     * @param stats the application exporters' counters
     * @return the indicator
     */
    @Bean
    @ConditionalOnMissingBean(name = "tracekitHealthIndicator")
    public Boot4HealthIndicator tracekitHealthIndicator(
        ObjectProvider<TracingSdk> sdk, ObjectProvider<ExportStats> stats) {
      return new Boot4HealthIndicator(new TracekitHealth(sdk, stats));
    }
  }
}

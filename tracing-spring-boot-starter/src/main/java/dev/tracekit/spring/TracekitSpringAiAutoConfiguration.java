package dev.tracekit.spring;

import dev.tracekit.ai.AiTracing;
import dev.tracekit.api.GlobalOpenTelemetryAccess;
import dev.tracekit.spring.internal.Conditions;
import dev.tracekit.spring.internal.SpringAiTracingHandler;
import dev.tracekit.springai.SpringAiTracing;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * Spring AI's observations as TraceKit GenAI spans and metrics, when Spring AI is on the class path
 * ({@code tracekit.spring-ai.enabled}):
 *
 * <ul>
 *   <li>an {@link AiTracing} bean (content capture from {@code
 *       OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT}, off by default) and a {@link
 *       SpringAiTracing} bean;
 *   <li>its observation handler as a bean, which Boot adds to its {@link ObservationRegistry}; when
 *       the application has no registry (no actuator), one carrying only this handler, so Spring
 *       AI's models observe at all;
 *   <li>a {@code ChatClientCustomizer} adding the stream advisor (time to first chunk) to every
 *       {@code ChatClient.Builder} bean.
 * </ul>
 */
@AutoConfiguration(
    after = {TracekitAutoConfiguration.class, TracekitInstrumentationAutoConfiguration.class},
    afterName = {
      "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration",
      "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"
    },
    beforeName = {
      "org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration",
      "org.springframework.ai.model.openai.autoconfigure.OpenAiChatAutoConfiguration"
    })
@ConditionalOnClass(
    name = {
      "org.springframework.ai.chat.client.ChatClient",
      "org.springframework.ai.chat.observation.ChatModelObservationContext",
      "io.micrometer.observation.ObservationRegistry"
    })
@ConditionalOnProperty(
    prefix = "tracekit",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
@ConditionalOnProperty(
    prefix = "tracekit.spring-ai",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
public class TracekitSpringAiAutoConfiguration {
  /** For Spring. */
  public TracekitSpringAiAutoConfiguration() {}

  private static OpenTelemetry openTelemetry(ObjectProvider<OpenTelemetry> openTelemetry) {
    return openTelemetry.getIfUnique(GlobalOpenTelemetryAccess::getOrNoop);
  }

  /**
   * GenAI tracing on the application's OpenTelemetry.
   *
   * @param openTelemetry the OpenTelemetry bean, if unique
   * @return the GenAI tracing
   */
  @Bean
  @ConditionalOnMissingBean
  public AiTracing tracekitAiTracing(ObjectProvider<OpenTelemetry> openTelemetry) {
    return AiTracing.create(openTelemetry(openTelemetry));
  }

  /**
   * Spring AI tracing ({@code tracekit.spring-ai.chat-client-spans}, {@code
   * tracekit.spring-ai.advisor-spans}).
   *
   * @param openTelemetry the OpenTelemetry bean, if unique
   * @param ai the GenAI tracing
   * @param env the environment
   * @return the Spring AI tracing
   */
  @Bean
  @ConditionalOnMissingBean
  public SpringAiTracing tracekitSpringAiTracing(
      ObjectProvider<OpenTelemetry> openTelemetry, AiTracing ai, Environment env) {
    return SpringAiTracing.builder(openTelemetry(openTelemetry), ai)
        .chatClientSpans(
            env.getProperty("tracekit.spring-ai.chat-client-spans", Boolean.class, Boolean.TRUE))
        .advisorSpans(
            env.getProperty("tracekit.spring-ai.advisor-spans", Boolean.class, Boolean.TRUE))
        .build();
  }

  /**
   * The observation handler; Boot's observation auto-configuration adds handler beans to its
   * registry. Not when Boot's Micrometer tracing turns observations into spans (see {@link
   * MicrometerTracing}).
   *
   * @param tracing the Spring AI tracing
   * @return the handler
   */
  @Bean
  @Conditional(Conditions.NoBootTracing.class)
  public ObservationHandler<Observation.Context> tracekitSpringAiObservationHandler(
      SpringAiTracing tracing) {
    return tracing.observationHandler();
  }

  /**
   * With Boot's Micrometer tracing, the handler is one of Micrometer's tracing handlers, ordered
   * first: Boot groups those so that only the first one supporting an observation makes its span,
   * so Spring AI's observations become TraceKit's GenAI spans instead of Micrometer's (no
   * duplicates), and Micrometer's spans inside them (HTTP clients) nest under them.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.tracing.handler.TracingObservationHandler")
  @Conditional(Conditions.BootTracing.class)
  public static class MicrometerTracing {
    /** For Spring. */
    public MicrometerTracing() {}

    /**
     * The handler as a Micrometer tracing handler.
     *
     * @param tracing the Spring AI tracing
     * @param tracer Micrometer's tracer
     * @return the handler
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public SpringAiTracingHandler tracekitSpringAiTracingHandler(
        SpringAiTracing tracing, ObjectProvider<io.micrometer.tracing.Tracer> tracer) {
      return new SpringAiTracingHandler(tracing.observationHandler(), tracer);
    }
  }

  /**
   * A registry for Spring AI's models when the application has none.
   *
   * @param tracing the Spring AI tracing
   * @return the registry with TraceKit's handler
   */
  @Bean
  @ConditionalOnMissingBean(ObservationRegistry.class)
  public ObservationRegistry tracekitObservationRegistry(SpringAiTracing tracing) {
    ObservationRegistry registry = ObservationRegistry.create();
    tracing.register(registry);
    return registry;
  }

  /**
   * Adds the stream advisor to every {@code ChatClient.Builder} Boot makes.
   *
   * @param tracing the Spring AI tracing
   * @return the customizer
   */
  @Bean
  public org.springframework.ai.chat.client.ChatClientCustomizer tracekitChatClientCustomizer(
      SpringAiTracing tracing) {
    return builder -> builder.defaultAdvisors(tracing.streamAdvisor());
  }
}

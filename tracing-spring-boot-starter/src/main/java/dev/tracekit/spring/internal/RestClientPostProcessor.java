package dev.tracekit.spring.internal;

import dev.tracekit.http.HttpTracing;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Adds {@link ClientSpanInterceptor} (once) to every {@link RestTemplate}, {@link RestClient} and
 * {@link RestClient.Builder} bean.
 *
 * <p>Internal: not API.
 */
public final class RestClientPostProcessor implements BeanPostProcessor {
  private final ObjectProvider<HttpTracing> tracing;
  private final boolean enabled;
  private volatile @Nullable ClientSpanInterceptor interceptor;

  /**
   * Creates the post-processor.
   *
   * @param tracing the HTTP tracing, resolved at the first client
   * @param env the environment: nothing is added when OpenTelemetry's Spring Boot starter
   *     instruments these clients ({@code otel.instrumentation.spring-web.enabled})
   */
  public RestClientPostProcessor(ObjectProvider<HttpTracing> tracing, Environment env) {
    this.tracing = Objects.requireNonNull(tracing, "tracing");
    this.enabled =
        !Frameworks.otelStarterInstrumentation(
            env, RestClientPostProcessor.class.getClassLoader(), "spring-web");
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!enabled) {
      return bean;
    }
    try {
      if (bean instanceof RestTemplate template) {
        List<ClientHttpRequestInterceptor> interceptors =
            new ArrayList<>(template.getInterceptors());
        if (add(interceptors)) {
          template.setInterceptors(interceptors);
        }
      } else if (bean instanceof RestClient.Builder builder) {
        builder.requestInterceptors(this::add);
      } else if (bean instanceof RestClient client) {
        boolean[] added = new boolean[1];
        RestClient.Builder builder =
            client.mutate().requestInterceptors(list -> added[0] = add(list));
        return added[0] ? builder.build() : bean;
      }
    } catch (RuntimeException | LinkageError e) {
      Reports.once(
          "rest client " + beanName,
          "could not trace the HTTP client bean '" + beanName + "'; it is used untraced",
          e);
    }
    return bean;
  }

  private boolean add(List<ClientHttpRequestInterceptor> interceptors) {
    for (ClientHttpRequestInterceptor existing : interceptors) {
      if (existing instanceof ClientSpanInterceptor) {
        return false;
      }
    }
    interceptors.add(0, interceptor());
    return true;
  }

  private ClientSpanInterceptor interceptor() {
    ClientSpanInterceptor i = interceptor;
    if (i == null) {
      i = new ClientSpanInterceptor(tracing.getObject());
      interceptor = i;
    }
    return i;
  }
}

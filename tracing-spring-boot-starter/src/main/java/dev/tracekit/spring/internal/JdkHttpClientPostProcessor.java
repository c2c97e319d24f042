package dev.tracekit.spring.internal;

import dev.tracekit.http.HttpTracing;
import java.net.http.HttpClient;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Traces every JDK {@link HttpClient} bean through {@link HttpTracing#wrap(HttpClient)}.
 *
 * <p>Internal: not API.
 */
public final class JdkHttpClientPostProcessor implements BeanPostProcessor {
  private final ObjectProvider<HttpTracing> tracing;

  /**
   * Creates the post-processor.
   *
   * @param tracing the HTTP tracing, resolved at the first client
   */
  public JdkHttpClientPostProcessor(ObjectProvider<HttpTracing> tracing) {
    this.tracing = Objects.requireNonNull(tracing, "tracing");
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof HttpClient client)
        || client.getClass().getName().startsWith("dev.tracekit.http.")) {
      return bean;
    }
    try {
      return tracing.getObject().wrap(client);
    } catch (RuntimeException | LinkageError e) {
      Reports.once(
          "http client " + beanName,
          "could not trace the HttpClient bean '" + beanName + "'; it is used untraced",
          e);
      return bean;
    }
  }
}

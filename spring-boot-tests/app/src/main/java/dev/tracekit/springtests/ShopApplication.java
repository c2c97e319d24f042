package dev.tracekit.springtests;

import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;

/** The application: a plain Boot service, with nothing TraceKit-specific in it. */
@SpringBootApplication
public class ShopApplication {
  /** For Spring. */
  public ShopApplication() {}

  /**
   * A JDK HTTP client bean.
   *
   * @return the client
   */
  @Bean
  public HttpClient shopHttpClient() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /**
   * A RestClient built from Boot's builder when there is one.
   *
   * @param builder Boot's builder
   * @return the client
   */
  @Bean
  public RestClient shopRestClient(ObjectProvider<RestClient.Builder> builder) {
    return builder.getIfAvailable(RestClient::builder).build();
  }
}

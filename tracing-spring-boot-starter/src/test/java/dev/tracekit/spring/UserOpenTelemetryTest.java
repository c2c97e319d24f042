package dev.tracekit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tracekit.api.Traced;
import dev.tracekit.core.TracingSdk;
import dev.tracekit.core.testing.TestSdk;
import dev.tracekit.jdbc.JdbcTracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.DbAttributes;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * An application that brings its own {@code OpenTelemetry} bean: the starter builds no SDK and
 * traces {@code @Traced} beans, data sources and HTTP clients with the user's OpenTelemetry, never
 * twice.
 */
class UserOpenTelemetryTest {
  static final TestSdk SDK =
      TestSdk.create(ContextPropagators.create(W3CTraceContextPropagator.getInstance()));
  static final List<String> TRACEPARENTS = new CopyOnWriteArrayList<>();
  static HttpServer server;
  static ConfigurableApplicationContext app;

  @Configuration(proxyBeanMethods = false)
  static class UserConfig {
    @Bean
    OpenTelemetry userOpenTelemetry() {
      return SDK.sdk();
    }

    @Bean
    DataSource dataSource() {
      return h2("main");
    }

    @Bean
    DataSource preWrapped(JdbcTracing tracing) {
      return tracing.wrap(h2("prewrapped"));
    }

    @Bean
    DataSource reporting() {
      return h2("reporting");
    }

    @Bean
    RestTemplate restTemplate() {
      return new RestTemplate();
    }

    @Bean
    RestClient.Builder restClientBuilder() {
      return RestClient.builder();
    }

    @Bean
    RestClient restClient(RestClient.Builder builder) {
      // built from a builder that already has TraceKit's interceptor: not added a second time
      return builder.build();
    }

    @Bean
    Inventory inventory() {
      return new Inventory();
    }
  }

  static class Inventory {
    @Traced("inventory.count")
    public int count() {
      return 3;
    }
  }

  static DataSource h2(String name) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    return ds;
  }

  @BeforeAll
  static void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          TRACEPARENTS.add(String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")));
          byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    app = StarterApps.start(UserConfig.class, "tracekit.jdbc.excluded-beans=reporting");
  }

  @AfterAll
  static void stop() {
    app.close();
    server.stop(0);
    SDK.close();
  }

  @BeforeEach
  void clear() {
    SDK.spanExporter().reset();
    TRACEPARENTS.clear();
  }

  private static String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/stock";
  }

  private static List<SpanData> dbSpans() {
    return SDK.spans().stream()
        .filter(s -> s.getAttributes().get(DbAttributes.DB_SYSTEM_NAME) != null)
        .toList();
  }

  @Test
  void usesTheUserOpenTelemetryAndBuildsNoSdk() {
    assertThat(app.getBeanNamesForType(TracingSdk.class)).isEmpty();
    assertThat(app.getBeanNamesForType(OpenTelemetry.class)).containsExactly("userOpenTelemetry");
    assertThat(app.getBean(Inventory.class).count()).isEqualTo(3);
    assertThat(SDK.span("inventory.count").getKind()).isEqualTo(SpanKind.INTERNAL);
  }

  @Test
  void dataSourceBeansAreTracedOnceWithSanitizedSql() {
    new JdbcTemplate(app.getBean("dataSource", DataSource.class))
        .queryForObject("SELECT 42 WHERE 'secret' <> 'x'", Integer.class);
    assertThat(dbSpans()).hasSize(1);
    assertThat(dbSpans().get(0).getAttributes().get(DbAttributes.DB_QUERY_TEXT))
        .isEqualTo("SELECT ? WHERE ? <> ?");

    SDK.spanExporter().reset();
    new JdbcTemplate(app.getBean("preWrapped", DataSource.class))
        .queryForObject("SELECT 1", Integer.class);
    assertThat(dbSpans()).as("a data source wrapped by the user is not wrapped again").hasSize(1);
  }

  @Test
  void excludedDataSourceIsLeftUntraced() {
    new JdbcTemplate(app.getBean("reporting", DataSource.class))
        .queryForObject("SELECT 1", Integer.class);
    assertThat(dbSpans()).isEmpty();
  }

  @Test
  void restTemplateAndRestClientMakeOneClientSpanAndPropagate() {
    assertThat(app.getBean(RestTemplate.class).getForObject(url(), String.class)).isEqualTo("ok");
    assertThat(app.getBean(RestClient.class).get().uri(url()).retrieve().body(String.class))
        .isEqualTo("ok");
    List<SpanData> clients =
        SDK.spans().stream().filter(s -> s.getKind() == SpanKind.CLIENT).toList();
    assertThat(clients).hasSize(2);
    // version-traceid-parentid-flags: the downstream's parent is TraceKit's client span
    assertThat(TRACEPARENTS.stream().map(h -> h.substring(0, h.lastIndexOf('-'))))
        .containsExactly(
            "00-" + clients.get(0).getTraceId() + "-" + clients.get(0).getSpanId(),
            "00-" + clients.get(1).getTraceId() + "-" + clients.get(1).getSpanId());
  }

  @Test
  void anExchangeInsideAFrameworkClientSpanGetsNoSecondOne() {
    Span framework =
        SDK.sdk()
            .getTracer("framework")
            .spanBuilder("http get")
            .setSpanKind(SpanKind.CLIENT)
            .startSpan();
    try (Scope ignored = framework.makeCurrent()) {
      app.getBean(RestTemplate.class).getForObject(url(), String.class);
    } finally {
      framework.end();
    }
    assertThat(SDK.spans()).extracting(SpanData::getName).containsExactly("http get");
  }
}

package dev.tracekit.springtests;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import dev.tracekit.core.testing.OtlpReceiver;
import dev.tracekit.core.testing.Services;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One running shop: an OTLP receiver, a downstream "shipping" server recording the {@code
 * traceparent} headers it receives, and the Boot application on a loopback port, configured the way
 * a user would (OpenTelemetry settings as {@code otel.*} system properties, the equivalent of the
 * {@code OTEL_*} variables; Boot settings as arguments).
 */
public final class ShopRun implements AutoCloseable {
  /** The receiver. */
  public final OtlpReceiver receiver;

  /** The {@code traceparent} header of each downstream request, as {@code path traceparent}. */
  public final List<String> downstreamHeaders = new CopyOnWriteArrayList<>();

  /** The application. */
  public final ConfigurableApplicationContext app;

  /** The log events of {@link OrderService}. */
  public final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  private final HttpServer downstream;
  private final HttpClient client = HttpClient.newHttpClient();
  private final int port;

  private ShopRun(Function<OtlpReceiver, String[]> arguments) throws IOException {
    receiver = OtlpReceiver.start();
    downstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    for (String path : new String[] {"/quote", "/track"}) {
      downstream.createContext(
          path,
          exchange -> {
            downstreamHeaders.add(
                path + " " + exchange.getRequestHeaders().getFirst("traceparent"));
            byte[] body =
                (path.equals("/quote") ? "7.50" : "in-transit").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
    }
    downstream.start();
    System.setProperty("otel.exporter.otlp.endpoint", receiver.endpoint());
    System.setProperty("otel.bsp.schedule.delay", "100");
    System.setProperty("otel.metrics.exporter", "none");
    System.setProperty("otel.logs.exporter", "none");
    List<String> args = new ArrayList<>();
    args.add("--server.address=127.0.0.1");
    args.add("--server.port=0");
    args.add("--spring.application.name=shop");
    args.add("--shop.downstream=http://127.0.0.1:" + downstream.getAddress().getPort());
    args.add("--management.endpoints.web.exposure.include=health");
    args.add("--management.endpoint.health.show-details=always");
    args.add("--logging.level.dev.tracekit=INFO");
    args.add("--logging.level.org.springframework.boot=INFO");
    args.addAll(database());
    args.addAll(Arrays.asList(arguments.apply(receiver)));
    app = new SpringApplicationBuilder(ShopApplication.class).run(args.toArray(String[]::new));
    port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port", "0"));
    logs.start();
    ((Logger) LoggerFactory.getLogger(OrderService.class)).addAppender(logs);
  }

  /**
   * Starts a shop.
   *
   * @param arguments extra Boot arguments ({@code --key=value})
   * @return the running shop
   */
  public static ShopRun start(String... arguments) {
    return startWith(receiver -> arguments);
  }

  /**
   * Starts a shop whose arguments depend on the receiver (its endpoint).
   *
   * @param arguments extra Boot arguments ({@code --key=value}) for the receiver
   * @return the running shop
   */
  public static ShopRun startWith(Function<OtlpReceiver, String[]> arguments) {
    try {
      return new ShopRun(arguments);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * PostgreSQL on loopback, or H2 in memory when it is absent (a failure under {@code CI=true}).
   */
  private static List<String> database() {
    if (Services.listening(5432)) {
      return List.of(
          "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test",
          "--spring.datasource.username=postgres");
    }
    if (Services.inCi()) {
      throw new AssertionError("CI=true and PostgreSQL is not reachable on 127.0.0.1:5432");
    }
    System.err.println("PostgreSQL is not reachable on 127.0.0.1:5432: using H2 in memory");
    return List.of("--spring.datasource.url=jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1");
  }

  /**
   * Creates an order with a fresh id.
   *
   * @return the id
   */
  public long newOrder() {
    // at most 10 digits: longer numbers may look like card numbers to the redactor
    long id = ThreadLocalRandom.current().nextLong(1, 2_000_000_000L);
    app.getBean(OrderService.class).createOrder(id);
    return id;
  }

  /**
   * GET on the application.
   *
   * @param path the path
   * @return the response
   */
  public HttpResponse<String> get(String path) {
    try {
      return client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(20))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      app.close();
    } finally {
      downstream.stop(0);
      receiver.close();
    }
  }
}

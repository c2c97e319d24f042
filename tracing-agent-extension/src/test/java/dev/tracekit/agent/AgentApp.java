package dev.tracekit.agent;

import com.sun.net.httpserver.HttpServer;
import dev.tracekit.api.Traces;
import dev.tracekit.core.TracingSdk;
import dev.tracekit.http.HttpTracing;
import dev.tracekit.jdbc.JdbcTracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The application the end-to-end tests run under the OpenTelemetry Java agent, in its own JVM: it
 * sets TraceKit up as a user would ({@code TracingSdk.fromEnvironment()}), records secrets through
 * TraceKit's helpers and through the plain OpenTelemetry API, runs a JDBC statement with literals
 * through tracing-jdbc on H2 and an HTTP call through tracing-http to a loopback JDK HTTP server,
 * all in one trace, and prints what the test checks on standard output ({@code APP key=value}).
 */
public final class AgentApp {
  static final String PASSWORD = "hunter2-correct-horse";
  static final String API_KEY = "sk-proj-4f8Qz7LmN2xR5tW9yB3cD6eF";
  static final String CARD = "4111 1111 1111 1111";
  static final String JWT =
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFsaWNlIn0."
          + "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
  static final String AWS_KEY = "AKIAIOSFODNN7EXAMPLE";
  static final String SQL_CARD = "5555555555554444";

  /** Every secret the application records; none may reach the collector. */
  static final List<String> SECRETS =
      List.of(PASSWORD, API_KEY, CARD, CARD.replace(" ", ""), JWT, AWS_KEY, SQL_CARD);

  /** The spans the application's trace contains (TraceKit's; the agent may add its own). */
  static final String ROOT = "checkout";

  static final String CHILD = "charge " + AWS_KEY;

  private AgentApp() {}

  public static void main(String[] args) throws Exception {
    TracingSdk sdk = TracingSdk.fromEnvironment();
    OpenTelemetry openTelemetry = sdk.openTelemetry();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/orders",
        exchange -> {
          byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    try {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:mem:agent;DB_CLOSE_DELAY=-1");
      DataSource dataSource = JdbcTracing.create(openTelemetry).wrap(h2);
      HttpClient client = HttpTracing.create(openTelemetry).wrap(HttpClient.newHttpClient());
      URI orders = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/orders?id=7");

      String traceId =
          Traces.trace(
              ROOT,
              () -> {
                // Through TraceKit's helpers ...
                Traces.setAttribute("user.password", PASSWORD);
                Traces.setAttribute("llm.request.note", "calling the model with " + API_KEY);
                Traces.addEvent("payment", Map.of("card", CARD, "aws.credentials", AWS_KEY));
                // ... and through the plain OpenTelemetry API, as any other library would.
                Span.current().setAttribute("http.request.header.authorization", "Bearer " + JWT);
                Span.current()
                    .addEvent(
                        "login",
                        Attributes.of(
                            AttributeKey.stringKey("password"),
                            PASSWORD,
                            AttributeKey.stringKey("token.value"),
                            JWT));
                Traces.trace(
                    CHILD,
                    () -> {
                      Span.current().setAttribute("payment.card_number", CARD);
                      Span.current().setAttribute("payment.note", "card " + CARD.replace(" ", ""));
                      try (Connection connection = dataSource.getConnection();
                          Statement statement = connection.createStatement()) {
                        statement.execute("CREATE TABLE cards(id INT, number VARCHAR(32))");
                        statement.executeUpdate("INSERT INTO cards VALUES (1, '" + SQL_CARD + "')");
                      }
                      HttpResponse<String> response =
                          client.send(
                              HttpRequest.newBuilder(orders).GET().build(),
                              HttpResponse.BodyHandlers.ofString());
                      return response.statusCode();
                    });
                return Traces.currentTraceId();
              });
      System.out.println("APP trace=" + traceId);
      System.out.println("APP openTelemetry=" + openTelemetry.getClass().getName());
      System.out.println("APP ownsOpenTelemetry=" + sdk.ownsOpenTelemetry());
      System.out.println("APP batchWorkers=" + batchWorkers());
    } finally {
      server.stop(0);
      sdk.close();
    }
    System.out.println("APP done");
  }

  /** The number of live batch span processor worker threads (one per SDK exporting spans). */
  private static long batchWorkers() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("BatchSpanProcessor_WorkerThread"))
        .count();
  }
}

package dev.tracekit.http;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.testing.TracekitExtension;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ClientAttributes;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

class TracingFilterTest {
  @RegisterExtension final TracekitExtension telemetry = TracekitExtension.create();
  private final Map<String, String> seen = new ConcurrentHashMap<>();
  private Server jetty;
  private int port;
  private HttpClient client;

  @BeforeEach
  void setUp() throws Exception {
    HttpTracing tracing = HttpTracing.create(telemetry.openTelemetry());
    client = tracing.wrap(HttpClient.newHttpClient());
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/shop");
    FilterHolder filter = new FilterHolder(new TracingFilter(tracing));
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(
        new ServletHolder(
            new HttpServlet() {
              @Override
              protected void doGet(HttpServletRequest req, HttpServletResponse resp)
                  throws IOException {
                seen.put("mdc", String.valueOf(MDC.get("correlation_id")));
                seen.put(
                    "baggage", String.valueOf(Baggage.current().getEntryValue("correlation_id")));
                resp.setStatus(req.getPathInfo().endsWith("/broken") ? 503 : 200);
                resp.getWriter().write("order");
              }
            }),
        "/orders/*");
    context.addServlet(
        new ServletHolder(
            new HttpServlet() {
              @Override
              protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
                throw new IllegalArgumentException("bad order id");
              }
            }),
        "/fails");
    ServletHolder async =
        new ServletHolder(
            new HttpServlet() {
              @Override
              protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
                AsyncContext asyncContext = req.startAsync();
                asyncContext.start(
                    () -> {
                      try {
                        Thread.sleep(50);
                        ((HttpServletResponse) asyncContext.getResponse()).setStatus(202);
                        asyncContext.getResponse().getWriter().write("later");
                      } catch (InterruptedException | IOException e) {
                        Thread.currentThread().interrupt();
                      }
                      asyncContext.complete();
                    });
              }
            });
    async.setAsyncSupported(true);
    context.addServlet(async, "/async");
    jetty.setHandler(context);
    jetty.start();
    port = connector.getLocalPort();
  }

  @AfterEach
  void tearDown() throws Exception {
    jetty.stop();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servletRequestIsAServerSpanNamedByItsMapping() throws Exception {
    HttpResponse<String> response = get("/shop/orders/17?token=t0k", "X-Correlation-Id", "jetty-1");

    assertThat(response.body()).isEqualTo("order");
    assertThat(response.headers().firstValue("X-Correlation-Id")).contains("jetty-1");
    assertThat(seen).containsEntry("mdc", "jetty-1").containsEntry("baggage", "jetty-1");
    List<SpanData> spans = telemetry.awaitSpans(2);
    SpanData server = spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().get();
    SpanData clientSpan =
        spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).findFirst().get();
    assertThat(server)
        .hasName("GET /shop/orders/*")
        .hasParentSpanId(clientSpan.getSpanId())
        .hasTraceId(clientSpan.getTraceId())
        .hasAttribute(HttpAttributes.HTTP_ROUTE, "/shop/orders/*")
        .hasAttribute(UrlAttributes.URL_PATH, "/shop/orders/17")
        .hasAttribute(UrlAttributes.URL_QUERY, "token=REDACTED")
        .hasAttribute(UrlAttributes.URL_SCHEME, "http")
        .hasAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, 200L)
        .hasAttribute(ClientAttributes.CLIENT_ADDRESS, "127.0.0.1")
        .hasAttribute(AttributeKey.stringKey("tracekit.correlation_id"), "jetty-1");
  }

  @Test
  void statusAndExceptionsMarkTheServerSpan() throws Exception {
    assertThat(get("/shop/orders/broken").statusCode()).isEqualTo(503);
    assertThat(get("/shop/fails").statusCode()).isEqualTo(500);
    assertThat(get("/shop/nothing-here").statusCode()).isEqualTo(404);

    List<SpanData> servers =
        telemetry.awaitSpans(6).stream().filter(s -> s.getKind() == SpanKind.SERVER).toList();
    assertThat(servers).hasSize(3);
    assertThat(servers.get(0))
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR))
        .hasAttribute(ErrorAttributes.ERROR_TYPE, "503");
    assertThat(servers.get(1))
        .hasName("GET /shop/fails")
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR))
        .hasAttribute(ErrorAttributes.ERROR_TYPE, "java.lang.IllegalArgumentException")
        .hasAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, 500L);
    // The default servlet answered: no route, the span is named by the method only.
    assertThat(servers.get(2))
        .hasName("GET")
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.UNSET))
        .hasAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, 404L);
  }

  @Test
  void asyncRequestEndsWhenTheAsyncCycleCompletes() throws Exception {
    HttpResponse<String> response = get("/shop/async");

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).isEqualTo("later");
    SpanData server =
        telemetry.awaitSpans(2).stream()
            .filter(s -> s.getKind() == SpanKind.SERVER)
            .findFirst()
            .get();
    assertThat(server)
        .hasName("GET /shop/async")
        .hasAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, 202L);
    assertThat(server.getEndEpochNanos() - server.getStartEpochNanos())
        .isGreaterThanOrEqualTo(50_000_000L);
  }
}

package dev.tracekit.http;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.satisfies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.tracekit.testing.TracekitExtension;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ClientAttributes;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import io.opentelemetry.semconv.UserAgentAttributes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

class TracingHttpHandlerTest {
  private static final AttributeKey<String> CORRELATION_ID =
      AttributeKey.stringKey("tracekit.correlation_id");

  @RegisterExtension final TracekitExtension telemetry = TracekitExtension.create();
  private final HttpClient plainClient = HttpClient.newHttpClient();
  private final Map<String, String> seen = new ConcurrentHashMap<>();
  private LoopbackServer server;
  private HttpTracing tracing;

  @BeforeEach
  void setUp() throws IOException {
    tracing = HttpTracing.create(telemetry.openTelemetry());
    server =
        new LoopbackServer()
            .handle(
                "/orders",
                tracing.wrap(
                    exchange -> {
                      seen.put("mdc", String.valueOf(MDC.get("correlation_id")));
                      seen.put(
                          "baggage",
                          String.valueOf(Baggage.current().getEntryValue("correlation_id")));
                      seen.put("traceId", Span.current().getSpanContext().getTraceId());
                      LoopbackServer.respond(exchange, 201, "created");
                    },
                    "/orders/{id}"))
            .handle("/plain", tracing.wrap(exchange -> LoopbackServer.respond(exchange, 200, "")))
            .handle(
                "/missing",
                tracing.wrap(exchange -> LoopbackServer.respond(exchange, 404, "no such thing")))
            .handle(
                "/broken", tracing.wrap(exchange -> LoopbackServer.respond(exchange, 500, "oops")))
            .handle(
                "/throws",
                tracing.wrap(
                    exchange -> {
                      throw new IllegalStateException("handler bug");
                    }));
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return plainClient.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void serverSpanCarriesTheSemanticConventionAttributes() throws Exception {
    HttpResponse<String> response =
        get("/orders/7?page=2&api_key=k3y", "User-Agent", "probe/1.0", "X-Correlation-Id", "c-1");

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(telemetry.span(s -> s.getKind() == SpanKind.SERVER))
        .hasName("GET /orders/{id}")
        .hasAttributesSatisfyingExactly(
            equalTo(HttpAttributes.HTTP_REQUEST_METHOD, "GET"),
            equalTo(UrlAttributes.URL_SCHEME, "http"),
            equalTo(UrlAttributes.URL_PATH, "/orders/7"),
            equalTo(UrlAttributes.URL_QUERY, "page=2&api_key=REDACTED"),
            equalTo(HttpAttributes.HTTP_ROUTE, "/orders/{id}"),
            equalTo(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, 201),
            equalTo(ClientAttributes.CLIENT_ADDRESS, "127.0.0.1"),
            equalTo(UserAgentAttributes.USER_AGENT_ORIGINAL, "probe/1.0"),
            equalTo(NetworkAttributes.NETWORK_PROTOCOL_VERSION, "1.1"),
            equalTo(CORRELATION_ID, "c-1"));
  }

  @Test
  void withoutRouteTheSpanIsNamedByMethod() throws Exception {
    get("/plain");
    assertThat(telemetry.span(s -> s.getKind() == SpanKind.SERVER)).hasName("GET");
  }

  @Test
  void incomingTraceparentIsContinued() throws Exception {
    get("/plain", "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

    assertThat(telemetry.span(s -> s.getKind() == SpanKind.SERVER))
        .hasTraceId("0af7651916cd43dd8448eb211c80319c")
        .hasParentSpanId("b7ad6b7169203331");
  }

  @Test
  void missingOrMalformedTraceparentStartsANewTrace() throws Exception {
    assertThat(get("/plain").statusCode()).isEqualTo(200);
    assertThat(get("/plain", "traceparent", "garbage").statusCode()).isEqualTo(200);
    assertThat(
            get("/plain", "traceparent", "00-00000000000000000000000000000000-b7ad6b7169203331-01")
                .statusCode())
        .isEqualTo(200);
    assertThat(
            get("/plain", "traceparent", "00-0af7651916cd43dd8448eb211c80319c-zzzz-01")
                .statusCode())
        .isEqualTo(200);

    List<SpanData> spans = telemetry.awaitSpans(4);
    assertThat(spans).allSatisfy(s -> assertThat(s.getParentSpanContext().isValid()).isFalse());
    assertThat(spans).allSatisfy(s -> assertThat(s.getSpanContext().isValid()).isTrue());
    assertThat(spans.stream().map(SpanData::getTraceId).distinct()).hasSize(4);
  }

  @Test
  void correlationIdIsEchoedAndInMdcAndBaggage() throws Exception {
    HttpResponse<String> response = get("/orders/1", "X-Correlation-Id", "order-flow-42");

    assertThat(response.headers().firstValue("X-Correlation-Id")).contains("order-flow-42");
    assertThat(seen)
        .containsEntry("mdc", "order-flow-42")
        .containsEntry("baggage", "order-flow-42");
    assertThat(telemetry.span(s -> s.getKind() == SpanKind.SERVER))
        .hasAttribute(CORRELATION_ID, "order-flow-42");
  }

  @Test
  void correlationIdIsGeneratedWhenMissingOrUnsafe() throws Exception {
    HttpResponse<String> missing = get("/orders/1");
    String generated = missing.headers().firstValue("X-Correlation-Id").orElseThrow();
    assertThat(generated).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(seen).containsEntry("mdc", generated);

    HttpResponse<String> unsafe = get("/orders/1", "X-Correlation-Id", "x".repeat(200));
    assertThat(unsafe.headers().firstValue("X-Correlation-Id").orElseThrow())
        .hasSize(36)
        .isNotEqualTo(generated);
  }

  @Test
  void correlationIdHeaderIsConfigurableAndCanBeTurnedOff() throws Exception {
    HttpTracing custom =
        HttpTracing.builder(telemetry.openTelemetry()).correlationIdHeader("X-Request-Id").build();
    HttpTracing off =
        HttpTracing.builder(telemetry.openTelemetry()).disableCorrelationIds().build();
    server.handle("/custom", custom.wrap(exchange -> LoopbackServer.respond(exchange, 200, "")));
    server.handle("/off", off.wrap(exchange -> LoopbackServer.respond(exchange, 200, "")));

    HttpResponse<String> response = get("/custom", "X-Request-Id", "rid-9");
    assertThat(response.headers().firstValue("X-Request-Id")).contains("rid-9");
    assertThat(response.headers().firstValue("X-Correlation-Id")).isEmpty();
    assertThat(get("/off").headers().firstValue("X-Correlation-Id")).isEmpty();

    List<SpanData> spans = telemetry.awaitSpans(2);
    assertThat(spans.get(0)).hasAttribute(CORRELATION_ID, "rid-9");
    assertThat(spans.get(1).getAttributes().get(CORRELATION_ID)).isNull();
  }

  @Test
  void mdcIsRestoredOnTheRequestThreadAfterTheRequest() throws Exception {
    HttpServer single =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService oneThread = Executors.newSingleThreadExecutor();
    single.setExecutor(oneThread);
    single.createContext(
        "/traced", tracing.wrap(exchange -> LoopbackServer.respond(exchange, 200, "")));
    single.createContext(
        "/untraced",
        exchange ->
            LoopbackServer.respond(exchange, 200, String.valueOf(MDC.get("correlation_id"))));
    single.start();
    try {
      String base = "http://127.0.0.1:" + single.getAddress().getPort();
      HttpResponse<String> traced =
          plainClient.send(
              HttpRequest.newBuilder(URI.create(base + "/traced"))
                  .header("X-Correlation-Id", "abc")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(traced.headers().firstValue("X-Correlation-Id")).contains("abc");

      // The same (only) server thread serves the next request: nothing was left in its MDC.
      HttpResponse<String> after =
          plainClient.send(
              HttpRequest.newBuilder(URI.create(base + "/untraced")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(after.body()).isEqualTo("null");
    } finally {
      single.stop(0);
      oneThread.shutdownNow();
    }
  }

  @Test
  void serverErrorsAreErrorsClientErrorsAreNot() throws Exception {
    assertThat(get("/missing").statusCode()).isEqualTo(404);
    assertThat(get("/broken").statusCode()).isEqualTo(500);

    List<SpanData> spans = telemetry.awaitSpans(2);
    assertThat(spans.get(0))
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.UNSET))
        .hasAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, 404L);
    assertThat(spans.get(0).getAttributes().get(ErrorAttributes.ERROR_TYPE)).isNull();
    assertThat(spans.get(1))
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR))
        .hasAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, 500L)
        .hasAttribute(ErrorAttributes.ERROR_TYPE, "500");
  }

  @Test
  void exceptionFromTheHandlerIsRecordedAndRethrown() throws Exception {
    assertThatThrownBy(() -> get("/throws")).isInstanceOf(IOException.class);

    // The JDK client retries an idempotent GET once when the connection closes: one span or two.
    assertThat(telemetry.awaitSpans(1))
        .allSatisfy(
            span -> {
              assertThat(span)
                  .hasKind(SpanKind.SERVER)
                  .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR))
                  .hasAttribute(ErrorAttributes.ERROR_TYPE, "java.lang.IllegalStateException")
                  .hasAttributesSatisfying(
                      satisfies(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, v -> v.isNull()));
              assertThat(span.getEvents()).anyMatch(e -> e.getName().equals("exception"));
            });
  }

  @Test
  void oneTraceAcrossClientServerClientServer() throws Exception {
    HttpClient traced = tracing.wrap(HttpClient.newHttpClient());
    server.handle(
        "/front",
        tracing.wrap(
            exchange -> {
              try {
                HttpResponse<String> back =
                    traced.send(
                        HttpRequest.newBuilder(server.uri("/orders/5")).build(),
                        HttpResponse.BodyHandlers.ofString());
                LoopbackServer.respond(exchange, 200, "front+" + back.body());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LoopbackServer.respond(exchange, 500, "");
              }
            },
            "/front"));

    HttpResponse<String> response =
        traced.send(
            HttpRequest.newBuilder(server.uri("/front"))
                .header("X-Correlation-Id", "journey-1")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.body()).isEqualTo("front+created");
    List<SpanData> spans = telemetry.awaitSpans(4);
    SpanData outerClient = find(spans, SpanKind.CLIENT, "/front");
    SpanData front = find(spans, SpanKind.SERVER, "/front");
    SpanData innerClient = find(spans, SpanKind.CLIENT, "/orders/5");
    SpanData back = find(spans, SpanKind.SERVER, "/orders/5");

    assertThat(outerClient.getParentSpanContext().isValid()).isFalse();
    assertThat(front).hasParentSpanId(outerClient.getSpanId()).hasName("GET /front");
    assertThat(innerClient).hasParentSpanId(front.getSpanId());
    assertThat(back).hasParentSpanId(innerClient.getSpanId()).hasName("GET /orders/{id}");
    assertThat(spans.stream().map(SpanData::getTraceId).distinct()).hasSize(1);
    assertThat(seen).containsEntry("traceId", outerClient.getTraceId());
    // The correlation id travels with the request across the second hop.
    assertThat(front).hasAttribute(CORRELATION_ID, "journey-1");
    assertThat(back).hasAttribute(CORRELATION_ID, "journey-1");
  }

  private static SpanData find(List<SpanData> spans, SpanKind kind, String path) {
    return spans.stream()
        .filter(s -> s.getKind() == kind)
        .filter(
            s -> {
              String full = s.getAttributes().get(UrlAttributes.URL_FULL);
              String p = s.getAttributes().get(UrlAttributes.URL_PATH);
              return path.equals(p) || (full != null && URI.create(full).getPath().equals(path));
            })
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " span for " + path + ": " + spans));
  }
}

package dev.tracekit.http;

import static dev.tracekit.testing.TracekitAssertions.assertThatSpans;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracekit.testing.TracekitExtension;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@SuppressWarnings("try")
class TracingHttpClientTest {
  @RegisterExtension final TracekitExtension telemetry = TracekitExtension.create();
  private final Map<String, String> received = new ConcurrentHashMap<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private LoopbackServer server;
  private HttpClient client;

  @BeforeEach
  void setUp() throws IOException {
    server =
        new LoopbackServer()
            .handle(
                "/ok",
                exchange -> {
                  String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
                  received.put("traceparent", String.valueOf(traceparent));
                  received.put(
                      "traceparentCount",
                      String.valueOf(exchange.getRequestHeaders().get("traceparent").size()));
                  received.put(
                      "baggage", String.valueOf(exchange.getRequestHeaders().getFirst("baggage")));
                  exchange.getResponseHeaders().add("Set-Cookie", "session=secret");
                  exchange.getResponseHeaders().add("Content-Type", "text/plain");
                  LoopbackServer.respond(exchange, 200, "ok");
                })
            .handle("/missing", exchange -> LoopbackServer.respond(exchange, 404, ""))
            .handle("/fail", exchange -> LoopbackServer.respond(exchange, 503, "down"))
            .handle(
                "/redirect",
                exchange -> {
                  exchange.getResponseHeaders().add("Location", "/ok");
                  LoopbackServer.respond(exchange, 302, "");
                })
            .handle(
                "/slow",
                exchange -> {
                  try {
                    release.await(5, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  LoopbackServer.respond(exchange, 200, "late");
                });
    client = HttpTracing.create(telemetry.openTelemetry()).wrap(HttpClient.newHttpClient());
  }

  @AfterEach
  void tearDown() {
    release.countDown();
    server.close();
  }

  @Test
  void sendRecordsClientSpanAndPropagatesW3cContext() throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(server.uri("/ok?id=3&token=abc")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.body()).isEqualTo("ok");
    SpanData span = telemetry.span(s -> s.getKind() == SpanKind.CLIENT);
    assertThat(span)
        .hasName("GET")
        .hasKind(SpanKind.CLIENT)
        .hasAttributesSatisfyingExactly(
            equalTo(HttpAttributes.HTTP_REQUEST_METHOD, "GET"),
            equalTo(
                UrlAttributes.URL_FULL,
                "http://127.0.0.1:" + server.port() + "/ok?id=3&token=REDACTED"),
            equalTo(ServerAttributes.SERVER_ADDRESS, "127.0.0.1"),
            equalTo(ServerAttributes.SERVER_PORT, server.port()),
            equalTo(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, 200),
            equalTo(NetworkAttributes.NETWORK_PROTOCOL_VERSION, "1.1"));
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(received.get("traceparent"))
        .startsWith("00-" + span.getTraceId() + "-" + span.getSpanId() + "-");
  }

  @Test
  void replacesTraceparentTheCallerAlreadySet() throws Exception {
    client.send(
        HttpRequest.newBuilder(server.uri("/ok"))
            .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
            .build(),
        HttpResponse.BodyHandlers.discarding());

    SpanData span = telemetry.span(s -> s.getKind() == SpanKind.CLIENT);
    assertThat(received.get("traceparentCount")).isEqualTo("1");
    assertThat(received.get("traceparent")).contains(span.getSpanId());
  }

  @Test
  void baggageIsPropagated() throws Exception {
    try (Scope ignored = Baggage.builder().put("tenant.id", "t-42").build().makeCurrent()) {
      client.send(
          HttpRequest.newBuilder(server.uri("/ok")).build(),
          HttpResponse.BodyHandlers.discarding());
    }
    assertThat(received.get("baggage")).isEqualTo("tenant.id=t-42");
  }

  @Test
  void clientErrorAndServerErrorStatusesMarkTheSpan() throws Exception {
    assertThat(
            client
                .send(
                    HttpRequest.newBuilder(server.uri("/missing")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode())
        .isEqualTo(404);
    assertThat(
            client
                .send(
                    HttpRequest.newBuilder(server.uri("/fail")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode())
        .isEqualTo(503);

    List<SpanData> spans = telemetry.awaitSpans(2);
    assertThat(spans.get(0))
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR))
        .hasAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, 404L)
        .hasAttribute(ErrorAttributes.ERROR_TYPE, "404");
    assertThat(spans.get(1))
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR))
        .hasAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, 503L)
        .hasAttribute(ErrorAttributes.ERROR_TYPE, "503");
  }

  @Test
  void timeoutRecordsTheExceptionClass() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(server.uri("/slow")).timeout(Duration.ofMillis(200)).build();

    assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.discarding()))
        .isInstanceOf(HttpTimeoutException.class);

    SpanData span = telemetry.span(s -> s.getKind() == SpanKind.CLIENT);
    assertThat(span)
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR))
        .hasAttribute(ErrorAttributes.ERROR_TYPE, "java.net.http.HttpTimeoutException");
    assertThat(span.getEvents()).anyMatch(e -> e.getName().equals("exception"));
    assertThat(span.getAttributes().get(HttpAttributes.HTTP_RESPONSE_STATUS_CODE)).isNull();
  }

  @Test
  void refusedConnectionRecordsTheExceptionClassForSendAndSendAsync() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    HttpRequest request =
        HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + closedPort + "/")).build();

    assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.discarding()))
        .isInstanceOf(ConnectException.class);
    CompletableFuture<HttpResponse<Void>> future =
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
    assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(ConnectException.class);

    List<SpanData> spans = telemetry.awaitSpans(2);
    for (SpanData span : spans) {
      assertThat(span)
          .hasKind(SpanKind.CLIENT)
          .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR))
          .hasAttribute(ErrorAttributes.ERROR_TYPE, "java.net.ConnectException")
          .hasAttribute(ServerAttributes.SERVER_PORT, (long) closedPort);
    }
  }

  @Test
  void sendAsyncContinuationsRunInTheCallersContext() throws Exception {
    Span caller = telemetry.openTelemetry().getTracer("test").spanBuilder("caller").startSpan();
    CompletableFuture<SpanContext> seen;
    CompletableFuture<String> baggageSeen;
    try (Scope ignored =
        Context.current()
            .with(caller)
            .with(Baggage.builder().put("step", "checkout").build())
            .makeCurrent()) {
      CompletableFuture<HttpResponse<String>> future =
          client.sendAsync(
              HttpRequest.newBuilder(server.uri("/slow")).build(),
              HttpResponse.BodyHandlers.ofString());
      // Chained while the response is pending: runs on the thread that completes the future.
      seen = future.thenApply(r -> Span.current().getSpanContext());
      baggageSeen = future.thenApply(r -> Baggage.current().getEntryValue("step"));
    }
    release.countDown();

    assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo(caller.getSpanContext());
    assertThat(baggageSeen.get(5, TimeUnit.SECONDS)).isEqualTo("checkout");
    caller.end();
    SpanData clientSpan = telemetry.awaitSpans(2).get(0);
    assertThat(clientSpan)
        .hasKind(SpanKind.CLIENT)
        .hasParentSpanId(caller.getSpanContext().getSpanId())
        .hasAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, 200L);
  }

  @Test
  void sendAsyncWithPushPromiseHandlerIsTraced() throws Exception {
    HttpResponse<String> response =
        client
            .sendAsync(
                HttpRequest.newBuilder(server.uri("/ok")).build(),
                HttpResponse.BodyHandlers.ofString(),
                (initiating, push, acceptor) -> {})
            .get(5, TimeUnit.SECONDS);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(telemetry.span(s -> s.getKind() == SpanKind.CLIENT))
        .hasAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, 200L);
  }

  @Test
  void cancellingTheReturnedFutureCancelsTheRequest() throws Exception {
    CompletableFuture<HttpResponse<String>> future =
        client.sendAsync(
            HttpRequest.newBuilder(server.uri("/slow")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(future.cancel(true)).isTrue();

    // The client's own future was cancelled too: the span ends now, not when the server answers.
    SpanData span = telemetry.span(s -> s.getKind() == SpanKind.CLIENT);
    assertThat(future).isCancelled();
    assertThat(span)
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR))
        .hasAttribute(ErrorAttributes.ERROR_TYPE, CancellationException.class.getName());
  }

  @Test
  void urlTemplateNamesTheSpan() throws Exception {
    HttpClient templated =
        HttpTracing.builder(telemetry.openTelemetry())
            .urlTemplate(r -> r.uri().getPath().equals("/ok") ? "/{status}" : null)
            .build()
            .wrap(HttpClient.newHttpClient());

    templated.send(
        HttpRequest.newBuilder(server.uri("/ok")).build(), HttpResponse.BodyHandlers.discarding());
    templated.send(
        HttpRequest.newBuilder(server.uri("/missing")).build(),
        HttpResponse.BodyHandlers.discarding());

    List<SpanData> spans = telemetry.awaitSpans(2);
    assertThat(spans.get(0))
        .hasName("GET /{status}")
        .hasAttribute(AttributeKey.stringKey("url.template"), "/{status}");
    assertThat(spans.get(1)).hasName("GET");
  }

  @Test
  void urlTemplateFunctionThatThrowsIsIgnored() throws Exception {
    HttpClient templated =
        HttpTracing.builder(telemetry.openTelemetry())
            .urlTemplate(
                r -> {
                  throw new IllegalStateException("boom");
                })
            .build()
            .wrap(HttpClient.newHttpClient());

    assertThat(
            templated
                .send(
                    HttpRequest.newBuilder(server.uri("/ok")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode())
        .isEqualTo(200);
    assertThat(telemetry.span(s -> s.getKind() == SpanKind.CLIENT)).hasName("GET");
  }

  @Test
  void headersAreCapturedOnlyWhenAskedAndCredentialsAreRedacted() throws Exception {
    HttpClient capturing =
        HttpTracing.builder(telemetry.openTelemetry())
            .capturedRequestHeaders(List.of("X-Request-Kind", "Authorization"))
            .capturedResponseHeaders(List.of("Content-Type", "Set-Cookie"))
            .build()
            .wrap(HttpClient.newHttpClient());

    capturing.send(
        HttpRequest.newBuilder(server.uri("/ok"))
            .header("X-Request-Kind", "probe")
            .header("Authorization", "Bearer s3cr3t")
            .build(),
        HttpResponse.BodyHandlers.discarding());
    client.send(
        HttpRequest.newBuilder(server.uri("/ok")).header("Authorization", "Bearer s3cr3t").build(),
        HttpResponse.BodyHandlers.discarding());

    List<SpanData> spans = telemetry.awaitSpans(2);
    // Sensitive keys leave the export pipeline as the single string REDACTED (TracingSdk's
    // redaction), whatever the recorded type.
    assertThat(spans.get(0))
        .hasAttribute(
            AttributeKey.stringArrayKey("http.request.header.x-request-kind"), List.of("probe"))
        .hasAttribute(AttributeKey.stringKey("http.request.header.authorization"), "REDACTED")
        .hasAttribute(
            AttributeKey.stringArrayKey("http.response.header.content-type"), List.of("text/plain"))
        .hasAttribute(AttributeKey.stringKey("http.response.header.set-cookie"), "REDACTED");
    assertThatSpans(spans).doesNotContain("s3cr3t", "session=secret").hasNoSecrets();
    assertThat(spans.get(1).getAttributes().asMap().keySet())
        .noneMatch(k -> k.getKey().startsWith("http.request.header."));
    assertThat(spans.toString()).doesNotContain("s3cr3t").doesNotContain("session=secret");
  }

  @Test
  void redirectsCountAsResends() throws Exception {
    HttpClient following =
        HttpTracing.create(telemetry.openTelemetry())
            .wrap(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build());

    HttpResponse<Void> response =
        following.send(
            HttpRequest.newBuilder(server.uri("/redirect")).build(),
            HttpResponse.BodyHandlers.discarding());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(telemetry.span(s -> s.getKind() == SpanKind.CLIENT))
        .hasAttribute(HttpAttributes.HTTP_REQUEST_RESEND_COUNT, 1L)
        .hasAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, 200L);
  }

  @Test
  void unknownMethodsAreRecordedAsOther() throws Exception {
    client.send(
        HttpRequest.newBuilder(server.uri("/ok"))
            .method("PURGE", HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.discarding());

    assertThat(telemetry.span(s -> s.getKind() == SpanKind.CLIENT))
        .hasName("HTTP")
        .hasAttribute(HttpAttributes.HTTP_REQUEST_METHOD, "_OTHER")
        .hasAttribute(HttpAttributes.HTTP_REQUEST_METHOD_ORIGINAL, "PURGE");
  }

  @Test
  void wrapperDelegatesConfiguration() {
    HttpClient plain =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    HttpClient wrapped = HttpTracing.create(telemetry.openTelemetry()).wrap(plain);

    assertThat(wrapped).isNotSameAs(plain);
    assertThat(wrapped.connectTimeout()).contains(Duration.ofSeconds(3));
    assertThat(wrapped.followRedirects()).isEqualTo(HttpClient.Redirect.NEVER);
    assertThat(wrapped.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(wrapped.executor()).isEqualTo(plain.executor());
    assertThat(wrapped.sslContext()).isSameAs(plain.sslContext());
    assertThat(wrapped.newWebSocketBuilder()).isNotNull();
    assertThat(HttpTracing.create(telemetry.openTelemetry()).wrap(wrapped)).isSameAs(wrapped);
    assertThat(HttpTracing.create(OpenTelemetry.noop()).wrap(plain)).isSameAs(plain);
  }
}

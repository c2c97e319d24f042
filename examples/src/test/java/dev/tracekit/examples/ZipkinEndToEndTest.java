package dev.tracekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.testing.Services;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * Sends every scenario's spans to a real Zipkin server (the {@code io.zipkin:zipkin-server} exec
 * jar Maven copies to {@code target/zipkin}, started here on a free loopback port with in-memory
 * storage) through OpenTelemetry's Zipkin exporter, then reads each trace back through {@code
 * /api/v2/trace/{id}} and checks that the backend holds the same tree: every span, its name, kind
 * and parent. Skipped when the server cannot start, except under {@code CI=true}.
 */
class ZipkinEndToEndTest {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(75);

  @Test
  @SuppressWarnings("deprecation") // ZipkinSpanExporter is deprecated: 1.63.0 is its last release
  void zipkinHoldsEveryScenarioTrace() throws Exception {
    String jar = System.getProperty("tracekit.zipkin.jar", "target/zipkin/zipkin-server.jar");
    int port = freePort();
    Path log = Files.createTempFile("zipkin-server", ".log");
    Process zipkin = null;
    try {
      if (new File(jar).isFile()) {
        zipkin =
            new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m",
                    "-XX:TieredStopAtLevel=1",
                    "-jar",
                    jar,
                    "--armeria.ports[0].ip=127.0.0.1",
                    "--armeria.ports[0].port=" + port,
                    "--armeria.ports[0].protocols[0]=http")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
      }
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String base = "http://127.0.0.1:" + port;
      if (zipkin == null || !awaitHealthy(http, base, zipkin)) {
        String message =
            "Zipkin server could not start from " + jar + " (log: " + log + "): " + tail(log);
        if (Services.inCi()) {
          throw new AssertionError("CI=true and " + message);
        }
        Assumptions.abort("skipped: " + message);
      }

      ZipkinSpanExporter exporter =
          ZipkinSpanExporter.builder()
              .setSender((BytesMessageSender) URLConnectionSender.create(base + "/api/v2/spans"))
              .setLocalIpAddressSupplier(InetAddress::getLoopbackAddress)
              .build();
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      Examples.Result result =
          Examples.run(
              new Options(
                  List.of(),
                  null,
                  false,
                  Map.of(),
                  new PrintStream(buffer, true, StandardCharsets.UTF_8),
                  List.of(exporter)));
      exporter.shutdown().join(10, TimeUnit.SECONDS);
      assertThat(result.exitCode()).as(buffer.toString(StandardCharsets.UTF_8)).isZero();

      for (Map.Entry<String, List<SpanData>> scenario : result.spans().entrySet()) {
        Map<String, List<SpanData>> byTrace = new LinkedHashMap<>();
        for (SpanData s : scenario.getValue()) {
          byTrace.computeIfAbsent(s.getTraceId(), k -> new ArrayList<>()).add(s);
        }
        for (Map.Entry<String, List<SpanData>> trace : byTrace.entrySet()) {
          List<Span> stored = readTrace(http, base, trace.getKey(), trace.getValue().size());
          assertSameTree(scenario.getKey(), trace.getValue(), stored);
        }
      }
      // One tree checked by name too: the webhook's trace crosses the queue in Zipkin as well.
      SpanData send = only(result.spans().get("webhook-queue-worker"), "send ai-queue");
      List<Span> webhook = readTrace(http, base, send.getTraceId(), 14);
      Span producer = byName(webhook, "send ai-queue");
      Span consumer = byName(webhook, "process ai-queue");
      assertThat(producer.kind()).isEqualTo(Span.Kind.PRODUCER);
      assertThat(consumer.kind()).isEqualTo(Span.Kind.CONSUMER);
      assertThat(consumer.parentId()).isEqualTo(producer.id());
      assertThat(byName(webhook, "chat gpt-4o").tags()).containsKey("gen_ai.usage.input_tokens");
    } finally {
      if (zipkin != null) {
        zipkin.destroy();
        if (!zipkin.waitFor(10, TimeUnit.SECONDS)) {
          zipkin.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
      Files.deleteIfExists(log);
    }
  }

  private static void assertSameTree(String scenario, List<SpanData> recorded, List<Span> stored) {
    assertThat(stored).as(scenario + ": spans stored by Zipkin").hasSize(recorded.size());
    Map<String, Span> byId = new LinkedHashMap<>();
    stored.forEach(s -> byId.put(s.id(), s));
    for (SpanData s : recorded) {
      Span z = byId.get(s.getSpanId());
      assertThat(z).as(scenario + ": " + s.getName() + " in Zipkin").isNotNull();
      assertThat(z.name()).isEqualTo(s.getName().toLowerCase(Locale.ROOT));
      assertThat(z.kind()).as(s.getName()).isEqualTo(kind(s.getKind()));
      String parent = s.getParentSpanContext().isValid() ? s.getParentSpanId() : null;
      assertThat(z.parentId()).as(s.getName() + " parent").isEqualTo(parent);
      assertThat(z.traceId()).isEqualTo(s.getTraceId());
      assertThat(z.localServiceName())
          .isEqualTo(
              s.getResource()
                  .getAttribute(
                      io.opentelemetry.api.common.AttributeKey.stringKey("service.name")));
    }
  }

  private static Span.Kind kind(SpanKind kind) {
    return switch (kind) {
      case SERVER -> Span.Kind.SERVER;
      case CLIENT -> Span.Kind.CLIENT;
      case PRODUCER -> Span.Kind.PRODUCER;
      case CONSUMER -> Span.Kind.CONSUMER;
      case INTERNAL -> null;
    };
  }

  private static List<Span> readTrace(HttpClient http, String base, String traceId, int expected)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    List<Span> spans = List.of();
    while (System.nanoTime() < deadline) {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v2/trace/" + traceId)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() == 200) {
        spans = SpanBytesDecoder.JSON_V2.decodeList(r.body());
        if (spans.size() >= expected) {
          return spans;
        }
      }
      Thread.sleep(100);
    }
    return spans;
  }

  private static boolean awaitHealthy(HttpClient http, String base, Process zipkin)
      throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline && zipkin.isAlive()) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/health"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().contains("UP")) {
          return true;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    return false;
  }

  private static SpanData only(List<SpanData> spans, String name) {
    List<SpanData> found = spans.stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(found).as(name).hasSize(1);
    return found.get(0);
  }

  private static Span byName(List<Span> spans, String name) {
    return spans.stream()
        .filter(s -> name.toLowerCase(Locale.ROOT).equals(s.name()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + spans));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String tail(Path log) {
    try {
      String text = Files.readString(log);
      return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
    } catch (IOException e) {
      return "(no log)";
    }
  }
}

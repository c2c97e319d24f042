package dev.tracekit.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tracekit.core.TracingSdk;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cases of the W3C Trace Context test suite ({@code github.com/w3c/trace-context}, {@code
 * test/test.py}, strict level 2, specification level 1), played in Java against the suite's setup:
 * a JDK {@code HttpServer} wrapped by {@link HttpTracing} that calls back out through a wrapped
 * {@code HttpClient}, on the SDK {@link TracingSdk} builds by default. Requests are written on a
 * raw socket so that header lines (repeats, casing, whitespace) reach the server exactly as the
 * suite sends them; each callback's {@code traceparent}/{@code tracestate} lines are checked with
 * the suite's own parsing rules.
 */
class TraceContextSuiteTest {
  private static final String ID = "12345678901234567890123456789012";
  private static final String TP = "00-" + ID + "-1234567890123456-00";
  private static final Pattern URL = Pattern.compile("\"url\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern TRACEPARENT =
      Pattern.compile("^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$");
  private static final Pattern MEMBER =
      Pattern.compile(
          "^([0-9a-z][_0-9a-z\\-*/@]{0,255})=([\\x20-\\x2b\\x2d-\\x3c\\x3e-\\x7e]{0,255}"
              + "[\\x21-\\x2b\\x2d-\\x3c\\x3e-\\x7e])$");

  private static TracingSdk sdk;
  private static HttpServer service;
  private static HttpServer harness;
  private static ExecutorService executor;
  private static final Map<String, Map<String, List<String>>> callbacks = new ConcurrentHashMap<>();
  private static int counter;

  @BeforeAll
  static void start() throws IOException {
    sdk =
        TracingSdk.builder()
            .exporters("none")
            .property("otel.metrics.exporter", "none")
            .registerGlobal(false)
            .shutdownHook(false)
            .build();
    HttpTracing tracing = HttpTracing.create(sdk.openTelemetry());
    HttpClient client = tracing.wrap(HttpClient.newHttpClient());
    executor = Executors.newFixedThreadPool(4);
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    harness = HttpServer.create(loopback, 0);
    harness.setExecutor(executor);
    harness.createContext(
        "/",
        exchange -> {
          Map<String, List<String>> headers = new LinkedHashMap<>();
          exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v));
          callbacks.put(exchange.getRequestURI().getPath(), headers);
          respond(exchange, "{}");
        });
    harness.start();
    service = HttpServer.create(loopback, 0);
    service.setExecutor(executor);
    service.createContext(
        "/test",
        tracing.wrap(
            exchange -> {
              String body =
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
              Matcher m = URL.matcher(body);
              while (m.find()) {
                try {
                  client.send(
                      HttpRequest.newBuilder(URI.create(m.group(1)))
                          .POST(HttpRequest.BodyPublishers.ofString("[]"))
                          .build(),
                      HttpResponse.BodyHandlers.discarding());
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              respond(exchange, "{}");
            }));
    service.start();
  }

  @AfterAll
  static void stop() {
    service.stop(0);
    harness.stop(0);
    executor.shutdownNow();
    sdk.close();
  }

  private static void respond(HttpExchange exchange, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** One callback's trace context, parsed as the suite parses it. */
  record Callback(String traceId, String parentId, int flags, Map<String, String> tracestate) {}

  /** Sends the header lines to the service, asking for {@code count} callbacks. */
  private static List<Callback> request(int count, String... lines) throws IOException {
    String scope;
    synchronized (TraceContextSuiteTest.class) {
      scope = "s" + (++counter);
    }
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < count; i++) {
      body.append(i == 0 ? "" : ", ")
          .append("{\"url\": \"http://127.0.0.1:")
          .append(harness.getAddress().getPort())
          .append('/')
          .append(scope)
          .append('.')
          .append(i)
          .append("\", \"arguments\": []}");
    }
    byte[] payload = body.append(']').toString().getBytes(StandardCharsets.UTF_8);
    StringBuilder head =
        new StringBuilder("POST /test HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (int i = 0; i + 1 < lines.length; i += 2) {
      head.append(lines[i]).append(": ").append(lines[i + 1]).append("\r\n");
    }
    head.append("Content-Type: application/json\r\nContent-Length: ")
        .append(payload.length)
        .append("\r\n\r\n");
    try (Socket socket =
        new Socket(InetAddress.getLoopbackAddress(), service.getAddress().getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(payload);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      in.transferTo(response);
      assertThat(response.toString(StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
    }
    List<Callback> result = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, List<String>> headers = callbacks.remove("/" + scope + "." + i);
      assertThat(headers).as("the service made callback %d", i).isNotNull();
      result.add(parse(headers));
    }
    return result;
  }

  private static Callback one(String... lines) throws IOException {
    return request(1, lines).get(0);
  }

  private static Callback parse(Map<String, List<String>> headers) {
    List<String> traceparents = headers.getOrDefault("traceparent", List.of());
    assertThat(traceparents).as("exactly one traceparent header").hasSize(1);
    Matcher tp = TRACEPARENT.matcher(traceparents.get(0));
    assertThat(tp.matches()).as("traceparent %s", traceparents.get(0)).isTrue();
    assertThat(tp.group(1)).isEqualTo("00");
    assertThat(tp.group(2)).isNotEqualTo("0".repeat(32));
    assertThat(tp.group(3)).isNotEqualTo("0".repeat(16));
    Map<String, String> state = new LinkedHashMap<>();
    for (String line : headers.getOrDefault("tracestate", List.of())) {
      for (String member : line.split("[ \t]*,[ \t]*")) {
        if (member.isEmpty()) {
          continue;
        }
        Matcher m = MEMBER.matcher(member);
        assertThat(m.matches()).as("a legal tracestate member: %s", member).isTrue();
        state.putIfAbsent(m.group(1), m.group(2));
      }
    }
    return new Callback(tp.group(2), tp.group(3), Integer.parseInt(tp.group(4), 16), state);
  }

  private static String tracestate(Callback c) {
    StringBuilder sb = new StringBuilder();
    c.tracestate().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k + "=" + v));
    return sb.toString();
  }

  // ---- TraceContextTest (level 1) ----

  @Test
  void bothTraceparentAndTracestateMissing() throws IOException {
    one();
  }

  @Test
  void traceparentIncludedTracestateMissing() throws IOException {
    Callback c = one("traceparent", "00-" + ID + "-1234567890123456-01");
    assertThat(c.traceId()).isEqualTo(ID);
    assertThat(c.parentId()).isNotEqualTo("1234567890123456");
  }

  @Test
  void traceparentDuplicated() throws IOException {
    Callback c =
        one(
            "traceparent",
            "00-12345678901234567890123456789011-1234567890123456-01",
            "traceparent",
            "00-" + ID + "-1234567890123456-01");
    assertThat(c.traceId()).isNotIn("12345678901234567890123456789011", ID);
  }

  @Test
  void traceparentHeaderName() throws IOException {
    assertThat(one("trace-parent", TP).traceId()).isNotEqualTo(ID);
    assertThat(one("trace.parent", TP).traceId()).isNotEqualTo(ID);
  }

  @Test
  void traceparentHeaderNameValidCasing() throws IOException {
    for (String name : List.of("TraceParent", "TrAcEpArEnT", "TRACEPARENT")) {
      assertThat(one(name, TP).traceId()).as(name).isEqualTo(ID);
    }
  }

  @Test
  void traceparentVersion0x00() throws IOException {
    assertThat(one("traceparent", TP + ".").traceId()).isNotEqualTo(ID);
    assertThat(one("traceparent", TP + "-what-the-future-will-be-like").traceId()).isNotEqualTo(ID);
  }

  @Test
  void traceparentVersion0xcc() throws IOException {
    String cc = "cc-" + ID + "-1234567890123456-01";
    assertThat(one("traceparent", cc).traceId()).isEqualTo(ID);
    assertThat(one("traceparent", cc + "-what-the-future-will-be-like").traceId()).isEqualTo(ID);
    assertThat(one("traceparent", cc + ".what-the-future-will-be-like").traceId()).isNotEqualTo(ID);
  }

  @Test
  void traceparentVersion0xff() throws IOException {
    assertThat(one("traceparent", "ff-" + ID + "-1234567890123456-01").traceId()).isNotEqualTo(ID);
  }

  @Test
  void traceparentInvalidFieldsStartANewTrace() throws IOException {
    // version illegal characters / too long / too short; trace_id, parent_id and trace_flags
    // illegal characters, too long, too short and all zero: each case of the suite.
    List<String> invalid =
        List.of(
            ".0-" + ID + "-1234567890123456-01",
            "0.-" + ID + "-1234567890123456-01",
            "000-" + ID + "-1234567890123456-01",
            "0000-" + ID + "-1234567890123456-01",
            "0-" + ID + "-1234567890123456-01",
            "00-00000000000000000000000000000000-1234567890123456-01",
            "00-.2345678901234567890123456789012-1234567890123456-01",
            "00-1234567890123456789012345678901.-1234567890123456-01",
            "00-123456789012345678901234567890123-1234567890123456-01",
            "00-1234567890123456789012345678901-1234567890123456-01",
            "00-" + ID + "-0000000000000000-01",
            "00-" + ID + "-.234567890123456-01",
            "00-" + ID + "-123456789012345.-01",
            "00-" + ID + "-12345678901234567-01",
            "00-" + ID + "-123456789012345-01",
            "00-" + ID + "-1234567890123456-.0",
            "00-" + ID + "-1234567890123456-0.",
            "00-" + ID + "-1234567890123456-001",
            "00-" + ID + "-1234567890123456-1");
    for (String value : invalid) {
      Callback c = one("traceparent", value);
      assertThat(c.traceId())
          .as(value)
          .isNotEqualTo(ID)
          .isNotEqualTo("23456789012345678901234567890123");
    }
  }

  @Test
  void traceparentOwsHandling() throws IOException {
    String valid = "00-" + ID + "-1234567890123456-01";
    for (String value :
        List.of(" " + valid, "\t" + valid, valid + " ", valid + "\t", "\t " + valid + " \t")) {
      assertThat(one("traceparent", value).traceId()).isEqualTo(ID);
    }
  }

  @Test
  void tracestateIncludedTraceparentMissing() throws IOException {
    Callback one = one("tracestate", "foo=1");
    Callback two = one("tracestate", "foo=1,bar=2");
    assertThat(one.tracestate()).hasSameSizeAs(two.tracestate());
  }

  @Test
  void tracestateIncludedTraceparentIncluded() throws IOException {
    Callback c = one("traceparent", TP, "tracestate", "foo=1,bar=2");
    assertThat(c.traceId()).isEqualTo(ID);
    assertThat(c.tracestate()).containsEntry("foo", "1").containsEntry("bar", "2");
  }

  @Test
  void tracestateHeaderName() throws IOException {
    assertThat(one("traceparent", TP, "trace-state", "foo=1").tracestate())
        .doesNotContainKey("foo");
    assertThat(one("traceparent", TP, "trace.state", "foo=1").tracestate())
        .doesNotContainKey("foo");
  }

  @Test
  void tracestateHeaderNameValidCasing() throws IOException {
    for (String name : List.of("TraceState", "TrAcEsTaTe", "TRACESTATE")) {
      assertThat(one("traceparent", TP, name, "foo=1").tracestate())
          .as(name)
          .containsEntry("foo", "1");
    }
  }

  @Test
  void tracestateEmptyHeader() throws IOException {
    Callback c = one("traceparent", TP, "tracestate", "");
    assertThat(c.traceId()).isEqualTo(ID);
    c = one("traceparent", TP, "tracestate", "foo=1", "tracestate", "");
    assertThat(c.traceId()).isEqualTo(ID);
    assertThat(c.tracestate()).containsEntry("foo", "1");
    c = one("traceparent", TP, "tracestate", "", "tracestate", "foo=1");
    assertThat(c.traceId()).isEqualTo(ID);
    assertThat(c.tracestate()).containsEntry("foo", "1");
  }

  @Test
  void tracestateMultipleHeadersDifferentKeys() throws IOException {
    Callback c =
        one(
            "traceparent", TP,
            "tracestate", "foo=1,bar=2",
            "tracestate", "rojo=1,congo=2",
            "tracestate", "baz=3");
    assertThat(c.traceId()).isEqualTo(ID);
    assertThat(tracestate(c)).isEqualTo("foo=1,bar=2,rojo=1,congo=2,baz=3");
  }

  @Test
  void tracestateAllAllowedCharacters() throws IOException {
    String key = "abcdefghijklmnopqrstuvwxyz0123456789_-*/";
    StringBuilder value = new StringBuilder();
    for (char ch = 0x20; ch <= 0x7e; ch++) {
      if (ch != ',' && ch != '=') {
        value.append(ch);
      }
    }
    assertThat(one("traceparent", TP, "tracestate", key + "=" + value).tracestate())
        .containsEntry(key, value.toString());
    String vendorKey = key + "@a-z0-9_-*/";
    assertThat(one("traceparent", TP, "tracestate", vendorKey + "=" + value).tracestate())
        .containsEntry(vendorKey, value.toString());
  }

  @Test
  void tracestateOwsHandling() throws IOException {
    for (String value :
        List.of("foo=1 \t , \t bar=2, \t baz=3", "foo=1\t \t,\t \tbar=2,\t \tbaz=3")) {
      assertThat(one("traceparent", TP, "tracestate", value).tracestate())
          .containsExactly(Map.entry("foo", "1"), Map.entry("bar", "2"), Map.entry("baz", "3"));
    }
    for (String value : List.of(" foo=1", "\tfoo=1", "foo=1 ", "foo=1\t", "\t foo=1 \t")) {
      Callback c = one("traceparent", TP, "tracestate", value);
      assertThat(c.traceId()).isEqualTo(ID);
      assertThat(c.tracestate()).containsEntry("foo", "1");
    }
  }

  // ---- TraceContextTest, strict level 2 ----

  @Test
  void tracestateDuplicatedKeys() throws IOException {
    assertThat(tracestate(one("traceparent", TP, "tracestate", "foo=1,foo=1"))).contains("foo=1");
    assertThat(tracestate(one("traceparent", TP, "tracestate", "foo=1,foo=2")))
        .containsAnyOf("foo=1", "foo=2");
    assertThat(tracestate(one("traceparent", TP, "tracestate", "foo=1", "tracestate", "foo=1")))
        .contains("foo=1");
    Callback c = one("traceparent", TP, "tracestate", "foo=1", "tracestate", "foo=2");
    assertThat(c.traceId()).isEqualTo(ID);
    assertThat(tracestate(c)).containsAnyOf("foo=1", "foo=2");
  }

  @Test
  void tracestateKeyIllegalCharacters() throws IOException {
    assertThat(one("traceparent", TP, "tracestate", "foo =1").tracestate()).isEmpty();
    assertThat(one("traceparent", TP, "tracestate", "FOO=1").tracestate()).isEmpty();
    assertThat(one("traceparent", TP, "tracestate", "foo.bar=1").tracestate()).isEmpty();
  }

  @Test
  void tracestateKeyIllegalVendorFormat() throws IOException {
    assertThat(one("traceparent", TP, "tracestate", "foo@=1,bar=2").tracestate())
        .containsEntry("foo@", "1")
        .containsEntry("bar", "2");
    assertThat(one("traceparent", TP, "tracestate", "@foo=1,bar=2").tracestate())
        .doesNotContainKey("bar");
    assertThat(one("traceparent", TP, "tracestate", "foo@@bar=1,bar=2").tracestate())
        .containsEntry("foo@@bar", "1")
        .containsEntry("bar", "2");
    assertThat(one("traceparent", TP, "tracestate", "foo@bar@baz=1,bar=2").tracestate())
        .containsEntry("foo@bar@baz", "1")
        .containsEntry("bar", "2");
  }

  @Test
  void tracestateMemberCountLimit() throws IOException {
    String first = "bar01=01,bar02=02,bar03=03,bar04=04,bar05=05,bar06=06,bar07=07,bar08=08";
    String lines2 = "bar09=09,bar10=10,bar11=11,bar12=12,bar13=13,bar14=14,bar15=15,bar16=16";
    String lines3 = "bar17=17,bar18=18,bar19=19,bar20=20,bar21=21,bar22=22,bar23=23,bar24=24";
    String lines4 = "bar25=25,bar26=26,bar27=27,bar28=28,bar29=29,bar30=30,bar31=31,bar32=32";
    Callback c =
        one(
            "traceparent",
            TP,
            "tracestate",
            first,
            "tracestate",
            lines2,
            "tracestate",
            lines3,
            "tracestate",
            lines4);
    assertThat(c.tracestate()).hasSize(32).containsEntry("bar01", "01");
    c =
        one(
            "traceparent",
            TP,
            "tracestate",
            first,
            "tracestate",
            lines2,
            "tracestate",
            lines3,
            "tracestate",
            lines4 + ",bar33=33");
    assertThat(c.tracestate()).doesNotContainKey("bar01");
  }

  @Test
  void tracestateKeyLengthLimit() throws IOException {
    for (String key :
        List.of(
            "z".repeat(256),
            "t".repeat(241) + "@" + "v".repeat(14),
            "t".repeat(242) + "@v",
            "t@" + "v".repeat(15))) {
      assertThat(
              one("traceparent", TP, "tracestate", "foo=1", "tracestate", key + "=1").tracestate())
          .containsEntry("foo", "1")
          .containsEntry(key, "1");
    }
    assertThat(
            one("traceparent", TP, "tracestate", "foo=1", "tracestate", "z".repeat(257) + "=1")
                .tracestate())
        .doesNotContainKey("foo");
  }

  @Test
  void tracestateValueIllegalCharacters() throws IOException {
    assertThat(one("traceparent", TP, "tracestate", "foo=bar=baz").tracestate())
        .doesNotContainKey("foo");
    assertThat(one("traceparent", TP, "tracestate", "foo=,bar=3").tracestate())
        .doesNotContainKeys("foo", "bar");
  }

  // ---- AdvancedTest ----

  @Test
  void multipleRequestsWithValidTraceparent() throws IOException {
    List<Callback> all = request(3, "traceparent", "00-" + ID + "-1234567890123456-01");
    assertThat(all).extracting(Callback::traceId).containsOnly(ID);
    assertThat(all).extracting(Callback::parentId).doesNotHaveDuplicates();
  }

  @Test
  void multipleRequestsWithoutTraceparent() throws IOException {
    assertThat(request(3)).extracting(Callback::parentId).doesNotHaveDuplicates();
  }

  @Test
  void multipleRequestsWithIllegalTraceparent() throws IOException {
    List<Callback> all =
        request(3, "traceparent", "00-00000000000000000000000000000000-1234567890123456-01");
    assertThat(all).extracting(Callback::traceId).doesNotContain("0".repeat(32));
    assertThat(all).extracting(Callback::parentId).doesNotHaveDuplicates();
  }

  @Test
  void sampledFlagFollowsTheParent() throws IOException {
    assertThat(one("traceparent", "00-" + ID + "-1234567890123456-01").flags() & 1).isEqualTo(1);
  }
}

package dev.tracekit.springtests;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tracekit.core.testing.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * What a user checks on a Boot service with tracing-spring-boot-starter, whatever the set-up: one
 * trace per request (server span, {@code @Traced} child, JDBC grandchildren with sanitized SQL),
 * one client span per outgoing call with propagation, redaction and limits, log correlation,
 * sampling rules and the health indicator. A test module extends it and starts the shop once in a
 * {@code @BeforeAll}.
 */
public abstract class BootScenario {
  /** The running shop; set by the subclass. */
  protected static ShopRun shop;

  /** For subclasses. */
  protected BootScenario() {}

  /**
   * The name the server span of {@code GET /orders/{id}} has in this set-up.
   *
   * @return the name
   */
  protected abstract String serverSpanName();

  /**
   * Who owns the SDK in this set-up, as the health indicator says: {@code tracekit} or {@code
   * application}.
   *
   * @return the owner
   */
  protected abstract String sdkOwner();

  /** Stops the shop. */
  @AfterAll
  static void stop() {
    if (shop != null) {
      shop.close();
    }
  }

  private static List<ReceivedSpan> trace(String traceId) {
    return shop.receiver.spans().stream().filter(s -> s.traceId().equals(traceId)).toList();
  }

  private static boolean isDb(ReceivedSpan s) {
    return s.attr("db.system.name") != null || s.attr("db.system") != null;
  }

  private static List<ReceivedSpan> ofKind(List<ReceivedSpan> spans, SpanKind kind) {
    return spans.stream().filter(s -> s.span().getKind() == kind).toList();
  }

  private static void settle() {
    try {
      Thread.sleep(600); // a duplicate span would arrive with the same or the next batch
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aRequestIsOneTraceServerTracedJdbcWithSanitizedSql() {
    long id = shop.newOrder();
    HttpResponse<String> response = shop.get("/orders/" + id);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("acme");

    ReceivedSpan traced =
        shop.receiver
            .awaitSpans(
                s ->
                    s.name().equals("orders.find")
                        && String.valueOf(id).equals(s.attr("shop.order_id")),
                1,
                Duration.ofSeconds(20))
            .get(0);
    String traceId = traced.traceId();
    shop.receiver.awaitSpans(
        s -> s.traceId().equals(traceId) && s.span().getKind() == SpanKind.SPAN_KIND_SERVER,
        1,
        Duration.ofSeconds(20));
    shop.receiver.awaitSpans(
        s -> s.traceId().equals(traceId) && isDb(s), 2, Duration.ofSeconds(20));
    settle();
    List<ReceivedSpan> trace = trace(traceId);

    List<ReceivedSpan> servers = ofKind(trace, SpanKind.SPAN_KIND_SERVER);
    assertThat(servers).as("server spans of the request").hasSize(1);
    ReceivedSpan server = servers.get(0);
    assertThat(server.name()).isEqualTo(serverSpanName());
    assertThat(server.parentSpanId()).isEmpty();
    assertThat(traced.parentSpanId()).isEqualTo(server.spanId());
    assertThat(traced.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_INTERNAL);

    List<ReceivedSpan> jdbc = trace.stream().filter(BootScenario::isDb).toList();
    assertThat(jdbc).hasSizeGreaterThanOrEqualTo(2);
    for (ReceivedSpan statement : jdbc) {
      assertThat(statement.parentSpanId()).isEqualTo(traced.spanId());
      assertThat(statement.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
      String sql = statement.attr("db.query.text");
      assertThat(sql).contains(OrderService.TABLE).contains("?");
      assertThat(sql).doesNotContain("secret-customer").doesNotContain(Long.toString(id));
    }
    assertThat(jdbc.stream().map(s -> s.attr("db.query.text")))
        .anySatisfy(sql -> assertThat(sql).startsWith("UPDATE"))
        .anySatisfy(sql -> assertThat(sql).startsWith("SELECT"));
    assertThat(ofKind(trace, SpanKind.SPAN_KIND_CLIENT))
        .allSatisfy(s -> assertThat(isDb(s)).isTrue());

    // Redaction and limits apply to whichever SDK exports.
    assertThat(traced.attr("shop.api_key")).isEqualTo("REDACTED");
    assertThat(traced.attr("shop.note").length()).isLessThanOrEqualTo(4096);

    // Log correlation: the MDC keys Boot uses.
    ILoggingEvent event =
        shop.logs.list.stream()
            .filter(e -> e.getFormattedMessage().equals("finding order " + id))
            .findFirst()
            .orElseThrow();
    assertThat(event.getMDCPropertyMap()).containsEntry("traceId", traceId);
    assertThat(event.getMDCPropertyMap()).containsEntry("spanId", traced.spanId());
  }

  @Test
  void outgoingCallsGetOneClientSpanEachAndPropagate() {
    long id = shop.newOrder();
    int before = shop.downstreamHeaders.size();
    HttpResponse<String> response = shop.get("/orders/" + id + "/shipping");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("7.50,in-transit");

    List<String> headers = shop.downstreamHeaders.subList(before, shop.downstreamHeaders.size());
    assertThat(headers).hasSize(2);
    Set<String> traceIds =
        headers.stream().map(h -> h.split(" ")[1].split("-")[1]).collect(Collectors.toSet());
    assertThat(traceIds).hasSize(1);
    String traceId = traceIds.iterator().next();
    Set<String> parents =
        headers.stream().map(h -> h.split(" ")[1].split("-")[2]).collect(Collectors.toSet());

    shop.receiver.awaitSpans(
        s -> s.traceId().equals(traceId) && s.span().getKind() == SpanKind.SPAN_KIND_CLIENT,
        2,
        Duration.ofSeconds(20));
    shop.receiver.awaitSpans(
        s -> s.traceId().equals(traceId) && s.span().getKind() == SpanKind.SPAN_KIND_SERVER,
        1,
        Duration.ofSeconds(20));
    settle();
    List<ReceivedSpan> trace = trace(traceId);
    List<ReceivedSpan> clients = ofKind(trace, SpanKind.SPAN_KIND_CLIENT);
    assertThat(clients).as("client spans of the two calls").hasSize(2);
    assertThat(ofKind(trace, SpanKind.SPAN_KIND_SERVER)).hasSize(1);
    String serverId = ofKind(trace, SpanKind.SPAN_KIND_SERVER).get(0).spanId();
    assertThat(clients).allSatisfy(c -> assertThat(c.parentSpanId()).isEqualTo(serverId));
    assertThat(clients.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet()))
        .isEqualTo(parents);
  }

  @Test
  void samplingRulesDropMatchingRootSpans() {
    JobService jobs = shop.app.getBean(JobService.class);
    jobs.poll();
    jobs.run();
    shop.receiver.awaitSpans(s -> s.name().equals("kept.job"), 1, Duration.ofSeconds(20));
    settle();
    assertThat(shop.receiver.spans()).noneMatch(s -> s.name().equals("noise.poll"));
  }

  @Test
  void healthIndicatorShowsTheExporter() {
    long id = shop.newOrder();
    shop.get("/orders/" + id);
    shop.receiver.awaitSpans(
        s -> s.name().equals("orders.find") && String.valueOf(id).equals(s.attr("shop.order_id")),
        1,
        Duration.ofSeconds(20));
    settle();
    HttpResponse<String> health = shop.get("/actuator/health/tracekit");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body())
        .contains("\"status\":\"UP\"")
        .contains("\"sdk\":\"" + sdkOwner() + "\"")
        .contains("\"exportFailures\":0")
        .containsPattern("\"spansExported\":[1-9]");
  }
}

package dev.tracekit.testing;

import static dev.tracekit.testing.SpanAssertTest.catchError;
import static dev.tracekit.testing.TracekitAssertions.assertThat;
import static dev.tracekit.testing.TracekitAssertions.assertThatSpans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TelemetryAssertTest {
  @RegisterExtension
  static final TracekitExtension tracing =
      TracekitExtension.builder().telemetry(t -> t.timeout(Duration.ofMillis(300))).build();

  private Tracer tracer() {
    return tracing.openTelemetry().getTracer("t");
  }

  @Test
  void hasRootFailsListingTheCapturedTraces() {
    Fixtures.orderTrace(tracing.telemetry());
    AssertionError e = catchError(() -> assertThat(tracing).hasRoot("GET /orders"));
    assertThat(e)
        .hasMessageContaining(
            "Expected a finished trace whose root span is \"GET /orders\" within PT0.3S")
        .hasMessageContaining("Captured traces:\n  trace ")
        .hasMessageContaining("POST /orders [SERVER, OK]\n    INSERT orders [CLIENT]");
  }

  @Test
  void hasRootSaysWhenTheSpanIsNotARoot() {
    Fixtures.orderTrace(tracing.telemetry());
    AssertionError e = catchError(() -> assertThat(tracing).hasRoot("INSERT orders"));
    assertThat(e)
        .hasMessageContaining(
            "(a span \"INSERT orders\" exists but its parent is \"POST /orders\")");
  }

  @Test
  void hasRootWaitsForTheWholeTraceAndSaysWhatIsStillOpen() {
    Span root = tracer().spanBuilder("request").startSpan();
    Span child;
    try (Scope ignored = root.makeCurrent()) {
      child = tracer().spanBuilder("background").startSpan();
    }
    root.end();
    AssertionError e = catchError(() -> assertThat(tracing).hasRoot("request"));
    assertThat(e)
        .hasMessageContaining(
            "Expected a finished trace whose root span is \"request\" within PT0.3S (its trace"
                + " still has open spans: [background])");
    child.end();
    assertThat(tracing).hasRoot("request").hasChildren("background");
  }

  @Test
  void hasRootFailsWhenSeveralTracesHaveThatRoot() {
    tracer().spanBuilder("tick").startSpan().end();
    tracer().spanBuilder("tick").startSpan().end();
    AssertionError e = catchError(() -> assertThat(tracing).hasRoot("tick"));
    assertThat(e)
        .hasMessageContaining("Expected one trace whose root span is \"tick\", but there are 2")
        .hasMessageContaining("  tick [INTERNAL]\n  trace ");
  }

  @Test
  void spanFindsOneSpanAnywhere() {
    Fixtures.orderTrace(tracing.telemetry());
    assertThat(tracing).span("INSERT orders").hasParent("POST /orders").up();
    AssertionError e = catchError(() -> assertThat(tracing).span("DELETE orders"));
    assertThat(e)
        .hasMessageContaining(
            "Expected one span named \"DELETE orders\" within PT0.3S, but there are 0")
        .hasMessageContaining("chat gpt-4o [CLIENT]");
  }

  @Test
  void spanNamesAndOneTrace() {
    Fixtures.orderTrace(tracing.telemetry());
    assertThat(tracing)
        .hasSpanNames("INSERT orders", "POST /orders", "execute_tool lookup_order", "chat gpt-4o")
        .hasOneTrace();
    AssertionError e = catchError(() -> assertThat(tracing).hasSpanNames("POST /orders"));
    assertThat(e)
        .hasMessageContaining(
            "Expected the spans [POST /orders] (in any order), but they are [INSERT orders, POST"
                + " /orders, chat gpt-4o, execute_tool lookup_order]");
    tracer().spanBuilder("elsewhere").setNoParent().startSpan().end();
    e = catchError(() -> assertThat(tracing).hasOneTrace());
    assertThat(e)
        .hasMessageContaining("Expected every span to be in one trace, but there are 2 traces")
        .hasMessageContaining("elsewhere [INTERNAL]");
  }

  @Test
  void hasNoSecretsChecksWhatTheUserRedactorWouldMiss() {
    // A plain list of spans, as an exporter with redaction turned off would export them.
    try (TestTelemetry unredacted =
        TestTelemetry.builder().configure(b -> b.redaction(false)).build()) {
      Span span = unredacted.openTelemetry().getTracer("t").spanBuilder("signup").startSpan();
      span.setAttribute("user.email", "jane.doe@example.com");
      span.setAttribute("password", "hunter2");
      span.addEvent(
          "call", Attributes.of(AttributeKey.stringKey("note"), "Bearer abcdefghijklmnopqrstuvwx"));
      span.end();
      AssertionError e = catchError(() -> assertThat(unredacted).hasNoSecrets());
      assertThat(e)
          .hasMessageContaining("Expected no secret or personal data, but found:")
          .hasMessageContaining("span \"signup\" attribute user.email = \"jane.doe@example.com\"")
          .hasMessageContaining("span \"signup\" attribute password = \"hunter2\"")
          .hasMessageContaining("span \"signup\" event \"call\" attribute note = \"Bearer")
          .hasMessageContaining("Captured traces:\n  trace ");
      e = catchError(() -> assertThat(unredacted).doesNotContain("hunter2", "Jane"));
      assertThat(e)
          .hasMessageContaining("Expected these literals nowhere, but found:")
          .hasMessageContaining("\"hunter2\" in span \"signup\" attribute password")
          .hasMessageNotContaining("\"Jane\"");
      assertThatSpans(unredacted.spans()).doesNotContain("Jane");
    }
    // The same through TraceKit's default pipeline: nothing leaks.
    Span span = tracer().spanBuilder("signup").startSpan();
    span.setAttribute("password", "hunter2");
    span.setAttribute("note", "Bearer abcdefghijklmnopqrstuvwx");
    span.end();
    assertThat(tracing).hasNoSecrets().doesNotContain("hunter2").isSafe();
  }

  @Test
  void hasNoOpenSpansListsTheOpenOnes() {
    Span open = tracer().spanBuilder("never ended").startSpan();
    tracer().spanBuilder("ended").startSpan().end();
    AssertionError e = catchError(() -> assertThat(tracing).hasNoOpenSpans());
    assertThat(e)
        .hasMessageContaining(
            "Expected every span to have ended, but these are open: [never ended]")
        .hasMessageContaining("never ended [INTERNAL, OPEN]")
        .hasMessageContaining("ended [INTERNAL]");
    open.end();
    assertThat(tracing).hasNoOpenSpans();
  }

  @Test
  void hasNoGeneratedSpanNames() {
    tracer().spanBuilder("GET /users/12345/orders").startSpan().end();
    tracer().spanBuilder("GET /users/{id}/orders").startSpan().end();
    AssertionError e = catchError(() -> assertThat(tracing).hasNoGeneratedSpanNames());
    assertThat(e)
        .hasMessageContaining(
            "Expected no generated-looking span name, but found [\"GET /users/12345/orders\""
                + " (looks like GET /users/{id}/orders)]");
    e = catchError(() -> assertThat(tracing).isSafe());
    assertThat(e).hasMessageContaining("generated-looking");
  }

  @Test
  void metricFailureListsTheMetrics() {
    tracing.openTelemetry().getMeter("m").counterBuilder("jobs").build().add(1);
    AssertionError e = catchError(() -> assertThat(tracing).metric("orders"));
    assertThat(e).hasMessageContaining("Expected a metric named \"orders\", but the metrics are [");
    assertThat(e).hasMessageContaining("jobs");
    assertThatThrownBy(() -> assertThatSpans(tracing.spans()).metric("jobs"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void descriptionPrefixesTheMessage() {
    AssertionError e = catchError(() -> assertThat(tracing).as("orders service").hasOneTrace());
    assertThat(e)
        .hasMessageContaining("[orders service]")
        .hasMessageContaining("(no spans captured)");
  }
}

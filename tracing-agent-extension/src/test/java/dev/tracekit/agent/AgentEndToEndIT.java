package dev.tracekit.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.testing.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link AgentApp} under the real OpenTelemetry Java agent ({@code opentelemetry-javaagent}, the
 * version in this module's pom), exporting over OTLP/HTTP into a real receiver: once with
 * TraceKit's extension ({@code target/tracing-agent-extension.jar}) and default agent settings,
 * once without it and with the agent's JDBC and HTTP client instrumentation turned off. Both JVMs
 * run at the same time; each test waits for the run it looks at.
 */
class AgentEndToEndIT {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String AGENT_DISTRO = "opentelemetry-java-instrumentation";

  private static final String BAD_RATE = "lots";

  private static AgentRun withExtension;
  private static AgentRun withoutExtension;

  @BeforeAll
  static void startBoth() throws Exception {
    // One malformed TraceKit alias: reported once through the agent's logger, then ignored.
    withExtension =
        AgentRun.start("with-extension", true, List.of("-Dotel.sample.rate=" + BAD_RATE));
    withoutExtension =
        AgentRun.start(
            "without-extension",
            false,
            List.of(
                "-Dotel.instrumentation.jdbc.enabled=false",
                "-Dotel.instrumentation.java-http-client.enabled=false"));
  }

  @AfterAll
  static void stopBoth() {
    if (withExtension != null) {
      withExtension.close();
    }
    if (withoutExtension != null) {
      withoutExtension.close();
    }
  }

  /** All spans of the finished run, once the root span arrived. */
  private static List<ReceivedSpan> spans(AgentRun run) throws Exception {
    run.await();
    run.receiver().awaitSpans(s -> s.name().equals(AgentApp.ROOT), 1, WAIT);
    // The root ends last; give a concurrent batch a moment, then take everything.
    Thread.sleep(300);
    List<ReceivedSpan> spans = run.receiver().spans();
    run.writeSpans(spans);
    return spans;
  }

  private static ReceivedSpan only(List<ReceivedSpan> spans, String scope, String name) {
    List<ReceivedSpan> found =
        spans.stream().filter(s -> s.scope().equals(scope) && s.name().equals(name)).toList();
    assertThat(found).as("spans named '%s' from scope %s", name, scope).hasSize(1);
    return found.get(0);
  }

  /** The span's ancestors, nearest first. */
  private static List<ReceivedSpan> ancestors(List<ReceivedSpan> spans, ReceivedSpan span) {
    List<ReceivedSpan> out = new ArrayList<>();
    String parent = span.parentSpanId();
    while (!parent.isEmpty()) {
      String id = parent;
      ReceivedSpan found =
          spans.stream()
              .filter(s -> s.spanId().equals(id))
              .findFirst()
              .orElseThrow(() -> new AssertionError("parent " + id + " was not exported"));
      out.add(found);
      parent = found.parentSpanId();
    }
    return out;
  }

  /** The nearest ancestor recorded by TraceKit (skipping the agent's own spans). */
  private static ReceivedSpan traceKitParent(List<ReceivedSpan> spans, ReceivedSpan span) {
    return ancestors(spans, span).stream()
        .filter(s -> s.scope().startsWith("dev.tracekit"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no TraceKit ancestor of " + span.name()));
  }

  @Test
  void noSecretIsExportedWithTheExtension() throws Exception {
    List<ReceivedSpan> spans = spans(withExtension);
    for (ReceivedSpan span : spans) {
      // The protobuf text form holds every string of the span: name, attributes, events, links,
      // status; and of its resource.
      String exported = span.span().toString() + span.resource().toString();
      for (String secret : AgentApp.SECRETS) {
        assertThat(exported)
            .as("span '%s' from %s", span.name(), span.scope())
            .doesNotContain(secret);
      }
    }
    // Redacted, not dropped: the attributes are there with their values replaced.
    ReceivedSpan root = only(spans, "dev.tracekit", AgentApp.ROOT);
    assertThat(root.attr("user.password")).isEqualTo("REDACTED");
    assertThat(root.attr("llm.request.note")).isEqualTo("calling the model with REDACTED");
    assertThat(root.attr("http.request.header.authorization")).isEqualTo("REDACTED");
    assertThat(root.span().getEventsList())
        .extracting(e -> e.getName())
        .containsExactly("payment", "login");
    assertThat(root.span().toString()).contains("REDACTED");
    ReceivedSpan charge = only(spans, "dev.tracekit", "charge REDACTED");
    assertThat(charge.attr("payment.card_number")).isEqualTo("REDACTED");
    assertThat(charge.attr("payment.note")).isEqualTo("card REDACTED");
  }

  @Test
  void oneTraceWithCorrectParentsAndSanitizedSql() throws Exception {
    List<ReceivedSpan> spans = spans(withExtension);
    String traceId = withExtension.printed("trace");
    assertThat(spans).isNotEmpty().allSatisfy(s -> assertThat(s.traceId()).isEqualTo(traceId));

    ReceivedSpan root = only(spans, "dev.tracekit", AgentApp.ROOT);
    assertThat(root.parentSpanId()).isEmpty();
    ReceivedSpan charge = only(spans, "dev.tracekit", "charge REDACTED");
    assertThat(charge.parentSpanId()).isEqualTo(root.spanId());

    ReceivedSpan insert = only(spans, "dev.tracekit.jdbc", "INSERT cards");
    assertThat(traceKitParent(spans, insert)).isEqualTo(charge);
    assertThat(insert.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
    assertThat(insert.attr("db.query.text")).isEqualTo("INSERT INTO cards VALUES (?, ?)");
    assertThat(insert.attr("db.system.name")).isEqualTo("h2database");
    ReceivedSpan create = only(spans, "dev.tracekit.jdbc", "CREATE TABLE cards");
    assertThat(traceKitParent(spans, create)).isEqualTo(charge);

    ReceivedSpan get = only(spans, "dev.tracekit.http", "GET");
    assertThat(traceKitParent(spans, get)).isEqualTo(charge);
    assertThat(get.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
    assertThat(get.attr("http.response.status_code")).isEqualTo("200");
    // The loopback server's span (the agent's JDK HTTP server instrumentation) is in the trace,
    // below the client call.
    ReceivedSpan server = only(spans, "io.opentelemetry.java-http-server", "GET /orders");
    assertThat(server.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
    assertThat(ancestors(spans, server)).contains(get, charge, root);
  }

  @Test
  void onlyTheAgentsSdkExportsAndStartUpIsQuiet() throws Exception {
    List<ReceivedSpan> spans = spans(withExtension);
    assertThat(spans)
        .allSatisfy(
            s -> {
              assertThat(s.resourceAttr("telemetry.distro.name")).isEqualTo(AGENT_DISTRO);
              assertThat(s.resourceAttr("service.name")).isEqualTo("agent-app");
            });
    // TracingSdk built no second SDK: no second batch worker thread, the agent's OpenTelemetry,
    // and it said so in one line.
    assertThat(withExtension.printed("ownsOpenTelemetry")).isEqualTo("false");
    assertThat(withExtension.printed("batchWorkers")).isEqualTo("1");
    assertThat(withExtension.printed("openTelemetry"))
        .isNotEqualTo("io.opentelemetry.sdk.OpenTelemetrySdk");
    String output = withExtension.output();
    assertThat(output)
        .containsOnlyOnce(
            "TraceKit uses the OpenTelemetry already installed (the OpenTelemetry Java agent)")
        .doesNotContain("GlobalOpenTelemetry.set")
        .doesNotContain("java.lang.Throwable")
        .doesNotContain("Exception")
        .doesNotContainPattern("(?m)^\\s+at [\\w.$]+\\(");
  }

  /**
   * What the agent's own instrumentation does next to TraceKit's wrappers: each JDBC statement and
   * each HTTP call gets two CLIENT spans, one nested in the other. The agent instruments every
   * {@code java.sql.Statement} implementation, TraceKit's wrapper included, so its JDBC span is the
   * outer one; its HTTP client span is inside TraceKit's, and it injects its own span's context, so
   * the server continues the agent's span. docs/agent.md tells how to keep one of the two.
   */
  @Test
  void agentInstrumentationAddsASecondClientSpanPerCall() throws Exception {
    List<ReceivedSpan> spans = spans(withExtension);
    ReceivedSpan charge = only(spans, "dev.tracekit", "charge REDACTED");
    ReceivedSpan insert = only(spans, "dev.tracekit.jdbc", "INSERT cards");
    ReceivedSpan agentInsert = only(spans, "io.opentelemetry.jdbc", "INSERT agent.cards");
    assertThat(agentInsert.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
    assertThat(agentInsert.parentSpanId()).isEqualTo(charge.spanId());
    assertThat(insert.parentSpanId()).isEqualTo(agentInsert.spanId());
    // The agent sanitizes its statement text too.
    assertThat(agentInsert.attr("db.statement")).isEqualTo("INSERT INTO cards VALUES (?, ?)");

    ReceivedSpan get = only(spans, "dev.tracekit.http", "GET");
    ReceivedSpan agentGet = only(spans, "io.opentelemetry.java-http-client", "GET");
    assertThat(agentGet.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
    assertThat(get.parentSpanId()).isEqualTo(charge.spanId());
    assertThat(agentGet.parentSpanId()).isEqualTo(get.spanId());
    ReceivedSpan server = only(spans, "io.opentelemetry.java-http-server", "GET /orders");
    assertThat(server.parentSpanId()).isEqualTo(agentGet.spanId());
  }

  /**
   * The extension has no SLF4J: TraceKit's diagnostics go through java.util.logging, which the
   * agent redirects to its own logger for extensions.
   */
  @Test
  void extensionProblemsAreReportedByTheAgentsLogger() throws Exception {
    spans(withExtension);
    assertThat(withExtension.output())
        .containsOnlyOnce(
            "WARN dev.tracekit - TraceKit: configuration OTEL_SAMPLE_RATE="
                + BAD_RATE
                + " is malformed: expected a number from 0 to 1; ignoring it");
  }

  @Test
  void withoutTheExtensionTheAgentExportsTheSecrets() throws Exception {
    List<ReceivedSpan> spans = spans(withoutExtension);
    ReceivedSpan root = only(spans, "dev.tracekit", AgentApp.ROOT);
    // Recorded through the plain OpenTelemetry API: only an export-side redaction can catch these.
    assertThat(root.attr("http.request.header.authorization")).isEqualTo("Bearer " + AgentApp.JWT);
    assertThat(root.span().toString()).contains(AgentApp.PASSWORD).contains(AgentApp.JWT);
    // With the agent's JDBC and HTTP client instrumentation off, TraceKit's CLIENT spans are the
    // only ones for those calls, directly under the application's span.
    ReceivedSpan charge = only(spans, "dev.tracekit", AgentApp.CHILD);
    assertThat(only(spans, "dev.tracekit.jdbc", "INSERT cards").parentSpanId())
        .isEqualTo(charge.spanId());
    assertThat(only(spans, "dev.tracekit.http", "GET").parentSpanId()).isEqualTo(charge.spanId());
    assertThat(spans)
        .extracting(ReceivedSpan::scope)
        .doesNotContain("io.opentelemetry.jdbc", "io.opentelemetry.java-http-client");
  }
}

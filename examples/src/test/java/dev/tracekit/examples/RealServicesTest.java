package dev.tracekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.testing.Services;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The same scenarios on real services chosen by the TRACEKIT_EXAMPLES_* variables: job queues on a
 * Redis list or a RabbitMQ queue, the database on PostgreSQL. Each test skips when its server is
 * absent (and fails under CI=true).
 */
class RealServicesTest {
  private static ch.qos.logback.classic.Level scenarioLevel;

  /**
   * tracing-core's test jar brings a logback-test.xml (root WARN): the pipeline-logs scenario
   * counts only the lines it writes at INFO, so open its loggers as ScenariosOtlpTest does (this
   * class runs first in the module, so it cannot rely on that test having done it).
   */
  @org.junit.jupiter.api.BeforeAll
  static void openScenarioLoggers() {
    ch.qos.logback.classic.Logger scenario =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(dev.tracekit.examples.scenarios.PipelineLogs.LOGGERS);
    scenarioLevel = scenario.getLevel();
    scenario.setLevel(ch.qos.logback.classic.Level.INFO);
  }

  @org.junit.jupiter.api.AfterAll
  static void restoreScenarioLoggers() {
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(dev.tracekit.examples.scenarios.PipelineLogs.LOGGERS))
        .setLevel(scenarioLevel);
  }

  @Test
  void queuesOnRedis() {
    Services.require("Redis", 6379);
    Examples.Result result =
        run(
            Map.of(ScenarioContext.REDIS_ENV, "127.0.0.1:6379"),
            "webhook-queue-worker",
            "pipeline-logs");
    SpanData send = span(result, "webhook-queue-worker", "send ai-queue");
    assertThat(send.getAttributes().asMap().toString()).contains("messaging.system=redis");
    SpanData process = span(result, "webhook-queue-worker", "process ai-queue");
    assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
    assertThat(process.getTraceId()).isEqualTo(send.getTraceId());
  }

  @Test
  void queuesOnRabbitMq() {
    Services.require("RabbitMQ", 5672);
    Examples.Result result =
        run(
            Map.of(ScenarioContext.RABBITMQ_ENV, "amqp://guest:guest@127.0.0.1:5672"),
            "webhook-queue-worker",
            "crm-tasks");
    SpanData send = span(result, "webhook-queue-worker", "send ai-queue");
    assertThat(send.getAttributes().asMap().toString()).contains("messaging.system=rabbitmq");
    SpanData task = span(result, "crm-tasks", "task whatsapp-message-handler");
    assertThat(task.getParentSpanId())
        .isEqualTo(span(result, "crm-tasks", "send whatsapp-message-handler").getSpanId());
  }

  @Test
  void databaseOnPostgres() {
    Services.require("PostgreSQL", 5432);
    Examples.Result result =
        run(
            Map.of(
                ScenarioContext.POSTGRES_ENV,
                "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"),
            "crm-tasks",
            "ai-cache-and-service",
            "pipeline-logs");
    SpanData select = span(result, "crm-tasks", "SELECT leads");
    assertThat(select.getAttributes().asMap().toString()).contains("db.system.name=postgresql");
  }

  private static Examples.Result run(Map<String, String> env, String... scenarios) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    Examples.Result result =
        Examples.run(
            new Options(
                List.of(scenarios),
                null,
                false,
                env,
                new PrintStream(buffer, true, StandardCharsets.UTF_8),
                List.of()));
    assertThat(result.exitCode()).as(buffer.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(result.problems()).containsOnlyKeys(scenarios);
    return result;
  }

  private static SpanData span(Examples.Result result, String scenario, String name) {
    List<SpanData> found =
        result.spans().get(scenario).stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(found).as(scenario + ": " + name).hasSize(1);
    return found.get(0);
  }
}

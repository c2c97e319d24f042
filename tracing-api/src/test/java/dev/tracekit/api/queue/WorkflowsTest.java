package dev.tracekit.api.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracekit.api.Workflows;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkflowsTest {
  private static final AttributeKey<String> TASK_NAME =
      AttributeKey.stringKey("tracekit.task.name");
  private static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("tracekit.task.run_id");
  private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("tracekit.task.attempt");
  private static final AttributeKey<String> WORKFLOW =
      AttributeKey.stringKey("tracekit.workflow.name");
  private static final AttributeKey<String> STEP = AttributeKey.stringKey("tracekit.workflow.step");
  private static final AttributeKey<Long> STEP_INDEX =
      AttributeKey.longKey("tracekit.workflow.step_index");

  private final TestTelemetry telemetry = new TestTelemetry();
  private final Workflows workflows = Workflows.create(telemetry.sdk);

  @AfterEach
  void close() {
    telemetry.close();
  }

  @Test
  void stepsAreChildrenOfTheirTaskWhichContinuesThePayloadsTrace() {
    String traceId = "0af7651916cd43dd8448eb211c80319c";
    Map<String, Object> payload =
        Map.of(
            "leadId", "L-1",
            "correlationId", "abc-123",
            "traceparent", "00-" + traceId + "-b7ad6b7169203331-01",
            "tracestate", "congo=t61rcWkgMzE");

    int score =
        workflows.task(
            "lead-scoring-workflow",
            "run_42",
            2,
            payload,
            () -> {
              String lead =
                  workflows.workflowStep("lead-scoring", "fetch-data", 0, () -> "lead-data");
              int s = workflows.workflowStep("lead-scoring", "calculate-score", 1, lead::length);
              workflows.workflowStep("lead-scoring", "update-crm", 2, () -> null);
              return s;
            });
    assertThat(score).isEqualTo(9);

    SpanData task = telemetry.span("task lead-scoring-workflow");
    assertThat(task.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(task.getTraceId()).isEqualTo(traceId);
    assertThat(task.getParentSpanId()).isEqualTo("b7ad6b7169203331");
    assertThat(task.getAttributes().get(TASK_NAME)).isEqualTo("lead-scoring-workflow");
    assertThat(task.getAttributes().get(RUN_ID)).isEqualTo("run_42");
    assertThat(task.getAttributes().get(ATTEMPT)).isEqualTo(2);

    String[] steps = {"fetch-data", "calculate-score", "update-crm"};
    for (int i = 0; i < steps.length; i++) {
      SpanData step = telemetry.span("step lead-scoring/" + steps[i]);
      assertThat(step.getParentSpanId()).isEqualTo(task.getSpanId());
      assertThat(step.getTraceId()).isEqualTo(traceId);
      assertThat(step.getKind()).isEqualTo(SpanKind.INTERNAL);
      assertThat(step.getAttributes().get(WORKFLOW)).isEqualTo("lead-scoring");
      assertThat(step.getAttributes().get(STEP)).isEqualTo(steps[i]);
      assertThat(step.getAttributes().get(STEP_INDEX)).isEqualTo(i);
    }
  }

  @Test
  void taskWithoutPayloadIsInternalUnderTheCurrentSpanAndFailuresAreRecorded() {
    IllegalArgumentException failure = new IllegalArgumentException("bad lead");
    assertThatThrownBy(
            () ->
                workflows.task(
                    "whatsapp-handler",
                    null,
                    1,
                    () ->
                        workflows.workflowStep(
                            "wa",
                            "parse",
                            0,
                            () -> {
                              throw failure;
                            })))
        .isSameAs(failure);
    SpanData task = telemetry.span("task whatsapp-handler");
    SpanData step = telemetry.span("step wa/parse");
    assertThat(task.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(task.getParentSpanContext().isValid()).isFalse();
    assertThat(task.getAttributes().get(RUN_ID)).isNull();
    assertThat(step.getParentSpanId()).isEqualTo(task.getSpanId());
    assertThat(step.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(task.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void nullFunctionsAreSkippedAndNullNamesBecomeUnnamed() throws Exception {
    Workflows workflows = Workflows.create(telemetry.sdk);
    org.assertj.core.api.Assertions.assertThat(
            workflows.<Object, RuntimeException>task("t", null, 1, null))
        .isNull();
    org.assertj.core.api.Assertions.assertThat(
            workflows.<Object, RuntimeException>workflowStep("w", "s", 0, null))
        .isNull();
    org.assertj.core.api.Assertions.assertThat(workflows.task(null, null, 1, () -> "ran"))
        .isEqualTo("ran");
    org.assertj.core.api.Assertions.assertThat(workflows.workflowStep(null, null, 0, () -> 1))
        .isEqualTo(1);
    org.assertj.core.api.Assertions.assertThat(telemetry.spans("task unnamed")).hasSize(1);
    org.assertj.core.api.Assertions.assertThat(telemetry.spans("step unnamed/unnamed")).hasSize(1);
    org.assertj.core.api.Assertions.assertThatNullPointerException()
        .isThrownBy(() -> Workflows.create(null))
        .withMessage("openTelemetry");
  }

  @Test
  void corruptPayloadStartsANewTrace() {
    workflows.task("t", "r", 1, Map.of("traceparent", "nonsense"), () -> null);
    assertThat(telemetry.span("task t").getParentSpanContext().isValid()).isFalse();
  }
}

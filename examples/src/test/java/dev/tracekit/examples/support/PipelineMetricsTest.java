package dev.tracekit.examples.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.testing.TestSdk;
import dev.tracekit.metrics.MetricsTracing;
import dev.tracekit.metrics.TracingGauge;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.util.Collection;
import org.junit.jupiter.api.Test;

/** The application's metrics catalog records under its own names, on a real SDK. */
class PipelineMetricsTest {

  @Test
  void recordsCountersHistogramsAndGaugesUnderThePipelineNamespace() throws Exception {
    try (TestSdk sdk = TestSdk.create()) {
      PipelineMetrics pipeline = PipelineMetrics.create(MetricsTracing.create(sdk.sdk()));
      pipeline.messagesReceived().add(3);
      pipeline.messagesSkipped().increment("duplicate");
      pipeline.llmCalls().bind("gpt-4o").increment();
      pipeline.webhookDuration().record(0.02);
      pipeline.webhookDuration().record(0.2);
      assertThat(pipeline.llmDuration().time(() -> "answer", "gpt-4o")).isEqualTo("answer");
      try (TracingGauge depth = pipeline.registerQueueSize(() -> 12)) {
        Collection<MetricData> all = sdk.collectMetrics();

        MetricData received = TestSdk.metric(all, "pipeline.messages.received");
        assertThat(received.getUnit()).isEqualTo("{message}");
        assertThat(received.getLongSumData().getPoints())
            .singleElement()
            .extracting(LongPointData::getValue)
            .isEqualTo(3L);
        LongPointData skipped =
            TestSdk.metric(all, "pipeline.messages.skipped").getLongSumData().getPoints().stream()
                .findFirst()
                .orElseThrow();
        assertThat(skipped.getAttributes().get(AttributeKey.stringKey(PipelineMetrics.SKIP_REASON)))
            .isEqualTo("duplicate");
        HistogramPointData webhook =
            TestSdk.metric(all, "pipeline.webhook.duration")
                .getHistogramData()
                .getPoints()
                .iterator()
                .next();
        assertThat(webhook.getCount()).isEqualTo(2);
        assertThat(webhook.getSum()).isCloseTo(0.22, org.assertj.core.data.Offset.offset(1e-9));
        HistogramPointData llm =
            TestSdk.metric(all, "pipeline.llm.duration")
                .getHistogramData()
                .getPoints()
                .iterator()
                .next();
        assertThat(llm.getAttributes().get(AttributeKey.stringKey(PipelineMetrics.LLM_MODEL)))
            .isEqualTo("gpt-4o");
        assertThat(
                TestSdk.metric(all, "pipeline.queue.size").getLongGaugeData().getPoints().stream()
                    .findFirst()
                    .orElseThrow()
                    .getValue())
            .isEqualTo(12L);
        assertThat(all).noneMatch(m -> m.getName().startsWith("tracekit."));
      }
    }
  }

  @Test
  void theNoopOpenTelemetryIsHarmless() throws Exception {
    PipelineMetrics pipeline = PipelineMetrics.create(MetricsTracing.create(OpenTelemetry.noop()));
    pipeline.messagesReceived().increment();
    pipeline.llmCalls().bind("gpt-4o").increment();
    assertThat(pipeline.webhookDuration().time(() -> 42)).isEqualTo(42);
    try (TracingGauge gauge = pipeline.registerQueueSize(() -> 3)) {
      assertThat(gauge.name()).isEqualTo("pipeline.queue.size");
    }
  }
}

package dev.tracekit.ai;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracekit.testing.TestTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class SemanticCacheAndMlTest {

  @Test
  void lookupsAndStoresWithMetrics() {
    try (TestTelemetry sdk = TestTelemetry.create()) {
      AiTracing ai =
          AiTracing.builder(sdk.openTelemetry())
              .priceTable(PriceTable.builder().price("gpt-4o", 2.5, 10.0).build())
              .build();
      Map<String, String> store = new ConcurrentHashMap<>();
      TracingSemanticCache cache =
          ai.cache("faq").similarityThreshold(0.9).entryCount(() -> store.size());
      assertThat(ai.cache("faq")).isSameAs(cache);
      String key = "What is the refund policy for jane@example.com?";

      assertThat(cache.lookup(key, () -> store.get(key))).isNull();
      cache.store(key, () -> store.put(key, "30 days"));
      String hit =
          cache.lookup(
              key,
              l -> {
                l.similarity(0.97).savedUsage("gpt-4o", 1000, 200);
                return store.get(key);
              });
      assertThat(hit).isEqualTo("30 days");

      List<SpanData> lookups =
          sdk.spans().stream()
              .filter(s -> s.getName().equals("semantic_cache.lookup faq"))
              .toList();
      assertThat(lookups).hasSize(2);
      assertThat(lookups.get(0))
          .hasAttribute(TracekitAiAttributes.CACHE_HIT, false)
          .hasAttribute(TracekitAiAttributes.CACHE_OUTCOME, "miss")
          .hasAttribute(TracekitAiAttributes.CACHE_THRESHOLD, 0.9)
          .hasAttribute(TracekitAiAttributes.CACHE_ENTRY_COUNT, 0L)
          .hasAttribute(TracekitAiAttributes.CACHE_KEY_HASH, TracingSemanticCache.hash(key));
      assertThat(TracingSemanticCache.hash(key)).hasSize(16).matches("[0-9a-f]+");
      double saved = (1000 * 2.5 + 200 * 10.0) / 1e6;
      assertThat(lookups.get(1))
          .hasAttribute(TracekitAiAttributes.CACHE_HIT, true)
          .hasAttribute(TracekitAiAttributes.CACHE_SIMILARITY, 0.97)
          .hasAttribute(TracekitAiAttributes.CACHE_TOKENS_SAVED, 1200L)
          .hasAttribute(TracekitAiAttributes.CACHE_COST_SAVED, saved)
          .hasAttribute(TracekitAiAttributes.CACHE_ENTRY_COUNT, 1L);
      assertThat(sdk.span("semantic_cache.store faq"))
          .hasAttribute(TracekitAiAttributes.CACHE_OUTCOME, "stored")
          .hasAttribute(TracekitAiAttributes.CACHE_ENTRY_COUNT, 1L);
      for (SpanData s : sdk.spans()) {
        assertThat(s.getAttributes().asMap().values().toString()).doesNotContain("refund");
      }

      Collection<MetricData> metrics = sdk.metrics();
      List<LongPointData> requests =
          List.copyOf(sdk.metric("tracekit.semantic_cache.requests").getLongSumData().getPoints());
      assertThat(requests).hasSize(3);
      assertThat(
              requests.stream()
                  .map(
                      p ->
                          p.getAttributes().get(TracekitAiAttributes.CACHE_OUTCOME)
                              + "="
                              + p.getValue())
                  .toList())
          .containsExactlyInAnyOrder("hit=1", "miss=1", "stored=1");
      assertThat(
              sdk.metric("tracekit.semantic_cache.lookup.duration").getHistogramData().getPoints())
          .hasSize(2);
      assertThat(
              List.copyOf(
                      sdk.metric("tracekit.semantic_cache.tokens_saved")
                          .getLongSumData()
                          .getPoints())
                  .get(0)
                  .getValue())
          .isEqualTo(1200);
      assertThat(
              List.copyOf(
                      sdk.metric("tracekit.semantic_cache.cost_saved")
                          .getDoubleSumData()
                          .getPoints())
                  .get(0)
                  .getValue())
          .isEqualTo(saved);
      MetricData size = sdk.metric("tracekit.semantic_cache.size");
      assertThat(size.getLongGaugeData().getPoints().iterator().next().getValue()).isEqualTo(1);
    }
  }

  @Test
  void defaultCacheLookupAndStore() {
    try (TestTelemetry sdk = TestTelemetry.create()) {
      AiTracing ai = AiTracing.create(sdk.openTelemetry());
      assertThat(ai.cache("default").<String, RuntimeException>lookup("k", () -> null)).isNull();
      ai.cache("default").store("k", () -> "stored");
      assertThat(sdk.span("semantic_cache.lookup default"))
          .hasAttribute(TracekitAiAttributes.CACHE_OUTCOME, "miss");
      assertThat(sdk.span("semantic_cache.store default"))
          .hasAttribute(TracekitAiAttributes.CACHE_OUTCOME, "stored");
    }
  }

  @Test
  void failingLookupIsCountedAsError() {
    try (TestTelemetry sdk = TestTelemetry.create()) {
      AiTracing ai = AiTracing.create(sdk.openTelemetry());
      IllegalStateException down = new IllegalStateException("redis down");
      assertThatThrownBy(
              () ->
                  ai.cache("faq")
                      .lookup(
                          "k",
                          () -> {
                            throw down;
                          }))
          .isSameAs(down);
      assertThat(sdk.span("semantic_cache.lookup faq"))
          .hasAttribute(TracekitAiAttributes.CACHE_OUTCOME, "error");
      assertThat(
              List.copyOf(
                      sdk.metric("tracekit.semantic_cache.requests").getLongSumData().getPoints())
                  .get(0)
                  .getAttributes()
                  .get(TracekitAiAttributes.CACHE_OUTCOME))
          .isEqualTo("error");
    }
  }

  @Test
  void mlOperationWithResultEvent() {
    try (TestTelemetry sdk = TestTelemetry.create()) {
      AiTracing ai = AiTracing.create(sdk.openTelemetry());
      MlOperation train = ai.mlOperation("train", "energy_prediction");
      String model =
          train
              .datasetSize(10000)
              .features(50)
              .epochs(10)
              .batchSize(32)
              .call(
                  () -> {
                    train.resultMetric("accuracy", 0.93).resultMetric("loss", 0.12);
                    return "model-v1";
                  });
      assertThat(model).isEqualTo("model-v1");
      SpanData span = sdk.span("train energy_prediction");
      assertThat(span)
          .hasAttribute(TracekitAiAttributes.ML_OPERATION, "train")
          .hasAttribute(TracekitAiAttributes.ML_MODEL, "energy_prediction")
          .hasAttribute(TracekitAiAttributes.ML_DATASET_SIZE, 10000L)
          .hasAttribute(TracekitAiAttributes.ML_FEATURE_COUNT, 50L)
          .hasAttribute(TracekitAiAttributes.ML_EPOCHS, 10L)
          .hasAttribute(TracekitAiAttributes.ML_BATCH_SIZE, 32L)
          .hasEventsSatisfyingExactly(
              e ->
                  e.hasName("tracekit.ml.result")
                      .hasAttributesSatisfying(
                          a -> {
                            assertThat(a.get(AttributeKey.doubleKey("accuracy"))).isEqualTo(0.93);
                            assertThat(a.get(AttributeKey.doubleKey("loss"))).isEqualTo(0.12);
                          }));

      ai.mlOperation("predict", "energy_prediction").datasetSize(1).call(() -> 42);
      assertThat(sdk.span("predict energy_prediction"))
          .hasAttribute(TracekitAiAttributes.ML_DATASET_SIZE, 1L);

      assertThatThrownBy(
              () ->
                  ai.mlOperation("evaluate", "m")
                      .call(
                          () -> {
                            throw new java.io.UncheckedIOException(new java.io.IOException("disk"));
                          }))
          .isInstanceOf(java.io.UncheckedIOException.class);
      assertThat(sdk.span("evaluate m").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }
  }
}

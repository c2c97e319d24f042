package dev.tracekit.ai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.api.support.BoundedValues;
import dev.tracekit.core.testing.OtlpReceiver;
import dev.tracekit.core.testing.TestSdk;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Metric attribute values that come from input (a model name, a provider's response model) are
 * bounded in length and number of distinct values, on real OTLP output.
 */
class BoundedMetricAttributesTest {

  @Test
  void hugeModelNameAndThousandResponseModelsGiveSmallBoundedPoints() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      OpenTelemetrySdk sdk = TestSdk.otlpBuilder(receiver).build();
      AiTracing ai = AiTracing.create(sdk);
      String huge = "m".repeat(1 << 20); // 1 MB
      ai.chat("openai", huge).call(() -> "x", (r, info) -> info.responseModel(huge));
      for (int i = 0; i < 1000; i++) {
        String responseModel = "gpt-4o-2024-" + i; // the provider chooses this value
        ai.chat("openai", "gpt-4o")
            .call(
                () -> "x",
                (r, info) -> info.responseModel(responseModel).inputTokens(3).outputTokens(5));
      }
      sdk.close();

      List<HistogramDataPoint> points = await(receiver, "gen_ai.client.operation.duration");
      assertThat(points.stream().mapToLong(HistogramDataPoint::getCount).sum()).isEqualTo(1001);
      // 200 distinct response models at most, the rest under _other.
      assertThat(points).hasSizeLessThanOrEqualTo(BoundedValues.DEFAULT_MAX_VALUES + 1);
      for (HistogramDataPoint p : points) {
        for (KeyValue kv : p.getAttributesList()) {
          assertThat(kv.getValue().getStringValue().length())
              .as(kv.getKey())
              .isLessThanOrEqualTo(BoundedValues.DEFAULT_MAX_LENGTH);
        }
      }
      Set<String> responseModels =
          points.stream().map(p -> attr(p, "gen_ai.response.model")).collect(Collectors.toSet());
      assertThat(responseModels).contains(BoundedValues.OTHER, "m".repeat(128));
      // Unbounded, the 1 MB name alone made a 2 MB point; bounded, each point (15 buckets and
      // 5-6 attributes) stays under 1 KB.
      assertThat(points)
          .allSatisfy(p -> assertThat(p.getSerializedSize()).as("point bytes").isLessThan(1024));
      long bytes = points.stream().mapToLong(HistogramDataPoint::getSerializedSize).sum();
      assertThat(bytes).as("serialized size of all duration points").isLessThan(256 * 1024);

      List<HistogramDataPoint> tokens = await(receiver, "gen_ai.client.token.usage");
      assertThat(tokens).hasSizeLessThanOrEqualTo(2 * (BoundedValues.DEFAULT_MAX_VALUES + 1));
    }
  }

  @Test
  void providerErrorTypesAndCacheNamesAreBounded() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      OpenTelemetrySdk sdk = TestSdk.otlpBuilder(receiver).build();
      AiTracing ai = AiTracing.create(sdk);
      for (int i = 0; i < 500; i++) {
        String code = "provider_error_" + i; // a provider's error code
        ai.chat("p" + i, "gpt-4o").call(() -> "x", (r, info) -> info.errorType(code));
        ai.cache("cache-" + i).lookup("k", () -> "v");
      }
      sdk.close();
      List<HistogramDataPoint> points = await(receiver, "gen_ai.client.operation.duration");
      assertThat(points).hasSizeLessThanOrEqualTo(BoundedValues.DEFAULT_MAX_VALUES + 1);
      assertThat(points.stream().map(p -> attr(p, "error.type")).collect(Collectors.toSet()))
          .contains(BoundedValues.OTHER)
          .hasSizeLessThanOrEqualTo(BoundedValues.DEFAULT_MAX_VALUES + 1);
      List<HistogramDataPoint> lookups = await(receiver, "tracekit.semantic_cache.lookup.duration");
      assertThat(
              lookups.stream()
                  .map(p -> attr(p, "tracekit.semantic_cache.name"))
                  .collect(Collectors.toSet()))
          .contains(BoundedValues.OTHER)
          .hasSizeLessThanOrEqualTo(65);
    }
  }

  private static String attr(HistogramDataPoint p, String key) {
    return p.getAttributesList().stream()
        .filter(kv -> kv.getKey().equals(key))
        .map(kv -> kv.getValue().getStringValue())
        .findFirst()
        .orElse(null);
  }

  private static List<HistogramDataPoint> await(OtlpReceiver receiver, String metric)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      List<HistogramDataPoint> points =
          receiver.metrics(metric).stream()
              .flatMap(m -> m.getHistogram().getDataPointsList().stream())
              .toList();
      if (!points.isEmpty() || System.nanoTime() > deadline) {
        return points;
      }
      Thread.sleep(20);
    }
  }
}

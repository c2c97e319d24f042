package dev.tracekit.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.testing.OtlpReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The short load run for CI: two producer threads at full speed for 3 s through the TraceKit export
 * path into a live OTLP receiver. The long run is {@code SafetySoak} ({@code -Psoak}).
 */
class LoadTest {

  @Test
  void fullSpeedProducersNeitherCrashNorGrowTheHeapAndEverySpanIsAccountedFor() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      LoadRun.acceptWithoutStoring(receiver);

      LoadRun.Result result = LoadRun.run(receiver, 2, Duration.ofSeconds(3), 2048);
      System.out.println("LOAD " + result.summary());
      Files.writeString(
          Path.of("target", "safety-load.txt"),
          result.summary() + System.lineSeparator(),
          StandardCharsets.UTF_8);

      assertThat(result.producerError()).isNull();
      assertThat(result.started()).isPositive();
      assertThat(result.exported()).isPositive();
      // every started span was exported, failed in export, or dropped (and counted) by the queue
      assertThat(result.exported() + result.exportFailed() + result.dropped())
          .isEqualTo(result.started());
      // nothing is retained once the pipeline shut down: the queue is the only buffer
      assertThat(result.retainedHeapBytes()).isLessThan(64L << 20);
    }
  }
}

package dev.tracekit.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTableTest {
  @Test
  void parsesCsvAndMatchesDatedModels(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("prices.csv");
    Files.writeString(
        file,
        """
        # USD per 1M tokens
        model,input,output,cached_input
        gpt-4o,2.50,10.00,1.25

        text-embedding-3-small, 0.02, 0
        """);
    PriceTable t = PriceTable.load(file);
    assertThat(t.cost("gpt-4o", 1_000_000, 0, 0)).isEqualTo(2.5);
    assertThat(t.cost("gpt-4o-2024-08-06", 0, 1_000_000, 0)).isEqualTo(10.0);
    assertThat(t.cost("gpt-4o", 1_000_000, 0, 1_000_000)).isEqualTo(1.25);
    assertThat(t.cost("gpt-4o-mini", 1, 1, 0)).isNaN();
    assertThat(t.cost("unknown", 1, 1, 0)).isNaN();
    assertThat(t.cost("text-embedding-3-small", 1_000_000, 0, 0)).isEqualTo(0.02);
    assertThat(t.contains("text-embedding-3-small")).isTrue();

    AiTracing ai =
        AiTracing.builder(io.opentelemetry.api.OpenTelemetry.noop()).priceTable(file).build();
    assertThat(ai).isNotNull();
  }

  @Test
  void rejectsBadInputAtConfigurationTime() {
    assertThatThrownBy(() -> PriceTable.parse("gpt-4o,abc,1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1");
    assertThatThrownBy(() -> PriceTable.parse("\ngpt-4o,1")).hasMessageContaining("line 2");
    assertThatThrownBy(() -> PriceTable.builder().price("m", -1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                AiTracing.builder(io.opentelemetry.api.OpenTelemetry.noop())
                    .priceTable(Path.of("/nonexistent/prices.csv")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> AiTracing.builder(io.opentelemetry.api.OpenTelemetry.noop()).maxContentLength(1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.tracekit.api.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BoundedValuesTest {

  @Test
  void cutsLongValuesAndCollapsesBeyondTheCap() {
    BoundedValues models = BoundedValues.of("gen_ai.client.operation.duration", "model", 3, 8);
    assertThat(models.bound("gpt-4o")).isEqualTo("gpt-4o");
    assertThat(models.bound("x".repeat(1_000_000))).isEqualTo("xxxxxxxx");
    assertThat(models.bound("claude")).isEqualTo("claude");
    assertThat(models.bound("mistral")).isEqualTo(BoundedValues.OTHER);
    assertThat(models.bound("gpt-4o")).isEqualTo("gpt-4o");
    assertThat(models.bound("x".repeat(20))).isEqualTo("xxxxxxxx");
    assertThat(models.bound(null)).isNull();
    assertThat(Diagnostics.wasReported("bounded-values.gen_ai.client.operation.duration.model"))
        .isTrue();
  }

  @Test
  void builderArgumentsFailFast() {
    assertThatThrownBy(() -> BoundedValues.of(null, "k"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("instrument");
    assertThatThrownBy(() -> BoundedValues.of("i", "k", 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

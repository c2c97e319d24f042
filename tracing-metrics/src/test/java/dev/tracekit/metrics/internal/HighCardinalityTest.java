package dev.tracekit.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HighCardinalityTest {

  @Test
  void categoriesPass() {
    for (String ok :
        new String[] {
          "ok",
          "error",
          "GET",
          "200",
          "5xx",
          "gpt-4o-2024-08-06",
          "/v1/chat",
          "queue.produce",
          "java.io.IOException",
          "es-MX",
          "",
          "decade",
          "tier-3"
        }) {
      assertThat(HighCardinality.reason(ok)).as(ok).isNull();
    }
  }

  @Test
  void identifiersAreFlaggedWithAReason() {
    assertThat(HighCardinality.reason("bob.smith@mail.example.org")).contains("email");
    assertThat(HighCardinality.reason("id 3f2504e0-4f89-11d3-9a0c-0305e82c3301")).contains("UUID");
    assertThat(HighCardinality.reason("4bf92f3577b34da6a3ce929d0e0e4736")).contains("hex");
    assertThat(HighCardinality.reason("conv-98765")).contains("numeric");
    assertThat(HighCardinality.reason("1234")).contains("numeric");
    assertThat(HighCardinality.reason("/users/42/orders")).contains("URL");
    assertThat(HighCardinality.reason("https://api.example.com/search?q=x")).contains("URL");
    assertThat(HighCardinality.reason("y".repeat(101))).contains("longer");
  }
}

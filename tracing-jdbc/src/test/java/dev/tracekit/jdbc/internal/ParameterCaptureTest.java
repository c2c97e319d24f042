package dev.tracekit.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParameterCaptureTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "4111111111111111",
        "4111 1111 1111 1111",
        "5500-0000-0000-0004",
        "Bearer abc.def",
        "basic dXNlcjpwYXNz",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXNpZw",
        "sk-proj-abcdefghijklmnopqrstuvwx",
        "AKIAIOSFODNN7EXAMPLE",
        "ghp_abcdefghijklmnopqrstuvwxyz0123",
      })
  void secretsAreRecognised(String value) {
    assertThat(ParameterCapture.isSecret(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "4111111111111112", // fails Luhn
        "12345",
        "alice@example.com",
        "2024-01-01",
        "order 42",
        "bearer", // no credential after it
      })
  void ordinaryValuesAreKept(String value) {
    assertThat(ParameterCapture.isSecret(value)).isFalse();
  }
}

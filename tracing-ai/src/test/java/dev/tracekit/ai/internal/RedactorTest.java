package dev.tracekit.ai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RedactorTest {
  private final Redactor redactor = new Redactor(Redactor.DEFAULTS, true, 1000);

  @Test
  void redactsKeysEmailsAndLuhnValidCards() {
    assertThat(redactor.apply("key sk-proj-AbC123_def456-ghi789XYZ ok"))
        .isEqualTo("key [REDACTED_SECRET] ok");
    assertThat(redactor.apply("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abcdefgh"))
        .isEqualTo("Authorization: [REDACTED_SECRET]");
    assertThat(redactor.apply("aws AKIAIOSFODNN7EXAMPLE")).isEqualTo("aws [REDACTED_SECRET]");
    assertThat(redactor.apply("mail john.smith+ai@mail.example.org now"))
        .isEqualTo("mail [REDACTED_EMAIL] now");
    assertThat(redactor.apply("card 4111-1111-1111-1111 and 5500 0000 0000 0004."))
        .isEqualTo("card [REDACTED_CARD] and [REDACTED_CARD].");
    // not Luhn-valid: an order number stays
    assertThat(redactor.apply("order 1234567890123")).isEqualTo("order 1234567890123");
    assertThat(Redactor.luhn("4111111111111111")).isTrue();
    assertThat(Redactor.luhn("4111111111111112")).isFalse();
  }

  @Test
  void customRulesAndCap() {
    Redactor custom = new Redactor(Map.of(Pattern.compile("ACME-\\d+"), "[ID]"), false, 20);
    assertThat(custom.apply("ticket ACME-1234 for jane@example.com"))
        .isEqualTo("ticket [ID] for jane" + Redactor.TRUNCATED);
    assertThat(custom.apply("4111 1111 1111 1111")).isEqualTo("4111 1111 1111 1111");
  }
}

package dev.tracekit.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.redaction.Redactor;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {
  private final Redactor redactor = Redactor.defaults();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "password",
        "user.password",
        "db.PASSWORD",
        "passwd",
        "password_hash",
        "client_secret",
        "aws.secret_access_key",
        "token",
        "access_token",
        "refreshToken",
        "x-auth-token",
        "http.request.header.authorization",
        "http.request.header.proxy-authorization",
        "http.request.header.cookie",
        "http.response.header.set-cookie",
        "api_key",
        "apikey",
        "apiKey",
        "APIKey",
        "http.request.header.x-api-key",
        "user.session",
        "credit_card",
        "payment.card_number",
        "ssn",
        "tls.private_key",
        "jsessionid",
        "accesstoken"
      })
  void sensitiveKeys(String key) {
    assertThat(redactor.isSensitiveKey(key)).as(key).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "token_count",
        "gen_ai.usage.input_tokens",
        "gen_ai.usage.output_tokens",
        "llm.token_count.prompt",
        "session.id",
        "http.route",
        "card.brand",
        "db.query.text",
        "keyboard",
        "tokenizer",
        "monkey",
        "author",
        "http.request.header.content-type",
        "exception.message",
        ""
      })
  void notSensitiveKeys(String key) {
    assertThat(redactor.isSensitiveKey(key)).as(key).isFalse();
    assertThat(redactor.isSensitiveKey(null)).isFalse();
  }

  @Test
  void configurableKeys() {
    Redactor custom =
        Redactor.builder().addSensitiveKeys("iban", "x-signature").allowKeys("app.session").build();
    assertThat(custom.isSensitiveKey("payment.iban")).isTrue();
    assertThat(custom.isSensitiveKey("http.request.header.x-signature")).isTrue();
    assertThat(custom.isSensitiveKey("app.session")).isFalse();
    assertThat(custom.isSensitiveKey("user.session")).isTrue();
    assertThat(redactor.isSensitiveKey("payment.iban")).isFalse();
  }

  @Test
  void configuredFromText() {
    Redactor configured = Redactor.fromConfig(" iban , x-signature,", "app.session", "TRUE");
    assertThat(configured.isSensitiveKey("payment.iban")).isTrue();
    assertThat(configured.isSensitiveKey("x-signature")).isTrue();
    assertThat(configured.isSensitiveKey("app.session")).isFalse();
    assertThat(configured.redactValue("a@b.io")).isEqualTo("REDACTED");

    Redactor invalid = Redactor.fromConfig(null, null, "sometimes");
    assertThat(invalid.redactValue("a@b.io")).isEqualTo("a@b.io");
    assertThat(invalid.isSensitiveKey("password")).isTrue();
  }

  @Test
  void sensitiveValuesAreReplacedInPlace() {
    assertThat(redactor.redactValue("paid with 4111 1111 1111 1111 today"))
        .isEqualTo("paid with REDACTED today");
    assertThat(redactor.redactValue("card=4111-1111-1111-1111")).isEqualTo("card=REDACTED");
    assertThat(redactor.redactValue("amex 378282246310005.")).isEqualTo("amex REDACTED.");
    assertThat(redactor.redactValue("Authorization: Bearer abc.DEF-123_xyz~+/="))
        .isEqualTo("Authorization: Bearer REDACTED");
    assertThat(redactor.redactValue("basic dXNlcjpwYXNz")).isEqualTo("basic REDACTED");
    String jwt =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0"
            + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    assertThat(redactor.redactValue("token " + jwt + " expired"))
        .isEqualTo("token REDACTED expired");
    assertThat(redactor.redactValue("key AKIAIOSFODNN7EXAMPLE used"))
        .isEqualTo("key REDACTED used");
    assertThat(redactor.redactValue("ASIAY34FZKBOKMUTVV7A")).isEqualTo("REDACTED");
    assertThat(
            redactor.redactValue(
                "cfg: -----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE"
                    + " KEY----- done"))
        .isEqualTo("cfg: REDACTED done");
    assertThat(redactor.redactValue("-----BEGIN PRIVATE KEY-----\nMIIE...truncated"))
        .isEqualTo("REDACTED");
    assertThat(redactor.redactValue("OPENAI_API_KEY=sk-proj-abcdefghijklmnop1234_x9 set"))
        .isEqualTo("OPENAI_API_KEY=REDACTED set");
    assertThat(redactor.redactValue("ghp_abcdefghijklmnopqrstuvwxyz0123")).isEqualTo("REDACTED");
    assertThat(redactor.redactValue("slack xoxb-1234567890-abcdef")).isEqualTo("slack REDACTED");
    assertThat(redactor.redactValue("task-risk-assessment")).isEqualTo("task-risk-assessment");
  }

  @Test
  void lookalikesAreLeftAlone() {
    String[] clean = {
      "4111 1111 1111 1112", // fails Luhn
      "order 1700000000000 at epoch ms", // 13 digits, starts with 1, not a card
      "id 12345678901234567890123", // too long
      "Bearer", // no credential
      "eyJ not a jwt",
      "AKIA-short",
      "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
      "mail bob@example.com", // emails off by default
      "GET /api/v1/users",
      "",
    };
    for (String value : clean) {
      assertThat(redactor.redactValue(value)).as(value).isSameAs(value);
    }
    assertThat(redactor.redactValue(null)).isNull();
  }

  @Test
  void emailsWhenEnabled() {
    Redactor withEmails = Redactor.builder().redactEmails(true).build();
    assertThat(withEmails.redactValue("to bob.smith+x@mail.example.com, cc a@b.io"))
        .isEqualTo("to REDACTED, cc REDACTED");
    assertThat(withEmails.redactValue("user@localhost")).isEqualTo("user@localhost");
  }

  @Test
  void attributesOfEveryTypeAreRedacted() {
    Attributes attributes =
        Attributes.builder()
            .put("user.password", "hunter2")
            .put(AttributeKey.longKey("api_key"), 42L)
            .put("note", "card 4111111111111111")
            .put(AttributeKey.longKey("payment.number"), 4111111111111111L)
            .put(AttributeKey.longKey("count"), 12L)
            .put(AttributeKey.stringArrayKey("headers"), List.of("ok", "Bearer abcdefgh"))
            .put(
                dev.tracekit.core.testing.OtelApis.valueKey("payload"),
                Value.of(
                    KeyValue.of("password", Value.of("x")),
                    KeyValue.of(
                        "nested", Value.of(Value.of("AKIAIOSFODNN7EXAMPLE"), Value.of(1L)))))
            .put("gen_ai.usage.input_tokens", 120L)
            .build();

    Attributes redacted = redactor.redact(attributes);

    assertThat(redacted.get(AttributeKey.stringKey("user.password"))).isEqualTo("REDACTED");
    assertThat(redacted.get(AttributeKey.stringKey("api_key"))).isEqualTo("REDACTED");
    assertThat(redacted.get(AttributeKey.longKey("api_key"))).isNull();
    assertThat(redacted.get(AttributeKey.stringKey("note"))).isEqualTo("card REDACTED");
    assertThat(redacted.get(AttributeKey.stringKey("payment.number"))).isEqualTo("REDACTED");
    assertThat(redacted.get(AttributeKey.longKey("count"))).isEqualTo(12L);
    assertThat(redacted.get(AttributeKey.stringArrayKey("headers")))
        .containsExactly("ok", "Bearer REDACTED");
    assertThat(redacted.get(dev.tracekit.core.testing.OtelApis.valueKey("payload")).asString())
        .contains("REDACTED")
        .doesNotContain("AKIAIOSFODNN7EXAMPLE")
        .doesNotContain("\"x\"");
    assertThat(redacted.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(120L);
    assertThat(redacted.size()).isEqualTo(attributes.size());
  }

  @Test
  void cleanAttributesAreReturnedAsTheSameInstance() {
    Attributes clean = Attributes.of(AttributeKey.stringKey("http.route"), "/users/{id}");
    assertThat(redactor.redact(clean)).isSameAs(clean);
    assertThat(redactor.redact(Attributes.empty())).isSameAs(Attributes.empty());
  }
}

package dev.tracekit.jdbc.internal;

import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.core.redaction.Redactor;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The bind parameters of one prepared statement, captured only when the user opted in: simple
 * values (text, numbers, booleans, dates, UUIDs) as strings of at most {@value #MAX_LENGTH}
 * characters, secrets (JWTs, bearer and basic credentials, common API-key shapes, card numbers
 * passing the Luhn check, and whatever the user's rule matches) as {@value #REDACTED}. Streams,
 * LOBs and byte arrays are never captured. Recorded as {@code db.query.parameter.<0-based index>}.
 *
 * <p>Internal: not API.
 */
public final class ParameterCapture {
  /** The longest prefix of a bound value that is scanned for secrets and kept. */
  private static final int SCAN_LIMIT = 1024;

  /** The value recorded instead of a secret. */
  public static final String REDACTED = "[REDACTED]";

  static final int MAX_PARAMETERS = 64;
  static final int MAX_LENGTH = 256;

  private static final List<AttributeKey<String>> KEYS = keys();

  private static final Redactor SECRETS = Redactor.defaults();

  private final Predicate<String> userRule;
  private @Nullable String[] values = new String[0];
  private int count;

  ParameterCapture(Predicate<String> userRule) {
    this.userRule = userRule;
  }

  private static List<AttributeKey<String>> keys() {
    List<AttributeKey<String>> keys = new ArrayList<>(MAX_PARAMETERS);
    for (int i = 0; i < MAX_PARAMETERS; i++) {
      keys.add(AttributeKey.stringKey(JdbcAttributes.DB_QUERY_PARAMETER_PREFIX + i));
    }
    return keys;
  }

  /**
   * Records the value bound at a 1-based index.
   *
   * @param index the JDBC parameter index
   * @param value the value, may be null
   */
  public void record(int index, @Nullable Object value) {
    if (index < 1 || index > MAX_PARAMETERS) {
      return;
    }
    String text;
    try {
      text = toText(value);
    } catch (RuntimeException | StackOverflowError e) {
      // A user value whose toString() fails must not break the bind that already happened.
      text = null;
    }
    if (values.length < index) {
      values = Arrays.copyOf(values, Math.max(index, Math.min(MAX_PARAMETERS, values.length * 2)));
    }
    values[index - 1] = text;
    count = Math.max(count, index);
  }

  /** Forgets every value, after {@code clearParameters}. */
  public void clear() {
    Arrays.fill(values, null);
    count = 0;
  }

  /**
   * Sets the captured values on a recording span.
   *
   * @param span the span
   */
  public void applyTo(Span span) {
    for (int i = 0; i < count; i++) {
      String v = values[i];
      if (v != null) {
        span.setAttribute(KEYS.get(i), v);
      }
    }
  }

  private @Nullable String toText(@Nullable Object value) {
    if (value == null) {
      return "null";
    }
    String text;
    if (value instanceof CharSequence
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof Character
        || value instanceof Date
        || value instanceof TemporalAccessor
        || value instanceof UUID
        || value instanceof Enum) {
      text = value.toString();
    } else {
      return null;
    }
    if (text.length() > SCAN_LIMIT) {
      // Only a bounded prefix is ever exported: scan just that much for secrets.
      text = text.substring(0, SCAN_LIMIT);
    }
    if (isSecret(text)) {
      return REDACTED;
    }
    try {
      if (userRule.test(text)) {
        return REDACTED;
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "jdbc-parameter-redaction",
          "the parameter redaction rule threw; the value is redacted",
          e);
      return REDACTED;
    }
    return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) : text;
  }

  /**
   * Whether a value holds a secret, by tracing-core's redaction rules ({@link Redactor}: a card
   * number passing Luhn, a bearer or basic credential, a JWT, an AWS or vendor API key, a private
   * key).
   *
   * @param text the value
   * @return true to redact it
   */
  public static boolean isSecret(String text) {
    return SECRETS.redactValue(text) != text;
  }
}

package dev.tracekit.core.redaction;

import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.core.internal.redaction.KeyMatcher;
import dev.tracekit.core.internal.redaction.ValueScanner;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Replaces secrets by {@value #REDACTED}: the whole value of an attribute whose key names a secret
 * ({@link #isSensitiveKey(String)}), and the secret substrings found inside any string value
 * ({@link #redactValue(String)}): payment card numbers passing the Luhn check, {@code Bearer} and
 * {@code Basic} credentials, JWTs, AWS access key ids, PEM private-key blocks and, when enabled,
 * email addresses. Thread-safe; nothing throws.
 *
 * <p>Key matching looks at the last segment of the key (after the last {@code .}), split into words
 * at {@code _}, {@code -} and camelCase: {@code user.password}, {@code
 * http.request.header.authorization}, {@code x-api-key}, {@code access_token} and {@code
 * set-cookie} are sensitive; {@code token_count}, {@code gen_ai.usage.input_tokens}, {@code
 * session.id} are not.
 */
public final class Redactor {
  /** The text that replaces a secret. */
  public static final String REDACTED = "REDACTED";

  private static final int MAX_DEPTH = 16;
  private static final Redactor DEFAULTS = builder().build();

  private final KeyMatcher keys;
  private final ValueScanner scanner;

  private Redactor(KeyMatcher keys, ValueScanner scanner) {
    this.keys = keys;
    this.scanner = scanner;
  }

  /**
   * The default redactor: default sensitive keys, all value checks except emails.
   *
   * @return the shared default redactor
   */
  public static Redactor defaults() {
    return DEFAULTS;
  }

  /**
   * A redactor configured from text as found in configuration; never throws. Blank or null parts
   * keep the defaults.
   *
   * @param extraKeys comma-separated sensitive key terms added to the defaults ({@code
   *     tracekit.redaction.keys}, {@code TRACEKIT_REDACTION_KEYS}), may be null
   * @param allowKeys comma-separated full keys never redacted by key ({@code
   *     tracekit.redaction.allow}, {@code TRACEKIT_REDACTION_ALLOW}), may be null
   * @param emails {@code true} to redact email addresses in values ({@code
   *     tracekit.redaction.emails}, {@code TRACEKIT_REDACTION_EMAILS}), may be null
   * @return the redactor
   */
  public static Redactor fromConfig(
      @Nullable String extraKeys, @Nullable String allowKeys, @Nullable String emails) {
    try {
      Builder builder = builder();
      for (String term : split(extraKeys)) {
        builder.addSensitiveKeys(term);
      }
      for (String key : split(allowKeys)) {
        builder.allowKeys(key);
      }
      if (emails != null && !emails.isBlank()) {
        String value = emails.strip();
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
          builder.redactEmails(Boolean.parseBoolean(value));
        } else {
          Diagnostics.reportOnce(
              "redaction-emails:" + value,
              "ignoring TRACEKIT_REDACTION_EMAILS='" + value + "': expected true or false");
        }
      }
      return builder.build();
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "redaction-config", "invalid redaction configuration; using the defaults", e);
      return DEFAULTS;
    }
  }

  /**
   * A redactor configured from {@code TRACEKIT_REDACTION_KEYS}, {@code TRACEKIT_REDACTION_ALLOW}
   * and {@code TRACEKIT_REDACTION_EMAILS} (the system properties {@code tracekit.redaction.keys},
   * {@code tracekit.redaction.allow}, {@code tracekit.redaction.emails} win); never throws.
   *
   * @return the redactor
   */
  public static Redactor fromEnvironment() {
    return fromConfig(
        setting("tracekit.redaction.keys", "TRACEKIT_REDACTION_KEYS"),
        setting("tracekit.redaction.allow", "TRACEKIT_REDACTION_ALLOW"),
        setting("tracekit.redaction.emails", "TRACEKIT_REDACTION_EMAILS"));
  }

  private static @Nullable String setting(String property, String env) {
    String value = System.getProperty(property);
    return value != null ? value : System.getenv(env);
  }

  private static List<String> split(@Nullable String text) {
    List<String> out = new ArrayList<>();
    if (text != null) {
      for (String part : text.split(",")) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
    }
    return out;
  }

  /**
   * Starts a builder with the default sensitive keys.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether an attribute key names a secret, so its whole value must not be exported.
   *
   * @param key the attribute key, may be null (not sensitive)
   * @return true when the value must be redacted
   */
  public boolean isSensitiveKey(@Nullable String key) {
    if (key == null) {
      return false;
    }
    try {
      return keys.isSensitive(key);
    } catch (RuntimeException e) {
      return true;
    }
  }

  /**
   * Replaces every secret found inside the text by {@value #REDACTED}.
   *
   * @param value the text, may be null
   * @return the redacted text; the same instance when nothing was found; null for null
   */
  public @Nullable String redactValue(@Nullable String value) {
    if (value == null) {
      return null;
    }
    try {
      return scanner.redact(value);
    } catch (RuntimeException e) {
      return REDACTED;
    }
  }

  /**
   * Redacts a set of attributes: values of sensitive keys become {@value #REDACTED} (as a string,
   * whatever the original type), secrets inside string values (also inside arrays and nested
   * values) are replaced, long values that are card numbers are replaced.
   *
   * @param attributes the attributes; null gives the empty attributes
   * @return the redacted attributes; the same instance when nothing changed
   */
  public Attributes redact(@Nullable Attributes attributes) {
    if (attributes == null) {
      return Attributes.empty();
    }
    if (attributes.isEmpty()) {
      return attributes;
    }
    // The common case, nothing to redact, allocates nothing: one scanner per thread.
    ChangeScan scan = SCAN.get();
    scan.redactor = this;
    scan.changed = false;
    try {
      attributes.forEach(scan);
    } finally {
      scan.redactor = null;
    }
    if (!scan.changed) {
      return attributes;
    }
    AttributesBuilder builder = Attributes.builder();
    attributes.forEach(
        (key, value) -> {
          Object redacted = redactEntry(key, value);
          if (redacted == value) {
            putUnchecked(builder, key, value);
          } else if (redacted instanceof String text) {
            builder.put(AttributeKey.stringKey(key.getKey()), text);
          } else {
            putUnchecked(builder, key, redacted);
          }
        });
    return builder.build();
  }

  private static final ThreadLocal<ChangeScan> SCAN = ThreadLocal.withInitial(ChangeScan::new);

  /** Finds whether any attribute would change, without allocating per call. */
  private static final class ChangeScan
      implements java.util.function.BiConsumer<AttributeKey<?>, Object> {
    @Nullable Redactor redactor;
    boolean changed;

    @Override
    public void accept(AttributeKey<?> key, Object value) {
      Redactor r = redactor;
      if (!changed && r != null && r.redactEntry(key, value) != value) {
        changed = true;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void putUnchecked(AttributesBuilder builder, AttributeKey<?> key, Object value) {
    builder.put((AttributeKey<Object>) key, value);
  }

  /** The redacted value: the same instance when unchanged, a String when replaced entirely. */
  private Object redactEntry(AttributeKey<?> key, Object value) {
    if (isSensitiveKey(key.getKey())) {
      return REDACTED.equals(value) ? value : REDACTED;
    }
    AttributeType type = key.getType();
    switch (type) {
      case STRING:
        String text = (String) value;
        String redacted = redactValue(text);
        return redacted == null || redacted == text ? value : redacted;
      case LONG:
        return ValueScanner.isCardNumber((Long) value) ? REDACTED : value;
      case STRING_ARRAY:
        return redactList((List<?>) value);
      default:
        // AttributeType.VALUE (OpenTelemetry 1.5x+; absent on older versions): nested values.
        return value instanceof Value ? redactNested((Value<?>) value, 0) : value;
    }
  }

  private Object redactList(List<?> list) {
    List<String> out = null;
    for (int i = 0; i < list.size(); i++) {
      Object item = list.get(i);
      String text = item == null ? null : item.toString();
      String redacted = redactValue(text);
      if (redacted != text && out == null) {
        out = new ArrayList<>(list.size());
        for (int j = 0; j < i; j++) {
          out.add(String.valueOf(list.get(j)));
        }
      }
      if (out != null) {
        out.add(redacted);
      }
    }
    return out == null ? list : out;
  }

  private Value<?> redactNested(Value<?> value, int depth) {
    if (depth >= MAX_DEPTH) {
      return Value.of(REDACTED);
    }
    switch (value.getType()) {
      case STRING:
        String text = (String) value.getValue();
        String redacted = redactValue(text);
        return redacted == text || redacted == null ? value : Value.of(redacted);
      case LONG:
        return ValueScanner.isCardNumber((Long) value.getValue()) ? Value.of(REDACTED) : value;
      case ARRAY:
        List<?> items = (List<?>) value.getValue();
        List<Value<?>> out = new ArrayList<>(items.size());
        boolean changed = false;
        for (Object item : items) {
          Value<?> v = (Value<?>) item;
          Value<?> r = redactNested(v, depth + 1);
          changed |= r != v;
          out.add(r);
        }
        return changed ? Value.of(out) : value;
      case KEY_VALUE_LIST:
        List<?> entries = (List<?>) value.getValue();
        KeyValue[] kvs = new KeyValue[entries.size()];
        boolean kvChanged = false;
        for (int i = 0; i < kvs.length; i++) {
          KeyValue kv = (KeyValue) entries.get(i);
          Value<?> r =
              isSensitiveKey(kv.getKey())
                  ? Value.of(REDACTED)
                  : redactNested(kv.getValue(), depth + 1);
          kvChanged |= r != kv.getValue();
          kvs[i] = r == kv.getValue() ? kv : KeyValue.of(kv.getKey(), r);
        }
        return kvChanged ? Value.of(kvs) : value;
      default:
        return value;
    }
  }

  /** Configures a {@link Redactor}. */
  public static final class Builder {
    private final Set<String> terms = new LinkedHashSet<>(KeyMatcher.TERMS);
    private final Set<String> allowed = new LinkedHashSet<>();
    private boolean emails;

    private Builder() {}

    /**
     * Adds sensitive key terms, matched like the defaults against the last words of a key's last
     * segment (for example {@code "iban"}, {@code "x-signature"}).
     *
     * @param keys the terms
     * @return this builder
     * @throws IllegalArgumentException when a term is blank
     */
    public Builder addSensitiveKeys(String... keys) {
      for (String key : Objects.requireNonNull(keys, "keys")) {
        Objects.requireNonNull(key, "key");
        if (key.isBlank()) {
          throw new IllegalArgumentException("sensitive key term must not be blank");
        }
        terms.add(key);
      }
      return this;
    }

    /**
     * Keys (exact, case-insensitive) that are never redacted by key, for example a {@code
     * my.session} attribute that holds no secret. Their values are still scanned.
     *
     * @param keys the full attribute keys
     * @return this builder
     */
    public Builder allowKeys(String... keys) {
      for (String key : Objects.requireNonNull(keys, "keys")) {
        allowed.add(Objects.requireNonNull(key, "key"));
      }
      return this;
    }

    /**
     * Whether email addresses inside values are redacted too (default false).
     *
     * @param redactEmails true to redact emails
     * @return this builder
     */
    public Builder redactEmails(boolean redactEmails) {
      this.emails = redactEmails;
      return this;
    }

    /**
     * Builds the redactor.
     *
     * @return the redactor
     */
    public Redactor build() {
      return new Redactor(
          new KeyMatcher(KeyMatcher.STRONG, List.copyOf(terms), Set.copyOf(allowed)),
          new ValueScanner(REDACTED, emails));
    }
  }
}

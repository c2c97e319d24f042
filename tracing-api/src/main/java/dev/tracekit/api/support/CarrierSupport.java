package dev.tracekit.api.support;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Helpers behind {@code dev.tracekit.api.TraceCarrier}: reading carrier values of any type, a
 * minimal flat JSON codec for serialized contexts, epoch timestamps, and the bare trace id form.
 *
 * <p>Support API for TraceKit modules and integrations, not for application code.
 */
public final class CarrierSupport {
  private CarrierSupport() {}

  /** Longest serialized context or header value looked at; longer values are ignored. */
  public static final int MAX_VALUE_LENGTH = 8192;

  /** W3C trace context plus W3C baggage: used when the configured propagators are no-op. */
  public static final TextMapPropagator W3C =
      TextMapPropagator.composite(
          W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance());

  /** Marks a context whose remote parent was built from a bare trace id. */
  public static final ContextKey<Boolean> TRACE_ID_ONLY =
      ContextKey.named("tracekit-trace-id-only");

  /** Reads {@code Map<String, ?>} carriers: any value type, exact key first, then any case. */
  public static final TextMapGetter<Map<String, ?>> MAP_GETTER =
      new TextMapGetter<Map<String, ?>>() {
        // Deprecated in API 1.67 but abstract before it: implemented so that propagators which
        // iterate keys keep working when an older OpenTelemetry API is on the class path.
        @Override
        @SuppressWarnings("deprecation")
        public Iterable<String> keys(Map<String, ?> carrier) {
          return carrier.keySet();
        }

        @Override
        public @Nullable String get(@Nullable Map<String, ?> carrier, String key) {
          return carrier == null ? null : valueAsString(rawValue(carrier, key));
        }
      };

  /** Writes string values into a {@code Map<String, ? super String>}. */
  public static final TextMapSetter<Map<String, ? super String>> MAP_SETTER =
      (carrier, key, value) -> {
        if (carrier != null) {
          carrier.put(key, value);
        }
      };

  /**
   * The propagator of an OpenTelemetry instance, or W3C trace context + baggage when it has none.
   *
   * @param openTelemetry the instance
   * @return the propagator to use
   */
  public static TextMapPropagator propagator(OpenTelemetry openTelemetry) {
    java.util.Objects.requireNonNull(openTelemetry, "openTelemetry");
    TextMapPropagator configured = openTelemetry.getPropagators().getTextMapPropagator();
    return configured.fields().isEmpty() ? W3C : configured;
  }

  /**
   * The value under a key: exact match first, otherwise the first key equal ignoring case.
   *
   * @param carrier the map
   * @param key the key
   * @return the raw value or null
   */
  public static @Nullable Object rawValue(@Nullable Map<String, ?> carrier, @Nullable String key) {
    if (carrier == null || key == null) {
      return null;
    }
    Object value = carrier.get(key);
    if (value != null) {
      return value;
    }
    for (Map.Entry<String, ?> entry : carrier.entrySet()) {
      if (key.equalsIgnoreCase(entry.getKey())) {
        return entry.getValue();
      }
    }
    return null;
  }

  /**
   * A carrier value as a string: char sequences (also AMQP {@code LongString}) and other objects by
   * {@code toString()}, byte arrays as UTF-8, collections by their first element; maps and
   * over-long values give null.
   *
   * @param value the raw value
   * @return the string or null
   */
  public static @Nullable String valueAsString(@Nullable Object value) {
    if (value == null || value instanceof Map) {
      return null;
    }
    String text;
    if (value instanceof CharSequence) {
      text = value.toString();
    } else if (value instanceof byte[]) {
      byte[] bytes = (byte[]) value;
      if (bytes.length > MAX_VALUE_LENGTH) {
        return null;
      }
      text = new String(bytes, StandardCharsets.UTF_8);
    } else if (value instanceof Collection) {
      Iterator<?> it = ((Collection<?>) value).iterator();
      return it.hasNext() ? valueAsString(it.next()) : null;
    } else {
      text = String.valueOf(value);
    }
    return text.length() > MAX_VALUE_LENGTH ? null : text;
  }

  /**
   * Reads an epoch timestamp in milliseconds from a number or a numeric string; values below 10^11
   * are taken as epoch seconds (as Python's {@code time.time()} writes them).
   *
   * @param value the raw value
   * @return epoch milliseconds, or -1 when absent or not a usable number
   */
  public static long epochMillis(@Nullable Object value) {
    double number;
    if (value instanceof Number) {
      number = ((Number) value).doubleValue();
    } else {
      String text = valueAsString(value);
      if (text == null || text.isEmpty() || text.length() > 32) {
        return -1;
      }
      try {
        number = isDigits(text) ? Long.parseLong(text) : Double.parseDouble(text.trim());
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    if (!(number > 0) || Double.isInfinite(number)) {
      return -1;
    }
    return number < 1e11 ? (long) (number * 1000) : (long) number;
  }

  private static boolean isDigits(String text) {
    if (text.length() > 18) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * A remote parent for a bare 32-hex trace id: a random span id (the real parent span id is not
   * known) and the sampled flag (the sender's decision is not known; continuing a trace someone
   * wants to find assumes it was kept).
   *
   * @param traceId the trace id text
   * @return the span context, or null when the text is not a valid trace id
   */
  public static @Nullable SpanContext traceIdOnly(@Nullable String traceId) {
    if (traceId == null) {
      return null;
    }
    String id = traceId.trim().toLowerCase(Locale.ROOT);
    if (!TraceId.isValid(id)) {
      return null;
    }
    long random;
    do {
      random = ThreadLocalRandom.current().nextLong();
    } while (random == 0);
    return SpanContext.createFromRemoteParent(
        id, SpanId.fromLong(random), TraceFlags.getSampled(), TraceState.getDefault());
  }

  /**
   * Parses a flat JSON object whose values are strings, numbers, booleans or null (nested values
   * make the parse fail).
   *
   * @param json the text
   * @return the entries (values as text; JSON null values left out), or null when not such an
   *     object
   */
  public static @Nullable Map<String, String> parseFlatJson(@Nullable String json) {
    if (json == null || json.length() > MAX_VALUE_LENGTH) {
      return null;
    }
    FlatJsonParser parser = new FlatJsonParser(json);
    try {
      return parser.parse();
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return null;
    }
  }

  /**
   * Writes a flat JSON object of strings.
   *
   * @param map the entries
   * @return the JSON text
   */
  public static String toJson(@Nullable Map<String, String> map) {
    if (map == null) {
      return "{}";
    }
    StringBuilder out = new StringBuilder(128).append('{');
    boolean first = true;
    for (Map.Entry<String, String> entry : map.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      appendJsonString(out, entry.getKey());
      out.append(':');
      appendJsonString(out, entry.getValue());
    }
    return out.append('}').toString();
  }

  private static void appendJsonString(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  private static final class FlatJsonParser {
    private final String text;
    private int pos;

    FlatJsonParser(String text) {
      this.text = text;
    }

    Map<String, String> parse() {
      Map<String, String> result = new LinkedHashMap<>();
      skipSpace();
      expect('{');
      skipSpace();
      if (peek() == '}') {
        pos++;
        return end(result);
      }
      while (true) {
        skipSpace();
        String key = string();
        skipSpace();
        expect(':');
        skipSpace();
        String value = scalar();
        if (value != null) {
          result.put(key, value);
        }
        skipSpace();
        char c = text.charAt(pos++);
        if (c == '}') {
          return end(result);
        }
        if (c != ',') {
          throw new IllegalArgumentException("expected , or }");
        }
      }
    }

    private Map<String, String> end(Map<String, String> result) {
      skipSpace();
      if (pos != text.length()) {
        throw new IllegalArgumentException("trailing text");
      }
      return Collections.unmodifiableMap(result);
    }

    private @Nullable String scalar() {
      char c = peek();
      if (c == '"') {
        return string();
      }
      int start = pos;
      while (pos < text.length() && ",}] \t\r\n".indexOf(text.charAt(pos)) < 0) {
        if ("{[\"".indexOf(text.charAt(pos)) >= 0) {
          throw new IllegalArgumentException("nested value");
        }
        pos++;
      }
      String token = text.substring(start, pos);
      if (token.isEmpty()) {
        throw new IllegalArgumentException("missing value");
      }
      return "null".equals(token) ? null : token;
    }

    private String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        char c = text.charAt(pos++);
        if (c == '"') {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        char e = text.charAt(pos++);
        switch (e) {
          case 'n':
            out.append('\n');
            break;
          case 't':
            out.append('\t');
            break;
          case 'r':
            out.append('\r');
            break;
          case 'b':
            out.append('\b');
            break;
          case 'f':
            out.append('\f');
            break;
          case 'u':
            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
            pos += 4;
            break;
          default:
            out.append(e);
        }
      }
    }

    private char peek() {
      return text.charAt(pos);
    }

    private void expect(char c) {
      if (text.charAt(pos++) != c) {
        throw new IllegalArgumentException("expected " + c);
      }
    }

    private void skipSpace() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }
  }
}

package dev.tracekit.nats.internal;

import io.nats.client.impl.Headers;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes the trace context in NATS message headers (the last value of a key wins).
 *
 * <p>Internal: not API.
 */
public final class NatsCarrier {
  private NatsCarrier() {}

  /** Longest header value read: a longer one is ignored. */
  static final int MAX_VALUE_LENGTH = 8192;

  /** Reads headers. */
  public static final TextMapGetter<Headers> GETTER =
      new TextMapGetter<Headers>() {
        @Override
        @SuppressWarnings("deprecation") // abstract before API 1.67
        public Iterable<String> keys(Headers carrier) {
          return carrier.keySet();
        }

        @Override
        public @Nullable String get(@Nullable Headers carrier, String key) {
          return carrier == null ? null : value(carrier, key);
        }
      };

  /** Writes headers, replacing earlier values of the same key. */
  public static final TextMapSetter<Headers> SETTER =
      (carrier, key, value) -> {
        if (carrier != null) {
          carrier.put(key, value);
        }
      };

  /**
   * The last value of a header, or null when absent, empty or too long.
   *
   * @param headers the headers
   * @param key the key
   * @return the value or null
   */
  public static @Nullable String value(Headers headers, String key) {
    String value = headers.getLast(key);
    return value == null || value.isEmpty() || value.length() > MAX_VALUE_LENGTH ? null : value;
  }
}

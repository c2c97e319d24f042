package dev.tracekit.kafka.internal;

import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes the trace context in Kafka record headers (UTF-8 values; the last header of a
 * key wins, as Kafka's own {@code lastHeader}).
 *
 * <p>Internal: not API.
 */
public final class KafkaCarrier {
  private KafkaCarrier() {}

  /** Longest header value read, in bytes: a bigger one is ignored. */
  static final int MAX_VALUE_BYTES = 8192;

  /** Reads headers. */
  public static final TextMapGetter<Headers> GETTER =
      new TextMapGetter<Headers>() {
        @Override
        @SuppressWarnings("deprecation") // abstract before API 1.67
        public Iterable<String> keys(Headers carrier) {
          List<String> keys = new ArrayList<>();
          for (Header header : carrier) {
            keys.add(header.key());
          }
          return keys;
        }

        @Override
        public @Nullable String get(@Nullable Headers carrier, String key) {
          return carrier == null ? null : value(carrier, key);
        }
      };

  /** Writes headers, replacing earlier ones of the same key. */
  public static final TextMapSetter<Headers> SETTER =
      (carrier, key, value) -> {
        if (carrier != null) {
          carrier.remove(key);
          carrier.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
      };

  /**
   * The last value of a header as UTF-8 text, or null when absent, empty-valued or too long.
   *
   * @param headers the headers
   * @param key the key
   * @return the value or null
   */
  public static @Nullable String value(Headers headers, String key) {
    Header header = headers.lastHeader(key);
    if (header == null) {
      return null;
    }
    byte[] bytes = header.value();
    if (bytes == null || bytes.length == 0 || bytes.length > MAX_VALUE_BYTES) {
      return null;
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }
}

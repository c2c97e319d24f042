package dev.tracekit.api.support;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Keeps one metric attribute whose values come from input (a model name, a route, a queue or cache
 * name, an operation) bounded: each value is cut to a maximum length, and once a maximum number of
 * distinct values has been seen, new ones are recorded as {@value #OTHER}, reported once. A remote
 * party (a provider's response model, a message header) then cannot blow up series count or the
 * size of a metric point. Thread-safe; never throws.
 *
 * <pre>{@code
 * BoundedValues models = BoundedValues.of("gen_ai.client.operation.duration", "gen_ai.request.model");
 * attributes.put(REQUEST_MODEL, models.bound(model));
 * }</pre>
 *
 * <p>Support API for TraceKit modules and integrations, not for application code.
 */
public final class BoundedValues {
  /** The value recorded in place of one beyond the cap of distinct values. */
  public static final String OTHER = "_other";

  /** The default cap on distinct values per attribute. */
  public static final int DEFAULT_MAX_VALUES = 200;

  /** The default cap on a value's length, in characters. */
  public static final int DEFAULT_MAX_LENGTH = 128;

  private final String instrument;
  private final String key;
  private final int maxValues;
  private final int maxLength;
  private final ConcurrentHashMap<String, String> seen = new ConcurrentHashMap<>();

  private BoundedValues(String instrument, String key, int maxValues, int maxLength) {
    this.instrument = instrument;
    this.key = key;
    this.maxValues = maxValues;
    this.maxLength = maxLength;
  }

  /**
   * A guard with the default caps ({@value #DEFAULT_MAX_VALUES} values of at most {@value
   * #DEFAULT_MAX_LENGTH} characters).
   *
   * @param instrument the instrument (or instrument family) name, for the report
   * @param key the attribute key, for the report
   * @return the guard
   * @throws NullPointerException if an argument is null
   */
  public static BoundedValues of(String instrument, String key) {
    return of(instrument, key, DEFAULT_MAX_VALUES, DEFAULT_MAX_LENGTH);
  }

  /**
   * A guard with the given caps.
   *
   * @param instrument the instrument (or instrument family) name, for the report
   * @param key the attribute key, for the report
   * @param maxValues the cap on distinct values, at least 1
   * @param maxLength the cap on a value's length, at least 1
   * @return the guard
   * @throws NullPointerException if a name is null
   * @throws IllegalArgumentException if a cap is below 1
   */
  public static BoundedValues of(String instrument, String key, int maxValues, int maxLength) {
    Objects.requireNonNull(instrument, "instrument");
    Objects.requireNonNull(key, "key");
    if (maxValues < 1 || maxLength < 1) {
      throw new IllegalArgumentException("maxValues and maxLength must be at least 1");
    }
    return new BoundedValues(instrument, key, maxValues, maxLength);
  }

  /**
   * The value to record: {@code value} itself while within the caps, cut to the maximum length, or
   * {@value #OTHER} once the cap of distinct values is reached.
   *
   * @param value the value from input; null gives null
   * @return the bounded value
   */
  public @Nullable String bound(@Nullable String value) {
    if (value == null) {
      return null;
    }
    String bounded = value.length() > maxLength ? value.substring(0, maxLength) : value;
    String known = seen.get(bounded);
    if (known != null) {
      return known;
    }
    if (seen.size() >= maxValues) {
      Diagnostics.reportOnce(
          "bounded-values." + instrument + "." + key,
          "metric "
              + instrument
              + ": more than "
              + maxValues
              + " distinct values of "
              + key
              + "; further ones are recorded as "
              + OTHER);
      return OTHER;
    }
    if (bounded.length() != value.length()) {
      Diagnostics.reportOnce(
          "bounded-values.length." + instrument + "." + key,
          "metric "
              + instrument
              + ": a value of "
              + key
              + " longer than "
              + maxLength
              + " characters was cut");
    }
    String previous = seen.putIfAbsent(bounded, bounded);
    return previous != null ? previous : bounded;
  }
}

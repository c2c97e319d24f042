package dev.tracekit.api.support;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Converts the loosely typed attribute values of a {@code Map<String, ?>} into OpenTelemetry
 * attributes, keeping strings, booleans, integral and floating-point numbers and their arrays/lists
 * typed; anything else is recorded as its (capped) {@code toString()}. Never throws.
 *
 * <p>Support API for TraceKit modules and integrations, not for application code.
 */
public final class AttributeValues {
  /** Longest string recorded from a {@code toString()} of an arbitrary object. */
  public static final int MAX_TO_STRING = 4096;

  private AttributeValues() {}

  /**
   * Builds attributes from a map; null keys and null values are skipped.
   *
   * @param map the map, may be null
   * @return the attributes
   */
  public static Attributes of(@Nullable Map<String, ?> map) {
    if (map == null || map.isEmpty()) {
      return Attributes.empty();
    }
    AttributesBuilder builder = Attributes.builder();
    putAll(builder, map);
    return builder.build();
  }

  /**
   * Adds every entry of a map to a builder.
   *
   * @param builder the builder
   * @param map the map, may be null
   */
  public static void putAll(@Nullable AttributesBuilder builder, @Nullable Map<String, ?> map) {
    if (map == null || builder == null) {
      return;
    }
    try {
      for (Map.Entry<String, ?> e : map.entrySet()) {
        put(builder, e.getKey(), e.getValue());
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "attribute map", "could not read an attribute map; some attributes were skipped", e);
    }
  }

  /**
   * Sets every entry of a map on a span.
   *
   * @param span the span
   * @param map the map, may be null
   */
  public static void setAll(Span span, @Nullable Map<String, ?> map) {
    if (map == null || map.isEmpty() || !span.isRecording()) {
      return;
    }
    AttributesBuilder builder = Attributes.builder();
    putAll(builder, map);
    span.setAllAttributes(builder.build());
  }

  /**
   * Adds one loosely typed value.
   *
   * @param builder the builder; null is skipped and reported once
   * @param key the key; null or empty is skipped and reported once
   * @param value the value; null is skipped
   */
  @SuppressWarnings("unchecked")
  public static void put(
      @Nullable AttributesBuilder builder, @Nullable String key, @Nullable Object value) {
    if (builder == null) {
      Diagnostics.reportOnce("attribute builder", "AttributeValues.put(null, ..): skipped");
      return;
    }
    if (key == null || key.isEmpty()) {
      Diagnostics.reportOnce("attribute key", "an attribute with a null or empty key was skipped");
      return;
    }
    if (value == null) {
      return;
    }
    if (value instanceof String s) {
      builder.put(key, s);
    } else if (value instanceof Boolean b) {
      builder.put(key, b);
    } else if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      builder.put(key, ((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      builder.put(key, ((Number) value).doubleValue());
    } else if (value instanceof Enum<?> en) {
      builder.put(key, en.name());
    } else if (value instanceof String[] a) {
      builder.put(AttributeKey.stringArrayKey(key), List.of(nonNull(a)));
    } else if (value instanceof long[] a) {
      builder.put(key, a);
    } else if (value instanceof int[] a) {
      long[] l = new long[a.length];
      for (int i = 0; i < a.length; i++) {
        l[i] = a[i];
      }
      builder.put(key, l);
    } else if (value instanceof double[] a) {
      builder.put(key, a);
    } else if (value instanceof boolean[] a) {
      builder.put(key, a);
    } else if (value instanceof Collection<?> c) {
      putCollection(builder, key, c);
    } else {
      builder.put(key, safeToString(value));
    }
  }

  private static String[] nonNull(String[] a) {
    String[] out = a.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] == null) {
        out[i] = "";
      }
    }
    return out;
  }

  private static void putCollection(AttributesBuilder builder, String key, Collection<?> c) {
    boolean allStrings = true;
    boolean allLongs = true;
    boolean allDoubles = true;
    boolean allBooleans = true;
    for (Object o : c) {
      allStrings &= o instanceof String;
      allLongs &=
          o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte;
      allDoubles &= o instanceof Double || o instanceof Float;
      allBooleans &= o instanceof Boolean;
    }
    if (c.isEmpty() || allStrings) {
      List<String> list = new ArrayList<>(c.size());
      for (Object o : c) {
        list.add((String) o);
      }
      builder.put(AttributeKey.stringArrayKey(key), list);
    } else if (allLongs) {
      List<Long> list = new ArrayList<>(c.size());
      for (Object o : c) {
        list.add(((Number) o).longValue());
      }
      builder.put(AttributeKey.longArrayKey(key), list);
    } else if (allDoubles) {
      List<Double> list = new ArrayList<>(c.size());
      for (Object o : c) {
        list.add(((Number) o).doubleValue());
      }
      builder.put(AttributeKey.doubleArrayKey(key), list);
    } else if (allBooleans) {
      List<Boolean> list = new ArrayList<>(c.size());
      for (Object o : c) {
        list.add((Boolean) o);
      }
      builder.put(AttributeKey.booleanArrayKey(key), list);
    } else {
      List<String> list = new ArrayList<>(c.size());
      for (Object o : c) {
        list.add(safeToString(o));
      }
      builder.put(AttributeKey.stringArrayKey(key), list);
    }
  }

  /**
   * {@code String.valueOf(value)}, capped at {@link #MAX_TO_STRING} characters; a throwing {@code
   * toString()} gives the class name.
   *
   * @param value the value
   * @return its text
   */
  public static String safeToString(@Nullable Object value) {
    String s;
    try {
      s = String.valueOf(value);
    } catch (RuntimeException | StackOverflowError e) {
      Diagnostics.reportOnce(
          "toString " + value.getClass().getName(),
          "toString() of " + value.getClass().getName() + " failed; its class name is recorded");
      return value.getClass().getName();
    }
    return s.length() > MAX_TO_STRING ? s.substring(0, MAX_TO_STRING) : s;
  }
}

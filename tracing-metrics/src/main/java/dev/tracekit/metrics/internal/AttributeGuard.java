package dev.tracekit.metrics.internal;

import dev.tracekit.api.support.Diagnostics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Turns positional attribute values into {@link Attributes} for one instrument whose keys were
 * declared up front, keeping the number of series bounded: values that look like identifiers (see
 * {@link HighCardinality}) and values beyond the per-key cap of distinct values are recorded as
 * {@value #OTHER}, with a one-time warning (the value itself is never logged). Never throws.
 *
 * <p>Internal: not API.
 */
public final class AttributeGuard {
  /** The value recorded in place of a refused one. */
  public static final String OTHER = "_other";

  private static final int MAX_CACHED_SETS = 4096;

  private final String instrument;
  private final String[] keyNames;
  private final AttributeKey<String>[] keys;
  private final int maxValuesPerKey;
  private final ConcurrentHashMap<String, String>[] accepted;
  private final ConcurrentHashMap<Object, Attributes> cache = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Object> trie = new ConcurrentHashMap<>();
  private final AtomicInteger trieLeaves = new AtomicInteger();

  /**
   * Creates the guard.
   *
   * @param instrument the instrument name, for warnings
   * @param keyNames the declared attribute keys, in the order values are passed
   * @param maxValuesPerKey how many distinct values each key may take before collapsing
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public AttributeGuard(String instrument, List<String> keyNames, int maxValuesPerKey) {
    this.instrument = instrument;
    this.keyNames = keyNames.toArray(new String[0]);
    this.keys = new AttributeKey[this.keyNames.length];
    this.accepted = new ConcurrentHashMap[this.keyNames.length];
    for (int i = 0; i < this.keyNames.length; i++) {
      keys[i] = AttributeKey.stringKey(this.keyNames[i]);
      accepted[i] = new ConcurrentHashMap<>();
    }
    this.maxValuesPerKey = maxValuesPerKey;
  }

  /**
   * The declared keys.
   *
   * @return the keys in declaration order
   */
  public List<String> keys() {
    return List.of(keyNames);
  }

  /**
   * The attributes for these positional values: checked, collapsed when needed, cached.
   *
   * @param values one value per declared key, in declaration order
   * @return the attributes to record with; never throws
   */
  public Attributes attributes(@Nullable String @Nullable [] values) {
    try {
      int n = keys.length;
      if (n == 0) {
        if (values != null && values.length > 0) {
          arity(0);
        }
        return Attributes.empty();
      }
      if (values == null || values.length != n) {
        arity(values == null ? 0 : values.length);
      }
      Attributes hit = lookup(values);
      if (hit != null) {
        return hit;
      }
      String[] canonical = new String[n];
      boolean asGiven = true;
      for (int i = 0; i < n; i++) {
        String raw = value(values, i);
        canonical[i] = canonical(i, raw);
        asGiven &= canonical[i].equals(raw);
      }
      List<String> cacheKey = Arrays.asList(canonical);
      Attributes cached = cache.get(cacheKey);
      if (cached == null) {
        AttributesBuilder builder = Attributes.builder();
        for (int i = 0; i < n; i++) {
          builder.put(keys[i], canonical[i]);
        }
        cached = remember(cacheKey, builder.build());
      }
      if (asGiven) {
        insert(canonical, cached);
      }
      return cached;
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "metrics.attributes.failure." + instrument,
          "could not build attributes for metric '" + instrument + "'; recorded without them",
          e);
      return Attributes.empty();
    }
  }

  /** Allocation-free hit path: a trie of maps keyed by the values as given (accepted ones only). */
  @SuppressWarnings("unchecked")
  private @Nullable Attributes lookup(@Nullable String @Nullable [] values) {
    if (values == null || values.length != keys.length) {
      return null;
    }
    Object node = trie;
    for (String value : values) {
      if (value == null) {
        return null;
      }
      node = ((ConcurrentHashMap<String, Object>) node).get(value);
      if (node == null) {
        return null;
      }
    }
    return (Attributes) node;
  }

  @SuppressWarnings("unchecked")
  private void insert(String[] values, Attributes attributes) {
    if (trieLeaves.get() >= MAX_CACHED_SETS) {
      return;
    }
    ConcurrentHashMap<String, Object> node = trie;
    for (int i = 0; i < values.length - 1; i++) {
      node =
          (ConcurrentHashMap<String, Object>)
              node.computeIfAbsent(values[i], k -> new ConcurrentHashMap<String, Object>());
    }
    if (node.putIfAbsent(values[values.length - 1], attributes) == null) {
      trieLeaves.incrementAndGet();
    }
  }

  private Attributes remember(Object key, Attributes attributes) {
    if (cache.size() < MAX_CACHED_SETS) {
      Attributes previous = cache.putIfAbsent(key, attributes);
      return previous != null ? previous : attributes;
    }
    return attributes;
  }

  private static @Nullable String value(@Nullable String @Nullable [] values, int i) {
    return values != null && i < values.length ? values[i] : null;
  }

  private void arity(int given) {
    Diagnostics.reportOnce(
        "metrics.attributes.arity." + instrument,
        "metric '"
            + instrument
            + "' declares attribute keys "
            + Arrays.toString(keyNames)
            + " but was given "
            + given
            + " value(s); missing values are recorded as "
            + OTHER
            + " and extra ones ignored");
  }

  private String canonical(int i, @Nullable String value) {
    if (value == null) {
      Diagnostics.reportOnce(
          "metrics.attributes.null." + instrument + "." + keyNames[i],
          "metric '"
              + instrument
              + "': null or missing value for attribute '"
              + keyNames[i]
              + "', recorded as "
              + OTHER);
      return OTHER;
    }
    ConcurrentHashMap<String, String> seen = accepted[i];
    String known = seen.get(value);
    if (known != null) {
      return known;
    }
    String reason = HighCardinality.reason(value);
    if (reason != null) {
      Diagnostics.reportOnce(
          "metrics.cardinality.pattern." + instrument + "." + keyNames[i],
          "metric '"
              + instrument
              + "': a value of attribute '"
              + keyNames[i]
              + "' "
              + reason
              + " (high cardinality); such values are recorded as "
              + OTHER
              + ". Put identifiers on spans, not on metrics.");
      return OTHER;
    }
    if (seen.size() >= maxValuesPerKey) {
      Diagnostics.reportOnce(
          "metrics.cardinality.cap." + instrument + "." + keyNames[i],
          "metric '"
              + instrument
              + "': attribute '"
              + keyNames[i]
              + "' exceeded "
              + maxValuesPerKey
              + " distinct values; further new values are recorded as "
              + OTHER);
      return OTHER;
    }
    String previous = seen.putIfAbsent(value, value);
    return previous != null ? previous : value;
  }
}

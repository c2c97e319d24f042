package dev.tracekit.core.sql.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * A bounded, thread-safe cache of results keyed by statement text and a tag (the dialect). Reads
 * are lock-free ({@link ConcurrentHashMap#get}); eviction is first-in first-out through a ring of
 * slots, O(1) per insertion, so the map never holds more than {@code capacity} entries plus the
 * insertions in flight. Statements longer than {@code maxKeyLength} are not cached.
 *
 * <p>Internal: not API, may change without notice.
 *
 * @param <V> the cached value
 */
public final class StatementCache<V> {
  private final ConcurrentHashMap<String, Entry<V>> map;
  private final AtomicReferenceArray<@Nullable Entry<V>> ring;
  private final AtomicInteger next = new AtomicInteger();
  private final int capacity;
  private final int maxKeyLength;

  /**
   * Creates a cache.
   *
   * @param capacity the most entries kept, at least 1
   * @param maxKeyLength the longest statement cached, in chars
   */
  public StatementCache(int capacity, int maxKeyLength) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    this.capacity = capacity;
    this.maxKeyLength = maxKeyLength;
    this.map = new ConcurrentHashMap<>(Math.min(capacity, 1 << 16) * 4 / 3 + 1);
    this.ring = new AtomicReferenceArray<>(capacity);
  }

  /**
   * The cached value for a statement and tag.
   *
   * @param key the statement
   * @param tag the tag it was stored with (compared by identity)
   * @return the value, or null when absent
   */
  public @Nullable V get(String key, Object tag) {
    if (key.length() > maxKeyLength) {
      return null;
    }
    Entry<V> e = map.get(key);
    return e != null && e.tag == tag ? e.value : null;
  }

  /**
   * Stores a value unless the statement is too long or already cached (with any tag).
   *
   * @param key the statement
   * @param tag the tag (the dialect)
   * @param value the value
   */
  public void put(String key, Object tag, V value) {
    if (key.length() > maxKeyLength) {
      return;
    }
    Entry<V> e = new Entry<>(key, tag, value);
    if (map.putIfAbsent(key, e) != null) {
      return;
    }
    int slot = Math.floorMod(next.getAndIncrement(), capacity);
    Entry<V> evicted = ring.getAndSet(slot, e);
    if (evicted != null) {
      map.remove(evicted.key, evicted);
    }
  }

  /**
   * The number of cached entries.
   *
   * @return the size
   */
  public int size() {
    return map.size();
  }

  private static final class Entry<V> {
    final String key;
    final Object tag;
    final V value;

    Entry(String key, Object tag, V value) {
      this.key = key;
      this.tag = tag;
      this.value = value;
    }
  }
}

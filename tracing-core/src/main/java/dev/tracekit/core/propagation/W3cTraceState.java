package dev.tracekit.core.propagation;

import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * An immutable {@code tracestate} list following the W3C grammar: ordered members, unique keys, at
 * most 32 members.
 */
final class W3cTraceState implements TraceState {
  static final int MAX_MEMBERS = 32;
  static final int MAX_KEY_LENGTH = 256;
  static final int MAX_VALUE_LENGTH = 256;

  private static final W3cTraceState EMPTY = new W3cTraceState(new String[0]);

  /** key0, value0, key1, value1, ... in header order. */
  private final String[] entries;

  private W3cTraceState(String[] entries) {
    this.entries = entries;
  }

  /**
   * Parses a combined {@code tracestate} header value.
   *
   * @param header the value (several header lines already joined with a comma), or null
   * @return the list; empty when the header is absent or invalid
   */
  static TraceState parse(@Nullable String header) {
    if (header == null || header.isEmpty()) {
      return EMPTY;
    }
    List<String> kept = new ArrayList<>();
    int members = 0;
    int start = 0;
    int length = header.length();
    while (start <= length) {
      int comma = header.indexOf(',', start);
      int end = comma < 0 ? length : comma;
      int from = start;
      int to = end;
      while (from < to && isOws(header.charAt(from))) {
        from++;
      }
      while (to > from && isOws(header.charAt(to - 1))) {
        to--;
      }
      if (from < to) {
        int eq = header.indexOf('=', from);
        if (eq < 0 || eq >= to) {
          return EMPTY;
        }
        String key = header.substring(from, eq);
        String value = header.substring(eq + 1, to);
        if (!isKey(key) || !isValue(value)) {
          return EMPTY;
        }
        if (++members > MAX_MEMBERS) {
          return EMPTY;
        }
        if (indexOf(kept, key) < 0) {
          kept.add(key);
          kept.add(value);
        }
      }
      if (comma < 0) {
        break;
      }
      start = comma + 1;
    }
    return kept.isEmpty() ? EMPTY : new W3cTraceState(kept.toArray(new String[0]));
  }

  private static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }

  /** {@code key = (lcalpha / DIGIT) 0*255(lcalpha / DIGIT / "_" / "-" / "*" / "/" / "@")}. */
  static boolean isKey(@Nullable String key) {
    if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      return false;
    }
    char first = key.charAt(0);
    if (!(first >= 'a' && first <= 'z') && !(first >= '0' && first <= '9')) {
      return false;
    }
    for (int i = 1; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-'
              || c == '*'
              || c == '/'
              || c == '@';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code value = 0*255(chr) nblk-chr}: printable ASCII except comma and equals sign, not ending
   * with a space.
   */
  static boolean isValue(@Nullable String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_VALUE_LENGTH) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e || c == ',' || c == '=') {
        return false;
      }
    }
    return value.charAt(value.length() - 1) != ' ';
  }

  private static int indexOf(List<String> entries, String key) {
    for (int i = 0; i < entries.size(); i += 2) {
      if (entries.get(i).equals(key)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public @Nullable String get(@Nullable String key) {
    if (key == null) {
      return null;
    }
    for (int i = 0; i < entries.length; i += 2) {
      if (entries[i].equals(key)) {
        return entries[i + 1];
      }
    }
    return null;
  }

  @Override
  public int size() {
    return entries.length / 2;
  }

  @Override
  public boolean isEmpty() {
    return entries.length == 0;
  }

  @Override
  public void forEach(BiConsumer<String, String> consumer) {
    if (consumer == null) {
      return;
    }
    for (int i = 0; i < entries.length; i += 2) {
      consumer.accept(entries[i], entries[i + 1]);
    }
  }

  @Override
  public Map<String, String> asMap() {
    Map<String, String> map = new LinkedHashMap<>();
    forEach(map::put);
    return Collections.unmodifiableMap(map);
  }

  @Override
  public TraceStateBuilder toBuilder() {
    return new Builder(entries);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof W3cTraceState that && Arrays.equals(entries, that.entries);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(entries);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    forEach(
        (k, v) -> {
          if (sb.length() > 0) {
            sb.append(',');
          }
          sb.append(k).append('=').append(v);
        });
    return sb.toString();
  }

  /**
   * Builds a changed list: a put moves the key to the front (left) and drops the right-most member
   * beyond 32, as the specification's mutation rules say; invalid keys or values are ignored.
   */
  private static final class Builder implements TraceStateBuilder {
    private final List<String> entries;

    Builder(String[] entries) {
      this.entries = new ArrayList<>(Arrays.asList(entries));
    }

    @Override
    public TraceStateBuilder put(@Nullable String key, @Nullable String value) {
      if (!isKey(key) || !isValue(value)) {
        return this;
      }
      remove(key);
      entries.add(0, value);
      entries.add(0, key);
      while (entries.size() > MAX_MEMBERS * 2) {
        entries.remove(entries.size() - 1);
        entries.remove(entries.size() - 1);
      }
      return this;
    }

    @Override
    public TraceStateBuilder remove(@Nullable String key) {
      if (key == null) {
        return this;
      }
      int i = indexOf(entries, key);
      if (i >= 0) {
        entries.remove(i + 1);
        entries.remove(i);
      }
      return this;
    }

    @Override
    public TraceState build() {
      return entries.isEmpty() ? EMPTY : new W3cTraceState(entries.toArray(new String[0]));
    }
  }
}

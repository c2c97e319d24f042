package dev.tracekit.ai.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A small, strict JSON reader and string escaper. {@link #parse} returns {@code null} for any
 * malformed, too deep or too large input and never throws: objects become {@code Map<String,
 * Object>}, arrays {@code List<Object>}, numbers {@code Long} (integral) or {@code Double}, and
 * {@code null} becomes {@link #NULL}.
 *
 * <p>Internal: not API.
 */
public final class Json {
  /** Marker for a JSON {@code null} value (maps cannot hold Java null here). */
  public static final Object NULL = new Object();

  private static final int MAX_DEPTH = 64;
  private static final int MAX_LENGTH = 32 * 1024 * 1024;

  private final String s;
  private int pos;

  private Json(String s) {
    this.s = s;
  }

  /**
   * Parses one JSON value (surrounding whitespace allowed).
   *
   * @param text the text
   * @return the value, or null when the text is not exactly one valid JSON value
   */
  public static @Nullable Object parse(@Nullable String text) {
    if (text == null || text.length() > MAX_LENGTH) {
      return null;
    }
    try {
      Json p = new Json(text);
      p.ws();
      Object v = p.value(0);
      p.ws();
      return p.pos == text.length() ? v : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private Object value(int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalStateException("too deep");
    }
    char c = peek();
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        literal("true");
        return Boolean.TRUE;
      case 'f':
        literal("false");
        return Boolean.FALSE;
      case 'n':
        literal("null");
        return NULL;
      default:
        return number();
    }
  }

  private Map<String, Object> object(int depth) {
    pos++;
    Map<String, Object> map = new LinkedHashMap<>();
    ws();
    if (peek() == '}') {
      pos++;
      return map;
    }
    while (true) {
      ws();
      if (peek() != '"') {
        throw new IllegalStateException("key expected");
      }
      String key = string();
      ws();
      expect(':');
      ws();
      map.put(key, value(depth + 1));
      ws();
      char c = next();
      if (c == '}') {
        return map;
      }
      if (c != ',') {
        throw new IllegalStateException(", or } expected");
      }
    }
  }

  private List<Object> array(int depth) {
    pos++;
    List<Object> list = new ArrayList<>();
    ws();
    if (peek() == ']') {
      pos++;
      return list;
    }
    while (true) {
      ws();
      list.add(value(depth + 1));
      ws();
      char c = next();
      if (c == ']') {
        return list;
      }
      if (c != ',') {
        throw new IllegalStateException(", or ] expected");
      }
    }
  }

  private String string() {
    pos++;
    StringBuilder sb = null;
    int start = pos;
    while (true) {
      char c = next();
      if (c == '"') {
        return sb == null ? s.substring(start, pos - 1) : sb.toString();
      }
      if (c < 0x20) {
        throw new IllegalStateException("control character in string");
      }
      if (c == '\\') {
        if (sb == null) {
          sb = new StringBuilder().append(s, start, pos - 1);
        }
        char e = next();
        switch (e) {
          case '"', '\\', '/' -> sb.append(e);
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            if (pos + 4 > s.length()) {
              throw new IllegalStateException("bad escape");
            }
            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
            pos += 4;
          }
          default -> throw new IllegalStateException("bad escape");
        }
      } else if (sb != null) {
        sb.append(c);
      }
    }
  }

  private Object number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    boolean integral = true;
    int digits = 0;
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
        integral = false;
      } else {
        break;
      }
      pos++;
    }
    if (digits == 0) {
      throw new IllegalStateException("value expected");
    }
    String n = s.substring(start, pos);
    if (integral && n.length() < 19) {
      return Long.parseLong(n);
    }
    return Double.parseDouble(n);
  }

  private void literal(String word) {
    if (!s.startsWith(word, pos)) {
      throw new IllegalStateException(word + " expected");
    }
    pos += word.length();
  }

  private void expect(char c) {
    if (next() != c) {
      throw new IllegalStateException(c + " expected");
    }
  }

  private char peek() {
    if (pos >= s.length()) {
      throw new IllegalStateException("unexpected end");
    }
    return s.charAt(pos);
  }

  private char next() {
    char c = peek();
    pos++;
    return c;
  }

  private void ws() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      pos++;
    }
  }

  // ---- navigation helpers: all null-safe, never throw ----

  /**
   * A member of an object.
   *
   * @param node a parsed node, may be null
   * @param key the member name
   * @return the member's value, or null when absent, JSON null or when node is not an object
   */
  public static @Nullable Object get(@Nullable Object node, String key) {
    if (node instanceof Map<?, ?> m) {
      Object v = m.get(key);
      return v == NULL ? null : v;
    }
    return null;
  }

  /**
   * A member as a string.
   *
   * @param node a parsed node
   * @param key the member name
   * @return the string, or null when absent or not a string
   */
  public static @Nullable String string(@Nullable Object node, String key) {
    return get(node, key) instanceof String str ? str : null;
  }

  /**
   * A member as a long.
   *
   * @param node a parsed node
   * @param key the member name
   * @return the number, or -1 when absent or not an integral number
   */
  public static long integer(@Nullable Object node, String key) {
    Object v = get(node, key);
    if (v instanceof Long l) {
      return l;
    }
    return -1;
  }

  /**
   * A member as a list.
   *
   * @param node a parsed node
   * @param key the member name
   * @return the list, empty when absent or not an array
   */
  public static List<Object> list(@Nullable Object node, String key) {
    Object v = get(node, key);
    if (v instanceof List<?> l) {
      @SuppressWarnings("unchecked")
      List<Object> out = (List<Object>) l;
      return out;
    }
    return Collections.emptyList();
  }

  /**
   * Appends {@code value} as a JSON string literal (with quotes).
   *
   * @param out where to append
   * @param value the string
   * @return out
   */
  public static StringBuilder quote(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }
}

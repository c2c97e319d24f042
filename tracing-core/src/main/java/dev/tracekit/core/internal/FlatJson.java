package dev.tracekit.core.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Parses a flat JSON object whose values are strings, numbers or booleans (as in {@code
 * OTEL_EXPORTER_OTLP_HEADERS='{"Authorization":"Bearer x"}'}). Returns null for anything else;
 * never throws.
 *
 * <p>Internal: not API.
 */
public final class FlatJson {
  private final String s;
  private int i;

  private FlatJson(String s) {
    this.s = s;
  }

  /**
   * Parses the object.
   *
   * @param json the text
   * @return the entries in order, or null when the text is not a flat JSON object
   */
  public static @Nullable Map<String, String> parseObject(@Nullable String json) {
    if (json == null) {
      return null;
    }
    try {
      return new FlatJson(json).object();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private @Nullable Map<String, String> object() {
    Map<String, String> out = new LinkedHashMap<>();
    skip();
    if (!eat('{')) {
      return null;
    }
    skip();
    if (eat('}')) {
      return end() ? out : null;
    }
    while (true) {
      skip();
      String key = string();
      if (key == null) {
        return null;
      }
      skip();
      if (!eat(':')) {
        return null;
      }
      skip();
      String value = value();
      if (value == null) {
        return null;
      }
      out.put(key, value);
      skip();
      if (eat(',')) {
        continue;
      }
      if (eat('}')) {
        return end() ? out : null;
      }
      return null;
    }
  }

  private boolean end() {
    skip();
    return i == s.length();
  }

  private @Nullable String value() {
    if (i >= s.length()) {
      return null;
    }
    char c = s.charAt(i);
    if (c == '"') {
      return string();
    }
    int start = i;
    while (i < s.length() && ",} \t\r\n".indexOf(s.charAt(i)) < 0) {
      i++;
    }
    String literal = s.substring(start, i);
    if (literal.equals("true") || literal.equals("false")) {
      return literal;
    }
    try {
      Double.parseDouble(literal);
      return literal;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private @Nullable String string() {
    if (!eat('"')) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == '"') {
        return out.toString();
      }
      if (c == '\\') {
        if (i >= s.length()) {
          return null;
        }
        char e = s.charAt(i++);
        switch (e) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'u' -> {
            if (i + 4 > s.length()) {
              return null;
            }
            out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
          }
          default -> out.append(e);
        }
      } else {
        out.append(c);
      }
    }
    return null;
  }

  private boolean eat(char c) {
    if (i < s.length() && s.charAt(i) == c) {
      i++;
      return true;
    }
    return false;
  }

  private void skip() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
  }
}

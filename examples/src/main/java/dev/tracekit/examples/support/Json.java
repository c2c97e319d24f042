package dev.tracekit.examples.support;

import java.util.LinkedHashMap;
import java.util.Map;

/** A tiny codec for flat JSON objects of string values (job payloads on Redis and RabbitMQ). */
public final class Json {
  private Json() {}

  /**
   * Writes a flat object.
   *
   * @param map the fields
   * @return the JSON text
   */
  public static String write(Map<String, ?> map) {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, ?> e : map.entrySet()) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      quote(sb, e.getKey()).append(':');
      quote(sb, String.valueOf(e.getValue()));
    }
    return sb.append('}').toString();
  }

  /**
   * A JSON string literal.
   *
   * @param value the text
   * @return the quoted, escaped text
   */
  public static String quote(String value) {
    return quote(new StringBuilder(), value).toString();
  }

  private static StringBuilder quote(StringBuilder sb, String value) {
    sb.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"');
  }

  /**
   * Reads a flat object of string (or number/boolean) values; nested values are skipped.
   *
   * @param json the text
   * @return the fields, empty when the text is not such an object
   */
  public static Map<String, String> read(String json) {
    Map<String, String> out = new LinkedHashMap<>();
    int[] pos = {skip(json, 0)};
    if (pos[0] >= json.length() || json.charAt(pos[0]) != '{') {
      return out;
    }
    pos[0]++;
    while (true) {
      pos[0] = skip(json, pos[0]);
      if (pos[0] >= json.length() || json.charAt(pos[0]) != '"') {
        return out;
      }
      String key = string(json, pos);
      pos[0] = skip(json, pos[0]);
      if (pos[0] >= json.length() || json.charAt(pos[0]) != ':') {
        return out;
      }
      pos[0] = skip(json, pos[0] + 1);
      if (pos[0] >= json.length()) {
        return out;
      }
      char c = json.charAt(pos[0]);
      if (c == '"') {
        out.put(key, string(json, pos));
      } else if (c == '{' || c == '[') {
        pos[0] = skipNested(json, pos[0]);
      } else {
        int start = pos[0];
        while (pos[0] < json.length() && ",}".indexOf(json.charAt(pos[0])) < 0) {
          pos[0]++;
        }
        out.put(key, json.substring(start, pos[0]).trim());
      }
      pos[0] = skip(json, pos[0]);
      if (pos[0] >= json.length() || json.charAt(pos[0]) != ',') {
        return out;
      }
      pos[0]++;
    }
  }

  /**
   * The first string value of a field anywhere in a JSON text (for simple lookups).
   *
   * @param json the text
   * @param field the field name
   * @return the value, or the empty string
   */
  public static String field(String json, String field) {
    int i = json.indexOf(quote(field));
    if (i < 0) {
      return "";
    }
    int[] pos = {skip(json, i + field.length() + 2)};
    if (pos[0] >= json.length() || json.charAt(pos[0]) != ':') {
      return "";
    }
    pos[0] = skip(json, pos[0] + 1);
    if (pos[0] >= json.length() || json.charAt(pos[0]) != '"') {
      return "";
    }
    return string(json, pos);
  }

  private static int skip(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int skipNested(String s, int i) {
    int depth = 0;
    boolean inString = false;
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
        if (depth == 0) {
          return i + 1;
        }
      }
    }
    return i;
  }

  private static String string(String s, int[] pos) {
    StringBuilder sb = new StringBuilder();
    int i = pos[0] + 1;
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == '"') {
        break;
      }
      if (c == '\\' && i < s.length()) {
        char e = s.charAt(i++);
        switch (e) {
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            if (i + 4 <= s.length()) {
              sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
              i += 4;
            }
          }
          default -> sb.append(e);
        }
      } else {
        sb.append(c);
      }
    }
    pos[0] = i;
    return sb.toString();
  }
}

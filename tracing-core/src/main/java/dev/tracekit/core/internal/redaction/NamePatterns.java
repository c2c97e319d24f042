package dev.tracekit.core.internal.redaction;

/**
 * Normalises generated-looking parts of a span name in one pass: UUIDs become {@code {uuid}}, email
 * addresses {@code {email}}, hex ids of 8 or more characters with a digit and runs of 4 or more
 * digits {@code {id}}. {@code lead_bot.contact_12345} becomes {@code lead_bot.contact_{id}}; {@code
 * GET /api/v1/users} is left alone.
 */
public final class NamePatterns {
  /** Only this many leading characters are examined; the rest is kept as it is. */
  public static final int MAX_SCAN = 1024;

  private NamePatterns() {}

  /** The normalised name, or the same instance when nothing looks generated. */
  public static String normalise(String name) {
    int n = Math.min(name.length(), MAX_SCAN);
    StringBuilder out = null;
    int copied = 0;
    int i = 0;
    while (i < n) {
      char c = name.charAt(i);
      if (!isAlnum(c)) {
        if (c == '@' && i > copied) {
          int end = emailEnd(name, i, n);
          int start = emailStart(name, i, copied);
          if (end > 0 && start < i) {
            out = append(out, name, copied, start, "{email}");
            copied = end;
            i = end;
            continue;
          }
        }
        i++;
        continue;
      }
      // at the start of an alphanumeric token
      int tokenEnd = i;
      while (tokenEnd < n && isAlnum(name.charAt(tokenEnd))) {
        tokenEnd++;
      }
      if (tokenEnd - i == 8 && isUuid(name, i, n)) {
        if (!(i + 36 < n && isAlnum(name.charAt(i + 36)))) {
          out = append(out, name, copied, i, "{uuid}");
          copied = i + 36;
          i = copied;
          continue;
        }
      }
      if (tokenEnd - i >= 8
          && isHexWithDigit(name, i, tokenEnd)
          && !(tokenEnd < n && name.charAt(tokenEnd) == '@')) {
        out = append(out, name, copied, i, "{id}");
        copied = tokenEnd;
        i = tokenEnd;
        continue;
      }
      // digit runs of 4 or more inside the token
      int j = i;
      while (j < tokenEnd) {
        if (Character.isDigit(name.charAt(j))) {
          int runEnd = j;
          while (runEnd < tokenEnd && isDigit(name.charAt(runEnd))) {
            runEnd++;
          }
          if (runEnd - j >= 4 && !(tokenEnd < n && name.charAt(tokenEnd) == '@')) {
            out = append(out, name, copied, j, "{id}");
            copied = runEnd;
          }
          j = runEnd;
        } else {
          j++;
        }
      }
      i = tokenEnd;
    }
    if (out == null) {
      return name;
    }
    return out.append(name, copied, name.length()).toString();
  }

  private static StringBuilder append(
      StringBuilder out, String name, int copied, int start, String placeholder) {
    StringBuilder sb = out == null ? new StringBuilder(name.length()) : out;
    return sb.append(name, copied, start).append(placeholder);
  }

  private static boolean isAlnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isHexWithDigit(String s, int from, int to) {
    boolean digit = false;
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      if (!isHex(c)) {
        return false;
      }
      digit |= isDigit(c);
    }
    return digit;
  }

  /** 8-4-4-4-12 hex digits starting at i. */
  private static boolean isUuid(String s, int i, int n) {
    if (i + 36 > n) {
      return false;
    }
    for (int k = 0; k < 36; k++) {
      char c = s.charAt(i + k);
      if (k == 8 || k == 13 || k == 18 || k == 23) {
        if (c != '-') {
          return false;
        }
      } else if (!isHex(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isEmailLocal(char c) {
    return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  }

  private static int emailStart(String s, int at, int floor) {
    int k = at;
    while (k > floor && isEmailLocal(s.charAt(k - 1))) {
      k--;
    }
    while (k < at && !isAlnum(s.charAt(k))) {
      k++;
    }
    return k;
  }

  private static int emailEnd(String s, int at, int n) {
    int j = at + 1;
    boolean dot = false;
    while (j < n) {
      char c = s.charAt(j);
      if (isAlnum(c) || c == '-') {
        j++;
      } else if (c == '.' && j + 1 < n && isAlnum(s.charAt(j + 1))) {
        dot = true;
        j++;
      } else {
        break;
      }
    }
    return dot ? j : -1;
  }
}

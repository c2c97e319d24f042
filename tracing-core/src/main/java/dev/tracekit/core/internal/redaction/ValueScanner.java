package dev.tracekit.core.internal.redaction;

/**
 * Finds secrets inside a string in one pass, with hand-written checks instead of regular
 * expressions: card numbers passing the Luhn check, {@code Bearer}/{@code Basic} credentials, JWTs,
 * AWS access key ids, vendor API keys ({@code sk-...}, {@code ghp_...}, {@code xoxb-...}), PEM
 * private-key blocks and, optionally, email addresses. Each found substring is replaced by the
 * replacement text; a string with nothing to redact is returned as the same instance, without
 * allocation.
 */
public final class ValueScanner {
  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";
  private static final String DASHES = "-----";

  private final String replacement;
  private final boolean emails;
  private final int minLength;

  /** Creates a scanner. */
  public ValueScanner(String replacement, boolean emails) {
    this.replacement = replacement;
    this.emails = emails;
    this.minLength = emails ? 6 : 8;
  }

  /** The value with every secret replaced, or the same instance when there is none. */
  public String redact(String s) {
    int n = s.length();
    if (n < minLength) {
      return s;
    }
    StringBuilder out = null;
    int copied = 0;
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      int start = i;
      int end = -1;
      if (c >= '0' && c <= '9') {
        if (i == 0 || !isAlnum(s.charAt(i - 1))) {
          end = card(s, i);
          if (end < 0) {
            i = skipDigitRun(s, i);
            continue;
          }
        }
      } else if (c == 'B' || c == 'b') {
        int token = authScheme(s, i);
        if (token > 0) {
          start = token;
          end = token68End(s, token);
          if (end - start < 4) {
            end = -1;
          }
        }
      } else if (c == 'e') {
        end = jwt(s, i);
      } else if (c == 'A') {
        end = awsKey(s, i);
      } else if ((c == 's' || c == 'p' || c == 'r' || c == 'g' || c == 'x')
          && (i == 0 || !isAlnum(s.charAt(i - 1)))) {
        end = vendorKey(s, i);
      } else if (c == '-') {
        end = privateKey(s, i);
      } else if (c == '@' && emails) {
        int localStart = i;
        while (localStart > copied && isEmailLocal(s.charAt(localStart - 1))) {
          localStart--;
        }
        int domainEnd = emailDomainEnd(s, i + 1);
        if (localStart < i && domainEnd > 0) {
          start = localStart;
          end = domainEnd;
        }
      }
      if (end > start) {
        if (out == null) {
          out = new StringBuilder(n);
        }
        out.append(s, copied, start).append(replacement);
        copied = end;
        i = end;
      } else {
        i++;
      }
    }
    if (out == null) {
      return s;
    }
    return out.append(s, copied, n).toString();
  }

  /**
   * A vendor API key starting at i: {@code sk|pk|rk} then {@code -} or {@code _} (optionally {@code
   * live|test|proj} and a separator) and a run of at least 16 letters or digits (OpenAI, Stripe,
   * Anthropic style); {@code gh[pousr]_} and 20 or more letters or digits (GitHub); {@code
   * xox[abpr]-} and 10 or more letters, digits or dashes (Slack). Returns the key's end or -1.
   */
  private static int vendorKey(String s, int i) {
    int n = s.length();
    if (i + 3 < n
        && (s.startsWith("sk", i) || s.startsWith("pk", i) || s.startsWith("rk", i))
        && (s.charAt(i + 2) == '-' || s.charAt(i + 2) == '_')) {
      int j = i + 3;
      for (String env : new String[] {"live", "test", "proj"}) {
        if (s.startsWith(env, j)) {
          j += env.length();
          if (j < n && (s.charAt(j) == '-' || s.charAt(j) == '_')) {
            j++;
          }
          break;
        }
      }
      int run = j;
      while (run < n && isAlnum(s.charAt(run))) {
        run++;
      }
      return run - j >= 16 ? keyEnd(s, run) : -1;
    }
    if (i + 4 < n
        && s.startsWith("gh", i)
        && "pousr".indexOf(s.charAt(i + 2)) >= 0
        && s.charAt(i + 3) == '_') {
      int run = i + 4;
      while (run < n && isAlnum(s.charAt(run))) {
        run++;
      }
      return run - (i + 4) >= 20 ? run : -1;
    }
    if (i + 4 < n
        && s.startsWith("xox", i)
        && "abpr".indexOf(s.charAt(i + 3)) >= 0
        && s.charAt(i + 4) == '-') {
      int run = i + 5;
      while (run < n && (isAlnum(s.charAt(run)) || s.charAt(run) == '-')) {
        run++;
      }
      return run - (i + 5) >= 10 ? run : -1;
    }
    return -1;
  }

  /** Extends a key over the rest of its letters, digits, {@code -} and {@code _}. */
  private static int keyEnd(String s, int i) {
    int n = s.length();
    while (i < n && (isAlnum(s.charAt(i)) || s.charAt(i) == '-' || s.charAt(i) == '_')) {
      i++;
    }
    return i;
  }

  /** Whether a number looks like a payment card number (13 to 19 digits, IIN 2-6, Luhn). */
  public static boolean isCardNumber(long value) {
    if (value < 1_000_000_000_000L) {
      return false;
    }
    String digits = Long.toString(value);
    return card(digits, 0) == digits.length();
  }

  private static boolean isAlnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static int skipDigitRun(String s, int i) {
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        i++;
      } else if ((c == ' ' || c == '-') && i + 1 < n && Character.isDigit(s.charAt(i + 1))) {
        i++;
      } else {
        break;
      }
    }
    return i;
  }

  /**
   * A card number starting at i: 13 to 19 digits, single spaces or dashes allowed between groups,
   * first digit 2 to 6 (payment networks; excludes epoch-millisecond timestamps), Luhn-valid, not
   * followed by a letter or digit. Returns the end index or -1.
   */
  private static int card(String s, int i) {
    char first = s.charAt(i);
    if (first < '2' || first > '6') {
      return -1;
    }
    int n = s.length();
    int count = 0;
    int end = i;
    int j = i;
    while (j < n) {
      char c = s.charAt(j);
      if (c >= '0' && c <= '9') {
        if (++count > 19) {
          return -1;
        }
        j++;
        end = j;
      } else if ((c == ' ' || c == '-') && j + 1 < n && Character.isDigit(s.charAt(j + 1))) {
        j++;
      } else {
        break;
      }
    }
    if (count < 13 || (end < n && isAlnum(s.charAt(end)))) {
      return -1;
    }
    // Luhn from the last digit backwards, skipping separators; no allocation
    int sum = 0;
    boolean twice = false;
    for (int k = end - 1; k >= i; k--) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') {
        continue;
      }
      int d = c - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0 ? end : -1;
  }

  /** After "Bearer " or "Basic " (any case, at a word start): the credential's start, else -1. */
  private static int authScheme(String s, int i) {
    if (i > 0 && isAlnum(s.charAt(i - 1))) {
      return -1;
    }
    int after;
    if (s.regionMatches(true, i, "bearer ", 0, 7)) {
      after = i + 7;
    } else if (s.regionMatches(true, i, "basic ", 0, 6)) {
      after = i + 6;
    } else {
      return -1;
    }
    while (after < s.length() && s.charAt(after) == ' ') {
      after++;
    }
    return after < s.length() ? after : -1;
  }

  private static int token68End(String s, int i) {
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (isAlnum(c)
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || c == '+'
          || c == '/'
          || c == '=') {
        i++;
      } else {
        break;
      }
    }
    return i;
  }

  private static boolean isBase64Url(char c) {
    return isAlnum(c) || c == '-' || c == '_';
  }

  /** A JWT (eyJ...header.payload.signature) starting at i; returns its end or -1. */
  private static int jwt(String s, int i) {
    int n = s.length();
    if (i + 3 > n || s.charAt(i + 1) != 'y' || s.charAt(i + 2) != 'J') {
      return -1;
    }
    if (i > 0 && isBase64Url(s.charAt(i - 1))) {
      return -1;
    }
    int j = i;
    for (int part = 0; part < 3; part++) {
      int from = j;
      while (j < n && isBase64Url(s.charAt(j))) {
        j++;
      }
      int len = j - from;
      if (part < 2) {
        if (len < (part == 0 ? 10 : 2) || j >= n || s.charAt(j) != '.') {
          return -1;
        }
        j++;
      }
    }
    return j;
  }

  /** An AWS access key id (AKIA/ASIA + 16 upper-case letters or digits); returns its end or -1. */
  private static int awsKey(String s, int i) {
    int n = s.length();
    if (i + 20 > n || (i > 0 && isAlnum(s.charAt(i - 1)))) {
      return -1;
    }
    if (s.charAt(i + 1) != 'K' && s.charAt(i + 1) != 'S') {
      return -1;
    }
    if (s.charAt(i + 2) != 'I' || s.charAt(i + 3) != 'A') {
      return -1;
    }
    for (int j = i + 4; j < i + 20; j++) {
      char c = s.charAt(j);
      if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
        return -1;
      }
    }
    if (i + 20 < n && isAlnum(s.charAt(i + 20))) {
      return -1;
    }
    return i + 20;
  }

  /** A PEM private-key block; without its END line, everything to the end is redacted. */
  private static int privateKey(String s, int i) {
    if (!s.startsWith(BEGIN, i)) {
      return -1;
    }
    int headerEnd = s.indexOf(DASHES, i + BEGIN.length());
    if (headerEnd < 0) {
      return -1;
    }
    if (!s.regionMatches(headerEnd - 11, "PRIVATE KEY", 0, 11)) {
      return -1;
    }
    int endLine = s.indexOf(END, headerEnd + DASHES.length());
    if (endLine < 0) {
      return s.length();
    }
    int endDashes = s.indexOf(DASHES, endLine + END.length());
    return endDashes < 0 ? s.length() : endDashes + DASHES.length();
  }

  private static boolean isEmailLocal(char c) {
    return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  }

  /** The end of an email domain (labels with at least one dot, letters-only TLD) or -1. */
  private static int emailDomainEnd(String s, int i) {
    int n = s.length();
    int j = i;
    int lastDot = -1;
    while (j < n) {
      char c = s.charAt(j);
      if (isAlnum(c) || c == '-') {
        j++;
      } else if (c == '.' && j > i && j + 1 < n && isAlnum(s.charAt(j + 1))) {
        lastDot = j;
        j++;
      } else {
        break;
      }
    }
    if (lastDot < 0 || j - lastDot - 1 < 2) {
      return -1;
    }
    for (int k = lastDot + 1; k < j; k++) {
      if (!Character.isLetter(s.charAt(k))) {
        return -1;
      }
    }
    return j;
  }
}

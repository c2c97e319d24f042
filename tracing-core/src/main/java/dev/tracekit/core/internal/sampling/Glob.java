package dev.tracekit.core.internal.sampling;

/**
 * A compiled glob where {@code *} matches any run of characters; no regular expressions, no
 * allocation when matching.
 */
public final class Glob {
  private final String pattern;
  private final String[] parts;
  private final boolean literal;

  private Glob(String pattern) {
    this.pattern = pattern;
    this.literal = pattern.indexOf('*') < 0;
    this.parts = literal ? new String[] {pattern} : pattern.split("\\*", -1);
  }

  /** Compiles a glob. */
  public static Glob compile(String pattern) {
    return new Glob(pattern);
  }

  /** Whether the whole text matches. */
  public boolean matches(String text) {
    if (literal) {
      return pattern.equals(text);
    }
    String first = parts[0];
    String last = parts[parts.length - 1];
    if (text.length() < first.length() + last.length()
        || !text.startsWith(first)
        || !text.endsWith(last)) {
      return false;
    }
    int from = first.length();
    int end = text.length() - last.length();
    for (int i = 1; i < parts.length - 1; i++) {
      String part = parts[i];
      if (part.isEmpty()) {
        continue;
      }
      int at = text.indexOf(part, from);
      if (at < 0 || at + part.length() > end) {
        return false;
      }
      from = at + part.length();
    }
    return true;
  }

  @Override
  public String toString() {
    return pattern;
  }
}

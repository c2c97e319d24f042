package dev.tracekit.metrics.internal;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Recognises attribute values that look like identifiers rather than categories: they would give
 * every request its own time series.
 *
 * <p>Flagged: emails; UUIDs; hex runs of 12+ characters containing a digit (trace ids, hashes);
 * digit runs of 5+ (or a purely numeric value of 4+ digits); URLs or paths carrying a query or a
 * numeric segment; values longer than 100 characters.
 *
 * <p>Internal: not API.
 */
public final class HighCardinality {
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final int MAX_LENGTH = 100;

  private HighCardinality() {}

  /**
   * Why a value looks high-cardinality.
   *
   * @param value the attribute value
   * @return the reason, or null when the value looks like a category
   */
  public static @Nullable String reason(String value) {
    int length = value.length();
    if (length > MAX_LENGTH) {
      return "longer than " + MAX_LENGTH + " characters";
    }
    int digitRun = 0;
    int maxDigitRun = 0;
    int hexRun = 0;
    boolean hexRunHasDigit = false;
    int maxHexRunWithDigit = 0;
    int at = -1;
    boolean slash = false;
    boolean query = false;
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      boolean hex = digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      digitRun = digit ? digitRun + 1 : 0;
      maxDigitRun = Math.max(maxDigitRun, digitRun);
      if (hex) {
        hexRun++;
        hexRunHasDigit |= digit;
        if (hexRunHasDigit) {
          maxHexRunWithDigit = Math.max(maxHexRunWithDigit, hexRun);
        }
      } else {
        hexRun = 0;
        hexRunHasDigit = false;
      }
      if (c == '@' && at < 0) {
        at = i;
      } else if (c == '/') {
        slash = true;
      } else if (c == '?') {
        query = true;
      }
    }
    if (at > 0 && value.indexOf('.', at) > at + 1) {
      return "looks like an email address";
    }
    if (length >= 36 && UUID.matcher(value).find()) {
      return "looks like a UUID";
    }
    if (slash && (query || maxDigitRun >= 2)) {
      return "looks like a URL or path with an id";
    }
    if (maxHexRunWithDigit >= 12) {
      return "looks like a hex id";
    }
    if (maxDigitRun >= 5 || (maxDigitRun == length && length >= 4)) {
      return "looks like a numeric id";
    }
    return null;
  }
}

package dev.tracekit.ai.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redacts secrets and personal data from captured content, then caps its length. Defaults: API keys
 * and bearer tokens ({@code sk-...}, {@code AKIA...}, {@code Bearer ...}), e-mail addresses, and
 * card numbers (13 to 19 digits passing the Luhn check). Never throws.
 *
 * <p>Internal: not API.
 */
public final class Redactor {
  /** Replacement for API keys and tokens. */
  public static final String SECRET = "[REDACTED_SECRET]";

  /** Replacement for e-mail addresses. */
  public static final String EMAIL = "[REDACTED_EMAIL]";

  /** Replacement for card numbers. */
  public static final String CARD = "[REDACTED_CARD]";

  /** Marker appended to capped text. */
  public static final String TRUNCATED = "...[truncated]";

  private static final Pattern CARD_CANDIDATE =
      Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])");

  /** The default patterns and their replacements (cards are handled apart, with Luhn). */
  public static final Map<Pattern, String> DEFAULTS = defaults();

  private static Map<Pattern, String> defaults() {
    Map<Pattern, String> m = new LinkedHashMap<>();
    m.put(Pattern.compile("\\b(?:sk|pk|rk)-[A-Za-z0-9_\\-]{16,}"), SECRET);
    m.put(Pattern.compile("\\bAKIA[0-9A-Z]{16}\\b"), SECRET);
    m.put(Pattern.compile("(?i)\\bbearer\\s+[A-Za-z0-9._~+/\\-]{16,}=*"), SECRET);
    m.put(Pattern.compile("[A-Za-z0-9._%+\\-]+@[A-Za-z0-9.\\-]+\\.[A-Za-z]{2,}"), EMAIL);
    return Collections.unmodifiableMap(m);
  }

  private final List<Pattern> patterns;
  private final List<String> replacements;
  private final boolean cards;
  private final int maxLength;

  /**
   * Creates a redactor.
   *
   * @param rules patterns and their replacements, applied in iteration order
   * @param cards whether to redact Luhn-valid card numbers
   * @param maxLength the cap for one text, in characters
   */
  public Redactor(Map<Pattern, String> rules, boolean cards, int maxLength) {
    this.patterns = new ArrayList<>(rules.keySet());
    this.replacements = new ArrayList<>();
    for (Pattern p : patterns) {
      replacements.add(Matcher.quoteReplacement(rules.get(p)));
    }
    this.cards = cards;
    this.maxLength = maxLength;
  }

  /**
   * Redacts and caps one text.
   *
   * @param text the text
   * @return the safe text
   */
  public String apply(String text) {
    try {
      String out = text;
      if (cards) {
        out = redactCards(out);
      }
      for (int i = 0; i < patterns.size(); i++) {
        out = patterns.get(i).matcher(out).replaceAll(replacements.get(i));
      }
      if (out.length() > maxLength) {
        out = out.substring(0, maxLength) + TRUNCATED;
      }
      return out;
    } catch (RuntimeException | StackOverflowError e) {
      return "[REDACTION_FAILED]";
    }
  }

  private static String redactCards(String text) {
    Matcher m = CARD_CANDIDATE.matcher(text);
    StringBuilder sb = null;
    int last = 0;
    while (m.find()) {
      if (luhn(m.group())) {
        if (sb == null) {
          sb = new StringBuilder(text.length());
        }
        sb.append(text, last, m.start()).append(CARD);
        last = m.end();
      }
    }
    if (sb == null) {
      return text;
    }
    return sb.append(text, last, text.length()).toString();
  }

  /**
   * Luhn check over the digits of {@code s} (other characters ignored).
   *
   * @param s the candidate
   * @return true when the digits pass
   */
  public static boolean luhn(String s) {
    int sum = 0;
    boolean dbl = false;
    int digits = 0;
    for (int i = s.length() - 1; i >= 0; i--) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        continue;
      }
      int d = c - '0';
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
      digits++;
    }
    return digits >= 13 && sum % 10 == 0;
  }
}

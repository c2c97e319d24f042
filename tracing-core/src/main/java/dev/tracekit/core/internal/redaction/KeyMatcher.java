package dev.tracekit.core.internal.redaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides whether an attribute key names a secret. Only the last segment of the key (after the last
 * {@code .}) is looked at, split into lower-case words at {@code _ - space} and camelCase
 * boundaries. A key is sensitive when:
 *
 * <ul>
 *   <li>a word starts with a strong term ({@code password}, {@code passwd}, {@code passphrase},
 *       {@code secret}, {@code apikey}, {@code credential}) anywhere in the segment, or
 *   <li>the segment's words end with a term's words ({@code token}, {@code api key}, {@code credit
 *       card}, {@code cookie}, ...), or the last word ends with {@code token} ({@code
 *       accesstoken}).
 * </ul>
 *
 * So {@code http.request.header.x-api-key}, {@code user.password}, {@code access_token} and {@code
 * set-cookie} are sensitive while {@code token_count}, {@code gen_ai.usage.input_tokens}, {@code
 * session.id} and {@code card.brand} are not. Results are cached (bounded).
 */
public final class KeyMatcher {
  /** The default strong words, matched as a word prefix anywhere in the last segment. */
  public static final List<String> STRONG =
      List.of("password", "passwd", "passphrase", "secret", "apikey", "credential");

  /** The default terms, matched as the last word(s) of the last segment. */
  public static final List<String> TERMS =
      List.of(
          "pwd",
          "token",
          "authorization",
          "cookie",
          "session",
          "jsessionid",
          "api_key",
          "credit_card",
          "card_number",
          "cvv",
          "cvc",
          "ssn",
          "private_key",
          "secret_key",
          "access_key",
          "signing_key",
          "encryption_key");

  private static final int MAX_CACHE = 10_000;

  private final List<String> strong;
  private final List<String[]> terms;
  private final Set<String> allowed;
  private final Map<String, Boolean> cache = new ConcurrentHashMap<>();

  /** Creates a matcher; extra terms are split into words like keys are; allowed keys are exact. */
  public KeyMatcher(List<String> strong, List<String> terms, Set<String> allowed) {
    this.strong = List.copyOf(strong);
    List<String[]> split = new ArrayList<>();
    for (String term : terms) {
      List<String> words = words(term);
      if (!words.isEmpty()) {
        split.add(words.toArray(new String[0]));
      }
    }
    this.terms = split;
    Set<String> lower = new java.util.HashSet<>();
    for (String key : allowed) {
      lower.add(key.toLowerCase(Locale.ROOT));
    }
    this.allowed = Set.copyOf(lower);
  }

  /** Whether the key names a secret. */
  public boolean isSensitive(String key) {
    Boolean cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    boolean sensitive = compute(key);
    if (cache.size() < MAX_CACHE) {
      cache.put(key, sensitive);
    }
    return sensitive;
  }

  private boolean compute(String key) {
    if (key.isEmpty() || allowed.contains(key.toLowerCase(Locale.ROOT))) {
      return false;
    }
    int dot = key.lastIndexOf('.');
    List<String> words = words(dot >= 0 ? key.substring(dot + 1) : key);
    if (words.isEmpty()) {
      return false;
    }
    for (String word : words) {
      for (String s : strong) {
        if (word.startsWith(s)) {
          return true;
        }
      }
    }
    String last = words.get(words.size() - 1);
    if (last.endsWith("token") && last.length() > 5) {
      return true;
    }
    for (String[] term : terms) {
      if (endsWith(words, term)) {
        return true;
      }
    }
    return false;
  }

  private static boolean endsWith(List<String> words, String[] term) {
    int offset = words.size() - term.length;
    if (offset < 0) {
      return false;
    }
    for (int i = 0; i < term.length; i++) {
      if (!words.get(offset + i).equals(term[i])) {
        return false;
      }
    }
    return true;
  }

  /** Splits at separators and camelCase boundaries, lower-cased. */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>(4);
    StringBuilder word = new StringBuilder();
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        flush(words, word);
        continue;
      }
      if (Character.isUpperCase(c) && i > 0) {
        char prev = text.charAt(i - 1);
        boolean next = i + 1 < n && Character.isLowerCase(text.charAt(i + 1));
        if (Character.isLowerCase(prev)
            || Character.isDigit(prev)
            || (Character.isUpperCase(prev) && next)) {
          flush(words, word);
        }
      }
      word.append(Character.toLowerCase(c));
    }
    flush(words, word);
    return words;
  }

  private static void flush(List<String> words, StringBuilder word) {
    if (word.length() > 0) {
      words.add(word.toString());
      word.setLength(0);
    }
  }
}

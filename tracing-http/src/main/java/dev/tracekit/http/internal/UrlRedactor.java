package dev.tracekit.http.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Removes credentials from URLs before they are recorded: the user info of the authority becomes
 * {@code REDACTED:REDACTED} and the values of sensitive query parameters become {@code REDACTED}.
 * Parameter names match case-insensitively; a name ending in {@code *} matches as a prefix (for
 * example {@code X-Amz-*}). One pass over the characters, no regular expression, and the input
 * string itself is returned when nothing needs redacting.
 *
 * <p>Internal: not API.
 */
public final class UrlRedactor {
  /** What replaces a redacted value. */
  public static final String REDACTED = "REDACTED";

  private static final String REDACTED_USERINFO = "REDACTED:REDACTED";

  private final String[] exact;
  private final String[] prefixes;

  /**
   * Creates a redactor.
   *
   * @param sensitiveParameters query parameter names whose values are redacted
   */
  public UrlRedactor(Collection<String> sensitiveParameters) {
    List<String> exactNames = new ArrayList<>();
    List<String> prefixNames = new ArrayList<>();
    for (String name : sensitiveParameters) {
      if (name.endsWith("*")) {
        prefixNames.add(name.substring(0, name.length() - 1).toLowerCase(Locale.ROOT));
      } else {
        exactNames.add(name.toLowerCase(Locale.ROOT));
      }
    }
    this.exact = exactNames.toArray(new String[0]);
    this.prefixes = prefixNames.toArray(new String[0]);
  }

  /**
   * Returns the URL with credentials redacted, or the same string when there are none.
   *
   * @param url a URL, absolute or not
   * @return the redacted URL
   */
  public String redactUrl(String url) {
    int length = url.length();
    int queryStart = -1;
    int fragmentStart = length;
    int userInfoEnd = -1;
    int authorityStart = authorityStart(url);
    int authorityEnd = length;
    // One pass: find the end of the authority, an '@' inside it, the query and the fragment.
    for (int i = authorityStart < 0 ? 0 : authorityStart; i < length; i++) {
      char c = url.charAt(i);
      if (c == '#') {
        fragmentStart = i;
        if (authorityEnd == length) {
          authorityEnd = i;
        }
        break;
      }
      if (c == '?' && queryStart < 0) {
        queryStart = i;
        if (authorityEnd == length) {
          authorityEnd = i;
        }
      } else if (c == '/' && authorityEnd == length && queryStart < 0) {
        authorityEnd = i;
      } else if (c == '@' && authorityStart >= 0 && authorityEnd == length && queryStart < 0) {
        userInfoEnd = i;
      }
    }
    if (userInfoEnd < 0 && queryStart < 0 && fragmentStart == length) {
      return url;
    }
    StringBuilder out = null;
    int copied = 0;
    if (userInfoEnd >= 0) {
      out = new StringBuilder(length + 16);
      out.append(url, 0, authorityStart).append(REDACTED_USERINFO);
      copied = userInfoEnd;
    }
    // The query, then the fragment (OAuth implicit flows put access_token=... there).
    for (int pass = 0; pass < 2; pass++) {
      int from =
          pass == 0
              ? (queryStart < 0 ? -1 : queryStart + 1)
              : (fragmentStart < length ? fragmentStart + 1 : -1);
      int to = pass == 0 ? fragmentStart : length;
      if (from < 0) {
        continue;
      }
      int paramStart = from;
      while (paramStart <= to) {
        int paramEnd = indexOf(url, '&', paramStart, to);
        int equals = indexOf(url, '=', paramStart, paramEnd);
        if (equals < paramEnd && equals + 1 < paramEnd && isSensitive(url, paramStart, equals)) {
          if (out == null) {
            out = new StringBuilder(length + 16);
          }
          out.append(url, copied, equals + 1).append(REDACTED);
          copied = paramEnd;
        }
        paramStart = paramEnd + 1;
      }
    }
    if (out == null) {
      return url;
    }
    out.append(url, copied, length);
    return out.toString();
  }

  /**
   * Redacts a raw query string (without {@code ?}).
   *
   * @param query the query
   * @return the query with sensitive values redacted, or the same string
   */
  public String redactQuery(String query) {
    String redacted = redactUrl("?" + query);
    return redacted.substring(1);
  }

  /**
   * Whether a parameter or key name is sensitive.
   *
   * @param name the name
   * @return true when its value must be redacted
   */
  public boolean isSensitive(String name) {
    return isSensitive(name, 0, name.length());
  }

  private boolean isSensitive(String s, int start, int end) {
    int length = end - start;
    for (String name : exact) {
      if (name.length() == length && s.regionMatches(true, start, name, 0, length)) {
        return true;
      }
    }
    for (String prefix : prefixes) {
      if (prefix.length() <= length && s.regionMatches(true, start, prefix, 0, prefix.length())) {
        return true;
      }
    }
    // Always, whatever the configured list: names that say they hold a credential
    // (refresh_token, client_secret, apikey, id_token, db_password, ...).
    for (String word : CREDENTIAL_WORDS) {
      for (int i = start; i + word.length() <= end; i++) {
        if (s.regionMatches(true, i, word, 0, word.length())) {
          return true;
        }
      }
    }
    return false;
  }

  private static final String[] CREDENTIAL_WORDS = {
    "token", "secret", "password", "passwd", "apikey", "api_key", "api-key", "credential"
  };

  /** The index just after "scheme://" or after a leading "//", or -1 when there is no authority. */
  private static int authorityStart(String url) {
    int length = url.length();
    for (int i = 0; i < length; i++) {
      char c = url.charAt(i);
      if (c == ':') {
        return url.startsWith("//", i + 1) ? i + 3 : -1;
      }
      if (c == '/' || c == '?' || c == '#') {
        return i == 0 && url.startsWith("//") ? 2 : -1;
      }
    }
    return -1;
  }

  private static int indexOf(String s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return to;
  }
}

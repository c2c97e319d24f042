package dev.tracekit.core.internal.redaction;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bounded set of short strings an export stage already found clean (span names, mostly: few and
 * repeated), so the stage scans each one once instead of once per span. Strings longer than {@value
 * #MAX_LENGTH} characters and any beyond {@value #MAX_SIZE} entries are simply not remembered.
 * Thread-safe.
 *
 * <p>Internal: not API.
 */
public final class KnownCleanStrings {
  static final int MAX_SIZE = 1024;
  static final int MAX_LENGTH = 256;

  private final Set<String> clean = ConcurrentHashMap.newKeySet();

  /** Whether {@code text} was found clean before. */
  public boolean contains(String text) {
    return text.length() <= MAX_LENGTH && clean.contains(text);
  }

  /** Remembers that {@code text} is clean, while there is room. */
  public void add(String text) {
    if (text.length() <= MAX_LENGTH && clean.size() < MAX_SIZE) {
      clean.add(text);
    }
  }
}

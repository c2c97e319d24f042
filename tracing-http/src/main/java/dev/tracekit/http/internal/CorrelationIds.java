package dev.tracekit.http.internal;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Accepts incoming correlation ids that are safe to log and echo, and generates new ones.
 *
 * <p>Internal: not API.
 */
public final class CorrelationIds {
  /** The longest accepted incoming id. */
  public static final int MAX_LENGTH = 128;

  private CorrelationIds() {}

  /**
   * Whether an incoming id may be used: 1 to 128 visible ASCII characters, none of {@code " , ; \}.
   *
   * @param id the incoming value, may be null
   * @return true when it is accepted
   */
  public static boolean isValid(@Nullable String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '"' || c == ',' || c == ';' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  /**
   * A new random id.
   *
   * @return a random UUID string
   */
  public static String generate() {
    return UUID.randomUUID().toString();
  }
}

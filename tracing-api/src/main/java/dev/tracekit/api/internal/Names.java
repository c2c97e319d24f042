package dev.tracekit.api.internal;

import dev.tracekit.api.support.Diagnostics;
import org.jspecify.annotations.Nullable;

/**
 * Span-name hygiene at run time: a null or empty name becomes {@code unnamed}, a huge one is cut.
 * Each problem is reported once.
 *
 * <p>Internal: not API.
 */
public final class Names {
  /** The longest span name TraceKit passes on. */
  public static final int MAX_NAME_LENGTH = 1024;

  /** The name used for a null or empty span name. */
  public static final String UNNAMED = "unnamed";

  private Names() {}

  /**
   * A usable span name.
   *
   * @param name the name given by the user, may be null
   * @return the name, or {@code unnamed}, cut to {@link #MAX_NAME_LENGTH}
   */
  public static String spanName(@Nullable String name) {
    if (name == null || name.isEmpty()) {
      Diagnostics.reportOnce(
          "span name empty", "a span was started with a null or empty name; using 'unnamed'");
      return UNNAMED;
    }
    if (name.length() > MAX_NAME_LENGTH) {
      Diagnostics.reportOnce(
          "span name long",
          "a span name longer than " + MAX_NAME_LENGTH + " characters was cut; use a static name");
      return name.substring(0, MAX_NAME_LENGTH);
    }
    return name;
  }
}

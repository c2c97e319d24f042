package dev.tracekit.metrics.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * OpenTelemetry's instrument naming rules, checked at build time so a bad name fails fast with a
 * clear message instead of being dropped by the SDK with a log line.
 *
 * <p>Internal: not API.
 */
public final class InstrumentNames {
  /** The instrument name syntax of the OpenTelemetry metrics API specification. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_./-]{0,254}");

  private static final int MAX_UNIT_LENGTH = 63;
  private static final int MAX_DESCRIPTION_LENGTH = 1023;
  private static final int MAX_KEY_LENGTH = 255;

  private InstrumentNames() {}

  /**
   * Checks an instrument name.
   *
   * @param name the name
   * @return the name
   * @throws IllegalArgumentException explaining the rule it breaks
   */
  public static String checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid instrument name '"
              + name
              + "': OpenTelemetry instrument names start with a letter, contain only letters,"
              + " digits, '_', '.', '/' and '-', and are at most 255 characters"
              + " (regex [A-Za-z][A-Za-z0-9_./-]{0,254})");
    }
    return name;
  }

  /**
   * Checks a unit: printable ASCII, at most 63 characters.
   *
   * @param unit the unit
   * @return the unit
   * @throws IllegalArgumentException if invalid
   */
  public static String checkUnit(String unit) {
    Objects.requireNonNull(unit, "unit");
    if (unit.length() > MAX_UNIT_LENGTH) {
      throw new IllegalArgumentException(
          "invalid unit '" + unit + "': at most " + MAX_UNIT_LENGTH + " ASCII characters");
    }
    for (int i = 0; i < unit.length(); i++) {
      char c = unit.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException(
            "invalid unit '" + unit + "': only printable ASCII characters are allowed");
      }
    }
    return unit;
  }

  /**
   * Checks a description: at most 1023 characters.
   *
   * @param description the description
   * @return the description
   * @throws IllegalArgumentException if too long
   */
  public static String checkDescription(String description) {
    Objects.requireNonNull(description, "description");
    if (description.length() > MAX_DESCRIPTION_LENGTH) {
      throw new IllegalArgumentException(
          "invalid description: at most " + MAX_DESCRIPTION_LENGTH + " characters");
    }
    return description;
  }

  /**
   * Checks attribute keys: non-empty, at most 255 characters, no duplicates.
   *
   * @param keys the keys
   * @return the keys as an immutable list
   * @throws IllegalArgumentException if a key is invalid or repeated
   */
  public static List<String> checkKeys(String... keys) {
    Objects.requireNonNull(keys, "keys");
    Set<String> seen = new LinkedHashSet<>();
    for (String key : keys) {
      Objects.requireNonNull(key, "attribute key");
      if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
        throw new IllegalArgumentException(
            "invalid attribute key '" + key + "': 1 to " + MAX_KEY_LENGTH + " characters");
      }
      if (!seen.add(key)) {
        throw new IllegalArgumentException("attribute key '" + key + "' declared twice");
      }
    }
    return List.copyOf(seen);
  }
}

package dev.tracekit.core.testing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.sdk.resources.Resource;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * Test access to OpenTelemetry APIs that only part of the supported range (1.49.0 to 1.67.0) has.
 * The build compiles against the oldest version under {@code -Potel-oldest}, so tests may not name
 * newer APIs directly; a test that needs one is skipped, with the reason, where it is missing.
 */
public final class OtelApis {
  private OtelApis() {}

  /** The OpenTelemetry SDK version on the class path ({@code telemetry.sdk.version}). */
  public static String sdkVersion() {
    String version =
        Resource.getDefault().getAttribute(AttributeKey.stringKey("telemetry.sdk.version"));
    return version == null ? "unknown" : version;
  }

  /**
   * {@code AttributeKey.valueKey(name)} (attributes holding nested values, OpenTelemetry 1.5x+);
   * skips the calling test on older versions.
   */
  public static AttributeKey<Value<?>> valueKey(String name) {
    AttributeKey<Value<?>> key = valueKeyOrNull(name);
    if (key == null) {
      Assumptions.abort(
          "AttributeKey.valueKey does not exist on OpenTelemetry " + sdkVersion() + ": skipped");
      throw new AssertionError("unreachable");
    }
    return key;
  }

  /**
   * {@code AttributeKey.valueKey(name)}, or null on versions without it (for tests that check
   * nested values where the API has them and everything else everywhere).
   */
  @SuppressWarnings("unchecked")
  public static @Nullable AttributeKey<Value<?>> valueKeyOrNull(String name) {
    Method method;
    try {
      method = AttributeKey.class.getMethod("valueKey", String.class);
    } catch (NoSuchMethodException e) {
      return null;
    }
    try {
      return (AttributeKey<Value<?>>) method.invoke(null, name);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Skips the calling test on an SDK older than {@code version}: for behaviour of the OpenTelemetry
   * SDK itself (exporter retries, its own health metrics) that TraceKit relies on where present and
   * that older versions lack. The reason is printed with the skip.
   */
  public static void assumeSdkAtLeast(String version, String behaviour) {
    String actual = sdkVersion();
    Assumptions.assumeTrue(
        compare(actual, version) >= 0,
        () -> behaviour + ": not in OpenTelemetry SDK " + actual + " (needs " + version + ")");
  }

  /** Compares dotted versions numerically ({@code 1.49.0 < 1.67.0}); suffixes are ignored. */
  public static int compare(String a, String b) {
    String[] x = a.split("[.-]");
    String[] y = b.split("[.-]");
    for (int i = 0; i < 3; i++) {
      int c = Integer.compare(part(x, i), part(y, i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static int part(String[] parts, int i) {
    try {
      return i < parts.length ? Integer.parseInt(parts[i]) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The class of that name, or skips the calling test when this version lacks it. */
  public static Class<?> requireClass(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      Assumptions.abort(name + " does not exist on OpenTelemetry " + sdkVersion() + ": skipped");
      throw new AssertionError(e);
    }
  }
}

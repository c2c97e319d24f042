package dev.tracekit.core.testing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.sdk.resources.Resource;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Assumptions;

/**
 * Test access to OpenTelemetry APIs that only part of the supported range (1.49.0 to 1.67.0) has. A
 * test that needs one is skipped, with the reason, on a version without it: the build compiles
 * against the oldest version under {@code -Potel-oldest}, so tests may not name newer APIs.
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
  @SuppressWarnings("unchecked")
  public static AttributeKey<Value<?>> valueKey(String name) {
    Method method = null;
    try {
      method = AttributeKey.class.getMethod("valueKey", String.class);
    } catch (NoSuchMethodException e) {
      Assumptions.abort(
          "AttributeKey.valueKey does not exist on OpenTelemetry " + sdkVersion() + ": skipped");
    }
    try {
      return (AttributeKey<Value<?>>) method.invoke(null, name);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** The class of that name, or skips the calling test when this OpenTelemetry version lacks it. */
  public static Class<?> requireClass(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      Assumptions.abort(name + " does not exist on OpenTelemetry " + sdkVersion() + ": skipped");
      throw new AssertionError(e);
    }
  }
}

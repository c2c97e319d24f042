package dev.tracekit.core;

import dev.tracekit.core.testing.OtlpReceiver;
import java.util.HashMap;
import java.util.Map;

/** Builds TracingSdk instances exporting to a test receiver, without touching the global. */
final class SdkFixture {
  private SdkFixture() {}

  /** An environment that exports traces quickly to the receiver and nothing else. */
  static Map<String, String> env(OtlpReceiver receiver, String... extra) {
    Map<String, String> env = new HashMap<>();
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
    env.put("OTEL_SERVICE_NAME", "test-service");
    env.put("OTEL_METRICS_EXPORTER", "none");
    env.put("OTEL_BSP_SCHEDULE_DELAY", "50");
    for (int i = 0; i + 1 < extra.length; i += 2) {
      env.put(extra[i], extra[i + 1]);
    }
    return env;
  }

  static TracingSdk.Builder builder(Map<String, String> env) {
    return TracingSdk.builder().environment(env).registerGlobal(false).shutdownHook(false);
  }
}

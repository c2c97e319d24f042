package dev.tracekit.spring.internal;

import dev.tracekit.core.HealthStatus;
import dev.tracekit.core.TracingSdk;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;

/**
 * TraceKit's health for the actuator, whichever Boot line's health API shows it: the counts of
 * TraceKit's SDK when it owns the SDK, otherwise the counts of the application's exporters that
 * TraceKit wraps.
 *
 * <p>Internal: not API.
 */
public final class TracekitHealth {
  private final ObjectProvider<TracingSdk> sdk;
  private final ObjectProvider<ExportStats> stats;

  /**
   * Creates the health source.
   *
   * @param sdk TraceKit's SDK, when it owns one
   * @param stats the application exporters' counters, when TraceKit wraps them
   */
  public TracekitHealth(ObjectProvider<TracingSdk> sdk, ObjectProvider<ExportStats> stats) {
    this.sdk = Objects.requireNonNull(sdk, "sdk");
    this.stats = Objects.requireNonNull(stats, "stats");
  }

  /** One reading: whether telemetry flows, and the details shown. */
  public record Reading(boolean healthy, Map<String, Object> details) {}

  /**
   * Reads the health now. Never throws.
   *
   * @return the reading
   */
  public Reading read() {
    try {
      TracingSdk own = sdk.getIfAvailable();
      if (own != null) {
        return fromSdk(own.status(), own.ownsOpenTelemetry());
      }
      ExportStats s = stats.getIfAvailable();
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("sdk", "application");
      if (s == null || !s.used()) {
        details.put("exporters", "not wrapped by TraceKit");
        return new Reading(true, details);
      }
      details.put("spansExported", s.exported());
      details.put("exportFailures", s.failures());
      put(details, "lastExportError", s.lastError());
      details.put("lastExportOk", s.lastOk());
      return new Reading(s.lastOk(), details);
    } catch (RuntimeException | LinkageError e) {
      return new Reading(false, Map.of("error", e.getClass().getName()));
    }
  }

  private static Reading fromSdk(HealthStatus status, boolean owner) {
    Map<String, Object> details = new LinkedHashMap<>();
    if (!owner) {
      // An OpenTelemetry installed before (an agent): its pipeline is its owner's.
      details.put("sdk", "global");
      details.put("enabled", status.enabled());
      return new Reading(true, details);
    }
    details.put("sdk", "tracekit");
    details.put("enabled", status.enabled());
    details.put("spansStarted", status.spansStarted());
    details.put("spansEnded", status.spansEnded());
    details.put("spansExported", status.spansExported());
    details.put("spansDropped", status.spansDropped());
    details.put("spansFailedExport", status.spansFailedExport());
    details.put("exportFailures", status.exportFailures());
    put(details, "lastExportError", status.lastExportError());
    details.put("lastExportOk", status.lastExportOk());
    if (!status.configurationProblems().isEmpty()) {
      details.put("configurationProblems", status.configurationProblems());
    }
    details.put("healthy", status.healthy());
    return new Reading(!status.enabled() || status.healthy(), details);
  }

  private static void put(Map<String, Object> details, String key, @Nullable Object value) {
    if (value != null) {
      details.put(key, value);
    }
  }
}

package dev.tracekit.core;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of the SDK's own health, for health-check endpoints ("monitoring the monitoring"):
 * spans started, ended, exported and dropped, export failures, configuration problems. The same
 * counts are published as OpenTelemetry metrics ({@code tracekit.sdk.*}).
 *
 * @param enabled whether telemetry is on
 * @param spansStarted spans started since start-up
 * @param spansEnded spans ended since start-up
 * @param spansExported spans the exporters accepted
 * @param spansDropped spans the batch processor dropped because its queue was full
 * @param exportFailures failed export calls
 * @param lastExportError the last export failure, or null
 * @param lastExportOk whether the most recent export call succeeded (true before any export)
 * @param configurationProblems malformed configuration values that were replaced by defaults
 */
public record HealthStatus(
    boolean enabled,
    long spansStarted,
    long spansEnded,
    long spansExported,
    long spansDropped,
    long exportFailures,
    @Nullable String lastExportError,
    boolean lastExportOk,
    List<String> configurationProblems) {

  /**
   * Creates a snapshot (copying the problem list).
   *
   * @param enabled whether telemetry is on
   * @param spansStarted spans started since start-up
   * @param spansEnded spans ended since start-up
   * @param spansExported spans the exporters accepted
   * @param spansDropped spans the batch processor dropped because its queue was full
   * @param exportFailures failed export calls
   * @param lastExportError the last export failure, or null
   * @param lastExportOk whether the most recent export call succeeded
   * @param configurationProblems malformed configuration values that were replaced by defaults
   */
  public HealthStatus {
    configurationProblems = List.copyOf(configurationProblems);
  }

  /**
   * Whether telemetry is flowing: on, the last export succeeded and nothing was dropped.
   *
   * @return true when healthy
   */
  public boolean healthy() {
    return enabled && lastExportOk && spansDropped == 0;
  }
}

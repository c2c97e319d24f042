package dev.tracekit.core;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of the SDK's own health, for health-check endpoints ("monitoring the monitoring"):
 * spans started, ended, exported and lost (by cause), export failures, configuration problems. The
 * same counts are published as OpenTelemetry metrics ({@code tracekit.sdk.*}). Counts are totals
 * since start-up and stay readable after {@link TracingSdk#close()}.
 *
 * <p>What {@link #healthy()} means: telemetry is on, no span was lost (dropped from a full queue or
 * in a failed export) during the last {@value #WINDOW_SECONDS} seconds before the snapshot, and no
 * export call has failed since the last successful one or has been running for more than {@value
 * #STALL_SECONDS} seconds (a collector that does not answer: the failure itself is known only when
 * the exporter's retries run out). One lost span therefore makes the SDK unhealthy for a minute,
 * not forever.
 *
 * @param enabled whether telemetry is on
 * @param spansStarted spans started since start-up
 * @param spansEnded spans ended since start-up
 * @param spansExported spans the exporters accepted
 * @param spansDropped spans the batch processor dropped because its queue was full
 * @param spansFailedExport spans in export calls that failed (after the exporter's retries)
 * @param exportFailures failed export calls
 * @param lastExportError the last export failure, or null
 * @param lastExportOk false while the latest export call failed or has been running for more than
 *     {@value #STALL_SECONDS} seconds; true before any export
 * @param healthy see above
 * @param configurationProblems malformed configuration values that were replaced by defaults, and
 *     notes on how TraceKit is set up
 */
public record HealthStatus(
    boolean enabled,
    long spansStarted,
    long spansEnded,
    long spansExported,
    long spansDropped,
    long spansFailedExport,
    long exportFailures,
    @Nullable String lastExportError,
    boolean lastExportOk,
    boolean healthy,
    List<String> configurationProblems) {

  /** How long a lost span keeps {@link #healthy()} false, in seconds. */
  public static final int WINDOW_SECONDS = 60;

  /** After how many seconds a running export call counts as failing, in seconds. */
  public static final int STALL_SECONDS = 5;

  /**
   * Creates a snapshot (copying the problem list).
   *
   * @param enabled whether telemetry is on
   * @param spansStarted spans started since start-up
   * @param spansEnded spans ended since start-up
   * @param spansExported spans the exporters accepted
   * @param spansDropped spans the batch processor dropped because its queue was full
   * @param spansFailedExport spans in export calls that failed
   * @param exportFailures failed export calls
   * @param lastExportError the last export failure, or null
   * @param lastExportOk whether the latest export call is not failing
   * @param healthy whether telemetry is flowing (see the class comment)
   * @param configurationProblems malformed configuration values that were replaced by defaults;
   *     null means none
   */
  public HealthStatus {
    configurationProblems =
        configurationProblems == null ? List.of() : List.copyOf(configurationProblems);
  }

  /**
   * Spans lost for any reason: dropped from a full queue plus lost in failed exports.
   *
   * @return the total
   */
  public long spansLost() {
    return spansDropped + spansFailedExport;
  }
}

package dev.tracekit.jdbc.internal;

import java.util.function.Predicate;

/**
 * The options of one {@code JdbcTracing}, fixed at build time.
 *
 * <p>Internal: not API.
 *
 * @param slowThresholdNanos statements at least this long get an event and a warning; 0 = off
 * @param captureParameters whether bind parameters are recorded
 * @param parameterRedaction extra user rule: true redacts a parameter value
 * @param transactionSpans whether commit and rollback get spans
 * @param connectionWaitSpan whether {@code getConnection} gets a span
 * @param connectionWaitMetric whether {@code getConnection} is recorded in a histogram
 */
public record JdbcOptions(
    long slowThresholdNanos,
    boolean captureParameters,
    Predicate<String> parameterRedaction,
    boolean transactionSpans,
    boolean connectionWaitSpan,
    boolean connectionWaitMetric,
    boolean returnedRows,
    boolean sanitizePreparedStatements) {}

package dev.tracekit.jdbc;

import dev.tracekit.jdbc.internal.JdbcInstrumenter;
import dev.tracekit.jdbc.internal.JdbcOptions;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/** Options of a {@link JdbcTracing}. Not thread-safe; build once. */
public final class JdbcTracingBuilder {
  private final OpenTelemetry openTelemetry;
  private Duration slowQueryThreshold = Duration.ZERO;
  private boolean captureParameters = false;
  private Predicate<String> parameterRedaction = value -> false;
  private boolean transactionSpans = false;
  private boolean connectionWaitSpans = false;
  private boolean connectionWaitMetric = true;
  private boolean returnedRows = false;
  private boolean sanitizePreparedStatements = true;
  private JdbcConvention convention = JdbcConvention.DEFAULT;

  JdbcTracingBuilder(OpenTelemetry openTelemetry) {
    this.openTelemetry = openTelemetry;
  }

  /**
   * Statements lasting at least this long (reading their result set included) get a {@code
   * tracekit.db.slow_query} span event and a warning on the {@code dev.tracekit.jdbc.slow} logger
   * (with the sanitized text only). Default: zero, off.
   *
   * @param threshold the threshold; zero turns it off
   * @return this
   * @throws NullPointerException if {@code threshold} is null
   * @throws IllegalArgumentException if {@code threshold} is negative
   */
  public JdbcTracingBuilder setSlowQueryThreshold(Duration threshold) {
    Objects.requireNonNull(threshold, "threshold");
    if (threshold.isNegative()) {
      throw new IllegalArgumentException("slow query threshold must not be negative: " + threshold);
    }
    this.slowQueryThreshold = threshold;
    return this;
  }

  /**
   * Records the bind parameters of prepared statements as {@code db.query.parameter.<index>}
   * (0-based), at most 64, each at most 256 characters. Values that look like secrets (JWTs,
   * bearer/basic credentials, well-known API-key shapes, card numbers passing the Luhn check) and
   * values matching {@link #setParameterRedaction} are recorded as {@code [REDACTED]}; streams,
   * LOBs and byte arrays never. {@code db.query.text} stays sanitized either way. Default: off.
   *
   * @param capture whether to capture parameters
   * @return this
   */
  public JdbcTracingBuilder setCaptureParameters(boolean capture) {
    this.captureParameters = capture;
    return this;
  }

  /**
   * An extra rule for captured parameters: a value for which it returns true is recorded as {@code
   * [REDACTED]}. A rule that throws redacts the value.
   *
   * @param isSensitive the rule, given the value's text
   * @return this
   * @throws NullPointerException if {@code isSensitive} is null
   */
  public JdbcTracingBuilder setParameterRedaction(Predicate<String> isSensitive) {
    this.parameterRedaction = Objects.requireNonNull(isSensitive, "isSensitive");
    return this;
  }

  /**
   * Traces {@code Connection.commit()} and {@code rollback()} as {@code COMMIT} and {@code
   * ROLLBACK} CLIENT spans. Default: off.
   *
   * @param enabled whether to trace them
   * @return this
   */
  public JdbcTracingBuilder setTransactionSpans(boolean enabled) {
    this.transactionSpans = enabled;
    return this;
  }

  /**
   * Traces each {@code DataSource.getConnection()} (a pool checkout) as a {@code getConnection}
   * INTERNAL span. Default: off.
   *
   * @param enabled whether to trace them
   * @return this
   */
  public JdbcTracingBuilder setConnectionWaitSpans(boolean enabled) {
    this.connectionWaitSpans = enabled;
    return this;
  }

  /**
   * Records the time each {@code DataSource.getConnection()} took in the {@code
   * db.client.connection.wait_time} histogram (seconds). Default: on.
   *
   * @param enabled whether to record it
   * @return this
   */
  public JdbcTracingBuilder setConnectionWaitMetric(boolean enabled) {
    this.connectionWaitMetric = enabled;
    return this;
  }

  /**
   * Records how many rows a query returned: the {@code db.response.returned_rows} span attribute
   * and the {@code db.client.response.returned_rows} histogram. Both are opt-in in the database
   * semantic conventions (counting needs the result set read to its end). Default: off.
   *
   * @param enabled whether to record returned rows
   * @return this
   */
  public JdbcTracingBuilder setCaptureReturnedRows(boolean enabled) {
    this.returnedRows = enabled;
    return this;
  }

  /**
   * Whether the text of prepared statements is sanitized like plain statements (literals replaced
   * by {@code ?}). The semantic conventions record parameterized text as it is; TraceKit sanitizes
   * it too because prepared statements still carry literals ({@code WHERE status = 'vip' AND id =
   * ?}). Turn off to record prepared statements' text unchanged. Default: on.
   *
   * @param enabled whether to sanitize prepared statements
   * @return this
   */
  public JdbcTracingBuilder setSanitizePreparedStatements(boolean enabled) {
    this.sanitizePreparedStatements = enabled;
    return this;
  }

  /**
   * Replaces the span names and adds attributes: see {@link JdbcConvention}. Default: {@link
   * JdbcConvention#DEFAULT}, the stable database semantic conventions.
   *
   * @param convention the convention
   * @return this
   * @throws NullPointerException if {@code convention} is null
   */
  public JdbcTracingBuilder setConvention(JdbcConvention convention) {
    this.convention = Objects.requireNonNull(convention, "convention");
    return this;
  }

  /**
   * Builds the tracing.
   *
   * @return the tracing
   */
  public JdbcTracing build() {
    JdbcOptions options =
        new JdbcOptions(
            slowQueryThreshold.toNanos(),
            captureParameters,
            parameterRedaction,
            transactionSpans,
            connectionWaitSpans,
            connectionWaitMetric,
            returnedRows,
            sanitizePreparedStatements);
    return new JdbcTracing(new JdbcInstrumenter(openTelemetry, options, convention));
  }
}

package dev.tracekit.benchmarks.sql;

import dev.tracekit.core.sql.SanitizedSql;
import dev.tracekit.core.sql.SqlDialect;
import dev.tracekit.core.sql.SqlSanitizer;
import io.opentelemetry.instrumentation.api.incubator.semconv.db.SqlQuery;
import io.opentelemetry.instrumentation.api.incubator.semconv.db.SqlQueryAnalyzer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * TraceKit's {@link SqlSanitizer} against OpenTelemetry's {@code SqlQueryAnalyzer}
 * (opentelemetry-instrumentation-api-incubator 2.31.1-alpha), both through their caches. Uncached:
 * every call gets a distinct statement (a literal varies over 8,192 precomputed variants, more than
 * either cache holds). Cached: the same statement every call.
 *
 * <p>{@code peerAnalyze} is {@code analyze} (text, operation, collection); {@code
 * peerAnalyzeWithSummary} also builds the summary, as TraceKit always does.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class SqlSanitizerBenchmark {
  private static final int VARIANTS = 8192;

  @Param({"shortSelect", "insertValues", "inList200", "commentsEscapes", "query2k", "ddl"})
  public String statement;

  private String[] variants;
  private String fixed;
  private int next;
  private SqlDialect dialect;
  private io.opentelemetry.instrumentation.api.incubator.semconv.db.SqlDialect peerDialect;
  private final SqlQueryAnalyzer peer = SqlQueryAnalyzer.create(true);

  /** Builds the variants. */
  @Setup
  public void setUp() {
    String template = SqlStatements.of(statement);
    variants = new String[VARIANTS];
    for (int i = 0; i < VARIANTS; i++) {
      variants[i] = template.replace("{N}", String.valueOf(7_000_000 + i));
    }
    fixed = template.replace("{N}", "42");
    boolean mysql = statement.equals("commentsEscapes");
    dialect = mysql ? SqlDialect.MYSQL : SqlDialect.POSTGRESQL;
    peerDialect =
        mysql
            ? io.opentelemetry.instrumentation.api.incubator.semconv.db.SqlDialect
                .DOUBLE_QUOTES_ARE_STRING_LITERALS
            : io.opentelemetry.instrumentation.api.incubator.semconv.db.SqlDialect
                .DOUBLE_QUOTES_ARE_IDENTIFIERS;
  }

  private String nextVariant() {
    String sql = variants[next];
    next = (next + 1) & (VARIANTS - 1);
    return sql;
  }

  /**
   * TraceKit, a distinct statement each call.
   *
   * @return the result
   */
  @Benchmark
  public SanitizedSql tracekitUncached() {
    return SqlSanitizer.sanitize(nextVariant(), dialect);
  }

  /**
   * TraceKit, the same statement each call.
   *
   * @return the result
   */
  @Benchmark
  public SanitizedSql tracekitCached() {
    return SqlSanitizer.sanitize(fixed, dialect);
  }

  /**
   * The peer's {@code analyze}, a distinct statement each call.
   *
   * @return the result
   */
  @Benchmark
  public SqlQuery peerAnalyzeUncached() {
    return peer.analyze(nextVariant(), peerDialect);
  }

  /**
   * The peer's {@code analyze}, the same statement each call.
   *
   * @return the result
   */
  @Benchmark
  public SqlQuery peerAnalyzeCached() {
    return peer.analyze(fixed, peerDialect);
  }

  /**
   * The peer's {@code analyzeWithSummary}, a distinct statement each call.
   *
   * @return the result
   */
  @Benchmark
  public SqlQuery peerAnalyzeWithSummaryUncached() {
    return peer.analyzeWithSummary(nextVariant(), peerDialect);
  }

  /**
   * The peer's {@code analyzeWithSummary}, the same statement each call.
   *
   * @return the result
   */
  @Benchmark
  public SqlQuery peerAnalyzeWithSummaryCached() {
    return peer.analyzeWithSummary(fixed, peerDialect);
  }
}

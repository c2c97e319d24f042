package dev.tracekit.benchmarks.sql;

import dev.tracekit.core.sql.SanitizedSql;
import dev.tracekit.core.sql.SqlDialect;
import dev.tracekit.core.sql.SqlSanitizer;
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
 * Time per input byte of TraceKit's sanitizer from 1 KB to 1 MB, for a normal statement and for
 * adversarial ones (runs of quotes, backslashes under both readings, dollar signs, nested
 * comments). No cache, no output cap, so the whole input is lexed each call. Divide the score by
 * {@code size} for ns/byte.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class SqlSanitizerLinearityBenchmark {
  @Param({"1024", "10240", "102400", "1048576"})
  public int size;

  @Param({
    "normal",
    "quotes",
    "backslashes",
    "backslashesEitherReading",
    "dollars",
    "nestedComments"
  })
  public String input;

  private String sql;
  private SqlDialect dialect;
  private final SqlSanitizer sanitizer =
      SqlSanitizer.builder().cacheSize(0).maxQueryLength(Integer.MAX_VALUE).build();

  /** Builds the input. */
  @Setup
  public void setUp() {
    dialect = SqlDialect.POSTGRESQL;
    String unit;
    String prefix = "SELECT ";
    switch (input) {
      case "normal":
        unit = "a.col1 = 'text '' value' AND b IN (1, 2.5, -3) OR c LIKE $$x$$ -- note\n AND ";
        prefix = "SELECT * FROM t WHERE ";
        break;
      case "quotes":
        // Doubled quotes inside one string, and quote-heavy identifiers around it.
        unit = "''''\"\"'";
        prefix = "SELECT '";
        break;
      case "backslashes":
        dialect = SqlDialect.MYSQL;
        unit = "\\\\\\'\\";
        prefix = "SELECT '";
        break;
      case "backslashesEitherReading":
        // The default dialect follows both readings of a backslash before a quote: strings whose
        // readings part and meet again, over and over.
        dialect = SqlDialect.UNKNOWN;
        unit = "a\\' b '' c\\\\' , '";
        prefix = "SELECT '";
        break;
      case "dollars":
        // A 60-char tag never closed, then near-misses of it: the worst case of the tag search.
        String tag = "$" + "t".repeat(60) + "$";
        prefix = "SELECT " + tag;
        unit = "$" + "t".repeat(59) + "x$$ $";
        break;
      case "nestedComments":
        unit = "/*/*/**";
        prefix = "SELECT 1 ";
        break;
      default:
        throw new IllegalArgumentException(input);
    }
    StringBuilder b = new StringBuilder(size + unit.length()).append(prefix);
    while (b.length() < size) {
      b.append(unit);
    }
    b.setLength(size);
    sql = b.toString();
  }

  /**
   * Sanitizes the whole input.
   *
   * @return the result
   */
  @Benchmark
  public SanitizedSql sanitize() {
    return sanitizer.apply(sql, dialect);
  }
}

package dev.tracekit.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Inputs on which OpenTelemetry's {@code SqlQueryAnalyzer} 2.31.1-alpha leaks (its output, taken on
 * this machine, is quoted above each case): TraceKit leaks none of them.
 */
class PeerLeaksClosedTest {

  @Test
  void lineCommentsAreRemoved() {
    // Peer: "SELECT * FROM t WHERE a = ? -- user=alice@example.com"
    assertThat(
            SqlSanitizer.sanitize("SELECT * FROM t WHERE a = 1 -- user=alice@example.com").query())
        .isEqualTo("SELECT * FROM t WHERE a = ?");
    // Peer: "SELECT * FROM t /* traceparent=? */ WHERE id IN (?)"
    assertThat(
            SqlSanitizer.sanitize("SELECT * FROM t /* traceparent='00-abc' */ WHERE id IN (1,2,3)")
                .query())
        .isEqualTo("SELECT * FROM t WHERE id IN (?)");
  }

  @Test
  void mysqlBackslashEscapes() {
    // Peer: "SELECT * FROM t WHERE s = ?s a secret, ? ?' AND x = ?"
    String sql = "SELECT * FROM t WHERE s = 'it\\'s a secret, 4111 1111' AND x = 1";
    assertThat(SqlSanitizer.sanitize(sql, SqlDialect.MYSQL).query())
        .isEqualTo("SELECT * FROM t WHERE s = ? AND x = ?");
    assertThat(SqlSanitizer.sanitize(sql, SqlDialect.MARIADB).query())
        .isEqualTo("SELECT * FROM t WHERE s = ? AND x = ?");
  }

  @Test
  void oracleAlternativeQuoting() {
    // Peer: "SELECT q?s secret]' FROM dual"
    assertThat(
            SqlSanitizer.sanitize("SELECT q'[it's secret]' FROM dual", SqlDialect.ORACLE).query())
        .isEqualTo("SELECT ? FROM dual");
  }

  @Test
  void prefixedLiteralsLoseTheirPrefix() {
    // Peer: "SELECT N?, X?, E?ret' FROM t"
    assertThat(SqlSanitizer.sanitize("SELECT N'secret', X'DEADBEEF', E'sec\\'ret' FROM t").query())
        .isEqualTo("SELECT ?, ?, ? FROM t");
  }

  @Test
  void preparedStatementTextIsSanitizedToo() {
    // Peer in stable-semconv mode (create(false)) returns the text unchanged.
    assertThat(SqlSanitizer.sanitize("SELECT * FROM t WHERE a = ? AND b = 'secret'").query())
        .isEqualTo("SELECT * FROM t WHERE a = ? AND b = ?");
  }
}

package dev.tracekit.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Dialect names and the behaviour each dialect switches. */
class SqlSanitizerDialectTest {

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void forDbSystemRoundTrips(SqlDialect dialect) {
    assertThat(SqlDialect.forDbSystem(dialect.dbSystemName())).isEqualTo(dialect);
    assertThat(SqlDialect.forDbSystem(" " + dialect.dbSystemName().toUpperCase() + " "))
        .isEqualTo(dialect);
  }

  @Test
  void unknownNames() {
    assertThat(SqlDialect.forDbSystem(null)).isEqualTo(SqlDialect.UNKNOWN);
    assertThat(SqlDialect.forDbSystem("cockroachdb")).isEqualTo(SqlDialect.UNKNOWN);
    assertThat(SqlDialect.forDbSystem("")).isEqualTo(SqlDialect.UNKNOWN);
    assertThat(SqlDialect.forDbSystem("postgresql")).isEqualTo(SqlDialect.POSTGRESQL);
    assertThat(SqlDialect.forDbSystem("oracle.db")).isEqualTo(SqlDialect.ORACLE);
    assertThat(SqlDialect.forDbSystem("microsoft.sql_server")).isEqualTo(SqlDialect.SQL_SERVER);
    assertThat(SqlDialect.forDbSystem("ibm.db2")).isEqualTo(SqlDialect.DB2);
  }

  /** The same statement in every dialect: what is common never changes. */
  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void commonRulesHoldInEveryDialect(SqlDialect dialect) {
    SanitizedSql r =
        SqlSanitizer.sanitize(
            "/* c */ SELECT a, 'x''y', N'z', 12.5e3, -4, $$d$$ FROM t -- end\n WHERE b IN (1, 2)",
            dialect);
    assertThat(r.query()).isEqualTo("SELECT a, ?, ?, ?, ?, ? FROM t WHERE b IN (?)");
    assertThat(r.operation()).isEqualTo("SELECT");
    assertThat(r.collection()).isEqualTo("t");
    assertThat(r.summary()).isEqualTo("SELECT t");
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void dialectSwitches(SqlDialect dialect) {
    boolean mysql = dialect == SqlDialect.MYSQL || dialect == SqlDialect.MARIADB;
    boolean dqString = mysql || dialect == SqlDialect.UNKNOWN;
    boolean brackets = dialect == SqlDialect.SQL_SERVER || dialect == SqlDialect.SQLITE;
    boolean backslash = mysql || dialect == SqlDialect.CLICKHOUSE;

    assertThat(SqlSanitizer.sanitize("SELECT \"c\" FROM t", dialect).query())
        .isEqualTo(dqString ? "SELECT ? FROM t" : "SELECT \"c\" FROM t");
    assertThat(SqlSanitizer.sanitize("SELECT a # b\nFROM t", dialect).query())
        .isEqualTo(mysql ? "SELECT a FROM t" : "SELECT a # b FROM t");
    assertThat(SqlSanitizer.sanitize("SELECT [a b] FROM t", dialect).query())
        .isEqualTo("SELECT [a b] FROM t");
    assertThat(SqlSanitizer.sanitize("SELECT [1] FROM t", dialect).query())
        .isEqualTo(brackets ? "SELECT [1] FROM t" : "SELECT [?] FROM t");
    assertThat(SqlSanitizer.sanitize("SELECT 'a\\' FROM t, 'zz'", dialect).query())
        .isEqualTo(backslash ? "SELECT ?zz?" : "SELECT ?");
    assertThat(SqlSanitizer.sanitize("SELECT 1 /* a /* b */ c */ FROM t", dialect).query())
        .isEqualTo(dialect == SqlDialect.POSTGRESQL ? "SELECT ? FROM t" : "SELECT ? c */ FROM t");
  }
}

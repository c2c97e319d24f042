package dev.tracekit.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One test per rule of {@code query()}, in the order. */
class SqlSanitizerRulesTest {

  private static String q(String sql) {
    return SqlSanitizer.sanitize(sql).query();
  }

  private static String q(String sql, SqlDialect dialect) {
    return SqlSanitizer.sanitize(sql, dialect).query();
  }

  @Test
  void rule1StringLiterals() {
    assertThat(q("SELECT * FROM t WHERE a = 'x' AND b = 'it''s'"))
        .isEqualTo("SELECT * FROM t WHERE a = ? AND b = ?");
    assertThat(q("SELECT 'a''''b', ''")).isEqualTo("SELECT ?, ?");
  }

  @Test
  void rule1BackslashEscapesSettledOnlyInMysqlMariadbAndClickhouse() {
    String sql = "SELECT * FROM t WHERE s = 'it\\'s secret' AND x = 1";
    assertThat(q(sql, SqlDialect.MYSQL)).isEqualTo("SELECT * FROM t WHERE s = ? AND x = ?");
    assertThat(q(sql, SqlDialect.MARIADB)).isEqualTo("SELECT * FROM t WHERE s = ? AND x = ?");
    // Elsewhere a backslash may or may not escape (PostgreSQL's standard_conforming_strings, a
    // wrongly guessed dialect): both readings are followed and whatever either calls a literal is
    // masked. Read plainly, 'it\' ends early and s secret' opens a string to the end.
    assertThat(q(sql, SqlDialect.POSTGRESQL)).isEqualTo("SELECT * FROM t WHERE s = ?");
    assertThat(q(sql)).isEqualTo("SELECT * FROM t WHERE s = ?");
    String path = "SELECT 'C:\\' , 'secret'";
    assertThat(q(path, SqlDialect.POSTGRESQL)).isEqualTo("SELECT ?");
    assertThat(q(path, SqlDialect.H2)).isEqualTo("SELECT ?");
    // In MySQL the same text is one string, the word secret (code there), then an unterminated
    // string.
    assertThat(q(path, SqlDialect.MYSQL)).isEqualTo("SELECT ?secret?");
    // Without a backslash before a quote both readings agree: nothing more is masked.
    assertThat(q("SELECT 'C:\\temp', 'x''y' FROM t WHERE a = 1", SqlDialect.POSTGRESQL))
        .isEqualTo("SELECT ?, ? FROM t WHERE a = ?");
    // E'' strings always honour backslashes.
    assertThat(q("SELECT E'it\\'s', 'b' FROM t", SqlDialect.POSTGRESQL))
        .isEqualTo("SELECT ?, ? FROM t");
  }

  @Test
  void rule2PrefixedLiterals() {
    assertThat(q("SELECT N'name', n'x', X'FF', x'00', B'0101', b'1'"))
        .isEqualTo("SELECT ?, ?, ?, ?, ?, ?");
    assertThat(q("SELECT E'it\\'s', e'\\\\'", SqlDialect.POSTGRESQL)).isEqualTo("SELECT ?, ?");
    assertThat(q("SELECT U&'d\\0061t\\+000061', u&'x'")).isEqualTo("SELECT ?, ?");
    assertThat(q("SELECT U&\"d\\0061t\" FROM t", SqlDialect.POSTGRESQL))
        .isEqualTo("SELECT U&\"d\\0061t\" FROM t");
  }

  @Test
  void rule2OracleAlternativeQuoting() {
    assertThat(
            q(
                "SELECT q'[it's]', Q'{a'b}', q'(x)', q'<y>', q'!z!', q'#w#', nq'[n]', NQ'|m|' FROM"
                    + " dual",
                SqlDialect.ORACLE))
        .isEqualTo("SELECT ?, ?, ?, ?, ?, ?, ?, ? FROM dual");
    assertThat(q("SELECT q'[it's] secret", SqlDialect.ORACLE)).isEqualTo("SELECT ?");
  }

  @Test
  void rule3TypedLiteralsKeepTheirKeyword() {
    assertThat(q("SELECT DATE '2024-01-31', TIMESTAMP '2024-01-31 10:00:00', INTERVAL '1' DAY"))
        .isEqualTo("SELECT DATE ?, TIMESTAMP ?, INTERVAL ? DAY");
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void rule4DollarQuotesInEveryDialect(SqlDialect dialect) {
    assertThat(q("SELECT $$it's $secret$$, $tag$a $$ b$tag$, $1 FROM t", dialect))
        .isEqualTo("SELECT ?, ?, $1 FROM t");
    assertThat(q("SELECT $tag$ never closed", dialect)).isEqualTo("SELECT ?");
    assertThat(q("SELECT $$ never closed", dialect)).isEqualTo("SELECT ?");
  }

  @Test
  void rule5Numbers() {
    assertThat(q("SELECT 1, 1.5, .5, 5., 1e-9, 2E+10, 0xFF, 0b101, 1_000 FROM t"))
        .isEqualTo("SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? FROM t");
  }

  @Test
  void rule5DigitsOfOtherScriptsAreNumbersToo() {
    assertThat(q("SELECT * FROM t WHERE x = \u0663\u0664 AND y = \uff11\uff12"))
        .isEqualTo("SELECT * FROM t WHERE x = ? AND y = ?");
  }

  @Test
  void rule5UnarySignBelongsToTheNumber() {
    assertThat(q("SELECT * FROM t WHERE x = -12.5")).isEqualTo("SELECT * FROM t WHERE x = ?");
    assertThat(q("SELECT a-1, b - 2, (-3), f(+4, -5), -6"))
        .isEqualTo("SELECT a-?, b - ?, (?), f(?, ?), ?");
    assertThat(q("SELECT * FROM t WHERE x = - 1 AND y BETWEEN -1 AND -2"))
        .isEqualTo("SELECT * FROM t WHERE x = - ? AND y BETWEEN ? AND ?");
  }

  @Test
  void rule5DigitsInIdentifiersStay() {
    assertThat(q("SELECT col1, t2.c3 FROM table123 t2 WHERE t2.x1 = 7"))
        .isEqualTo("SELECT col1, t2.c3 FROM table123 t2 WHERE t2.x1 = ?");
  }

  @Test
  void rule6DoubleQuotesAreIdentifiersInStandardDialects() {
    for (SqlDialect dialect :
        new SqlDialect[] {
          SqlDialect.POSTGRESQL,
          SqlDialect.ORACLE,
          SqlDialect.H2,
          SqlDialect.HSQLDB,
          SqlDialect.DERBY,
          SqlDialect.DB2,
          SqlDialect.SQL_SERVER,
          SqlDialect.SQLITE,
          SqlDialect.CLICKHOUSE
        }) {
      assertThat(q("SELECT \"Na\"\"me\" FROM \"Users\" WHERE \"id\" = 1", dialect))
          .as(dialect.name())
          .isEqualTo("SELECT \"Na\"\"me\" FROM \"Users\" WHERE \"id\" = ?");
    }
  }

  @Test
  void rule6DoubleQuotesAreStringsInMysqlMariadbAndUnknown() {
    for (SqlDialect dialect :
        new SqlDialect[] {SqlDialect.MYSQL, SqlDialect.MARIADB, SqlDialect.UNKNOWN}) {
      assertThat(q("SELECT * FROM t WHERE name = \"se\"\"cret\"", dialect))
          .as(dialect.name())
          .isEqualTo("SELECT * FROM t WHERE name = ?");
    }
    assertThat(q("SELECT \"it\\\"s\", 1", SqlDialect.MYSQL)).isEqualTo("SELECT ?, ?");
  }

  @Test
  void rule7BacktickAndBracketIdentifiersAreKept() {
    assertThat(q("SELECT `my col`, `a``b` FROM `db`.`t 1`", SqlDialect.MYSQL))
        .isEqualTo("SELECT `my col`, `a``b` FROM `db`.`t 1`");
    assertThat(q("SELECT [my col], [a]]b] FROM [dbo].[t 1] WHERE [x] = 1", SqlDialect.SQL_SERVER))
        .isEqualTo("SELECT [my col], [a]]b] FROM [dbo].[t 1] WHERE [x] = ?");
    // Where brackets are array syntax their content is lexed, so literals in them still go.
    assertThat(q("SELECT arr[1], ARRAY['secret'] FROM t", SqlDialect.POSTGRESQL))
        .isEqualTo("SELECT arr[?], ARRAY[?] FROM t");
  }

  @Test
  void rule8CommentsAreRemoved() {
    assertThat(q("SELECT a -- secret 'x'\nFROM t /* traceparent='00-abc' */ WHERE b = 1 --end"))
        .isEqualTo("SELECT a FROM t WHERE b = ?");
    assertThat(q("SELECT 1 /* a /* b */ c */ FROM t", SqlDialect.POSTGRESQL))
        .isEqualTo("SELECT ? FROM t");
    // Not nested elsewhere: the first */ closes the comment.
    assertThat(q("SELECT 1 /* a /* b */ FROM t", SqlDialect.MYSQL)).isEqualTo("SELECT ? FROM t");
    assertThat(q("SELECT a # secret\nFROM t", SqlDialect.MYSQL)).isEqualTo("SELECT a FROM t");
    assertThat(q("SELECT a # secret\nFROM t", SqlDialect.MARIADB)).isEqualTo("SELECT a FROM t");
    assertThat(q("SELECT a/*x*/FROM t")).isEqualTo("SELECT a FROM t");
    assertThat(q("SELECT a -- only comment")).isEqualTo("SELECT a");
  }

  @Test
  void rule9WhitespaceCollapsesAndIsTrimmed() {
    assertThat(q("  \n\tSELECT\r\n  a ,\u00a0b\n\n FROM   t  \n")).isEqualTo("SELECT a , b FROM t");
  }

  @Test
  void rule10InListsCollapse() {
    assertThat(q("SELECT * FROM t WHERE id IN (1, 2, 3)"))
        .isEqualTo("SELECT * FROM t WHERE id IN (?)");
    assertThat(q("SELECT * FROM t WHERE c in('a','b')")).isEqualTo("SELECT * FROM t WHERE c in(?)");
    assertThat(q("SELECT * FROM t WHERE c NOT IN (?, ?, ?)"))
        .isEqualTo("SELECT * FROM t WHERE c NOT IN (?)");
    assertThat(q("SELECT * FROM t WHERE c IN ( -1 ,\n 2 )"))
        .isEqualTo("SELECT * FROM t WHERE c IN (?)");
    assertThat(q("SELECT * FROM t WHERE c IN (SELECT id FROM u WHERE x IN (1, 2))"))
        .isEqualTo("SELECT * FROM t WHERE c IN (SELECT id FROM u WHERE x IN (?))");
    assertThat(q("SELECT * FROM t WHERE c IN (a, 1)"))
        .isEqualTo("SELECT * FROM t WHERE c IN (a, ?)");
    assertThat(q("SELECT * FROM t WHERE c IN ($1, $2)"))
        .isEqualTo("SELECT * FROM t WHERE c IN ($1, $2)");
    StringBuilder sql = new StringBuilder("SELECT * FROM t WHERE id IN (");
    for (int i = 0; i < 200; i++) {
      sql.append(i == 0 ? "" : ", ").append(1000 + i);
    }
    assertThat(q(sql.append(')').toString())).isEqualTo("SELECT * FROM t WHERE id IN (?)");
  }

  @Test
  void rule11RepeatedValuesTuplesKeepTheFirst() {
    assertThat(q("INSERT INTO t (a, b) VALUES (1, 'a'), (2, 'b')"))
        .isEqualTo("INSERT INTO t (a, b) VALUES (?, ?)");
    assertThat(q("INSERT INTO t VALUES (1,'a'),(2, 'b') , (3, NULL), (4, 'd')"))
        .isEqualTo("INSERT INTO t VALUES (?,?) , (?, NULL)");
    assertThat(
            q(
                "INSERT INTO t VALUES (1, 'a'), (2, 'b') ON DUPLICATE KEY UPDATE b = 'c'",
                SqlDialect.MYSQL))
        .isEqualTo("INSERT INTO t VALUES (?, ?) ON DUPLICATE KEY UPDATE b = ?");
    assertThat(q("INSERT INTO t VALUES (f(1), 2), (f(3), 4) RETURNING id"))
        .isEqualTo("INSERT INTO t VALUES (f(?), ?) RETURNING id");
  }

  @Test
  void rule12IdentifiedBy() {
    assertThat(q("CREATE USER scott IDENTIFIED BY tiger", SqlDialect.ORACLE))
        .isEqualTo("CREATE USER ? IDENTIFIED BY ?");
    assertThat(q("ALTER USER scott identified by \"ti ger\" ACCOUNT UNLOCK", SqlDialect.ORACLE))
        .isEqualTo("ALTER USER ? identified by ? ACCOUNT UNLOCK");
    assertThat(q("CREATE USER 'u'@'%' IDENTIFIED BY 'pw'", SqlDialect.MYSQL))
        .isEqualTo("CREATE USER ?@? IDENTIFIED BY ?");
    assertThat(q("CREATE USER s IDENTIFIED BY q'{a]' b}' x", SqlDialect.ORACLE))
        .isEqualTo("CREATE USER ? IDENTIFIED BY ? x");
    assertThat(q("CREATE USER s IDENTIFIED BY $$a; b$$ x", SqlDialect.POSTGRESQL))
        .isEqualTo("CREATE USER ? IDENTIFIED BY ? x");
    assertThat(q("ALTER USER s IDENTIFIED BY a REPLACE IDENTIFIED BY b", SqlDialect.ORACLE))
        .isEqualTo("ALTER USER ? IDENTIFIED BY ? REPLACE IDENTIFIED BY ?");
    assertThat(q("ALTER USER s IDENTIFIED BY newpw REPLACE oldpw", SqlDialect.ORACLE))
        .isEqualTo("ALTER USER ? IDENTIFIED BY ? REPLACE ?");
    assertThat(q("CREATE USER s IDENTIFIED BY /* c */ p@ss!w0rd;", SqlDialect.ORACLE))
        .isEqualTo("CREATE USER ? IDENTIFIED BY ?;");
  }

  @Test
  void rule13UnterminatedLiterals() {
    assertThat(q("SELECT a FROM t WHERE b = 'secret and more"))
        .isEqualTo("SELECT a FROM t WHERE b = ?");
    assertThat(q("SELECT N'secret")).isEqualTo("SELECT ?");
    assertThat(q("SELECT $$secret")).isEqualTo("SELECT ?");
    assertThat(q("SELECT \"secret", SqlDialect.POSTGRESQL)).isEqualTo("SELECT ?");
    assertThat(q("SELECT `secret", SqlDialect.MYSQL)).isEqualTo("SELECT ?");
    assertThat(q("SELECT 1 /* secret")).isEqualTo("SELECT ?");
    assertThat(q("SELECT 1 /* a /* b */ secret", SqlDialect.POSTGRESQL)).isEqualTo("SELECT ?");
  }

  @Test
  void rule14PlaceholdersAndKeywordsAreKept() {
    assertThat(
            q(
                "select a, TRUE, false, Null FROM t WHERE a = ? AND b = $1 AND c = :name AND d = @p1"))
        .isEqualTo(
            "select a, TRUE, false, Null FROM t WHERE a = ? AND b = $1 AND c = :name AND d = @p1");
    assertThat(q("SELECT a::int FROM t", SqlDialect.POSTGRESQL)).isEqualTo("SELECT a::int FROM t");
    assertThat(q("SELECT * FROM t WHERE a = ?1 AND b = ?2", SqlDialect.SQLITE))
        .isEqualTo("SELECT * FROM t WHERE a = ?1 AND b = ?2");
  }

  @Test
  void rule15OutputIsCapped() {
    SqlSanitizer small = SqlSanitizer.builder().maxQueryLength(20).build();
    assertThat(small.apply("SELECT aaaaaaaaaa, bbbbbbbbbb, cccccccccc FROM t").query())
        .isEqualTo("SELECT aaaaaaaaaa, b");
    StringBuilder big = new StringBuilder("SELECT ");
    for (int i = 0; i < 20_000; i++) {
      big.append("col").append(i).append(", ");
    }
    String query = SqlSanitizer.sanitize(big.append("x FROM t").toString()).query();
    assertThat(query)
        .hasSize(SqlSanitizer.DEFAULT_MAX_QUERY_LENGTH)
        .startsWith("SELECT col0, col1");
  }

  @Test
  void nullAndEmpty() {
    assertResult(SqlSanitizer.sanitize(null), "", null, null, "");
    assertResult(SqlSanitizer.sanitize("", null), "", null, null, "");
    assertResult(SqlSanitizer.sanitize("  -- nothing\n"), "", null, null, "");
  }

  static void assertResult(
      SanitizedSql r,
      String query,
      @Nullable String operation,
      @Nullable String collection,
      String summary) {
    assertThat(r.query()).isEqualTo(query);
    assertThat(r.operation()).isEqualTo(operation);
    assertThat(r.collection()).isEqualTo(collection);
    assertThat(r.summary()).isEqualTo(summary);
  }
}

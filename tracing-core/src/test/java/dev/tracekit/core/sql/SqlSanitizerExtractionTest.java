package dev.tracekit.core.sql;

import static dev.tracekit.core.sql.SqlSanitizerRulesTest.assertResult;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** operation(), collection() and summary(). */
class SqlSanitizerExtractionTest {

  private static SanitizedSql s(String sql) {
    return SqlSanitizer.sanitize(sql, SqlDialect.POSTGRESQL);
  }

  @Test
  void singleTableStatements() {
    assertThat(s("SELECT * FROM users WHERE id = 1").collection()).isEqualTo("users");
    assertResult(
        s("select * from wuser_table where username = ?"),
        "select * from wuser_table where username = ?",
        "SELECT",
        "wuser_table",
        "SELECT wuser_table");
    assertResult(
        s("INSERT INTO orders (id, total) VALUES (1, 2.5)"),
        "INSERT INTO orders (id, total) VALUES (?, ?)",
        "INSERT",
        "orders",
        "INSERT orders");
    assertResult(s("update s.t set a = 1"), "update s.t set a = ?", "UPDATE", "s.t", "UPDATE s.t");
    assertResult(
        s("DELETE FROM t WHERE x = 'y'"), "DELETE FROM t WHERE x = ?", "DELETE", "t", "DELETE t");
    assertResult(
        s("MERGE INTO t USING s ON (t.id = s.id) WHEN MATCHED THEN UPDATE SET v = s.v"),
        "MERGE INTO t USING s ON (t.id = s.id) WHEN MATCHED THEN UPDATE SET v = s.v",
        "MERGE",
        "t",
        "MERGE t s");
  }

  @Test
  void qualifiedQuotedAndAliasedNames() {
    SanitizedSql r = s("SELECT u.name FROM \"public\".\"Users\" AS u WHERE u.id = 3");
    assertThat(r.collection()).isEqualTo("public.Users");
    assertThat(r.summary()).isEqualTo("SELECT public.Users");
    assertThat(
            SqlSanitizer.sanitize("SELECT * FROM `db`.`my table` t", SqlDialect.MYSQL).collection())
        .isEqualTo("db.my table");
    assertThat(
            SqlSanitizer.sanitize("SELECT * FROM [dbo].[a]]b] x", SqlDialect.SQL_SERVER)
                .collection())
        .isEqualTo("dbo.a]b");
    assertThat(s("SELECT * FROM ONLY t").collection()).isEqualTo("t");
    assertThat(SqlSanitizer.sanitize("DELETE TOP (10) FROM t", SqlDialect.SQL_SERVER).collection())
        .isEqualTo("t");
    assertThat(
            SqlSanitizer.sanitize("INSERT IGNORE INTO t VALUES (1)", SqlDialect.MYSQL).collection())
        .isEqualTo("t");
  }

  @Test
  void severalTablesGiveNoCollection() {
    SanitizedSql join = s("SELECT * FROM a JOIN b ON a.id = b.id LEFT OUTER JOIN c ON c.x = a.x");
    assertThat(join.collection()).isNull();
    assertThat(join.summary()).isEqualTo("SELECT a b c");
    SanitizedSql list = s("SELECT * FROM songs, artists WHERE songs.artist_id = artists.id");
    assertThat(list.collection()).isNull();
    assertThat(list.summary()).isEqualTo("SELECT songs artists");
    SanitizedSql sub =
        s(
            "SELECT order_date FROM (SELECT * FROM orders o JOIN customers c ON o.customer_id ="
                + " c.customer_id)");
    assertThat(sub.collection()).isNull();
    assertThat(sub.summary()).isEqualTo("SELECT SELECT orders customers");
    SanitizedSql onlySub = s("SELECT * FROM (SELECT * FROM t) x");
    assertThat(onlySub.collection()).isNull();
    SanitizedSql insertSelect =
        s(
            "INSERT INTO shipping_details (order_id, address) SELECT order_id, address FROM orders"
                + " WHERE order_id = ?");
    assertThat(insertSelect.summary()).isEqualTo("INSERT shipping_details SELECT orders");
    assertThat(insertSelect.collection()).isNull();
  }

  @Test
  void operationSkipsCommentsParenthesesAndWithClauses() {
    assertThat(s("/* hi */ -- x\n  ((SELECT 1))").operation()).isEqualTo("SELECT");
    SanitizedSql with =
        s("WITH RECURSIVE x(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM x) SELECT * FROM x");
    assertThat(with.operation()).isEqualTo("SELECT");
    SanitizedSql withUpdate =
        s("with a as (select id from t where v > 1), b as (select 2) update u set z = 1");
    assertThat(withUpdate.operation()).isEqualTo("UPDATE");
    assertThat(withUpdate.summary()).isEqualTo("SELECT t SELECT UPDATE u");
    assertThat(
            s("WITH d AS (DELETE FROM t RETURNING *) INSERT INTO log SELECT * FROM d").operation())
        .isEqualTo("INSERT");
  }

  @Test
  void otherStatements() {
    assertResult(
        s("CREATE TABLE IF NOT EXISTS users (id INT)"),
        "CREATE TABLE IF NOT EXISTS users (id INT)",
        "CREATE",
        "users",
        "CREATE TABLE users");
    assertResult(s("drop table t"), "drop table t", "DROP", "t", "DROP TABLE t");
    assertResult(
        s("CREATE UNIQUE INDEX idx ON t (c)"),
        "CREATE UNIQUE INDEX idx ON t (c)",
        "CREATE",
        null,
        "CREATE INDEX idx");
    assertThat(s("ALTER TABLE t ADD COLUMN c int DEFAULT 5").summary()).isEqualTo("ALTER TABLE t");
    assertThat(s("TRUNCATE TABLE t").summary()).isEqualTo("TRUNCATE TABLE t");
    assertResult(s("{call my_proc(?, 12)}"), "{call my_proc(?, ?)}", "CALL", null, "CALL my_proc");
    assertResult(s("commit"), "commit", "COMMIT", null, "COMMIT");
    assertResult(s("SELECT 1"), "SELECT ?", "SELECT", null, "SELECT");
    assertThat(s("SELECT * FROM t FOR UPDATE").summary()).isEqualTo("SELECT t");
    assertThat(
            SqlSanitizer.sanitize(
                    "INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a = 2", SqlDialect.MYSQL)
                .summary())
        .isEqualTo("INSERT t");
  }

  @Test
  void summaryIsCappedAt255WithoutCuttingANameAndHoldsNoLiteral() {
    StringBuilder sql = new StringBuilder("SELECT * FROM ");
    for (int i = 0; i < 100; i++) {
      sql.append(i == 0 ? "" : ", ").append("table_number_").append(i);
    }
    String summary = s(sql.append(" WHERE x = 'secret'").toString()).summary();
    assertThat(summary.length()).isLessThanOrEqualTo(255).isGreaterThan(200);
    assertThat(summary).startsWith("SELECT table_number_0 table_number_1").doesNotContain("secret");
    assertThat(summary.substring(summary.lastIndexOf(' ') + 1)).matches("table_number_\\d+");
  }

  /** The summary rules of issue 15. */
  @Test
  void quotedIdentifiersWhereNoStringCanStandUnderTheDefaultDialect() {
    SanitizedSql r = SqlSanitizer.sanitize("SELECT * FROM \"schema\".\"table\" WHERE a = \"x\"");
    assertThat(r.query()).isEqualTo("SELECT * FROM \"schema\".\"table\" WHERE a = ?");
    assertThat(r.collection()).isEqualTo("schema.table");
    assertThat(r.summary()).isEqualTo("SELECT schema.table");
    assertThat(SqlSanitizer.sanitize("INSERT INTO \"t\" VALUES (\"v\")").summary())
        .isEqualTo("INSERT t");
    assertThat(SqlSanitizer.sanitize("UPDATE \"t\" SET a = \"v\"").query())
        .isEqualTo("UPDATE \"t\" SET a = ?");
    assertThat(SqlSanitizer.sanitize("SELECT * FROM a JOIN \"b\" ON 1 = 1").summary())
        .isEqualTo("SELECT a b");
  }

  @Test
  void tableAsATableName() {
    assertThat(s("SELECT * FROM table WHERE a = 1").summary()).isEqualTo("SELECT table");
    assertThat(SqlSanitizer.sanitize("SELECT * FROM `table`", SqlDialect.MYSQL).summary())
        .isEqualTo("SELECT table");
    assertThat(s("CREATE TABLE table (id int)").summary()).isEqualTo("CREATE TABLE table");
    assertThat(s("ALTER TABLE table ADD CONSTRAINT c UNIQUE (a)").summary())
        .isEqualTo("ALTER TABLE table");
    assertThat(s("INSERT INTO table VALUES (1)").collection()).isEqualTo("table");
  }

  @Test
  void ddlSummariesNameTheObjectKind() {
    assertThat(s("CREATE TABLE orders (id int)").summary()).isEqualTo("CREATE TABLE orders");
    assertThat(s("TRUNCATE TABLE t").summary()).isEqualTo("TRUNCATE TABLE t");
    assertThat(s("truncate table s.t").summary()).isEqualTo("TRUNCATE TABLE s.t");
    assertThat(s("TRUNCATE t").summary()).isEqualTo("TRUNCATE t");
    assertThat(s("ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id)").summary())
        .isEqualTo("ALTER TABLE t");
    assertThat(s("DROP VIEW IF EXISTS v").summary()).isEqualTo("DROP VIEW v");
  }

  @Test
  void grantAndRevokeNameNoTable() {
    SanitizedSql revoke = s("REVOKE SELECT, UPDATE ON orders FROM alice");
    assertThat(revoke.summary()).isEqualTo("REVOKE");
    assertThat(revoke.collection()).isNull();
    assertThat(s("GRANT SELECT ON orders TO bob").summary()).isEqualTo("GRANT");
  }

  @Test
  void cteNamesAreNotTables() {
    SanitizedSql r = s("WITH recent AS (SELECT * FROM orders) SELECT * FROM recent");
    assertThat(r.summary()).isEqualTo("SELECT orders SELECT");
    SanitizedSql two =
        s(
            "WITH RECURSIVE a(n) AS (SELECT 1), \"B\" AS (SELECT * FROM a JOIN t ON true)"
                + " SELECT x, y FROM b, u");
    assertThat(two.summary()).isEqualTo("SELECT SELECT t SELECT u");
    assertThat(two.operation()).isEqualTo("SELECT");
    assertThat(s("CREATE VIEW v AS WITH x AS (SELECT * FROM t) SELECT * FROM x").summary())
        .isEqualTo("CREATE VIEW v SELECT t SELECT");
    // WITH that starts no common table expression changes nothing.
    assertThat(
            SqlSanitizer.sanitize("SELECT * FROM a WITH (NOLOCK), b", SqlDialect.SQL_SERVER)
                .summary())
        .isEqualTo("SELECT a b");
  }

  @Test
  void databaseLinksStayOnTheName() {
    SanitizedSql r =
        SqlSanitizer.sanitize("SELECT * FROM users@remote_db WHERE id = 1", SqlDialect.ORACLE);
    assertThat(r.collection()).isEqualTo("users@remote_db");
    assertThat(r.summary()).isEqualTo("SELECT users@remote_db");
  }

  @Test
  void derivedTablesAndCommaJoinsKeepEveryTable() {
    SanitizedSql r = s("SELECT * FROM (SELECT * FROM t1) s, t3");
    assertThat(r.summary()).isEqualTo("SELECT SELECT t1 t3");
    assertThat(r.collection()).isNull();
    assertThat(s("SELECT * FROM t0, (SELECT * FROM t1 WHERE x = 1) s, t3 WHERE y = 2").summary())
        .isEqualTo("SELECT t0 SELECT t1 t3");
    assertThat(s("SELECT * FROM a WHERE x IN (SELECT y FROM b), c").summary())
        .isEqualTo("SELECT a SELECT b");
  }
}

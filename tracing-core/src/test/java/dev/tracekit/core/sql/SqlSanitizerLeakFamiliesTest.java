package dev.tracekit.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The two leak families of issue 15, as fixed cases and as generated corpora: credentials after a
 * credential option (with the names of users, roles and logins), and string literals whose end
 * depends on whether a backslash escapes. A marker stands in every secret, name and literal
 * position; it must never reach the text, the operation, the collection or the summary, whatever
 * the dialect.
 */
class SqlSanitizerLeakFamiliesTest {
  /** Never produced outside a marked position. */
  private static final String MARK = "Zq7";

  /** Where the dialect settles that a backslash escapes inside a string. */
  private static final Set<SqlDialect> BACKSLASH =
      EnumSet.of(SqlDialect.MYSQL, SqlDialect.MARIADB, SqlDialect.CLICKHOUSE);

  private final Random random = new Random(20261205L);
  private int checked;

  // ---- fixed cases ------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void issueExamplesLeakNothing(SqlDialect d) {
    assertThat(q("CREATE USER u PASSWORD Secret1", d)).isEqualTo("CREATE USER ? PASSWORD ?");
    assertThat(q("ALTER USER u PASSWORD Secret1", d)).isEqualTo("ALTER USER ? PASSWORD ?");
    assertThat(q("CONNECT u PASSWORD Secret1", d)).isEqualTo("CONNECT ? PASSWORD ?");
    assertThat(q("CREATE USER u PASSWORD \"Secret1\"", d)).isEqualTo("CREATE USER ? PASSWORD ?");
    assertThat(q("BACKUP DATABASE d TO 'f' WITH ENCRYPTION PASSWORD Secret1", d))
        .isEqualTo("BACKUP DATABASE d TO ? WITH ENCRYPTION PASSWORD ?");
    assertThat(q("CREATE SERVER s USING 'x' PASSWORD Secret1", d))
        .isEqualTo("CREATE SERVER s USING ? PASSWORD ?");
    assertThat(q("CREATE USER u IDENTIFIED WITH mysql_native_password BY Secret1", d))
        .isEqualTo("CREATE USER ? IDENTIFIED WITH mysql_native_password BY ?");
    assertThat(q("CREATE USER u IDENTIFIED WITH sha256_password AS Secret1", d))
        .isEqualTo("CREATE USER ? IDENTIFIED WITH sha256_password AS ?");
    assertThat(q("CREATE ROLE r WITH LOGIN ENCRYPTED PASSWORD Secret1 VALID UNTIL 'x'", d))
        .isEqualTo("CREATE ROLE ? WITH LOGIN ENCRYPTED PASSWORD ? VALID UNTIL ?");
    assertThat(q("CREATE LOGIN l WITH PASSWORD = Secret1, CHECK_POLICY = OFF", d))
        .isEqualTo("CREATE LOGIN ? WITH PASSWORD = ?, CHECK_POLICY = OFF");
    assertThat(q("CREATE MASTER KEY ENCRYPTION BY PASSWORD = Secret1", d))
        .isEqualTo("CREATE MASTER KEY ENCRYPTION BY PASSWORD = ?");
    assertThat(q("COPY t FROM 's3://b' ACCESS_KEY_ID AKIA1 SECRET_ACCESS_KEY Secret1 TOKEN tk1", d))
        .isEqualTo("COPY t FROM ? ACCESS_KEY_ID ? SECRET_ACCESS_KEY ? TOKEN ?");
    assertThat(q("CREATE STAGE s URL = 'x' CREDENTIALS = (AWS_KEY_ID = k1 AWS_SECRET_KEY = s1)", d))
        .isEqualTo("CREATE STAGE s URL = ? CREDENTIALS = (AWS_KEY_ID = ? AWS_SECRET_KEY = ?)");
    assertThat(q("PRAGMA key = \"Secret1\"", d)).isEqualTo("PRAGMA key = ?");
    assertThat(q("CONNECT scott/tiger", d)).isEqualTo("CONNECT ?/?");
    assertThat(q("CONNECT TO sample USER bob USING Secret1", d))
        .isEqualTo("CONNECT TO sample USER ? USING ?");
    assertThat(q("SET PASSWORD FOR alice = Secret1", d)).isEqualTo("SET PASSWORD FOR ? = ?");
  }

  /** T-SQL reads unquoted procedure arguments as strings: EXEC masks them (not variables). */
  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void execArgumentsAreMasked(SqlDialect d) {
    SanitizedSql r = SqlSanitizer.sanitize("EXEC sp_addlogin alice, Secret1", d);
    assertThat(r.query()).isEqualTo("EXEC sp_addlogin ?, ?");
    assertThat(r.summary()).isEqualTo("EXEC sp_addlogin");
    assertThat(q("EXECUTE dbo.sp_password @old = NULL, @new = Secret1, @loginame = alice", d))
        .isEqualTo("EXECUTE dbo.sp_password @old = NULL, @new = ?, @loginame = ?");
    assertThat(q("EXECUTE stmt USING @a, @b", d)).isEqualTo("EXECUTE stmt USING @a, @b");
    assertThat(q("EXEC p(a, 1)", d)).isEqualTo("EXEC p(a, ?)");
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void userRoleAndLoginNamesAreMasked(SqlDialect d) {
    SanitizedSql create = SqlSanitizer.sanitize("CREATE USER alice", d);
    assertThat(create.query()).isEqualTo("CREATE USER ?");
    assertThat(create.summary()).isEqualTo("CREATE USER");
    assertThat(create.collection()).isNull();
    assertThat(q("DROP USER IF EXISTS alice, bob", d)).isEqualTo("DROP USER IF EXISTS ?, ?");
    assertThat(q("DROP ROLE \"Alice\"", d)).isEqualTo("DROP ROLE ?");
    assertThat(q("CREATE LOGIN [CORP\\alice] FROM WINDOWS", d))
        .isEqualTo("CREATE LOGIN ? FROM WINDOWS");
    assertThat(q("CREATE USER alice@localhost IDENTIFIED BY 'x'", d))
        .isEqualTo("CREATE USER ?@? IDENTIFIED BY ?");
    assertThat(q("ALTER USER alice RENAME TO bob", d)).isEqualTo("ALTER USER ? RENAME TO ?");
    assertThat(q("CREATE USER MAPPING FOR alice SERVER s OPTIONS (user 'a', password 'b')", d))
        .isEqualTo("CREATE USER MAPPING FOR ? SERVER s OPTIONS (user ?, password ?)");
    SanitizedSql grant = SqlSanitizer.sanitize("GRANT SELECT ON orders TO alice, bob", d);
    assertThat(grant.query()).isEqualTo("GRANT SELECT ON orders TO ?, ?");
    assertThat(grant.summary()).isEqualTo("GRANT");
    SanitizedSql revoke = SqlSanitizer.sanitize("REVOKE SELECT ON orders FROM alice", d);
    assertThat(revoke.query()).isEqualTo("REVOKE SELECT ON orders FROM ?");
    assertThat(revoke.summary()).isEqualTo("REVOKE");
    assertThat(revoke.collection()).isNull();
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void dataStatementsKeepTheirCredentialLookingColumns(SqlDialect d) {
    assertThat(q("SELECT password, api_key FROM users WHERE token = x", d))
        .isEqualTo("SELECT password, api_key FROM users WHERE token = x");
    assertThat(q("CREATE TABLE creds (id INT PRIMARY KEY, password VARCHAR(64), api_key TEXT)", d))
        .isEqualTo("CREATE TABLE creds (id INT PRIMARY KEY, password VARCHAR(?), api_key TEXT)");
    assertThat(q("ALTER TABLE t ADD secret_key TEXT", d))
        .isEqualTo("ALTER TABLE t ADD secret_key TEXT");
    assertThat(q("UPDATE users SET password = ? WHERE id = ?", d))
        .isEqualTo("UPDATE users SET password = ? WHERE id = ?");
  }

  @ParameterizedTest
  @EnumSource(
      value = SqlDialect.class,
      names = {"MYSQL", "MARIADB", "CLICKHOUSE"},
      mode = EnumSource.Mode.EXCLUDE)
  void backslashBeforeAQuoteTakesTheReadingThatMasksMore(SqlDialect d) {
    assertThat(q("SELECT * FROM t WHERE u = '\\'abc1287681964'", d))
        .isEqualTo("SELECT * FROM t WHERE u = ?");
    assertThat(q("SELECT * FROM t WHERE u = 'C:\\' AND v = 'abc1287681964' AND w = 1", d))
        .doesNotContain("abc1287681964");
    assertThat(q("SELECT 'a\\' -- ' abc1287681964\n, 'b' FROM t", d))
        .doesNotContain("abc1287681964");
  }

  @Test
  void postgresEscapeStringsHonourBackslashes() {
    assertThat(q("SELECT E'\\'abc1287681964', 'x' FROM t", SqlDialect.POSTGRESQL))
        .isEqualTo("SELECT ?, ? FROM t");
  }

  // ---- generated: credentials and names ---------------------------------------------------

  /** {@code V}: a credential value, {@code U}: a user, role or login name. */
  private static final String[] CREDENTIAL_TEMPLATES = {
    "CREATE USER U PASSWORD V",
    "CREATE USER IF NOT EXISTS U WITH PASSWORD V",
    "create user U with encrypted password V valid until '2030-01-01'",
    "ALTER USER U PASSWORD V",
    "ALTER USER U WITH PASSWORD = V",
    "ALTER ROLE U WITH LOGIN PASSWORD V",
    "CREATE ROLE U LOGIN PASSWORD V",
    "CREATE LOGIN U WITH PASSWORD = V, CHECK_POLICY = OFF",
    "ALTER LOGIN U WITH PASSWORD = V OLD_PASSWORD = V",
    "CREATE USER U IDENTIFIED BY V",
    "CREATE USER U IDENTIFIED WITH mysql_native_password BY V",
    "ALTER USER U IDENTIFIED WITH caching_sha2_password AS V",
    "ALTER USER U IDENTIFIED BY V REPLACE V",
    "CREATE USER U@U IDENTIFIED BY V",
    "CONNECT U PASSWORD V",
    "CONNECT U IDENTIFIED BY V",
    "CONNECT TO db USER U USING V",
    "CREATE SERVER s FOREIGN DATA WRAPPER w OPTIONS (host 'h', password V)",
    "CREATE SERVER s USING 'x' PASSWORD V",
    "CREATE USER MAPPING FOR U SERVER s OPTIONS (user U, password V)",
    "CREATE CONNECTION c TO 'ftp://h' USER U IDENTIFIED BY V",
    "CREATE SUBSCRIPTION sub CONNECTION 'host=h' PUBLICATION p WITH (password = V)",
    "CREATE EXTERNAL DATA SOURCE s WITH (LOCATION = 'x', SECRET = V)",
    "CREATE DATABASE SCOPED CREDENTIAL c WITH IDENTITY = 'u', SECRET = V",
    "CREATE MASTER KEY ENCRYPTION BY PASSWORD = V",
    "OPEN SYMMETRIC KEY k DECRYPTION BY PASSWORD = V",
    "BACKUP DATABASE d TO DISK = 'f' WITH ENCRYPTION PASSWORD V",
    "RESTORE DATABASE d FROM DISK = 'f' WITH PASSWORD = V",
    "IMPORT INTO t FROM JDBC AT 'url' USER U IDENTIFIED BY V",
    "EXPORT t INTO CSV AT 'url' USER U IDENTIFIED BY V",
    "COPY t FROM 's3://b/k' ACCESS_KEY_ID V SECRET_ACCESS_KEY V SESSION_TOKEN V",
    "COPY INTO t FROM 's3://b' CREDENTIALS = (AWS_KEY_ID = V AWS_SECRET_KEY = V)",
    "CREATE SECRET s3 (TYPE S3, KEY_ID V, SECRET V)",
    "CREATE STAGE st URL = 's3://b' CREDENTIALS = (AWS_KEY_ID = V AWS_SECRET_KEY = V)",
    "ATTACH DATABASE 'f.db' AS e KEY V",
    "PRAGMA key = V",
    "PRAGMA rekey = V",
    "SET PASSWORD FOR U = V",
    "SET PASSWORD = PASSWORD(V)",
    "CHANGE MASTER TO MASTER_HOST = 'h', MASTER_USER = 'u', MASTER_PASSWORD = V",
    "START REPLICA USER = 'u' PASSWORD = V",
    "CREATE DATABASE LINK l CONNECT TO U IDENTIFIED BY V USING 'tns'",
    "SCRIPT TO 'f' CIPHER AES PASSWORD V",
    "DROP USER IF EXISTS U, U",
    "DROP ROLE U",
    "DROP LOGIN U",
    "GRANT SELECT, INSERT ON orders TO U, U WITH GRANT OPTION",
    "GRANT r TO U",
    "REVOKE ALL ON orders FROM U CASCADE",
    "ALTER USER U RENAME TO U",
    "SET ROLE U",
    "CREATE SCHEMA s AUTHORIZATION U",
    "EXEC sp_addlogin U, V",
    "EXECUTE dbo.sp_password @old = NULL, @new = V, @loginame = U"
  };

  @Test
  void generatedCredentialStatementsLeakNothing() {
    SqlDialect[] dialects = SqlDialect.values();
    for (int i = 0; i < 24_000; i++) {
      SqlDialect d = dialects[i % dialects.length];
      String template = CREDENTIAL_TEMPLATES[random.nextInt(CREDENTIAL_TEMPLATES.length)];
      String sql = fill(template, d);
      if (random.nextInt(4) == 0) {
        sql = sql.toLowerCase(Locale.ROOT).replace(MARK.toLowerCase(Locale.ROOT), MARK);
      }
      if (random.nextInt(5) == 0) {
        sql = "SELECT 1; " + sql + (random.nextBoolean() ? ";" : "; SELECT a FROM t");
      }
      check(sql, d);
    }
    assertThat(checked).isEqualTo(24_000);
  }

  private String fill(String template, SqlDialect d) {
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < template.length(); k++) {
      char c = template.charAt(k);
      boolean alone =
          (k == 0 || !Character.isLetterOrDigit(template.charAt(k - 1)))
              && (k + 1 == template.length() || !Character.isLetterOrDigit(template.charAt(k + 1)));
      if (c == 'V' && alone) {
        b.append(gap()).append(credentialValue(d));
      } else if (c == 'U' && alone) {
        b.append(userName(d));
      } else if (c == ' ' && random.nextInt(6) == 0) {
        b.append(random.nextBoolean() ? " /* c */ " : "\n\t");
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private String gap() {
    switch (random.nextInt(5)) {
      case 0:
        return "/* note */ ";
      case 1:
        return "-- note\n";
      default:
        return "";
    }
  }

  private String credentialValue(SqlDialect d) {
    String m = MARK + random.nextInt(1000);
    switch (random.nextInt(14)) {
      case 0:
        return m;
      case 1:
        return m + "_p4ss";
      case 2:
        return "'" + m + " w''x'";
      case 3:
        return "\"" + m + " w\"";
      case 4:
        return "`" + m + "`";
      case 5:
        return "[" + m + " w]";
      case 6:
        return m + "!p@ss#1";
      case 7:
        return "9" + m;
      case 8:
        return "$$" + m + " w$$";
      case 9:
        return "N'" + m + "'";
      case 10:
        return "q'[" + m + " ' w]'";
      case 11:
        return m + "-x";
      case 12:
        return "E'" + m + "\\' w'";
      default:
        return "$tag$" + m + "$tag$";
    }
  }

  private String userName(SqlDialect d) {
    String m = MARK + random.nextInt(1000);
    switch (random.nextInt(6)) {
      case 0:
        return m;
      case 1:
        return "u_" + m;
      case 2:
        return "\"" + m + " n\"";
      case 3:
        return "'" + m + "'";
      case 4:
        return "`" + m + " n`";
      default:
        return "[CORP\\" + m + "]";
    }
  }

  // ---- generated: backslashes before quotes -----------------------------------------------

  private static final String[] BODY_PARTS = {
    "\\", "\\\\", "'", "\"", " ", "--", "/*", "*/", ",", "x", "=", ";", "\n", "(", ")", "$"
  };

  @Test
  void generatedBackslashStringsLeakNothingWhateverTheDialect() {
    SqlDialect[] dialects = SqlDialect.values();
    for (int i = 0; i < 20_000; i++) {
      SqlDialect d = dialects[i % dialects.length];
      // One convention per statement, as a real server reads it: where the dialect settles
      // backslashes, only theirs; elsewhere either.
      boolean backslashes = BACKSLASH.contains(d) || random.nextBoolean();
      StringBuilder b = new StringBuilder("SELECT a");
      int literals = 1 + random.nextInt(4);
      for (int k = 0; k < literals; k++) {
        b.append(k == 0 ? " FROM t WHERE " : random.nextBoolean() ? " AND " : " OR ");
        b.append("c").append(k).append(random.nextBoolean() ? " = " : "=");
        b.append(stringLiteral(d, backslashes));
        if (random.nextInt(4) == 0) {
          b.append(random.nextBoolean() ? " -- note\n" : " /* note */");
        }
      }
      if (random.nextBoolean()) {
        b.append(" ORDER BY a");
      }
      check(b.toString(), d);
    }
    assertThat(checked).isEqualTo(20_000);
  }

  /**
   * A literal holding the marker, written with backslash escapes (a quote as \' or doubled) or in
   * standard SQL (quotes doubled, backslashes ordinary).
   */
  private String stringLiteral(SqlDialect d, boolean backslashes) {
    StringBuilder body = new StringBuilder(MARK);
    int parts = random.nextInt(6);
    for (int k = 0; k < parts; k++) {
      body.append(BODY_PARTS[random.nextInt(BODY_PARTS.length)]);
      if (random.nextBoolean()) {
        body.append(MARK);
      }
    }
    String v = body.toString();
    boolean doubleQuoted =
        (d == SqlDialect.UNKNOWN || d == SqlDialect.MYSQL || d == SqlDialect.MARIADB)
            && random.nextInt(4) == 0;
    char q = doubleQuoted ? '"' : '\'';
    String qs = String.valueOf(q);
    int convention = backslashes ? 1 + random.nextInt(2) : 0;
    String escaped;
    switch (convention) {
      case 0:
        escaped = v.replace(qs, qs + qs);
        break;
      case 1:
        escaped = v.replace("\\", "\\\\").replace(qs, "\\" + q);
        break;
      default:
        escaped = v.replace("\\", "\\\\").replace(qs, random.nextBoolean() ? qs + qs : "\\" + q);
        break;
    }
    String prefix = "";
    if (!doubleQuoted && random.nextInt(5) == 0) {
      prefix = backslashes && d == SqlDialect.POSTGRESQL ? "E" : "N";
    }
    return prefix + q + escaped + q;
  }

  // ---- checking ---------------------------------------------------------------------------

  private void check(String sql, SqlDialect d) {
    checked++;
    SanitizedSql r = SqlSanitizer.sanitize(sql, d);
    String all = r.query() + "|" + r.operation() + "|" + r.collection() + "|" + r.summary();
    if (all.contains(MARK)) {
      fail("%s leaks a marker: %s%n  -> %s", d, sql, all);
    }
    String again = SqlSanitizer.sanitize(r.query(), d).query();
    if (!again.equals(r.query())) {
      fail("%s not idempotent: %s%n  -> %s%n  -> %s", d, sql, r.query(), again);
    }
  }

  private static String q(String sql, SqlDialect d) {
    return SqlSanitizer.sanitize(sql, d).query();
  }
}

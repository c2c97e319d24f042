package dev.tracekit.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.api.support.Diagnostics;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Statements generated from a small grammar, with a marker inside every literal, comment and
 * password: the marker must never reach any output. Also: random input never throws, and sanitizing
 * is idempotent.
 */
class SqlSanitizerGeneratedTest {
  /** Never produced by the grammar outside a literal. */
  private static final String MARK = "Zq7";

  private static final String[] NASTY = {
    "'",
    "''",
    "\\",
    "\\'",
    "\\\\",
    "\"",
    "\"\"",
    "`",
    "$",
    "$$",
    "$t$",
    "--",
    "/*",
    "*/",
    "#",
    "é",
    "日本",
    "😀",
    "\u0000",
    "\u0001",
    "\u001f",
    "\n",
    "\r\n",
    "\t",
    "]",
    "[",
    "?",
    ";",
    ")",
    "(",
    ",",
    " IN (",
    "VALUES (",
    "q'[",
    "]'",
    "E'",
    "N'",
    " ",
    "0x1F",
    "-1"
  };

  private final Random random = new Random(20261121L);

  @Test
  void noMarkerEverLeaks() {
    for (SqlDialect dialect : SqlDialect.values()) {
      for (int i = 0; i < 400; i++) {
        String sql = statement(dialect);
        SanitizedSql r = SqlSanitizer.sanitize(sql, dialect);
        String all = r.query() + "|" + r.operation() + "|" + r.collection() + "|" + r.summary();
        assertThat(all).as("%s: %s", dialect, sql).doesNotContain(MARK).doesNotContain("987654");
        assertThat(SqlSanitizer.sanitize(r.query(), dialect).query())
            .as("idempotent, %s: %s", dialect, sql)
            .isEqualTo(r.query());
      }
    }
  }

  /** A freer grammar: code fragments in any order, literals and comments between them. */
  @Test
  void freeGrammarNoMarkerEverLeaks() {
    String[] code = {
      "SELECT",
      "FROM",
      "t",
      "u",
      "x1",
      ".",
      ",",
      "(",
      ")",
      "IN (",
      "VALUES (",
      "), (",
      "=",
      "-",
      "+",
      "*",
      "WITH",
      "AS",
      "JOIN",
      "?",
      "$1",
      ":n",
      "@p",
      ";",
      "`b`",
      "DATE",
      "REPLACE",
      "IDENTIFIED BY",
      "[a]"
    };
    for (int i = 0; i < 30_000; i++) {
      SqlDialect d = SqlDialect.values()[random.nextInt(SqlDialect.values().length)];
      StringBuilder b = new StringBuilder();
      int parts = 1 + random.nextInt(14);
      for (int k = 0; k < parts; k++) {
        String fragment = code[random.nextInt(code.length)];
        b.append(fragment).append(random.nextBoolean() ? " " : "\n");
        if (random.nextInt(3) == 0) {
          // Where no string can stand (after FROM, JOIN or '.'), double quotes are identifiers.
          boolean tablePosition =
              fragment.equals("FROM") || fragment.equals("JOIN") || fragment.equals(".");
          b.append(random.nextBoolean() ? lit(d, !tablePosition) : comment(d)).append(' ');
        }
      }
      String sql = b.toString();
      SanitizedSql r = SqlSanitizer.sanitize(sql, d);
      String all = r.query() + "|" + r.operation() + "|" + r.collection() + "|" + r.summary();
      assertThat(all).as("%s: %s", d, sql).doesNotContain(MARK).doesNotContain("987654");
    }
  }

  @Test
  void randomInputNeverThrowsAndIsIdempotent() {
    char[] alphabet =
        "'\"`[]$\\-/*#?:@()+-.,;=<>!0123456789eExXbBnNqQuU&_ \n\tINSELECTVALUESFROMidentifiedby"
            .toCharArray();
    for (SqlDialect dialect : SqlDialect.values()) {
      for (int i = 0; i < 3_000; i++) {
        int len = random.nextInt(60);
        StringBuilder b = new StringBuilder(len);
        for (int k = 0; k < len; k++) {
          int pick = random.nextInt(10);
          b.append(
              pick < 8
                  ? alphabet[random.nextInt(alphabet.length)]
                  : (char) random.nextInt(Character.MAX_VALUE + 1));
        }
        String sql = b.toString();
        SanitizedSql r = SqlSanitizer.sanitize(sql, dialect);
        assertThat(r.summary().length()).isLessThanOrEqualTo(255);
        assertThat(SqlSanitizer.sanitize(r.query(), dialect).query())
            .as("idempotent, %s: %s", dialect, sql)
            .isEqualTo(r.query());
      }
      byte[] bytes = new byte[200];
      for (int i = 0; i < 300; i++) {
        random.nextBytes(bytes);
        SqlSanitizer.sanitize(
            new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1), dialect);
        SqlSanitizer.sanitize(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), dialect);
      }
    }
    assertThat(Diagnostics.wasReported("sql-sanitizer-failure")).isFalse();
  }

  // ---- the grammar ------------------------------------------------------------------------

  private String statement(SqlDialect d) {
    switch (random.nextInt(6)) {
      case 0:
        return ws()
            + "SELECT a, "
            + lit(d)
            + " AS c FROM t"
            + ws()
            + "WHERE b = "
            + lit(d)
            + ws()
            + comment(d)
            + "AND c IN ("
            + lit(d)
            + ", "
            + lit(d)
            + ")"
            + ws()
            + "ORDER BY a";
      case 1:
        return "INSERT INTO s.t (a, b) VALUES ("
            + lit(d)
            + ", "
            + lit(d)
            + "), ("
            + lit(d)
            + ","
            + lit(d)
            + ")"
            + comment(d);
      case 2:
        return comment(d)
            + "UPDATE t SET a = "
            + lit(d)
            + ", b="
            + lit(d)
            + " WHERE id = "
            + lit(d);
      case 3:
        return "DELETE FROM t WHERE a = " + lit(d) + comment(d) + " OR b LIKE " + lit(d);
      case 4:
        return "CREATE USER u IDENTIFIED BY " + password() + ws() + comment(d);
      default:
        return "SELECT * FROM t WHERE x IN (SELECT y FROM u WHERE z = "
            + lit(d)
            + ")"
            + comment(d)
            + "AND w = "
            + lit(d);
    }
  }

  private String ws() {
    return random.nextBoolean() ? " " : "\n\t ";
  }

  private String value() {
    StringBuilder b = new StringBuilder(MARK);
    int parts = random.nextInt(5);
    for (int i = 0; i < parts; i++) {
      b.append(NASTY[random.nextInt(NASTY.length)]);
    }
    return b.append(MARK).toString();
  }

  private String password() {
    return random.nextBoolean() ? MARK + "pw" + random.nextInt(100) : "'" + MARK + "p w'";
  }

  private String comment(SqlDialect d) {
    String v = value();
    switch (random.nextInt(4)) {
      case 0:
        return " -- " + v.replace('\n', ' ').replace('\r', ' ') + "\n";
      case 1:
        return " /* " + v.replace("*/", "").replace("/*", "") + " */ ";
      case 2:
        return d == SqlDialect.MYSQL || d == SqlDialect.MARIADB
            ? " # " + v.replace('\n', ' ').replace('\r', ' ') + "\n"
            : " ";
      default:
        return " ";
    }
  }

  private String lit(SqlDialect d) {
    return lit(d, true);
  }

  private String lit(SqlDialect d, boolean doubleQuotedAllowed) {
    boolean backslash =
        d == SqlDialect.MYSQL || d == SqlDialect.MARIADB || d == SqlDialect.CLICKHOUSE;
    String v = value();
    List<String> forms = new ArrayList<>();
    forms.add(quote(v, '\'', backslash));
    forms.add("N" + quote(v, '\'', backslash));
    forms.add("E'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'");
    forms.add("DATE " + quote(v, '\'', backslash));
    forms.add("$$" + v.replace("$$", "") + "$$");
    forms.add("$tg$" + v + "$tg$");
    forms.add(qQuote(v));
    forms.add("-987654" + random.nextInt(10));
    forms.add("987654.25e-3");
    forms.add("0x987654AB");
    if (doubleQuotedAllowed
        && (d == SqlDialect.MYSQL || d == SqlDialect.MARIADB || d == SqlDialect.UNKNOWN)) {
      forms.add(quote(v, '"', backslash));
    }
    return forms.get(random.nextInt(forms.size()));
  }

  private static String quote(String v, char q, boolean backslash) {
    String body = backslash ? v.replace("\\", "\\\\") : v;
    String doubled = String.valueOf(q) + q;
    if (backslash && body.indexOf(q) >= 0 && (body.hashCode() & 1) == 0) {
      body = body.replace(String.valueOf(q), "\\" + q);
    } else {
      body = body.replace(String.valueOf(q), doubled);
    }
    return q + body + q;
  }

  private static String qQuote(String v) {
    String[][] delimiters = {
      {"[", "]"}, {"{", "}"}, {"<", ">"}, {"(", ")"}, {"!", "!"}, {"~", "~"}
    };
    for (String[] dl : delimiters) {
      if (!v.contains(dl[1] + "'")) {
        return "q'" + dl[0] + v + dl[1] + "'";
      }
    }
    return "q'|" + v.replace("|'", "") + "|'";
  }
}

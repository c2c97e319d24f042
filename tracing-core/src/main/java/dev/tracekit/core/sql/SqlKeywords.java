package dev.tracekit.core.sql;

/**
 * The SQL words the lexer must recognise, looked up without allocating: an open-addressing table
 * keyed by a case-insensitive hash of the word's ASCII characters.
 *
 * <p>A code is {@code id | flags}: the id (low 8 bits) names the word, the flags say how it acts.
 */
final class SqlKeywords {
  /** A reserved word: never an alias, a sign after it is unary. */
  static final int KEYWORD = 1 << 8;

  /** Starts a clause: ends a FROM list at the same depth. */
  static final int CLAUSE = 1 << 9;

  /** Skipped while a table name is expected ({@code INSERT IGNORE INTO t}). */
  static final int SKIP = 1 << 10;

  /** A modifier between CREATE/DROP/ALTER and the object type ({@code CREATE OR REPLACE VIEW}). */
  static final int DDL_MODIFIER = 1 << 11;

  /** Drives extraction: an operation or a word that introduces a target. */
  static final int EXTRACT = 1 << 12;

  /**
   * A statement (or, after CREATE/ALTER, an object kind) about data, whose words such as {@code
   * password} or {@code key} are column names: the credential rules stay off.
   */
  static final int DATA = 1 << 13;

  static final int ID_MASK = 0xFF;

  static final int SELECT = 1;
  static final int INSERT = 2;
  static final int UPDATE = 3;
  static final int DELETE = 4;
  static final int MERGE = 5;
  static final int REPLACE = 6;
  static final int UPSERT = 7;
  static final int INTO = 8;
  static final int FROM = 9;
  static final int JOIN = 10;
  static final int WITH = 11;
  static final int IN = 12;
  static final int VALUES = 13;
  static final int IDENTIFIED = 14;
  static final int BY = 15;
  static final int AS = 16;
  static final int USING = 17;
  static final int TABLE = 18;
  static final int CALL = 19;
  static final int EXEC = 20;
  static final int EXECUTE = 21;
  static final int CREATE = 22;
  static final int DROP = 23;
  static final int ALTER = 24;
  static final int TRUNCATE = 25;
  static final int STRAIGHT_JOIN = 26;
  static final int USER = 27;
  static final int ROLE = 28;
  static final int LOGIN = 29;
  static final int GROUP = 30;
  static final int GRANT = 31;
  static final int REVOKE = 32;
  static final int CONNECT = 33;
  static final int TO = 34;
  static final int ON = 35;
  static final int FOR = 36;
  static final int IF = 37;
  static final int NOT = 38;
  static final int EXISTS = 39;
  static final int MAPPING = 40;
  static final int RECURSIVE = 41;
  static final int AUTHORIZATION = 42;
  static final int AND = 43;
  static final int OR = 44;
  static final int WHERE = 45;
  static final int SET = 46;
  static final int MATERIALIZED = 47;
  private static final int FIRST_FREE_ID = 48;

  private static final int BITS = 11;
  private static final int SIZE = 1 << BITS;
  private static final int MASK = SIZE - 1;
  private static final char[][] CHARS = new char[SIZE][];
  private static final int[] CODES = new int[SIZE];
  private static final int[] HASHES = new int[SIZE];
  private static final String[] NAMES = new String[256];
  private static int nextId = FIRST_FREE_ID;

  static {
    int kw = KEYWORD;
    int clause = KEYWORD | CLAUSE;
    add("SELECT", SELECT, clause | EXTRACT | DATA);
    add("INSERT", INSERT, kw | EXTRACT | DATA);
    add("UPDATE", UPDATE, kw | EXTRACT | DATA);
    add("DELETE", DELETE, kw | EXTRACT | DATA);
    add("MERGE", MERGE, kw | EXTRACT | DATA);
    add("REPLACE", REPLACE, kw | SKIP | DDL_MODIFIER | DATA);
    add("UPSERT", UPSERT, kw | DATA);
    add("INTO", INTO, kw | SKIP);
    add("FROM", FROM, clause | EXTRACT);
    add("JOIN", JOIN, kw | EXTRACT);
    add("STRAIGHT_JOIN", STRAIGHT_JOIN, kw | EXTRACT);
    add("WITH", WITH, clause | EXTRACT | DATA);
    add("IN", IN, kw);
    add("VALUES", VALUES, clause | DATA);
    add("IDENTIFIED", IDENTIFIED, kw);
    add("BY", BY, kw);
    add("AS", AS, kw);
    add("USING", USING, clause | EXTRACT);
    add("TABLE", TABLE, kw | DATA);
    add("CALL", CALL, kw | DATA);
    add("EXEC", EXEC, kw | DATA);
    add("EXECUTE", EXECUTE, kw | DATA);
    add("CREATE", CREATE, kw);
    add("DROP", DROP, kw | DATA);
    add("ALTER", ALTER, kw);
    add("TRUNCATE", TRUNCATE, kw | DATA);
    // Words the credential and personal-name rules need by id; not reserved (plain words).
    add("USER", USER, 0);
    add("ROLE", ROLE, 0);
    add("LOGIN", LOGIN, 0);
    add("GROUP", GROUP, clause);
    add("GRANT", GRANT, 0);
    add("REVOKE", REVOKE, 0);
    add("CONNECT", CONNECT, clause);
    add("TO", TO, kw);
    add("ON", ON, clause);
    add("FOR", FOR, clause);
    add("IF", IF, kw | SKIP | DDL_MODIFIER);
    add("NOT", NOT, kw | SKIP | DDL_MODIFIER);
    add("EXISTS", EXISTS, kw | SKIP | DDL_MODIFIER);
    add("MAPPING", MAPPING, 0);
    add("RECURSIVE", RECURSIVE, 0);
    add("AUTHORIZATION", AUTHORIZATION, 0);
    add("AND", AND, kw);
    add("OR", OR, kw | SKIP | DDL_MODIFIER);
    add("WHERE", WHERE, clause);
    add("SET", SET, clause);
    add("MATERIALIZED", MATERIALIZED, kw | DDL_MODIFIER);
    add("NULL", nextId++, 0);
    add("TRUE", nextId++, 0);
    add("FALSE", nextId++, 0);
    // Statements and object kinds about data (credential rules off), not reserved here.
    for (String w :
        new String[] {
          "VIEW",
          "SEQUENCE",
          "TRIGGER",
          "FUNCTION",
          "PROCEDURE",
          "TYPE",
          "DOMAIN",
          "PACKAGE",
          "EVENT",
          "RULE",
          "POLICY",
          "SYNONYM",
          "AGGREGATE",
          "OPERATOR",
          "STATISTICS",
          "PUBLICATION",
          "EXPLAIN",
          "DESCRIBE",
          "SHOW",
          "COMMIT",
          "ROLLBACK",
          "BEGIN",
          "SAVEPOINT",
          "ANALYZE",
          "VACUUM",
          "COMMENT",
          "PREPARE",
          "DECLARE",
          "ENCRYPTION",
          "DECRYPTION"
        }) {
      add(w, nextId++, "ENCRYPTION".equals(w) || "DECRYPTION".equals(w) ? 0 : DATA);
    }
    for (String w :
        new String[] {
          "ONLY",
          "LATERAL",
          "IGNORE",
          "LOW_PRIORITY",
          "DELAYED",
          "HIGH_PRIORITY",
          "QUICK",
          "OVERWRITE",
          "ALL",
          "FIRST",
          "TOP"
        }) {
      add(w, nextId++, kw | SKIP | DDL_MODIFIER);
    }
    for (String w :
        new String[] {
          "TEMPORARY",
          "TEMP",
          "UNIQUE",
          "GLOBAL",
          "LOCAL",
          "UNLOGGED",
          "EXTERNAL",
          "VOLATILE",
          "CLUSTERED",
          "NONCLUSTERED",
          "FULLTEXT",
          "SPATIAL",
          "BITMAP",
          "DEFINER",
          "SQL",
          "SECURITY",
          "ALGORITHM",
          "PUBLIC",
          "FOREIGN",
          "TRANSIENT"
        }) {
      add(w, nextId++, kw | DDL_MODIFIER);
    }
    for (String w :
        new String[] {
          "ORDER",
          "HAVING",
          "LIMIT",
          "OFFSET",
          "UNION",
          "EXCEPT",
          "INTERSECT",
          "MINUS",
          "WINDOW",
          "FETCH",
          "RETURNING",
          "WHEN",
          "QUALIFY",
          "START",
          "PREWHERE",
          "FINAL",
          "SAMPLE",
          "ARRAY",
          "FORMAT",
          "SETTINGS",
          "OUTPUT",
          "OPTION",
          "LOCK",
          "PIVOT",
          "UNPIVOT",
          "MATCHED",
          "DO",
          "RETURN"
        }) {
      add(w, nextId++, clause);
    }
    for (String w :
        new String[] {
          "INNER",
          "LEFT",
          "RIGHT",
          "FULL",
          "OUTER",
          "CROSS",
          "NATURAL",
          "THEN",
          "ELSE",
          "END",
          "CASE",
          "IS",
          "LIKE",
          "ILIKE",
          "RLIKE",
          "REGEXP",
          "BETWEEN",
          "DISTINCT",
          "ANY",
          "SOME",
          "DEFAULT",
          "INTERVAL",
          "ESCAPE",
          "ASC",
          "DESC",
          "PRIMARY",
          "KEY",
          "REFERENCES",
          "CHECK",
          "CONSTRAINT",
          "DUPLICATE",
          "PARTITION",
          "OVER",
          "ROWS",
          "RANGE",
          "PRECEDING",
          "FOLLOWING",
          "UNBOUNDED",
          "CURRENT",
          "ROW",
          "NEXT",
          "LAST",
          "NULLS",
          "COLLATE",
          "CAST",
          "DIV",
          "MOD",
          "XOR",
          "SIMILAR",
          "TO",
          "AT",
          "ZONE",
          "GLOB",
          "MATCH",
          "TABLESAMPLE",
          "NOWAIT",
          "SKIP",
          "LOCKED",
          "SHARE",
          "MODE",
          "OF",
          "USE",
          "FORCE",
          "INDEX"
        }) {
      add(w, nextId++, "DESC".equals(w) || "INDEX".equals(w) ? kw | DATA : kw);
    }
  }

  private SqlKeywords() {}

  private static void add(String word, int id, int flags) {
    NAMES[id] = word;
    int h = hash(word, 0, word.length());
    int slot = spread(h);
    while (CHARS[slot] != null) {
      slot = (slot + 1) & MASK;
    }
    CHARS[slot] = word.toCharArray();
    HASHES[slot] = h;
    CODES[slot] = id | flags;
  }

  private static int hash(CharSequence s, int start, int end) {
    int h = 0;
    for (int i = start; i < end; i++) {
      h = 31 * h + (s.charAt(i) & 0xDF);
    }
    return h;
  }

  private static int spread(int h) {
    return (h * 0x9E3779B1) >>> (32 - BITS);
  }

  /**
   * The code of {@code s[start, end)}, case-insensitively, 0 when it is no known word.
   *
   * <p>The caller passes the word's hash ({@code h = 31 * h + (c & 0xDF)} over its chars) and only
   * ASCII words.
   *
   * @param s the text's chars
   * @param start the word's first index
   * @param end the index after the word
   * @param h the word's hash
   * @return the code ({@code id | flags}) or 0
   */
  static int lookup(char[] s, int start, int end, int h) {
    int len = end - start;
    if (len < 2 || len > 13) {
      return 0;
    }
    int slot = spread(h);
    int code;
    // Empty slots have code 0; the int arrays are probed before any keyword's chars are read.
    while ((code = CODES[slot]) != 0) {
      if (HASHES[slot] == h) {
        char[] w = CHARS[slot];
        if (w != null && w.length == len && sameWord(s, start, w)) {
          return code;
        }
      }
      slot = (slot + 1) & MASK;
    }
    return 0;
  }

  private static boolean sameWord(char[] s, int start, char[] upper) {
    for (int k = 0; k < upper.length; k++) {
      // Exact for word characters: letters fold to upper case, '_' stays, digits and '$' never
      // equal a letter after masking.
      if ((s[start + k] & 0xDF) != upper[k]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The upper-case spelling of a known id.
   *
   * @param id the id (code masked with {@link #ID_MASK})
   * @return the word
   */
  static String name(int id) {
    String name = NAMES[id];
    return name == null ? "" : name;
  }
}

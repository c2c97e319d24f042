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
  private static final int FIRST_FREE_ID = 27;

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
    add("SELECT", SELECT, clause | EXTRACT);
    add("INSERT", INSERT, kw | EXTRACT);
    add("UPDATE", UPDATE, kw | EXTRACT);
    add("DELETE", DELETE, kw | EXTRACT);
    add("MERGE", MERGE, kw | EXTRACT);
    add("REPLACE", REPLACE, kw | SKIP | DDL_MODIFIER);
    add("UPSERT", UPSERT, kw);
    add("INTO", INTO, kw | SKIP);
    add("FROM", FROM, clause | EXTRACT);
    add("JOIN", JOIN, kw | EXTRACT);
    add("STRAIGHT_JOIN", STRAIGHT_JOIN, kw | EXTRACT);
    add("WITH", WITH, clause);
    add("IN", IN, kw);
    add("VALUES", VALUES, clause);
    add("IDENTIFIED", IDENTIFIED, kw);
    add("BY", BY, kw);
    add("AS", AS, kw);
    add("USING", USING, clause | EXTRACT);
    add("TABLE", TABLE, kw | SKIP);
    add("CALL", CALL, kw);
    add("EXEC", EXEC, kw);
    add("EXECUTE", EXECUTE, kw);
    add("CREATE", CREATE, kw);
    add("DROP", DROP, kw);
    add("ALTER", ALTER, kw);
    add("TRUNCATE", TRUNCATE, kw);
    for (String w :
        new String[] {
          "IF",
          "NOT",
          "EXISTS",
          "OR",
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
          "MATERIALIZED",
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
          "WHERE",
          "GROUP",
          "ORDER",
          "HAVING",
          "LIMIT",
          "OFFSET",
          "UNION",
          "EXCEPT",
          "INTERSECT",
          "MINUS",
          "ON",
          "SET",
          "WINDOW",
          "FETCH",
          "FOR",
          "RETURNING",
          "WHEN",
          "QUALIFY",
          "CONNECT",
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
          "AND",
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
      add(w, nextId++, kw);
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

package dev.tracekit.core.sql;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One pass over a statement: every literal becomes {@code ?} as it is read, comments and runs of
 * whitespace become one space, IN lists and repeated VALUES tuples collapse in place, and the
 * operation, targets and summary are gathered from the same token stream. Linear time: no
 * backtracking, nested comments counted with a depth counter, dollar-quote tags bounded.
 *
 * <p>Single use, not thread-safe: one instance per call.
 */
final class SqlLexer {
  // Token kinds.
  private static final int K_NONE = 0;
  private static final int K_WORD = 1;
  private static final int K_KEYWORD = 2;
  private static final int K_QMARK = 3;
  private static final int K_PARAM = 4;
  private static final int K_OP = 5;
  private static final int K_OPEN = 6;
  private static final int K_CLOSE = 7;
  private static final int K_COMMA = 8;
  private static final int K_QIDENT = 9;
  private static final int K_DOT = 10;
  private static final int K_SEMI = 11;

  static final int SUMMARY_MAX = 255;
  private static final int MAX_DOLLAR_TAG = 64;
  private static final int MAX_OPERATION = 32;

  private static final int MODE_CRED = 1;
  private static final int MODE_USERS = 2;
  private static final int MODE_GRANTS = 4;
  private static final int MODE_CONNECT = 8;
  private static final int MODE_EXEC = 16;
  private static final int CRED_STRICT = 1;
  private static final int CRED_LENIENT = 2;

  private final char[] in;
  private final int n;
  private final int cap;
  private final boolean backslashEscapes;
  private final boolean doubleQuoteIsString;
  private final boolean nestedComments;
  private final boolean hashComments;
  private final boolean bracketIdentifiers;
  private final char[] out;
  private int len;

  private boolean space;
  private int prev = K_NONE;
  private int prevId; // the keyword id of the previous token, 0 for none
  private int depth;
  private int tokBefore;
  private int tokStart;
  // The current word or quoted identifier in the input, and its keyword code.
  private int wordStart;
  private int wordEnd;
  private int code;

  // 1 after IDENTIFIED, 2 after IDENTIFIED [WITH plugin] BY|AS, 3 after the secret, 4 after
  // IDENTIFIED WITH, 5 after its plugin.
  private int identifiedState;
  // Statement rules: credential options are masked (CRED), user names are masked (USERS, GRANTS:
  // after TO/FROM), every unknown word is masked (CONNECT).
  private int stmtMode;
  private int credState; // CRED_STRICT or CRED_LENIENT: the next value is a credential
  private int userState; // 1 expecting a personal name, 2 after one
  private boolean credAfterEquals; // the next '=' arms credState (PASSWORD FOR user = value)
  private int inState; // 1 after IN, 2 expecting an item, 3 after an item
  private int inStart;
  private int valuesState; // 1 after VALUES, 2 in a tuple, 3 after a tuple, 4 after its comma
  private int valuesDepth;
  private int firstTupleStart = -1;
  private int firstTupleEnd;
  private int tupleStart;
  private int commaPos;

  // Extraction.
  private boolean statementStart = true;
  private int statementOp;
  private @Nullable String operation;
  private boolean awaitMainOp;
  private int withDepth;
  private final StringBuilder summary;
  private boolean summaryFull;
  private int targetState; // 1 expecting a name, 2 in a name, 3 after a dot in a name
  private boolean targetIsCollection;
  private boolean targetInFrom;
  private final StringBuilder name;
  private int collections;
  private @Nullable String firstCollection;
  private boolean anonymousTable;
  private long fromMask; // bit d: a FROM list is open at depth d
  private boolean ddlExpectType;
  private boolean kindTarget; // the target follows an object kind (CREATE TABLE t)
  private boolean tableTentative; // the name so far is the word TABLE, maybe a keyword
  private boolean inWith; // in a WITH clause, before its main statement
  private boolean cteNameNext;
  private @Nullable String[] cteNames;
  private int cteCount;

  /**
   * A lexer over {@code in[0, n)} writing into {@code out}, which must hold at least n + 2 chars
   * (the output is never longer than the input).
   */
  SqlLexer(
      char[] in,
      int n,
      char[] out,
      SqlDialect dialect,
      int cap,
      StringBuilder name,
      StringBuilder summary) {
    this.name = name;
    this.summary = summary;
    this.in = in;
    this.n = n;
    this.out = out;
    this.cap = cap;
    this.backslashEscapes =
        dialect == SqlDialect.MYSQL
            || dialect == SqlDialect.MARIADB
            || dialect == SqlDialect.CLICKHOUSE;
    this.doubleQuoteIsString =
        dialect == SqlDialect.MYSQL
            || dialect == SqlDialect.MARIADB
            || dialect == SqlDialect.UNKNOWN;
    this.nestedComments = dialect == SqlDialect.POSTGRESQL;
    this.hashComments = dialect == SqlDialect.MYSQL || dialect == SqlDialect.MARIADB;
    this.bracketIdentifiers = dialect == SqlDialect.SQL_SERVER || dialect == SqlDialect.SQLITE;
  }

  SanitizedSql run() {
    int i = 0;
    while (i < n) {
      if (len >= cap && inState == 0 && valuesState == 0) {
        break;
      }
      char c = in[i];
      if (c <= ' ' || (c >= 0x80 && isSpace(c))) {
        space = true;
        i++;
        continue;
      }
      char next = i + 1 < n ? in[i + 1] : 0;
      if ((c == '-' && next == '-') || (c == '#' && hashComments)) {
        i = lineEnd(i);
        space = true;
        continue;
      }
      if (c == '/' && next == '*') {
        i = commentEnd(i + 2);
        space = true;
        continue;
      }
      if (identifiedState == 2) {
        i = secret(i);
        continue;
      }
      if (credState != 0) {
        i = credential(i);
        continue;
      }
      if (c < 0x80) {
        byte cls = ASCII[c];
        if ((cls & WORD_START) != 0) {
          i = word(i);
          continue;
        }
        if ((cls & SIMPLE_OP) != 0) {
          // Operators with no meaning of their own here: no switch, no state machine to feed.
          startToken();
          out[len++] = c;
          if (inState == 0
              && valuesState == 0
              && identifiedState == 0
              && targetState == 0
              && stmtMode == 0
              && !ddlExpectType) {
            prev = K_OP;
          } else {
            after(K_OP);
          }
          i++;
          continue;
        }
      }
      i = token(i, c, next);
    }
    return finish();
  }

  private int token(int i, char c, char next) {
    switch (c) {
      case '\'':
        return literal(str(i + 1, '\''));
      case '"':
        if (doubleQuoteIsString && !identifierPosition(i)) {
          return literal(str(i + 1, '"'));
        }
        return quoted(i, '"');
      case '`':
        return quoted(i, '`');
      case '[':
        if (bracketIdentifiers || userState == 1) {
          return quoted(i, ']'); // a login name such as [DOMAIN\alice] is never an array
        }
        return op(i, K_OP);
      case '(':
        return op(i, K_OPEN);
      case ')':
        return op(i, K_CLOSE);
      case ',':
        return op(i, K_COMMA);
      case ';':
        return op(i, K_SEMI);
      case '.':
        if (isDigit(next) && prev != K_WORD && prev != K_QIDENT) {
          return literal(number(i));
        }
        return op(i, K_DOT);
      case '?':
        if (isDigit(next)) {
          // SQLite's numbered placeholder ?NNN.
          int j = i + 2;
          while (j < n && isDigit(in[j])) {
            j++;
          }
          return emit(i, j, K_PARAM);
        }
        return literal(i + 1);
      case '-':
      case '+':
        if (unaryContext() && (isDigit(next) || (next == '.' && i + 2 < n && isDigit(in[i + 2])))) {
          return literal(number(i + 1));
        }
        return op(i, K_OP);
      case '$':
        return dollar(i, next);
      default:
        if (isDigit(c)) {
          return literal(number(i));
        }
        if (isWordStart(c)) {
          return word(i);
        }
        if (c >= 0x80 && Character.isDigit(c)) {
          // Digits of other scripts: no database reads them as code, treat them as a number.
          int j = i + 1;
          while (j < n && Character.isDigit(in[j])) {
            j++;
          }
          return literal(j);
        }
        return op(i, K_OP);
    }
  }

  // ---- lexing helpers ---------------------------------------------------------------------

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  private static final byte WORD_START = 1;
  private static final byte WORD_PART = 2;
  private static final byte SIMPLE_OP = 4;

  /** Character classes of ASCII chars. */
  private static final byte[] ASCII = new byte[128];

  static {
    for (char c = 'a'; c <= 'z'; c++) {
      ASCII[c] = WORD_START | WORD_PART;
      ASCII[c - 32] = WORD_START | WORD_PART;
    }
    ASCII['_'] = WORD_START | WORD_PART;
    for (char c = '0'; c <= '9'; c++) {
      ASCII[c] = WORD_PART;
    }
    ASCII['$'] = WORD_PART;
    for (char c : "=<>!*%^&|~:@{}]\\".toCharArray()) {
      ASCII[c] = SIMPLE_OP;
    }
  }

  private static boolean isWordStart(char c) {
    return c < 0x80 ? (ASCII[c] & WORD_START) != 0 : Character.isLetter(c);
  }

  private static boolean isWordPart(char c) {
    return c < 0x80 ? (ASCII[c] & WORD_PART) != 0 : Character.isLetterOrDigit(c);
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private boolean unaryContext() {
    return prev == K_NONE
        || prev == K_OP
        || prev == K_OPEN
        || prev == K_COMMA
        || prev == K_KEYWORD
        || prev == K_SEMI;
  }

  private int lineEnd(int i) {
    while (i < n) {
      char c = in[i];
      if (c == '\n' || c == '\r') {
        return i + 1;
      }
      i++;
    }
    return n;
  }

  /** The index after a block comment whose body starts at {@code i}; n when unterminated. */
  private int commentEnd(int i) {
    int level = 1;
    while (i < n) {
      char c = in[i];
      if (c == '*' && i + 1 < n && in[i + 1] == '/') {
        i += 2;
        if (--level == 0) {
          return i;
        }
      } else if (nestedComments && c == '/' && i + 1 < n && in[i + 1] == '*') {
        level++;
        i += 2;
      } else {
        i++;
      }
    }
    return n;
  }

  /** The index after a string whose body starts at {@code i}; -1 when unterminated. */
  private int string(int i, char quote, boolean backslash) {
    while (i < n) {
      char c = in[i];
      if (c == quote) {
        if (i + 1 < n && in[i + 1] == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i += (backslash && c == '\\') ? 2 : 1;
    }
    return -1;
  }

  /**
   * The index after a string literal whose body starts at {@code i}; -1 when unterminated. Where
   * the dialect settles that a backslash escapes (MySQL, MariaDB, ClickHouse) that reading is used;
   * elsewhere both readings are followed and the literal runs until both are back in code at the
   * same point, so what either reading calls a literal is masked.
   */
  private int str(int i, char quote) {
    if (backslashEscapes) {
      return string(i, quote, true);
    }
    boolean backslash = false;
    int k = i;
    while (k < n) {
      char c = in[k];
      if (c == quote) {
        if (k + 1 < n && in[k + 1] == quote) {
          k += 2;
          continue;
        }
        return backslash ? unionEnd(i, quote) : k + 1;
      }
      if (c == '\\') {
        backslash = true;
      }
      k++;
    }
    return -1;
  }

  private static final int SIM_CODE = 0;
  private static final int SIM_STRING = 1;
  private static final int SIM_LINE = 2;
  private static final int SIM_OTHER = 3;
  private static final int SIM_UNKNOWN = 4;

  /**
   * Follows two readings of the text from inside a string whose body starts at {@code i}: one where
   * a backslash escapes the next char, one where it is ordinary. Each reading knows strings,
   * comments and doubled quotes; a dollar quote or Oracle q-quote met in code ends the search (the
   * rest is masked). Returns the first index where both readings are in code, -1 when there is
   * none. Linear: each reading only moves forward.
   */
  private int unionEnd(int i, char quote) {
    long a = ((long) i << 32) | SIM_STRING;
    long b = a;
    while (true) {
      int pa = (int) (a >>> 32);
      int pb = (int) (b >>> 32);
      int sa = (int) a;
      int sb = (int) b;
      if (sa == SIM_UNKNOWN || sb == SIM_UNKNOWN) {
        return -1;
      }
      if (pa == pb && sa == SIM_CODE && sb == SIM_CODE) {
        return pa;
      }
      if (pa >= n && pb >= n) {
        return -1;
      }
      if (pb >= n || (pa <= pb && pa < n)) {
        a = step(pa, sa, quote, true);
      } else {
        b = step(pb, sb, quote, false);
      }
    }
  }

  /** One step of a reading: (next index << 32) | next state; block comments are -depth. */
  private long step(int p, int state, char quote, boolean backslash) {
    char c = in[p];
    char next = p + 1 < n ? in[p + 1] : 0;
    int np = p + 1;
    int ns = state;
    char other = quote == '"' ? '\'' : doubleQuoteIsString ? '"' : 0;
    if (state == SIM_CODE) {
      if (c == quote || (other != 0 && c == other)) {
        if (c == '\'' && p > 0 && (in[p - 1] | 0x20) == 'q') {
          ns = SIM_UNKNOWN;
        } else {
          ns = c == quote ? SIM_STRING : SIM_OTHER;
        }
      } else if (c == '-' && next == '-') {
        np = p + 2;
        ns = SIM_LINE;
      } else if (c == '#' && hashComments) {
        ns = SIM_LINE;
      } else if (c == '/' && next == '*') {
        np = p + 2;
        ns = -1;
      } else if (c == '$' && (next == '$' || isWordStart(next))) {
        ns = SIM_UNKNOWN;
      }
    } else if (state == SIM_STRING || state == SIM_OTHER) {
      char q = state == SIM_STRING ? quote : other;
      if (c == q) {
        if (next == q) {
          np = p + 2;
        } else {
          ns = SIM_CODE;
        }
      } else if (backslash && c == '\\') {
        np = p + 2;
      }
    } else if (state == SIM_LINE) {
      if (c == '\n' || c == '\r') {
        ns = SIM_CODE;
      }
    } else if (c == '*' && next == '/') {
      np = p + 2;
      ns = state + 1; // -depth + 1: 0 (code) when the outermost closes
    } else if (nestedComments && c == '/' && next == '*') {
      np = p + 2;
      ns = state - 1;
    }
    return ((long) Math.min(np, n) << 32) | (ns & 0xFFFFFFFFL);
  }

  /**
   * Whether a double-quoted token at {@code i} stands where no string literal can (directly after
   * FROM, JOIN, INTO, UPDATE or TABLE, or next to a '.'), so it is an identifier even where double
   * quotes are otherwise strings.
   */
  private boolean identifierPosition(int i) {
    if (prev == K_DOT
        || (prev == K_KEYWORD
            && (prevId == SqlKeywords.FROM
                || prevId == SqlKeywords.JOIN
                || prevId == SqlKeywords.INTO
                || prevId == SqlKeywords.UPDATE
                || prevId == SqlKeywords.TABLE
                || prevId == SqlKeywords.STRAIGHT_JOIN))) {
      return userState != 1 && (stmtMode & MODE_CONNECT) == 0;
    }
    int end = string(i + 1, '"', false);
    return end > 0 && end < n && in[end] == '.' && userState != 1 && (stmtMode & MODE_CONNECT) == 0;
  }

  /** The index after a number starting at {@code i} (a digit or a '.' before a digit). */
  private int number(int i) {
    if (in[i] == '0' && i + 2 < n) {
      char x = (char) (in[i + 1] | 0x20);
      if (x == 'x' && isHex(in[i + 2])) {
        i += 2;
        while (i < n && isHex(in[i])) {
          i++;
        }
        return i;
      }
      if (x == 'b' && (in[i + 2] == '0' || in[i + 2] == '1')) {
        i += 2;
        while (i < n && (in[i] == '0' || in[i] == '1')) {
          i++;
        }
        return i;
      }
    }
    i = digits(i);
    if (i < n && in[i] == '.') {
      i = digits(i + 1);
    }
    if (i < n && (in[i] | 0x20) == 'e') {
      int j = i + 1;
      if (j < n && (in[j] == '+' || in[j] == '-')) {
        j++;
      }
      if (j < n && isDigit(in[j])) {
        i = digits(j);
      }
    }
    return i;
  }

  private int digits(int i) {
    while (i < n) {
      char c = in[i];
      if (isDigit(c) || (c == '_' && i + 1 < n && isDigit(in[i + 1]))) {
        i++;
      } else {
        break;
      }
    }
    return i;
  }

  private int dollar(int i, char next) {
    if (next == '$') {
      for (int k = i + 2; k + 1 < n; k++) {
        if (in[k] == '$' && in[k + 1] == '$') {
          return literal(k + 2);
        }
      }
      return literal(n);
    }
    if (isDigit(next)) {
      int j = i + 1;
      while (j < n && isDigit(in[j])) {
        j++;
      }
      return emit(i, j, K_PARAM);
    }
    if (isWordStart(next)) {
      int j = i + 1;
      while (j < n && j - i <= MAX_DOLLAR_TAG + 1 && isTagPart(in[j])) {
        j++;
      }
      if (j < n && in[j] == '$') {
        int tagLen = j + 1 - i;
        if (tagLen > MAX_DOLLAR_TAG) {
          return literal(n);
        }
        return literal(dollarEnd(j + 1, i, tagLen));
      }
      if (j - i > MAX_DOLLAR_TAG) {
        // A tag too long to search for: be safe, everything from here is a literal.
        return literal(n);
      }
    }
    return op(i, K_OP);
  }

  private static boolean isTagPart(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || (c >= 0x80 && Character.isLetterOrDigit(c));
  }

  /** The index after the closing {@code $tag$}; at most 64 comparisons per '$', so linear. */
  private int dollarEnd(int from, int tagStart, int tagLen) {
    for (int k = from; k + tagLen <= n; k++) {
      if (in[k] == '$' && sameRegion(k, tagStart, tagLen)) {
        return k + tagLen;
      }
    }
    return n;
  }

  private boolean sameRegion(int a, int b, int length) {
    for (int k = 0; k < length; k++) {
      if (in[a + k] != in[b + k]) {
        return false;
      }
    }
    return true;
  }

  /** Oracle alternative quoting: {@code i} is the index of the delimiter after {@code q'}. */
  private int qQuote(int i) {
    if (i >= n) {
      return n;
    }
    char open = in[i];
    char close =
        open == '[' ? ']' : open == '{' ? '}' : open == '(' ? ')' : open == '<' ? '>' : open;
    for (int k = i + 1; k + 1 < n; k++) {
      if (in[k] == close && in[k + 1] == '\'') {
        return k + 2;
      }
    }
    return n;
  }

  private static final int NOT_PREFIXED = -2;

  /**
   * When the word {@code s[i, j)} is a literal prefix directly followed by its quote ({@code
   * N'..'}, {@code E'..'}, {@code X'..'}, {@code B'..'}, {@code U&'..'}, {@code q'[..]'}, {@code
   * nq'..'}), the index after the literal (-1 when unterminated); else {@link #NOT_PREFIXED}.
   */
  private int prefixEnd(int i, int j) {
    int len = j - i;
    if (j >= n || len > 2) {
      return NOT_PREFIXED;
    }
    char after = in[j];
    char c0 = (char) (in[i] | 0x20);
    if (after == '\'') {
      if (len == 1) {
        switch (c0) {
          case 'n':
          case 'x':
          case 'b':
            return str(j + 1, '\'');
          case 'e':
            return string(j + 1, '\'', true);
          case 'q':
            return qQuote(j + 1);
          default:
            return NOT_PREFIXED;
        }
      }
      if (c0 == 'n' && (in[i + 1] | 0x20) == 'q') {
        return qQuote(j + 1);
      }
    } else if (after == '&' && len == 1 && c0 == 'u' && j + 1 < n && in[j + 1] == '\'') {
      return str(j + 2, '\'');
    }
    return NOT_PREFIXED;
  }

  private int word(int i) {
    // One loop scans the word, copies it out and hashes it for the keyword lookup (a non-ASCII
    // char rules out every keyword).
    startToken();
    final char[] in = this.in;
    final char[] out = this.out;
    final int n = this.n;
    int o = len;
    char c = in[i];
    out[o++] = c;
    int h = c & 0xDF;
    boolean ascii = c < 0x80;
    int j = i + 1;
    for (; j < n; j++) {
      c = in[j];
      if (c < 0x80) {
        if ((ASCII[c] & WORD_PART) == 0) {
          break;
        }
        h = 31 * h + (c & 0xDF);
      } else if (Character.isLetterOrDigit(c)) {
        ascii = false;
      } else {
        break;
      }
      out[o++] = c;
    }
    if (j < n && j - i <= 2 && (in[j] == '\'' || in[j] == '&')) {
      int prefixed = prefixEnd(i, j);
      if (prefixed != NOT_PREFIXED) {
        // A literal prefix: the whole literal becomes ?, in place of the copied word.
        len = tokStart;
        out[len++] = '?';
        after(K_QMARK);
        return prefixed < 0 ? n : prefixed;
      }
    }
    len = o;
    wordStart = i;
    wordEnd = j;
    code = ascii ? SqlKeywords.lookup(in, i, j, h) : 0;
    if (stmtMode != 0
        && code == 0
        && maskName(tokStart > 0 ? out[tokStart - 1] : ' ')
        && credentialWord() == 0) {
      // A personal name (CREATE USER alice), any unknown word of a CONNECT statement, an
      // unquoted argument of EXEC (T-SQL reads it as a string: EXEC sp_addlogin alice, pw).
      len = tokStart;
      out[len++] = '?';
      after(K_QMARK);
      return j;
    }
    after((code & SqlKeywords.KEYWORD) != 0 ? K_KEYWORD : K_WORD);
    return j;
  }

  /** Whether a name or word (after the char {@code before}) is masked by the statement's rules. */
  private boolean maskName(char before) {
    if (userState == 1 || (stmtMode & MODE_CONNECT) != 0) {
      return true;
    }
    if ((stmtMode & MODE_EXEC) == 0 || depth != 0 || targetState == 1 || targetState == 3) {
      return false;
    }
    return before != '@' && before != ':' && before != '.';
  }

  /** A quoted identifier, kept verbatim; unterminated, it is a literal to the end. */
  private int quoted(int i, char close) {
    int end = string(i + 1, close, false);
    if (end < 0 || (stmtMode != 0 && maskName(space || len == 0 ? ' ' : out[len - 1]))) {
      return literal(end);
    }
    wordStart = i;
    wordEnd = end;
    code = 0;
    return emit(i, end, K_QIDENT);
  }

  /**
   * The token after IDENTIFIED BY (or after its REPLACE) becomes ?, whatever it is: a quoted
   * identifier too, and an unquoted run up to the next space, ';', ',' or ')' (quotes in it
   * honoured). Literals of any kind go through the usual path, which turns them into ? anyway.
   */
  private int secret(int i) {
    char c = in[i];
    identifiedState = 0;
    if (c == '"' || c == '`' || c == '[') {
      int end = c == '"' ? str(i + 1, c) : string(i + 1, c == '[' ? ']' : c, false);
      return secretEnd(end);
    }
    if (!isWordStart(c) && !isDigit(c)) {
      int end = token(i, c, i + 1 < n ? in[i + 1] : 0);
      identifiedState = 3;
      return end;
    }
    int j = i + 1;
    while (j < n && isWordPart(in[j])) {
      j++;
    }
    if (isWord(i, j, "IDENTIFIED")) {
      return token(i, c, i + 1 < n ? in[i + 1] : 0);
    }
    int prefixed = prefixEnd(i, j);
    if (prefixed != NOT_PREFIXED) {
      return secretEnd(prefixed);
    }
    return secretEnd(valueRun(j));
  }

  /**
   * The end of an unquoted value from {@code j}: up to a space, ';', ',' or ')', quotes honoured.
   */
  private int valueRun(int j) {
    while (j < n) {
      char d = in[j];
      if (d <= ' ' || d == ';' || d == ',' || d == ')' || (d >= 0x80 && isSpace(d))) {
        break;
      }
      if (d == '\'' || d == '"' || d == '`') {
        int end = d == '`' ? string(j + 1, d, false) : str(j + 1, d);
        j = end < 0 ? n : end;
      } else if (d == '-' && j + 1 < n && in[j + 1] == '-') {
        break;
      } else if (d == '/' && j + 1 < n && in[j + 1] == '*') {
        break;
      } else {
        j++;
      }
    }
    return j;
  }

  /**
   * The value after a credential option ({@code PASSWORD}, {@code SECRET}, {@code ACCESS_KEY}, ...)
   * becomes ?, quoted or not. An {@code =} (and for a strict option a parenthesis) before it is
   * kept; a reserved word (strict) or any known word (lenient: {@code MASTER KEY ENCRYPTION BY
   * ...}) means there is no value.
   */
  private int credential(int i) {
    int mode = credState;
    credState = 0;
    char c = in[i];
    char next = i + 1 < n ? in[i + 1] : 0;
    if (c == '=' || (c == '(' && mode == CRED_STRICT)) {
      // PASSWORD = x, PASSWORD('x'): the value still follows. A lenient option's parenthesis opens
      // a group of options (CREDENTIALS = (AWS_KEY_ID = ...)), each handled on its own.
      int end = token(i, c, next);
      credState = mode;
      return end;
    }
    if (c == '(' || c == ')' || c == ',' || c == ';' || c == '?' || c == '$') {
      return token(i, c, next);
    }
    if (c == '\'') {
      return literal(str(i + 1, c));
    }
    if (c == '"' || c == '`' || c == '[') {
      int end = c == '"' ? str(i + 1, c) : string(i + 1, c == '[' ? ']' : c, false);
      return literal(end);
    }
    if (isWordStart(c)) {
      int j = i + 1;
      int h = c & 0xDF;
      boolean ascii = c < 0x80;
      while (j < n && isWordPart(in[j])) {
        char d = in[j++];
        h = 31 * h + (d & 0xDF);
        ascii &= d < 0x80;
      }
      int prefixed = prefixEnd(i, j);
      if (prefixed != NOT_PREFIXED) {
        return word(i); // the literal path masks it
      }
      int wordCode = ascii ? SqlKeywords.lookup(in, i, j, h) : 0;
      if (mode == CRED_STRICT && (wordCode & SqlKeywords.ID_MASK) == SqlKeywords.FOR) {
        // PASSWORD FOR user = value: the name is personal, the value after '=' the secret.
        int end = word(i);
        userState = 1;
        credAfterEquals = true;
        return end;
      }
      if (wordCode != 0 && (mode == CRED_LENIENT || isReserved(wordCode))) {
        return word(i);
      }
      if (j < n && in[j] == '(') {
        return word(i); // a function: PASSWORD = PASSWORD('x'), whose argument is armed in turn
      }
    }
    return literal(valueRun(i));
  }

  /** A word after which no credential value can follow. */
  private static boolean isReserved(int wordCode) {
    int id = wordCode & SqlKeywords.ID_MASK;
    return (wordCode & SqlKeywords.CLAUSE) != 0
        || id == SqlKeywords.TO
        || id == SqlKeywords.BY
        || id == SqlKeywords.AS
        || id == SqlKeywords.IN
        || id == SqlKeywords.AND
        || id == SqlKeywords.OR
        || id == SqlKeywords.IDENTIFIED;
  }

  /** CRED_STRICT or CRED_LENIENT when the current word names a credential option, else 0. */
  private int credentialWord() {
    int s = wordStart;
    int e = wordEnd;
    if (endsWith(s, e, "PASSWORD")
        || endsWith(s, e, "PASSWD")
        || endsWith(s, e, "SECRET")
        || endsWith(s, e, "TOKEN")
        || endsWith(s, e, "PASSPHRASE")
        || (e - s == 3 && endsWith(s, e, "PWD"))) {
      return CRED_STRICT;
    }
    if (endsWith(s, e, "KEY") || endsWith(s, e, "KEY_ID") || endsWith(s, e, "CREDENTIALS")) {
      return CRED_LENIENT;
    }
    return 0;
  }

  private boolean endsWith(int start, int end, String upper) {
    int k = end - upper.length();
    if (k < start) {
      return false;
    }
    for (int m = 0; m < upper.length(); m++) {
      if ((in[k + m] & 0xFFDF) != upper.charAt(m)) {
        return false;
      }
    }
    return true;
  }

  private int secretEnd(int end) {
    int next = literal(end);
    identifiedState = 3; // Oracle: IDENTIFIED BY new REPLACE old
    return next;
  }

  private boolean isWord(int start, int end, String upper) {
    if (end - start != upper.length()) {
      return false;
    }
    for (int k = 0; k < upper.length(); k++) {
      if ((in[start + k] & 0xDF) != upper.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  // ---- emitting ---------------------------------------------------------------------------

  private void startToken() {
    tokBefore = len;
    if (space && len > 0) {
      out[len++] = ' ';
    }
    space = false;
    tokStart = len;
  }

  /** Emits {@code ?} for a literal that ends at {@code end} (negative: the input's end). */
  private int literal(int end) {
    startToken();
    out[len++] = '?';
    after(K_QMARK);
    return end < 0 ? n : end;
  }

  private int op(int i, int kind) {
    startToken();
    out[len++] = in[i];
    if (kind == K_OPEN) {
      depth++;
    } else if (kind == K_CLOSE && depth > 0) {
      depth--;
    }
    after(kind);
    return i + 1;
  }

  private int emit(int start, int end, int kind) {
    startToken();
    int length = end - start;
    if (length <= 16) {
      for (int k = start; k < end; k++) {
        out[len++] = in[k];
      }
    } else {
      System.arraycopy(in, start, out, len, length);
      len += length;
    }
    after(kind);
    return end;
  }

  // ---- state machines ---------------------------------------------------------------------

  private void after(int kind) {
    int id = (kind == K_KEYWORD || kind == K_WORD) ? code & SqlKeywords.ID_MASK : 0;
    if (inState != 0 || id == SqlKeywords.IN) {
      collapseInList(kind, id);
    }
    if (valuesState != 0 || id == SqlKeywords.VALUES) {
      dedupValues(kind, id);
    }
    if (identifiedState != 0 || id == SqlKeywords.IDENTIFIED) {
      identified(kind, id);
    }
    if (stmtMode != 0) {
      statementRules(kind, id);
    }
    // Most tokens (literals, operators, identifiers, most keywords) change nothing extracted.
    if (targetState != 0
        || ddlExpectType
        || statementStart
        || kind == K_SEMI
        || cteNameNext
        || (kind == K_KEYWORD && (fromMask != 0 || inWith || (code & SqlKeywords.EXTRACT) != 0))
        || ((fromMask != 0 || inWith) && (kind == K_COMMA || kind == K_CLOSE))) {
      extract(kind, id);
    }
    prev = kind;
    prevId = id;
  }

  /** IDENTIFIED BY x, IDENTIFIED WITH plugin BY|AS x, Oracle's IDENTIFIED BY x REPLACE y. */
  private void identified(int kind, int id) {
    if (id == SqlKeywords.IDENTIFIED) {
      identifiedState = 1;
    } else if ((identifiedState == 1 && id == SqlKeywords.BY)
        || (identifiedState == 3 && id == SqlKeywords.REPLACE)
        || (identifiedState == 5 && (id == SqlKeywords.BY || id == SqlKeywords.AS))) {
      identifiedState = 2;
    } else if (identifiedState == 1 && id == SqlKeywords.WITH) {
      identifiedState = 4;
    } else if (identifiedState == 4
        && (kind == K_WORD || kind == K_KEYWORD || kind == K_QIDENT || kind == K_QMARK)) {
      identifiedState = 5;
    } else {
      identifiedState = 0;
    }
  }

  /**
   * The rules of statements that are not about data: credential options arm {@link #credState}, and
   * the names of users, roles and logins are masked where they stand ({@link #userState}).
   */
  private void statementRules(int kind, int id) {
    if (userState == 2) {
      userState = (kind == K_COMMA && depth == 0) || (kind == K_OP && out[len - 1] == '@') ? 1 : 0;
    } else if (userState == 1) {
      if (kind != K_QMARK
          && id != SqlKeywords.IF
          && id != SqlKeywords.NOT
          && id != SqlKeywords.EXISTS
          && id != SqlKeywords.FOR
          && id != SqlKeywords.MAPPING) {
        userState = 0;
      } else if (kind == K_QMARK) {
        userState = 2;
      }
    }
    if (kind == K_WORD || kind == K_KEYWORD) {
      int mode = stmtMode;
      if (((mode & MODE_CRED) != 0
              && (id == SqlKeywords.USER
                  || id == SqlKeywords.ROLE
                  || id == SqlKeywords.AUTHORIZATION))
          || ((mode & MODE_USERS) != 0 && id == SqlKeywords.TO)
          || ((mode & MODE_CRED) != 0 && id == SqlKeywords.TO && prevId == SqlKeywords.CONNECT)
          || ((mode & (MODE_USERS | MODE_CRED)) != 0
              && id == SqlKeywords.LOGIN
              && (prevId == SqlKeywords.FOR || prevId == SqlKeywords.FROM))
          || ((mode & MODE_GRANTS) != 0
              && depth == 0
              && (id == SqlKeywords.TO || id == SqlKeywords.FROM))) {
        userState = 1;
      }
      if ((mode & MODE_CRED) != 0) {
        int cred = credentialWord();
        if (cred != 0) {
          credState = cred;
        } else if ((mode & MODE_CONNECT) != 0 && id == SqlKeywords.USING) {
          credState = CRED_STRICT;
        }
      }
    } else if (kind == K_OP) {
      char c = out[len - 1];
      if (c == '/' && (stmtMode & MODE_CONNECT) != 0) {
        credState = CRED_STRICT; // CONNECT user/password@db
      } else if (c == '=' && credAfterEquals) {
        credAfterEquals = false;
        credState = CRED_STRICT; // SET PASSWORD FOR user = value
      }
    }
  }

  private void collapseInList(int kind, int id) {
    switch (inState) {
      case 1:
        if (kind == K_OPEN) {
          inState = 2;
          inStart = len;
        } else {
          inState = 0;
        }
        break;
      case 2:
        inState = kind == K_QMARK ? 3 : 0;
        break;
      case 3:
        if (kind == K_COMMA) {
          inState = 2;
        } else {
          if (kind == K_CLOSE) {
            len = inStart;
            out[len++] = '?';
            out[len++] = ')';
          }
          inState = 0;
        }
        break;
      default:
        break;
    }
    if (id == SqlKeywords.IN) {
      inState = 1;
    }
  }

  private void dedupValues(int kind, int id) {
    switch (valuesState) {
      case 1:
        if (kind == K_OPEN) {
          valuesState = 2;
          valuesDepth = depth;
          firstTupleStart = -1;
          tupleStart = tokStart;
        } else {
          valuesState = 0;
        }
        break;
      case 2:
        if (kind == K_CLOSE && depth == valuesDepth - 1) {
          int end = len;
          if (firstTupleStart < 0) {
            firstTupleStart = tupleStart;
            firstTupleEnd = end;
          } else if (sameIgnoringSpaces(firstTupleStart, firstTupleEnd, tupleStart, end)) {
            len = commaPos;
          }
          valuesState = 3;
        }
        break;
      case 3:
        if (kind == K_COMMA) {
          commaPos = tokBefore;
          valuesState = 4;
        } else {
          valuesState = 0;
        }
        break;
      case 4:
        if (kind == K_OPEN) {
          tupleStart = tokStart;
          valuesState = 2;
        } else {
          valuesState = 0;
        }
        break;
      default:
        break;
    }
    if (id == SqlKeywords.VALUES) {
      valuesState = 1;
    }
  }

  private boolean sameIgnoringSpaces(int a, int aEnd, int b, int bEnd) {
    while (true) {
      while (a < aEnd && out[a] == ' ') {
        a++;
      }
      while (b < bEnd && out[b] == ' ') {
        b++;
      }
      if (a == aEnd || b == bEnd) {
        return a == aEnd && b == bEnd;
      }
      if (out[a++] != out[b++]) {
        return false;
      }
    }
  }

  // ---- extraction -------------------------------------------------------------------------

  private void extract(int kind, int id) {
    if (kind == K_SEMI) {
      finishName();
      statementStart = true;
      statementOp = 0;
      targetState = 0;
      fromMask = 0;
      ddlExpectType = false;
      awaitMainOp = false;
      inWith = false;
      cteNameNext = false;
      stmtMode = 0;
      credState = 0;
      userState = 0;
      credAfterEquals = false;
      return;
    }
    boolean nameToken = kind == K_WORD || kind == K_KEYWORD || kind == K_QIDENT;
    if (cteNameNext) {
      if (id == SqlKeywords.RECURSIVE) {
        return;
      }
      cteNameNext = false;
      if (nameToken && looksLikeCte(wordEnd)) {
        addCteName(kind);
        if (!inWith) {
          inWith = true; // a WITH inside the statement (CREATE VIEW v AS WITH x AS ...)
          withDepth = depth;
        }
        return;
      }
    }
    if (targetState == 2) {
      if (kind == K_DOT) {
        name().append('.');
        targetState = 3;
        tableTentative = false;
        return;
      }
      if (kind == K_OP && out[len - 1] == '@') {
        name().append('@'); // Oracle database link: users@remote_db
        targetState = 3;
        tableTentative = false;
        return;
      }
      if (tableTentative) {
        // TABLE was a keyword after all when a name follows it (TRUNCATE TABLE t).
        tableTentative = false;
        if (kind == K_WORD || kind == K_QIDENT || (kind == K_KEYWORD && !isStructural(id, code))) {
          if (statementOp == SqlKeywords.TRUNCATE) {
            appendSummary("TABLE");
          }
          name().setLength(0);
          appendNamePart(kind);
          return;
        }
        if (kind == K_OPEN) {
          // TABLE(expression): a table function, no name.
          targetState = 0;
          if (targetInFrom) {
            anonymousTable = true;
          }
          return;
        }
      }
      finishName();
      if ((fromMask & bit(depth)) != 0 && kind == K_WORD) {
        return; // an alias
      }
    } else if (targetState == 3) {
      if (nameToken) {
        appendNamePart(kind);
        targetState = 2;
        return;
      }
      finishName();
    } else if (targetState == 1) {
      int flags = kind == K_KEYWORD ? code : 0;
      if ((flags & SqlKeywords.SKIP) != 0) {
        return;
      }
      if (kind == K_WORD || kind == K_QIDENT || (kind == K_KEYWORD && !isStructural(id, flags))) {
        name().setLength(0);
        appendNamePart(kind);
        targetState = 2;
        tableTentative = id == SqlKeywords.TABLE && kind == K_KEYWORD && !kindTarget;
        return;
      }
      if (kind == K_OPEN && targetInFrom) {
        anonymousTable = true;
      }
      targetState = 0;
    }
    if (ddlExpectType) {
      ddlExpectType = false;
      if (kind == K_KEYWORD && (code & SqlKeywords.DDL_MODIFIER) != 0) {
        ddlExpectType = true;
        return;
      }
      if (kind == K_WORD || kind == K_KEYWORD) {
        appendSummaryUpper(wordStart, wordEnd);
        objectKind(id);
        expectTarget(id == SqlKeywords.TABLE, false);
        kindTarget = true;
        return;
      }
    }
    if (kind == K_CLOSE) {
      fromMask &= bit(depth + 1) - 1; // FROM lists deeper than here are closed
      return;
    }
    if (kind == K_COMMA) {
      if ((fromMask & bit(depth)) != 0) {
        expectTarget(true, true);
      } else if (inWith && depth == withDepth) {
        cteNameNext = true;
      }
      return;
    }
    if (kind != K_WORD && kind != K_KEYWORD) {
      return;
    }
    if (statementStart) {
      statementStart = false;
      stmtMode = (code & SqlKeywords.DATA) != 0 ? 0 : MODE_CRED;
      if (id == SqlKeywords.CONNECT) {
        stmtMode |= MODE_CONNECT;
      } else if (id == SqlKeywords.GRANT || id == SqlKeywords.REVOKE) {
        stmtMode |= MODE_GRANTS;
      } else if (id == SqlKeywords.EXEC || id == SqlKeywords.EXECUTE) {
        stmtMode = MODE_EXEC;
      }
      if (id == SqlKeywords.WITH) {
        awaitMainOp = operation == null;
        withDepth = depth;
        inWith = true;
        cteNameNext = true;
        return;
      }
      if (operation == null) {
        operation = operationName(id);
      }
      beginOperation(id);
      return;
    }
    if (kind != K_KEYWORD
        || statementOp == SqlKeywords.GRANT
        || statementOp == SqlKeywords.REVOKE) {
      return;
    }
    if ((code & SqlKeywords.CLAUSE) != 0 && !(id == SqlKeywords.WITH && tableHint(wordEnd))) {
      fromMask &= ~bit(depth);
    }
    switch (id) {
      case SqlKeywords.WITH:
        cteNameNext = true;
        break;
      case SqlKeywords.SELECT:
        endWith();
        mainOperation(id);
        appendSummaryUpper(wordStart, wordEnd);
        break;
      case SqlKeywords.INSERT:
      case SqlKeywords.UPDATE:
      case SqlKeywords.DELETE:
      case SqlKeywords.MERGE:
        if (prev == K_OPEN || prev == K_CLOSE) {
          endWith();
          mainOperation(id);
          beginOperation(id);
        }
        break;
      case SqlKeywords.FROM:
        if (depth < 64) {
          fromMask |= bit(depth);
        }
        expectTarget(true, true);
        break;
      case SqlKeywords.JOIN:
      case SqlKeywords.STRAIGHT_JOIN:
        expectTarget(true, true);
        break;
      case SqlKeywords.USING:
        // MERGE's source is read, not targeted: it joins the summary, not the collection.
        if (statementOp == SqlKeywords.MERGE) {
          expectTarget(false, false);
        } else if (statementOp == SqlKeywords.DELETE) {
          expectTarget(true, false);
        }
        break;
      default:
        break;
    }
  }

  /** Whether WITH ending at {@code end} opens a table hint: {@code FROM t WITH (NOLOCK), u}. */
  private boolean tableHint(int end) {
    int k = end;
    while (k < n && in[k] <= ' ') {
      k++;
    }
    return k < n && in[k] == '(';
  }

  /** Whether a name ending at {@code end} is followed by AS or '(': a common table expression. */
  private boolean looksLikeCte(int end) {
    int k = end;
    while (k < n && in[k] <= ' ') {
      k++;
    }
    if (k < n && in[k] == '(') {
      return true;
    }
    return k + 2 <= n
        && (in[k] | 0x20) == 'a'
        && (in[k + 1] | 0x20) == 's'
        && (k + 2 == n || !isWordPart(in[k + 2]));
  }

  private void endWith() {
    if (inWith && depth == withDepth) {
      inWith = false;
    }
  }

  private static long bit(int depth) {
    return depth < 64 ? 1L << depth : 0;
  }

  /** After CREATE/ALTER/DROP: a data object turns the credential rules off, a user kind masks. */
  private void objectKind(int id) {
    if ((code & SqlKeywords.DATA) != 0) {
      stmtMode = 0;
      credState = 0;
    }
    if (id == SqlKeywords.USER
        || id == SqlKeywords.ROLE
        || id == SqlKeywords.LOGIN
        || id == SqlKeywords.GROUP) {
      stmtMode |= MODE_USERS;
      userState = 1;
    }
  }

  private void addCteName(int kind) {
    String[] names = cteNames;
    if (names == null) {
      names = new String[4];
      cteNames = names;
    } else if (cteCount == names.length) {
      if (cteCount >= 64) {
        return;
      }
      names = java.util.Arrays.copyOf(names, cteCount * 2);
      cteNames = names;
    }
    int s = wordStart;
    int e = wordEnd;
    if (kind == K_QIDENT) {
      s++;
      e--;
    }
    names[cteCount++] = new String(in, s, e - s);
  }

  private boolean isCteName(CharSequence name) {
    String[] names = cteNames;
    for (int k = 0; k < cteCount; k++) {
      String cte = names == null ? null : names[k];
      if (cte != null
          && cte.length() == name.length()
          && cte.regionMatches(true, 0, name.toString(), 0, cte.length())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isStructural(int id, int flags) {
    return (flags & SqlKeywords.CLAUSE) != 0
        || id == SqlKeywords.JOIN
        || id == SqlKeywords.STRAIGHT_JOIN
        || id == SqlKeywords.AS
        || id == SqlKeywords.INSERT
        || id == SqlKeywords.UPDATE
        || id == SqlKeywords.DELETE;
  }

  private void mainOperation(int id) {
    if (awaitMainOp && depth == withDepth) {
      operation = SqlKeywords.name(id);
      awaitMainOp = false;
    }
  }

  private @Nullable String operationName(int id) {
    if (id != 0) {
      return SqlKeywords.name(id);
    }
    int len = wordEnd - wordStart;
    if (len > MAX_OPERATION) {
      return null;
    }
    for (int k = wordStart; k < wordEnd; k++) {
      char c = in[k];
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')) {
        return null;
      }
    }
    return new String(in, wordStart, wordEnd - wordStart).toUpperCase(Locale.ROOT);
  }

  private void beginOperation(int id) {
    statementOp = id;
    if (!isOperationWord()) {
      return;
    }
    appendSummaryUpper(wordStart, wordEnd);
    switch (id) {
      case SqlKeywords.INSERT:
      case SqlKeywords.REPLACE:
      case SqlKeywords.UPSERT:
      case SqlKeywords.UPDATE:
      case SqlKeywords.DELETE:
      case SqlKeywords.MERGE:
      case SqlKeywords.TRUNCATE:
        expectTarget(true, false);
        break;
      case SqlKeywords.CALL:
      case SqlKeywords.EXEC:
      case SqlKeywords.EXECUTE:
        expectTarget(false, false);
        break;
      case SqlKeywords.CREATE:
      case SqlKeywords.DROP:
      case SqlKeywords.ALTER:
        ddlExpectType = true;
        break;
      default:
        break;
    }
  }

  private boolean isOperationWord() {
    int len = wordEnd - wordStart;
    if (len > MAX_OPERATION) {
      return false;
    }
    for (int k = wordStart; k < wordEnd; k++) {
      char c = in[k];
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')) {
        return false;
      }
    }
    return true;
  }

  private void expectTarget(boolean collection, boolean inFrom) {
    targetState = 1;
    kindTarget = false;
    tableTentative = false;
    targetIsCollection = collection;
    targetInFrom = inFrom;
  }

  private StringBuilder name() {
    return name;
  }

  private void appendNamePart(int kind) {
    StringBuilder b = name();
    if (kind != K_QIDENT) {
      b.append(in, wordStart, wordEnd - wordStart);
      return;
    }
    char close = in[wordEnd - 1];
    for (int k = wordStart + 1; k < wordEnd - 1; k++) {
      char c = in[k];
      b.append(c);
      if (c == close) {
        k++; // a doubled closing quote stands for one
      }
    }
  }

  private void finishName() {
    if (targetState != 2 && targetState != 3) {
      targetState = 0;
      return;
    }
    targetState = 0;
    tableTentative = false;
    StringBuilder b = name();
    if (b.length() == 0 || (cteCount > 0 && isCteName(b))) {
      return; // nothing, or a common table expression's name: not a table
    }
    if (targetIsCollection) {
      collections++;
      if (collections == 1) {
        firstCollection = b.toString();
      }
    }
    appendSummary(b);
  }

  private void appendSummaryUpper(int start, int end) {
    StringBuilder b = summaryFor(end - start);
    if (b == null) {
      return;
    }
    for (int k = start; k < end; k++) {
      char c = in[k];
      b.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
    }
  }

  private void appendSummary(CharSequence text) {
    StringBuilder b = summaryFor(text.length());
    if (b != null) {
      b.append(text);
    }
  }

  /** The summary, with a separating space added, when a part of this length still fits. */
  private @Nullable StringBuilder summaryFor(int partLength) {
    if (summaryFull) {
      return null;
    }
    StringBuilder b = summary;
    int needed = (b.length() > 0 ? 1 : 0) + partLength;
    if (b.length() + needed > SUMMARY_MAX) {
      summaryFull = true;
      return null;
    }
    if (b.length() > 0) {
      b.append(' ');
    }
    return b;
  }

  private SanitizedSql finish() {
    finishName();
    if (awaitMainOp && operation == null) {
      operation = "WITH";
    }
    int end = len;
    if (end > cap) {
      end = cap;
      if (end > 0 && Character.isHighSurrogate(out[end - 1])) {
        end--;
      }
    }
    while (end > 0 && out[end - 1] == ' ') {
      end--;
    }
    String collection = collections == 1 && !anonymousTable ? firstCollection : null;
    StringBuilder b = summary;
    return new SanitizedSql(
        new String(out, 0, end), operation, collection, b.length() == 0 ? "" : b.toString());
  }
}

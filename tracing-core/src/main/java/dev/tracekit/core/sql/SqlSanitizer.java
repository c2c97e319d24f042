package dev.tracekit.core.sql;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Turns SQL statements into exportable text: every literal value becomes {@code ?}, comments are
 * removed, and the operation, collection and summary are extracted. Never throws.
 *
 * <p>PLACEHOLDER implementation: the full lexer arrives with the SQL-sanitization issue. This one
 * is deliberately conservative (it keeps only the first keyword) so that nothing leaks meanwhile.
 */
public final class SqlSanitizer {
  private SqlSanitizer() {}

  /**
   * Sanitizes a statement of an unknown dialect.
   *
   * @param sql the statement; may be null
   * @return the sanitized statement; empty for null
   */
  public static SanitizedSql sanitize(@Nullable String sql) {
    return sanitize(sql, SqlDialect.UNKNOWN);
  }

  /**
   * Sanitizes a statement with the lexical rules of a dialect.
   *
   * @param sql the statement; may be null
   * @param dialect the dialect; null means {@link SqlDialect#UNKNOWN}
   * @return the sanitized statement; empty for null
   */
  public static SanitizedSql sanitize(@Nullable String sql, @Nullable SqlDialect dialect) {
    if (sql == null || sql.isBlank()) {
      return SanitizedSql.empty();
    }
    String trimmed = sql.trim();
    int end = 0;
    while (end < trimmed.length() && Character.isLetter(trimmed.charAt(end))) {
      end++;
    }
    String op = end == 0 ? null : trimmed.substring(0, end).toUpperCase(Locale.ROOT);
    return new SanitizedSql(op == null ? "?" : op + " ?", op, null, op == null ? "" : op);
  }
}

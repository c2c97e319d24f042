package dev.tracekit.core.sql;

import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.core.sql.internal.StatementCache;
import org.jspecify.annotations.Nullable;

/**
 * Turns SQL statements into exportable text: every literal value becomes {@code ?}, and so do
 * credentials after options such as {@code PASSWORD} and the names of users, roles and logins;
 * comments are removed, IN lists and repeated VALUES tuples collapse, and the operation, collection
 * and summary are extracted. One linear pass over the text; results of statements up to 16 KiB are
 * cached. Never throws.
 *
 * <p>The static methods use a shared default instance (32 KiB output cap, 1,024 cached statements);
 * {@link #builder()} makes an instance with other limits.
 */
public final class SqlSanitizer {
  /** The default cap on the length of {@link SanitizedSql#query()}: 32 KiB. */
  public static final int DEFAULT_MAX_QUERY_LENGTH = 32 * 1024;

  /** The default number of cached statements: 1,024. */
  public static final int DEFAULT_CACHE_SIZE = 1024;

  /** The default length of the longest statement cached: 16 KiB. */
  public static final int DEFAULT_MAX_CACHED_STATEMENT_LENGTH = 16 * 1024;

  /** Statements up to this many chars are lexed in per-thread buffers (2 x 16 KiB at most). */
  private static final int MAX_REUSED_BUFFER = 8192;

  /** A table name builder grown past this many chars is not kept for the next call. */
  private static final int MAX_REUSED_NAME = 1024;

  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);
  private static final SqlSanitizer DEFAULT = builder().build();
  private static final SanitizedSql FAILED = new SanitizedSql("?", null, null, "");

  private final int maxQueryLength;
  private final @Nullable StatementCache<SanitizedSql> cache;

  private SqlSanitizer(Builder builder) {
    this.maxQueryLength = builder.maxQueryLength;
    this.cache =
        builder.cacheSize == 0
            ? null
            : new StatementCache<>(builder.cacheSize, builder.maxCachedStatementLength);
  }

  /**
   * Sanitizes a statement of an unknown dialect: double quotes are strings (identifiers where no
   * string can stand, as after FROM), and a string with a backslash before a quote is masked as far
   * as either reading of the backslash makes it run.
   *
   * @param sql the statement; may be null
   * @return the sanitized statement; empty for null
   */
  public static SanitizedSql sanitize(@Nullable String sql) {
    return DEFAULT.apply(sql, SqlDialect.UNKNOWN);
  }

  /**
   * Sanitizes a statement with the lexical rules of a dialect.
   *
   * @param sql the statement; may be null
   * @param dialect the dialect; null means {@link SqlDialect#UNKNOWN}
   * @return the sanitized statement; empty for null
   */
  public static SanitizedSql sanitize(@Nullable String sql, @Nullable SqlDialect dialect) {
    return DEFAULT.apply(sql, dialect);
  }

  /**
   * A builder for a sanitizer with its own output cap and cache.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sanitizes a statement of an unknown dialect with this instance's limits.
   *
   * @param sql the statement; may be null
   * @return the sanitized statement; empty for null
   */
  public SanitizedSql apply(@Nullable String sql) {
    return apply(sql, SqlDialect.UNKNOWN);
  }

  /**
   * Sanitizes a statement with the lexical rules of a dialect and this instance's limits.
   *
   * @param sql the statement; may be null
   * @param dialect the dialect; null means {@link SqlDialect#UNKNOWN}
   * @return the sanitized statement; empty for null
   */
  public SanitizedSql apply(@Nullable String sql, @Nullable SqlDialect dialect) {
    if (sql == null || sql.isEmpty()) {
      return SanitizedSql.empty();
    }
    SqlDialect d = dialect == null ? SqlDialect.UNKNOWN : dialect;
    StatementCache<SanitizedSql> c = cache;
    if (c != null) {
      SanitizedSql cached = c.get(sql, d);
      if (cached != null) {
        return cached;
      }
    }
    SanitizedSql result;
    try {
      int n = sql.length();
      char[] in;
      char[] out;
      Buffers buffers = BUFFERS.get();
      if (n <= MAX_REUSED_BUFFER) {
        if (buffers.in.length < n) {
          int size = Math.min(MAX_REUSED_BUFFER, Math.max(n, buffers.in.length * 2));
          buffers.in = new char[size];
          buffers.out = new char[size + 2];
        }
        in = buffers.in;
        out = buffers.out;
      } else {
        in = new char[n];
        out = new char[n + 2];
      }
      sql.getChars(0, n, in, 0);
      StringBuilder name = buffers.name;
      StringBuilder summary = buffers.summary;
      name.setLength(0);
      summary.setLength(0);
      result = new SqlLexer(in, n, out, d, maxQueryLength, name, summary).run();
      if (name.capacity() > MAX_REUSED_NAME) {
        buffers.name = new StringBuilder(64); // a huge identifier: do not keep its buffer
      }
    } catch (Throwable t) {
      Diagnostics.propagateIfFatal(t);
      Diagnostics.reportOnce(
          "sql-sanitizer-failure",
          "SQL sanitizer failed on a statement of "
              + sql.length()
              + " chars; exporting '?' instead",
          t);
      return FAILED;
    }
    if (c != null) {
      c.put(sql, d, result);
    }
    return result;
  }

  /**
   * A thread's reusable input and output buffers and name and summary builders: a cache miss
   * allocates only its results.
   */
  private static final class Buffers {
    char[] in = new char[512];
    char[] out = new char[514];
    StringBuilder name = new StringBuilder(64);
    final StringBuilder summary = new StringBuilder(SqlLexer.SUMMARY_MAX + 1);
  }

  /** Configures a {@link SqlSanitizer}. */
  public static final class Builder {
    private int maxQueryLength = DEFAULT_MAX_QUERY_LENGTH;
    private int cacheSize = DEFAULT_CACHE_SIZE;
    private int maxCachedStatementLength = DEFAULT_MAX_CACHED_STATEMENT_LENGTH;

    Builder() {}

    /**
     * Caps the length of {@link SanitizedSql#query()}; longer output is cut.
     *
     * @param maxQueryLength the cap in chars, at least 16
     * @return this builder
     * @throws IllegalArgumentException when below 16
     */
    public Builder maxQueryLength(int maxQueryLength) {
      if (maxQueryLength < 16) {
        throw new IllegalArgumentException("maxQueryLength must be at least 16: " + maxQueryLength);
      }
      this.maxQueryLength = maxQueryLength;
      return this;
    }

    /**
     * Sets how many statements the cache keeps (first in, first out); 0 disables it.
     *
     * @param cacheSize the number of entries, 0 or more
     * @return this builder
     * @throws IllegalArgumentException when negative
     */
    public Builder cacheSize(int cacheSize) {
      if (cacheSize < 0) {
        throw new IllegalArgumentException("cacheSize must not be negative: " + cacheSize);
      }
      this.cacheSize = cacheSize;
      return this;
    }

    /**
     * Sets the length of the longest statement cached; longer ones are sanitized on every call.
     *
     * @param maxCachedStatementLength the length in chars, 0 or more
     * @return this builder
     * @throws IllegalArgumentException when negative
     */
    public Builder maxCachedStatementLength(int maxCachedStatementLength) {
      if (maxCachedStatementLength < 0) {
        throw new IllegalArgumentException(
            "maxCachedStatementLength must not be negative: " + maxCachedStatementLength);
      }
      this.maxCachedStatementLength = maxCachedStatementLength;
      return this;
    }

    /**
     * Builds the sanitizer.
     *
     * @return a new sanitizer
     */
    public SqlSanitizer build() {
      return new SqlSanitizer(this);
    }
  }
}

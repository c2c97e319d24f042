package dev.tracekit.jdbc.internal;

import dev.tracekit.core.sql.SanitizedSql;
import dev.tracekit.core.sql.SqlDialect;
import dev.tracekit.core.sql.SqlSanitizer;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * What is known about the database behind one connection, computed once per connection (or once per
 * data source): the system, its SQL dialect, the namespace and the server address. Its values are
 * immutable; it also holds a bounded cache of the statements recorded on that database.
 *
 * <p>Internal: not API.
 */
public final class DbInfo {
  /** Nothing known: {@code other_sql}, no namespace, no server. */
  public static final DbInfo UNKNOWN = new DbInfo(SqlDialect.UNKNOWN, null, null, -1);

  private final SqlDialect dialect;
  private final @Nullable String namespace;
  private final @Nullable String serverAddress;
  private final long serverPort;
  private final ConcurrentHashMap<String, QueryInfo> queries = new ConcurrentHashMap<>();

  DbInfo(
      SqlDialect dialect,
      @Nullable String namespace,
      @Nullable String serverAddress,
      long serverPort) {
    this.dialect = dialect;
    this.namespace = emptyToNull(namespace);
    this.serverAddress = emptyToNull(serverAddress);
    this.serverPort = this.serverAddress == null ? -1 : serverPort;
  }

  /**
   * Creates an info; for tests and the transaction helper.
   *
   * @param dialect the dialect (gives {@code db.system.name})
   * @param namespace the namespace, or null
   * @param serverAddress the server host, or null
   * @param serverPort the port, or -1
   * @return the info
   */
  public static DbInfo of(
      SqlDialect dialect,
      @Nullable String namespace,
      @Nullable String serverAddress,
      long serverPort) {
    return new DbInfo(dialect, namespace, serverAddress, serverPort);
  }

  private static @Nullable String emptyToNull(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /**
   * The {@code db.system.name} value.
   *
   * @return the system name
   */
  public String systemName() {
    return dialect.dbSystemName();
  }

  /**
   * The dialect used to sanitize this database's SQL.
   *
   * @return the dialect
   */
  public SqlDialect dialect() {
    return dialect;
  }

  /**
   * The {@code db.namespace} value.
   *
   * @return the namespace, or null
   */
  public @Nullable String namespace() {
    return namespace;
  }

  /**
   * The {@code server.address} value.
   *
   * @return the address, or null
   */
  public @Nullable String serverAddress() {
    return serverAddress;
  }

  /**
   * The {@code server.port} value.
   *
   * @return the port, or -1 when unknown
   */
  public long serverPort() {
    return serverPort;
  }

  /** At most this many statements are cached per database; the cache is cleared when full. */
  static final int MAX_CACHED_QUERIES = 1024;

  /**
   * The recorded form of a statement on this database, sanitized with its dialect; cached.
   *
   * @param sql the statement as the application wrote it
   * @return the query info
   */
  public QueryInfo query(@Nullable String sql) {
    String key = sql == null ? "" : sql;
    QueryInfo q = queries.get(key);
    if (q == null) {
      SanitizedSql sanitized = SqlSanitizer.sanitize(key, dialect);
      q = QueryInfo.of(this, sanitized, sanitized.query());
      if (key.length() > SqlSanitizer.DEFAULT_MAX_CACHED_STATEMENT_LENGTH) {
        return q; // huge one-off statements (bulk inserts) are not kept alive
      }
      if (queries.size() >= MAX_CACHED_QUERIES) {
        queries.clear();
      }
      queries.put(key, q);
    }
    return q;
  }

  /**
   * The recorded form of a prepared statement whose text is kept as written (parameterized text,
   * {@code setSanitizePreparedStatements(false)}); only the summary comes from the sanitizer.
   *
   * @param sql the statement as the application wrote it
   * @return the query info
   */
  public QueryInfo preparedUnsanitized(@Nullable String sql) {
    String key = sql == null ? "" : sql;
    return QueryInfo.of(this, SqlSanitizer.sanitize(key, dialect), key);
  }

  private @Nullable QueryInfo commit;
  private @Nullable QueryInfo rollback;

  /**
   * The recorded form of {@code commit()} or {@code rollback()}: name, operation, summary and text
   * all {@code COMMIT} or {@code ROLLBACK}, independent of the sanitizer.
   *
   * @param commit true for a commit, false for a rollback
   * @return the query info
   */
  public QueryInfo transactionEnd(boolean commit) {
    QueryInfo q = commit ? this.commit : this.rollback;
    if (q == null) {
      String op = commit ? "COMMIT" : "ROLLBACK";
      q = new QueryInfo(this, op, op, null, op, 0);
      if (commit) {
        this.commit = q;
      } else {
        this.rollback = q;
      }
    }
    return q;
  }

  DbInfo withDialect(SqlDialect d) {
    return new DbInfo(d, namespace, serverAddress, serverPort);
  }

  DbInfo withNamespace(@Nullable String ns) {
    return new DbInfo(dialect, ns, serverAddress, serverPort);
  }

  @Override
  public String toString() {
    return "DbInfo{system="
        + systemName()
        + ", namespace="
        + namespace
        + ", server="
        + serverAddress
        + ":"
        + serverPort
        + "}";
  }
}

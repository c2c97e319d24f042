package dev.tracekit.jdbc.internal;

import dev.tracekit.core.sql.SanitizedSql;
import dev.tracekit.core.sql.SqlDialect;
import dev.tracekit.core.sql.SqlSanitizer;
import dev.tracekit.jdbc.DbQueryView;
import dev.tracekit.jdbc.JdbcConvention;
import io.opentelemetry.api.common.Attributes;
import org.jspecify.annotations.Nullable;

/**
 * One statement as it will be recorded on one database: sanitized text, operation, collection,
 * summary, span name and the pre-built span and metric attributes. Built once per prepared
 * statement (or per executed SQL string) so that an execution allocates almost nothing. Immutable.
 *
 * <p>Internal: not API.
 */
public final class QueryInfo implements DbQueryView {
  final DbInfo db;
  final String queryText;
  final @Nullable String operation;
  final @Nullable String collection;
  final String summary;
  final long batchSize;
  final String spanName;
  final Attributes spanAttributes;
  final Attributes metricAttributes;

  QueryInfo(
      DbInfo db,
      String queryText,
      @Nullable String operation,
      @Nullable String collection,
      String summary,
      long batchSize) {
    this.db = db;
    this.queryText = queryText;
    this.operation = operation;
    this.collection = collection;
    this.summary = summary;
    this.batchSize = batchSize;
    this.spanName = JdbcConvention.DEFAULT.spanName(this);
    this.spanAttributes = JdbcConventions.spanAttributes(this);
    this.metricAttributes = JdbcConventions.metricAttributes(this, null).build();
  }

  /**
   * The recorded form of a statement: {@code db.operation.name} and {@code db.collection.name} are
   * not parsed out of the text (the conventions reserve parsing for {@code db.query.summary}).
   *
   * @param db the database
   * @param sql the sanitized statement
   * @param text the {@code db.query.text} to record
   * @return the query info
   */
  static QueryInfo of(DbInfo db, SanitizedSql sql, String text) {
    return new QueryInfo(db, text, null, null, JdbcConventions.summary(sql.summary()), 0);
  }

  /**
   * The recorded form of a data access that does not go through JDBC ({@code traceQuery}).
   *
   * @param dialect the database's dialect
   * @param operation the operation name given by the caller
   * @param sql the statement, or null
   * @return the query info
   */
  public static QueryInfo forHelper(SqlDialect dialect, String operation, @Nullable String sql) {
    DbInfo db = DbInfo.of(dialect, null, null, -1);
    if (sql == null) {
      return new QueryInfo(db, "", operation, null, "", 0);
    }
    SanitizedSql s = SqlSanitizer.sanitize(sql, dialect);
    return new QueryInfo(db, s.query(), operation, null, JdbcConventions.summary(s.summary()), 0);
  }

  /**
   * The span name.
   *
   * @return the name
   */
  public String spanName() {
    return spanName;
  }

  @Override
  public String systemName() {
    return db.systemName();
  }

  @Override
  public @Nullable String namespace() {
    return db.namespace();
  }

  @Override
  public String summary() {
    return summary;
  }

  @Override
  public @Nullable String operationName() {
    return operation;
  }

  @Override
  public @Nullable String collectionName() {
    return collection;
  }

  @Override
  public @Nullable String serverAddress() {
    return db.serverAddress();
  }

  @Override
  public long serverPort() {
    return db.serverPort();
  }

  @Override
  public long batchSize() {
    return batchSize;
  }

  /**
   * The sanitized text.
   *
   * @return the {@code db.query.text} value
   */
  @Override
  public String queryText() {
    return queryText;
  }
}

package dev.tracekit.jdbc.internal;

import dev.tracekit.api.support.BoundedValues;
import dev.tracekit.core.sql.SqlDialect;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.semconv.DbAttributes;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The database semantic conventions as TraceKit applies them to JDBC: span names, span and metric
 * attributes, and the status code of a failure. Apart from the recording code ({@link
 * JdbcInstrumenter}).
 *
 * <p>Internal: not API.
 */
public final class JdbcConventions {
  private JdbcConventions() {}

  /** First words a SQL statement (and so a query summary) can start with. */
  private static final java.util.Set<String> STATEMENTS =
      java.util.Set.of(
          "SELECT",
          "INSERT",
          "UPDATE",
          "DELETE",
          "MERGE",
          "UPSERT",
          "REPLACE",
          "CALL",
          "EXEC",
          "EXECUTE",
          "WITH",
          "VALUES",
          "TABLE",
          "CREATE",
          "ALTER",
          "DROP",
          "TRUNCATE",
          "RENAME",
          "COMMENT",
          "GRANT",
          "REVOKE",
          "BEGIN",
          "START",
          "COMMIT",
          "ROLLBACK",
          "SAVEPOINT",
          "RELEASE",
          "SET",
          "SHOW",
          "DESCRIBE",
          "DESC",
          "EXPLAIN",
          "ANALYZE",
          "VACUUM",
          "LOCK",
          "UNLOCK",
          "COPY",
          "DECLARE",
          "FETCH",
          "CLOSE",
          "OPEN",
          "MOVE",
          "PREPARE",
          "DEALLOCATE",
          "USE",
          "LOAD",
          "OPTIMIZE",
          "CHECK",
          "REPAIR",
          "FLUSH",
          "RESET",
          "LISTEN",
          "NOTIFY",
          "UNLISTEN",
          "DO",
          "HANDLER",
          "REINDEX",
          "CLUSTER",
          "REFRESH",
          "IMPORT",
          "BATCH");

  /**
   * The {@code db.query.summary} to record: the sanitizer's summary when it starts with a SQL
   * statement keyword, else none, so that an invalid statement ({@code SELEC * FROM items}) is not
   * named as if it were understood.
   *
   * @param summary the sanitizer's summary
   * @return the summary, or the empty string
   */
  static String summary(String summary) {
    if (summary.isEmpty()) {
      return summary;
    }
    int space = summary.indexOf(' ');
    String first = space < 0 ? summary : summary.substring(0, space);
    return STATEMENTS.contains(first.toUpperCase(java.util.Locale.ROOT)) ? summary : "";
  }

  /**
   * The recorded form of a batch: {@code BATCH {operation}} and {@code BATCH {summary}} when all
   * statements share them, the collection when all share it, the distinct texts joined with {@code
   * "; "}, and the batch size. A batch of one is recorded as that single statement.
   *
   * @param db the database
   * @param members the distinct statements of the batch (may be empty when unknown)
   * @param size the number of statements in the batch
   * @return the query info
   */
  public static QueryInfo batch(DbInfo db, List<QueryInfo> members, long size) {
    if (members.size() == 1 && size <= 1) {
      return members.get(0);
    }
    String operation = null;
    String collection = null;
    String summary = "";
    StringBuilder text = new StringBuilder();
    if (!members.isEmpty()) {
      QueryInfo first = members.get(0);
      boolean sameOperation = first.operation != null;
      boolean sameCollection = first.collection != null;
      boolean sameSummary = !first.summary.isEmpty();
      for (QueryInfo m : members) {
        sameOperation &= Objects.equals(m.operation, first.operation);
        sameCollection &= Objects.equals(m.collection, first.collection);
        sameSummary &= m.summary.equals(first.summary);
        if (!m.queryText.isEmpty()) {
          if (text.length() > 0) {
            text.append("; ");
          }
          text.append(m.queryText);
        }
      }
      operation = sameOperation ? "BATCH " + first.operation : "BATCH";
      collection = sameCollection ? first.collection : null;
      summary = sameSummary ? "BATCH " + first.summary : "";
    } else {
      operation = "BATCH";
    }
    return new QueryInfo(db, text.toString(), operation, collection, summary, size);
  }

  static Attributes spanAttributes(QueryInfo q) {
    AttributesBuilder b = common(q);
    if (!q.queryText.isEmpty()) {
      b.put(DbAttributes.DB_QUERY_TEXT, q.queryText);
    }
    if (q.batchSize > 1) {
      b.put(DbAttributes.DB_OPERATION_BATCH_SIZE, q.batchSize);
    }
    return b.build();
  }

  /** Metric attribute values that come from input (SQL text, traceQuery's operation): bounded. */
  private static final String DURATION = "db.client.operation.duration";

  private static final BoundedValues OPERATIONS =
      BoundedValues.of(DURATION, DbAttributes.DB_OPERATION_NAME.getKey());
  private static final BoundedValues COLLECTIONS =
      BoundedValues.of(DURATION, DbAttributes.DB_COLLECTION_NAME.getKey(), 1000, 255);
  private static final BoundedValues SUMMARIES =
      BoundedValues.of(DURATION, DbAttributes.DB_QUERY_SUMMARY.getKey(), 1000, 255);

  static AttributesBuilder metricAttributes(QueryInfo q, @Nullable Throwable error) {
    AttributesBuilder b = common(q);
    // Same keys as on the span, with values capped in length and in distinct count.
    if (q.operation != null) {
      b.put(DbAttributes.DB_OPERATION_NAME, OPERATIONS.bound(q.operation));
    }
    if (q.collection != null) {
      b.put(DbAttributes.DB_COLLECTION_NAME, COLLECTIONS.bound(q.collection));
    }
    if (!q.summary.isEmpty()) {
      b.put(DbAttributes.DB_QUERY_SUMMARY, SUMMARIES.bound(q.summary));
    }
    if (error != null) {
      b.put(ErrorAttributes.ERROR_TYPE, errorType(error));
      String code = statusCode(q.db.dialect(), error);
      if (code != null) {
        b.put(DbAttributes.DB_RESPONSE_STATUS_CODE, code);
      }
    }
    return b;
  }

  private static AttributesBuilder common(QueryInfo q) {
    DbInfo db = q.db;
    AttributesBuilder b = Attributes.builder().put(DbAttributes.DB_SYSTEM_NAME, db.systemName());
    if (db.namespace() != null) {
      b.put(DbAttributes.DB_NAMESPACE, db.namespace());
    }
    if (q.operation != null) {
      b.put(DbAttributes.DB_OPERATION_NAME, q.operation);
    }
    if (q.collection != null) {
      b.put(DbAttributes.DB_COLLECTION_NAME, q.collection);
    }
    if (!q.summary.isEmpty()) {
      b.put(DbAttributes.DB_QUERY_SUMMARY, q.summary);
    }
    if (db.serverAddress() != null) {
      b.put(ServerAttributes.SERVER_ADDRESS, db.serverAddress());
      if (db.serverPort() > 0) {
        b.put(ServerAttributes.SERVER_PORT, db.serverPort());
      }
    }
    return b;
  }

  /**
   * The {@code error.type} of a failure: the exception's class name.
   *
   * @param error the failure
   * @return the class name
   */
  public static String errorType(Throwable error) {
    return error.getClass().getName();
  }

  /**
   * The {@code db.response.status_code} of a failure: the vendor error code for MySQL, MariaDB and
   * SQL Server, {@code ORA-nnnnn} for Oracle, the SQLState otherwise (falling back to the other).
   *
   * @param dialect the database's dialect
   * @param error the failure
   * @return the code, or null for a non-SQL failure or when none is known
   */
  public static @Nullable String statusCode(SqlDialect dialect, Throwable error) {
    if (!(error instanceof SQLException)) {
      return null;
    }
    SQLException e = (SQLException) error;
    String state = e.getSQLState();
    int vendor = e.getErrorCode();
    switch (dialect) {
      case MYSQL:
      case MARIADB:
      case SQL_SERVER:
        if (vendor != 0) {
          return Integer.toString(vendor);
        }
        return emptyToNull(state);
      case ORACLE:
        if (vendor != 0) {
          return String.format("ORA-%05d", vendor);
        }
        return emptyToNull(state);
      default:
        if (state != null && !state.isEmpty()) {
          return state;
        }
        return vendor != 0 ? Integer.toString(vendor) : null;
    }
  }

  private static @Nullable String emptyToNull(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}

package dev.tracekit.jdbc;

import org.jspecify.annotations.Nullable;

/** What a {@link JdbcConvention} sees of a statement, as it will be recorded. */
public interface DbQueryView {
  /**
   * {@code db.system.name}.
   *
   * @return the database system
   */
  String systemName();

  /**
   * {@code db.namespace}.
   *
   * @return the namespace, or null
   */
  @Nullable String namespace();

  /**
   * {@code db.query.text}, sanitized unless configured otherwise.
   *
   * @return the text, empty when none
   */
  String queryText();

  /**
   * {@code db.query.summary}.
   *
   * @return the summary, empty when none
   */
  String summary();

  /**
   * {@code db.operation.name}, when the application (or a batch) supplied it.
   *
   * @return the operation, or null
   */
  @Nullable String operationName();

  /**
   * {@code db.collection.name}, when the application supplied it.
   *
   * @return the collection, or null
   */
  @Nullable String collectionName();

  /**
   * {@code server.address}.
   *
   * @return the address, or null
   */
  @Nullable String serverAddress();

  /**
   * {@code server.port}.
   *
   * @return the port, or -1
   */
  long serverPort();

  /**
   * {@code db.operation.batch.size}.
   *
   * @return the batch size, 0 for a single statement
   */
  long batchSize();
}

package dev.tracekit.core.sql;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The exportable form of one SQL statement and what was extracted from it. Immutable. */
public final class SanitizedSql {
  private static final SanitizedSql EMPTY = new SanitizedSql("", null, null, "");

  private final String query;
  private final @Nullable String operation;
  private final @Nullable String collection;
  private final String summary;

  SanitizedSql(
      String query, @Nullable String operation, @Nullable String collection, String summary) {
    this.query = query;
    this.operation = operation;
    this.collection = collection;
    this.summary = summary;
  }

  static SanitizedSql empty() {
    return EMPTY;
  }

  /**
   * The statement with every literal, credential and user, role or login name replaced by {@code
   * ?}: the value for {@code db.query.text}.
   *
   * @return the sanitized text, empty for an empty input
   */
  public String query() {
    return query;
  }

  /**
   * The statement's operation in upper case, for {@code db.operation.name}.
   *
   * @return the operation, for example {@code SELECT}; null when none was found
   */
  public @Nullable String operation() {
    return operation;
  }

  /**
   * The single table the statement targets, for {@code db.collection.name}.
   *
   * @return the table as written (quotes removed); null unless exactly one table is targeted
   */
  public @Nullable String collection() {
    return collection;
  }

  /**
   * A low-cardinality summary for {@code db.query.summary} and span names, for example {@code
   * SELECT users}.
   *
   * @return the summary, at most 255 characters; empty when nothing was recognised
   */
  public String summary() {
    return summary;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof SanitizedSql other
        && query.equals(other.query)
        && Objects.equals(operation, other.operation)
        && Objects.equals(collection, other.collection)
        && summary.equals(other.summary);
  }

  @Override
  public int hashCode() {
    return Objects.hash(query, operation, collection, summary);
  }

  @Override
  public String toString() {
    return "SanitizedSql{query="
        + query
        + ", operation="
        + operation
        + ", collection="
        + collection
        + ", summary="
        + summary
        + "}";
  }
}

/**
 * SQL sanitization: {@link dev.tracekit.core.sql.SqlSanitizer} turns a statement into exportable
 * text with every literal replaced by {@code ?}, and extracts the operation, collection and
 * summary. Non-null unless marked otherwise.
 */
@NullMarked
package dev.tracekit.core.sql;

import org.jspecify.annotations.NullMarked;

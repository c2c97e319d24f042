/**
 * Internal pieces of the SQL sanitizer (not API: may change without notice). Non-null unless marked
 * otherwise.
 */
@NullMarked
package dev.tracekit.core.sql.internal;

import org.jspecify.annotations.NullMarked;

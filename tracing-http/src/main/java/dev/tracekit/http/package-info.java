/** HTTP client and server tracing. Non-null unless marked otherwise. */
@NullMarked
package dev.tracekit.http;

import org.jspecify.annotations.NullMarked;

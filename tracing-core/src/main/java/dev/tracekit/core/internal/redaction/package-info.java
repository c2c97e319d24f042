/** Internal redaction machinery (value scanner, key matcher, span name patterns): not API. */
@NullMarked
package dev.tracekit.core.internal.redaction;

import org.jspecify.annotations.NullMarked;

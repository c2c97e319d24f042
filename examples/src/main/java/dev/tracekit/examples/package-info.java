/**
 * TraceKit's runnable examples: five scenarios, each a small service doing real work and checking
 * the shape of the trace it produced. Run {@code java -jar tracekit-examples.jar --help}.
 */
@NullMarked
package dev.tracekit.examples;

import org.jspecify.annotations.NullMarked;

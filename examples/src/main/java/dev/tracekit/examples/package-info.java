/**
 * TraceKit's runnable examples: five scenarios, one per source system, each reproducing that
 * system's trace with real parts and checking its shape. Run {@code java -jar tracekit-examples.jar
 * --help}.
 */
@NullMarked
package dev.tracekit.examples;

import org.jspecify.annotations.NullMarked;

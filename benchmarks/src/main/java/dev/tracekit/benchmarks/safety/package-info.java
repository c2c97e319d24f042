/** JMH benchmarks of TraceKit's safety stages: redaction and rule sampling beside their peers. */
@NullMarked
package dev.tracekit.benchmarks.safety;

import org.jspecify.annotations.NullMarked;

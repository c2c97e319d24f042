/** JMH benchmarks of TraceKit beside its peers. */
package dev.tracekit.benchmarks;

/**
 * Test support for TraceKit users: {@link dev.tracekit.testing.TracekitExtension} (JUnit 5) or
 * {@link dev.tracekit.testing.TestTelemetry} installs an in-memory TraceKit SDK, {@link
 * dev.tracekit.testing.TracekitAssertions} asserts what it captured the way a trace reads (tree
 * shape, kinds, status, attributes, events, links, safety, GenAI calls, metric points), and {@link
 * dev.tracekit.testing.OtlpCapture} receives OTLP from other processes in-process. Non-null unless
 * marked otherwise.
 */
@NullMarked
package dev.tracekit.testing;

import org.jspecify.annotations.NullMarked;

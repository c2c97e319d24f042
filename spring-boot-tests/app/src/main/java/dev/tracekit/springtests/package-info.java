/**
 * A small Boot application (orders in a database, a {@code @Traced} service, outgoing HTTP calls)
 * and the scenario every Boot-line test module runs against it.
 */
package dev.tracekit.springtests;

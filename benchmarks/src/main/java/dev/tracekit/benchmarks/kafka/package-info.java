/**
 * Kafka: TraceKit's {@code KafkaTracing} beside OpenTelemetry's Kafka library instrumentation and
 * plain Kafka, per record, on the client's own {@code MockProducer}/{@code MockConsumer} (no
 * broker: the figures are the wrappers' cost, not the network's).
 */
package dev.tracekit.benchmarks.kafka;

/**
 * Kafka tracing: {@link dev.tracekit.kafka.KafkaTracing} wraps producers and consumers and makes
 * one {@code process {topic}} span per record. Non-null unless marked otherwise.
 */
@NullMarked
package dev.tracekit.kafka;

import org.jspecify.annotations.NullMarked;

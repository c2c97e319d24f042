package dev.tracekit.api;

import io.opentelemetry.api.common.AttributesBuilder;

/**
 * How {@link Messaging} names its spans and which attributes it adds beyond the standard ones, in
 * one place: {@link #DEFAULT} is the messaging semantic conventions ({@code {operation}
 * {destination}}: {@code send orders}, {@code process orders}). Replace or extend it with {@link
 * Messaging.Builder#convention(MessagingConvention)}.
 *
 * <p>The standard attributes ({@code messaging.system}, {@code messaging.destination.name}, {@code
 * messaging.operation.*}, {@code server.*}, ...) are always recorded; what a convention adds is set
 * after them. A convention that throws is reported once and the default is used.
 */
public interface MessagingConvention {
  /** The messaging semantic conventions. */
  MessagingConvention DEFAULT = new DefaultMessagingConvention();

  /**
   * The span name.
   *
   * @param operation {@code send} or {@code process}
   * @param destination the queue or topic
   * @return the name
   */
  String spanName(String operation, String destination);

  /**
   * Adds attributes when the span starts (only for recording spans).
   *
   * @param operation {@code send} or {@code process}
   * @param destination the queue or topic
   * @param attributes where to put them
   */
  default void onStart(String operation, String destination, AttributesBuilder attributes) {}
}

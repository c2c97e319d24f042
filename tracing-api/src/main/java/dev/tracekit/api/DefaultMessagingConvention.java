package dev.tracekit.api;

/**
 * The messaging semantic conventions' span name {@code {operation} {destination}}. Adds no
 * attributes beyond the standard ones.
 */
public class DefaultMessagingConvention implements MessagingConvention {
  /** Use {@link MessagingConvention#DEFAULT}; subclasses may extend it. */
  protected DefaultMessagingConvention() {}

  @Override
  public String spanName(String operation, String destination) {
    return operation + " " + destination;
  }
}

package dev.tracekit.spring.internal;

import java.util.Objects;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * TraceKit's health on Boot 3.5's actuator. A telemetry problem reports {@code UNKNOWN}, which
 * never turns the application's aggregate health {@code DOWN}.
 *
 * <p>Internal: not API.
 */
public final class Boot3HealthIndicator implements HealthIndicator {
  private final TracekitHealth health;

  /**
   * Creates the indicator.
   *
   * @param health the health source
   */
  public Boot3HealthIndicator(TracekitHealth health) {
    this.health = Objects.requireNonNull(health, "health");
  }

  @Override
  public Health health() {
    TracekitHealth.Reading reading = health.read();
    return (reading.healthy() ? Health.up() : Health.unknown())
        .withDetails(reading.details())
        .build();
  }
}

package dev.tracekit.spring.internal;

import dev.tracekit.api.GlobalOpenTelemetryAccess;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Installs the application's OpenTelemetry bean (Boot's, OpenTelemetry's starter's, the user's) as
 * {@link GlobalOpenTelemetry} once the context is ready, so that TraceKit's static helpers ({@code
 * Traces}) and the {@code jdbc:tracekit:} driver record into it. Leaves an OpenTelemetry that is
 * already global (an agent's) alone. TraceKit's own SDK registers itself.
 *
 * <p>Internal: not API.
 */
public final class GlobalRegistration implements SmartInitializingSingleton {
  private final ObjectProvider<OpenTelemetry> openTelemetry;

  /**
   * Creates the registration.
   *
   * @param openTelemetry the application's OpenTelemetry bean
   */
  public GlobalRegistration(ObjectProvider<OpenTelemetry> openTelemetry) {
    this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
  }

  @Override
  public void afterSingletonsInstantiated() {
    try {
      OpenTelemetry otel = openTelemetry.getIfUnique();
      if (otel == null || GlobalOpenTelemetryAccess.isSet()) {
        return;
      }
      GlobalOpenTelemetry.set(otel);
      Reports.info("the application's OpenTelemetry bean is now GlobalOpenTelemetry");
    } catch (IllegalStateException e) {
      Reports.info(
          "GlobalOpenTelemetry was already set (an agent, or read before start-up); TraceKit's"
              + " Spring instrumentation uses the application's OpenTelemetry bean, static"
              + " helpers the global one");
    } catch (RuntimeException | LinkageError e) {
      Reports.once("global", "could not install the OpenTelemetry bean as global", e);
    }
  }
}

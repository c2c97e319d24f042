package dev.tracekit.spring;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts small non-web applications with the starter's auto-configurations. */
final class StarterApps {
  private StarterApps() {}

  @ImportAutoConfiguration({
    TracekitAutoConfiguration.class,
    TracekitOpenTelemetryCustomizationAutoConfiguration.class,
    TracekitInstrumentationAutoConfiguration.class,
    AopAutoConfiguration.class
  })
  static class AutoConfigurations {}

  static ConfigurableApplicationContext start(Class<?> userConfiguration, String... properties) {
    return new SpringApplicationBuilder(userConfiguration, AutoConfigurations.class)
        .web(WebApplicationType.NONE)
        .properties(properties)
        .logStartupInfo(false)
        .run();
  }
}

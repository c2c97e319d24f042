/**
 * Spring Boot auto-configuration for TraceKit (Boot 3.5.x and 4.0.x). Adding {@code
 * tracing-spring-boot-starter} is all an application does: TraceKit's SDK is built from {@code
 * OTEL_*} variables and {@code tracekit.*} properties, or, when the application already has an
 * OpenTelemetry (Boot's Micrometer tracing, OpenTelemetry's Spring Boot starter, an {@code
 * OpenTelemetry} bean), TraceKit's redaction, sampling rules and limits are added to it;
 * {@code @Traced}, JDBC and HTTP are traced and an actuator health indicator reports the exporter's
 * health. Non-null unless marked otherwise.
 */
@NullMarked
package dev.tracekit.spring;

import org.jspecify.annotations.NullMarked;

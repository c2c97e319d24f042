package dev.tracekit.metrics;

import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.metrics.internal.InstrumentNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.Meter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * An asynchronous gauge: its callback is read at each metric collection. Close it to stop
 * reporting. A callback that throws is reported once and its point skipped.
 */
public final class TracingGauge implements AutoCloseable {
  private final AutoCloseable registration;
  private final String name;

  private TracingGauge(AutoCloseable registration, String name) {
    this.registration = registration;
    this.name = name;
  }

  /**
   * The instrument name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /** Stops reporting this gauge (the callback is no longer called). */
  @Override
  public void close() {
    try {
      registration.close();
    } catch (Exception e) {
      Diagnostics.reportOnce(
          "metrics.gauge.close." + name, "gauge '" + name + "': could not unregister", e);
    }
  }

  /** Builder of {@link TracingGauge}. */
  public static final class Builder {
    private final InstrumentOptions options;
    private final @Nullable DoubleSupplier doubleCallback;
    private final @Nullable LongSupplier longCallback;
    private final Map<String, String> constantAttributes = new LinkedHashMap<>();

    Builder(
        Meter meter,
        String name,
        @Nullable DoubleSupplier doubleCallback,
        @Nullable LongSupplier longCallback) {
      this.options = new InstrumentOptions(meter, name, 0, null);
      this.doubleCallback = doubleCallback;
      this.longCallback = longCallback;
    }

    /**
     * The unit, for example {@code "{message}"} or {@code "{worker}"}.
     *
     * @param unit ASCII, at most 63 characters
     * @return this builder
     * @throws IllegalArgumentException if not ASCII or too long
     */
    public Builder unit(String unit) {
      options.unit(unit);
      return this;
    }

    /**
     * The description.
     *
     * @param description at most 1023 characters
     * @return this builder
     * @throws IllegalArgumentException if too long
     */
    public Builder description(String description) {
      options.description(description);
      return this;
    }

    /**
     * A fixed attribute on every point (for example {@code queue=ai}).
     *
     * @param key the key
     * @param value the value
     * @return this builder
     * @throws NullPointerException if {@code key} or {@code value} is null
     * @throws IllegalArgumentException if the key is empty or already set
     */
    public Builder attribute(String key, String value) {
      Objects.requireNonNull(key, "key");
      InstrumentNames.checkKeys(key);
      Objects.requireNonNull(value, "value");
      if (constantAttributes.putIfAbsent(key, value) != null) {
        throw new IllegalArgumentException("attribute key '" + key + "' set twice");
      }
      return this;
    }

    /**
     * Registers the gauge.
     *
     * @return the gauge; close it to unregister
     */
    public TracingGauge build() {
      AttributesBuilder attributesBuilder = Attributes.builder();
      constantAttributes.forEach((k, v) -> attributesBuilder.put(AttributeKey.stringKey(k), v));
      Attributes attributes = attributesBuilder.build();
      String name = options.name;
      DoubleGaugeBuilder builder = options.meter.gaugeBuilder(name);
      options.describe(builder::setUnit, builder::setDescription);
      String reportKey = "metrics.gauge.callback." + name;
      String message = "gauge '" + name + "': the callback threw; no point this collection";
      AutoCloseable registration;
      LongSupplier longs = longCallback;
      DoubleSupplier doubles = doubleCallback;
      if (longs != null) {
        registration =
            builder
                .ofLongs()
                .buildWithCallback(
                    measurement -> {
                      long value;
                      try {
                        value = longs.getAsLong();
                      } catch (RuntimeException e) {
                        Diagnostics.reportOnce(reportKey, message, e);
                        return;
                      }
                      measurement.record(value, attributes);
                    });
      } else {
        DoubleSupplier callback = Objects.requireNonNull(doubles, "callback");
        registration =
            builder.buildWithCallback(
                measurement -> {
                  double value;
                  try {
                    value = callback.getAsDouble();
                  } catch (RuntimeException e) {
                    Diagnostics.reportOnce(reportKey, message, e);
                    return;
                  }
                  measurement.record(value, attributes);
                });
      }
      return new TracingGauge(registration, name);
    }
  }
}

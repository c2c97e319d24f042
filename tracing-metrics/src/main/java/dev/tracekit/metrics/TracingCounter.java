package dev.tracekit.metrics;

import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.metrics.internal.AttributeGuard;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.Meter;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A monotonic {@code long} counter with declared attribute keys. Recording never throws: a negative
 * increment, a wrong number of values or a high-cardinality value is reported once and handled
 * safely (dropped, or recorded as {@code _other}).
 */
public final class TracingCounter {
  private final LongCounter counter;
  private final AttributeGuard guard;
  private final String name;

  TracingCounter(LongCounter counter, AttributeGuard guard, String name) {
    this.counter = counter;
    this.guard = guard;
    this.name = name;
  }

  /**
   * Adds to the counter.
   *
   * @param increment a non-negative amount (a negative one is dropped and reported once)
   * @param values one value per declared attribute key, in declaration order
   */
  public void add(long increment, @Nullable String... values) {
    if (increment < 0) {
      negative(name);
      return;
    }
    counter.add(increment, guard.attributes(values));
  }

  /**
   * Adds one.
   *
   * @param values one value per declared attribute key, in declaration order
   */
  public void increment(@Nullable String... values) {
    counter.add(1, guard.attributes(values));
  }

  /**
   * Checks the values once and returns a handle that records with them at raw-instrument cost.
   *
   * @param values one value per declared attribute key, in declaration order
   * @return the bound handle
   */
  public Bound bind(@Nullable String... values) {
    return new Bound(counter, guard.attributes(values), name);
  }

  /**
   * The instrument name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The declared attribute keys.
   *
   * @return the keys in declaration order
   */
  public List<String> attributeKeys() {
    return guard.keys();
  }

  static void negative(String name) {
    Diagnostics.reportOnce(
        "metrics.counter.negative." + name,
        "counter '" + name + "' was given a negative increment; it was dropped");
  }

  /** A counter with its attribute values fixed: the hot-path handle. */
  public static final class Bound {
    private final LongCounter counter;
    private final Attributes attributes;
    private final String name;

    Bound(LongCounter counter, Attributes attributes, String name) {
      this.counter = counter;
      this.attributes = attributes;
      this.name = name;
    }

    /**
     * Adds to the counter.
     *
     * @param increment a non-negative amount (a negative one is dropped and reported once)
     */
    public void add(long increment) {
      if (increment < 0) {
        negative(name);
        return;
      }
      counter.add(increment, attributes);
    }

    /** Adds one. */
    public void increment() {
      counter.add(1, attributes);
    }

    /**
     * The attributes this handle records with (after collapsing).
     *
     * @return the attributes
     */
    public Attributes attributes() {
      return attributes;
    }
  }

  /** Builder of {@link TracingCounter}. */
  public static final class Builder {
    private final InstrumentOptions options;

    Builder(Meter meter, String name, int maxValuesPerKey) {
      this.options = new InstrumentOptions(meter, name, maxValuesPerKey, null);
    }

    /**
     * The unit, UCUM style: {@code "{message}"}, {@code "By"}; annotations in braces are dropped
     * from Prometheus names.
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
     * Declares the attribute keys; values are then passed positionally when recording.
     *
     * @param keys distinct, non-empty keys (low-cardinality dimensions only)
     * @return this builder
     * @throws IllegalArgumentException if a key is empty or repeated
     */
    public Builder attributes(String... keys) {
      options.attributes(keys);
      return this;
    }

    /**
     * Creates the instrument.
     *
     * @return the counter
     */
    public TracingCounter build() {
      LongCounterBuilder builder = options.meter.counterBuilder(options.name);
      options.describe(builder::setUnit, builder::setDescription);
      return new TracingCounter(builder.build(), options.guard(), options.name);
    }
  }
}

package dev.tracekit.metrics;

import dev.tracekit.metrics.internal.AttributeGuard;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.Meter;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@code long} counter that can go up and down (items in flight, open connections), with declared
 * attribute keys. Recording never throws: a wrong number of values or a high-cardinality value is
 * reported once and recorded as {@code _other}.
 */
public final class TracingUpDownCounter {
  private final LongUpDownCounter counter;
  private final AttributeGuard guard;
  private final String name;

  TracingUpDownCounter(LongUpDownCounter counter, AttributeGuard guard, String name) {
    this.counter = counter;
    this.guard = guard;
    this.name = name;
  }

  /**
   * Adds to the counter.
   *
   * @param increment the amount, negative to decrease
   * @param values one value per declared attribute key, in declaration order
   */
  public void add(long increment, @Nullable String... values) {
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
   * Subtracts one.
   *
   * @param values one value per declared attribute key, in declaration order
   */
  public void decrement(@Nullable String... values) {
    counter.add(-1, guard.attributes(values));
  }

  /**
   * Checks the values once and returns a handle that records with them at raw-instrument cost.
   *
   * @param values one value per declared attribute key, in declaration order
   * @return the bound handle
   */
  public Bound bind(@Nullable String... values) {
    return new Bound(counter, guard.attributes(values));
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

  /** An up-down counter with its attribute values fixed: the hot-path handle. */
  public static final class Bound {
    private final LongUpDownCounter counter;
    private final Attributes attributes;

    Bound(LongUpDownCounter counter, Attributes attributes) {
      this.counter = counter;
      this.attributes = attributes;
    }

    /**
     * Adds to the counter.
     *
     * @param increment the amount, negative to decrease
     */
    public void add(long increment) {
      counter.add(increment, attributes);
    }

    /** Adds one. */
    public void increment() {
      counter.add(1, attributes);
    }

    /** Subtracts one. */
    public void decrement() {
      counter.add(-1, attributes);
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

  /** Builder of {@link TracingUpDownCounter}. */
  public static final class Builder {
    private final InstrumentOptions options;

    Builder(Meter meter, String name, int maxValuesPerKey) {
      this.options = new InstrumentOptions(meter, name, maxValuesPerKey, null);
    }

    /**
     * The unit, UCUM style: {@code "{request}"}, {@code "By"}; annotations in braces are dropped
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
    public TracingUpDownCounter build() {
      LongUpDownCounterBuilder builder = options.meter.upDownCounterBuilder(options.name);
      options.describe(builder::setUnit, builder::setDescription);
      return new TracingUpDownCounter(builder.build(), options.guard(), options.name);
    }
  }
}

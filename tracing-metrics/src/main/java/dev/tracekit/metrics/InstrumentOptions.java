package dev.tracekit.metrics;

import dev.tracekit.metrics.internal.AttributeGuard;
import dev.tracekit.metrics.internal.InstrumentNames;
import io.opentelemetry.api.metrics.Meter;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What the instrument builders share: the meter and name, the unit, description and declared
 * attribute keys (each checked when set), and the cardinality guard built from them.
 */
final class InstrumentOptions {
  final Meter meter;
  final String name;
  private final int maxValuesPerKey;
  private @Nullable String unit;
  private @Nullable String description;
  private List<String> keys = List.of();

  InstrumentOptions(Meter meter, String name, int maxValuesPerKey, @Nullable String unit) {
    this.meter = meter;
    this.name = name;
    this.maxValuesPerKey = maxValuesPerKey;
    this.unit = unit;
  }

  void unit(String unit) {
    this.unit = InstrumentNames.checkUnit(unit);
  }

  void description(String description) {
    this.description = InstrumentNames.checkDescription(description);
  }

  void attributes(String... keys) {
    this.keys = InstrumentNames.checkKeys(keys);
  }

  /** The unit, or the fallback when none was set. */
  String unitOr(String fallback) {
    String u = unit;
    return u == null ? fallback : u;
  }

  /** Passes the unit and the description, those that were set, to an OpenTelemetry builder. */
  void describe(Consumer<String> setUnit, Consumer<String> setDescription) {
    String u = unit;
    if (u != null) {
      setUnit.accept(u);
    }
    String d = description;
    if (d != null) {
      setDescription.accept(d);
    }
  }

  /** A guard for the declared keys. */
  AttributeGuard guard() {
    return new AttributeGuard(name, keys, maxValuesPerKey);
  }
}

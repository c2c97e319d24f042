package dev.tracekit.core.safety;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * TraceKit's default span limits: at most {@value #ATTRIBUTE_COUNT_LIMIT} attributes, events and
 * links per span, and attribute values cut at {@value #ATTRIBUTE_VALUE_LENGTH_LIMIT} characters
 * (OpenTelemetry's own default has no length limit). The standard variables still win: {@code
 * OTEL_ATTRIBUTE_COUNT_LIMIT}, {@code OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT}, {@code
 * OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT}, {@code OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT}, {@code
 * OTEL_SPAN_EVENT_COUNT_LIMIT}, {@code OTEL_SPAN_LINK_COUNT_LIMIT}.
 */
public final class TracekitLimits {
  /** Attribute values longer than this are truncated. */
  public static final int ATTRIBUTE_VALUE_LENGTH_LIMIT = 4096;

  /** Attributes beyond this count on one span, event or link are dropped (and counted). */
  public static final int ATTRIBUTE_COUNT_LIMIT = 128;

  /** Events and links beyond this count on one span are dropped (and counted). */
  public static final int EVENT_AND_LINK_COUNT_LIMIT = 128;

  private TracekitLimits() {}

  /**
   * The default limits, for {@code SdkTracerProviderBuilder.setSpanLimits(..)}.
   *
   * @return the span limits
   */
  public static SpanLimits defaults() {
    return SpanLimits.builder()
        .setMaxNumberOfAttributes(ATTRIBUTE_COUNT_LIMIT)
        .setMaxAttributeValueLength(ATTRIBUTE_VALUE_LENGTH_LIMIT)
        .setMaxNumberOfEvents(EVENT_AND_LINK_COUNT_LIMIT)
        .setMaxNumberOfLinks(EVENT_AND_LINK_COUNT_LIMIT)
        .setMaxNumberOfAttributesPerEvent(ATTRIBUTE_COUNT_LIMIT)
        .setMaxNumberOfAttributesPerLink(ATTRIBUTE_COUNT_LIMIT)
        .build();
  }

  /**
   * The same defaults as autoconfigure properties, for {@code
   * AutoConfiguredOpenTelemetrySdkBuilder.addPropertiesSupplier(..)}: environment variables and
   * system properties override them.
   *
   * @return property names and values
   */
  public static Map<String, String> defaultProperties() {
    return Map.of(
        "otel.attribute.value.length.limit", Integer.toString(ATTRIBUTE_VALUE_LENGTH_LIMIT),
        "otel.attribute.count.limit", Integer.toString(ATTRIBUTE_COUNT_LIMIT));
  }

  /**
   * Whether the SDK's record-time attribute value length limit is cheap on this JVM. On Java 17 to
   * 22 it costs the application's thread about 150 ns per span with five attributes (the SDK tests
   * each value against interfaces, and those JDKs scan secondary supertypes linearly on each miss:
   * JDK-8180450, fixed in JDK 23), so {@code TracingSdk} cuts long values on the export thread
   * instead.
   *
   * @return true on Java 23 and later
   */
  public static boolean recordTimeLengthLimitIsCheap() {
    return Runtime.version().feature() >= 23;
  }

  /**
   * The limits to set on a tracer provider on this JVM: {@link #defaults()}, without the value
   * length limit where it is not cheap at record time; pair it with {@link #capOnExport}.
   *
   * @return the span limits
   */
  public static SpanLimits recordTimeDefaults() {
    return recordTimeLengthLimitIsCheap()
        ? defaults()
        : defaults().toBuilder().setMaxAttributeValueLength(Integer.MAX_VALUE).build();
  }

  /**
   * {@link #defaultProperties()} for this JVM: without the value length limit where it is not cheap
   * at record time; pair it with {@link #capOnExport}.
   *
   * @return property names and values
   */
  public static Map<String, String> recordTimeProperties() {
    if (recordTimeLengthLimitIsCheap()) {
      return defaultProperties();
    }
    Map<String, String> properties = new HashMap<>(defaultProperties());
    properties.remove("otel.attribute.value.length.limit");
    return Map.copyOf(properties);
  }

  /**
   * {@code exporter} behind a {@link LengthCappingSpanExporter} at {@value
   * #ATTRIBUTE_VALUE_LENGTH_LIMIT} characters when the values are not cut at record time: the
   * record-time limit is not cheap here and the application configured none. Put it outermost, so
   * redaction behind it scans cut values.
   *
   * @param exporter the exporter chain
   * @param lengthLimitConfigured whether the application set {@code
   *     OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT} or {@code OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT}
   * @return the exporter to use
   * @throws NullPointerException if {@code exporter} is null
   */
  public static SpanExporter capOnExport(SpanExporter exporter, boolean lengthLimitConfigured) {
    Objects.requireNonNull(exporter, "exporter");
    if (lengthLimitConfigured
        || recordTimeLengthLimitIsCheap()
        || exporter instanceof LengthCappingSpanExporter) {
      return exporter;
    }
    return LengthCappingSpanExporter.create(exporter, ATTRIBUTE_VALUE_LENGTH_LIMIT);
  }

  /**
   * Whether the configuration sets an attribute value length limit of its own.
   *
   * @param config the resolved configuration; null counts as none set
   * @return true if {@code otel.attribute.value.length.limit} or {@code
   *     otel.span.attribute.value.length.limit} is set
   */
  public static boolean lengthLimitConfigured(@Nullable ConfigProperties config) {
    if (config == null) {
      return false;
    }
    return config.getString("otel.attribute.value.length.limit") != null
        || config.getString("otel.span.attribute.value.length.limit") != null;
  }
}

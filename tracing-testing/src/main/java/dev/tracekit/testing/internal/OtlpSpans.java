package dev.tracekit.testing.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfoBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns spans decoded from OTLP protobuf back into {@link SpanData}, so the same assertions read
 * spans from this process and from others.
 *
 * <p>Internal: not API.
 */
public final class OtlpSpans {
  private OtlpSpans() {}

  /** One OTLP span with its resource and scope as {@link SpanData}. */
  public static SpanData toSpanData(
      io.opentelemetry.proto.resource.v1.Resource resource,
      io.opentelemetry.proto.common.v1.InstrumentationScope scope,
      Span span) {
    return toSpanData(resource, scope, "", span);
  }

  /**
   * One OTLP span with its resource, scope (name, version) and the scope's schema URL as {@link
   * SpanData}.
   */
  public static SpanData toSpanData(
      io.opentelemetry.proto.resource.v1.Resource resource,
      io.opentelemetry.proto.common.v1.InstrumentationScope scope,
      String schemaUrl,
      Span span) {
    String traceId = hex(span.getTraceId().toByteArray());
    SpanContext context =
        SpanContext.create(
            traceId,
            hex(span.getSpanId().toByteArray()),
            TraceFlags.getSampled(),
            TraceState.getDefault());
    SpanContext parent =
        span.getParentSpanId().isEmpty()
            ? SpanContext.getInvalid()
            : SpanContext.create(
                traceId,
                hex(span.getParentSpanId().toByteArray()),
                TraceFlags.getSampled(),
                TraceState.getDefault());
    List<EventData> events = new ArrayList<>();
    for (Span.Event e : span.getEventsList()) {
      events.add(
          EventData.create(
              e.getTimeUnixNano(),
              e.getName(),
              attributes(e.getAttributesList()),
              e.getAttributesCount() + e.getDroppedAttributesCount()));
    }
    List<LinkData> links = new ArrayList<>();
    for (Span.Link l : span.getLinksList()) {
      links.add(
          LinkData.create(
              SpanContext.create(
                  hex(l.getTraceId().toByteArray()),
                  hex(l.getSpanId().toByteArray()),
                  TraceFlags.getSampled(),
                  TraceState.getDefault()),
              attributes(l.getAttributesList())));
    }
    Attributes attributes = attributes(span.getAttributesList());
    return TestSpanData.builder()
        .setSpanContext(context)
        .setParentSpanContext(parent)
        .setResource(Resource.create(attributes(resource.getAttributesList())))
        .setInstrumentationScopeInfo(scopeInfo(scope, schemaUrl))
        .setName(span.getName())
        .setKind(kind(span.getKind()))
        .setStartEpochNanos(span.getStartTimeUnixNano())
        .setEndEpochNanos(span.getEndTimeUnixNano())
        .setAttributes(attributes)
        .setTotalAttributeCount(span.getAttributesCount() + span.getDroppedAttributesCount())
        .setEvents(events)
        .setTotalRecordedEvents(events.size() + span.getDroppedEventsCount())
        .setLinks(links)
        .setTotalRecordedLinks(links.size() + span.getDroppedLinksCount())
        .setStatus(status(span.getStatus()))
        .setHasEnded(true)
        .build();
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static SpanKind kind(Span.SpanKind kind) {
    return switch (kind) {
      case SPAN_KIND_SERVER -> SpanKind.SERVER;
      case SPAN_KIND_CLIENT -> SpanKind.CLIENT;
      case SPAN_KIND_PRODUCER -> SpanKind.PRODUCER;
      case SPAN_KIND_CONSUMER -> SpanKind.CONSUMER;
      default -> SpanKind.INTERNAL;
    };
  }

  private static StatusData status(Status status) {
    return switch (status.getCode()) {
      case STATUS_CODE_OK -> StatusData.ok();
      case STATUS_CODE_ERROR -> StatusData.create(StatusCode.ERROR, status.getMessage());
      default -> StatusData.unset();
    };
  }

  private static InstrumentationScopeInfo scopeInfo(
      io.opentelemetry.proto.common.v1.InstrumentationScope scope, String schemaUrl) {
    InstrumentationScopeInfoBuilder builder =
        InstrumentationScopeInfo.builder(scope.getName().isEmpty() ? "unknown" : scope.getName());
    if (!scope.getVersion().isEmpty()) {
      builder.setVersion(scope.getVersion());
    }
    if (schemaUrl != null && !schemaUrl.isEmpty()) {
      builder.setSchemaUrl(schemaUrl);
    }
    return builder.build();
  }

  /** OTLP key-values as attributes; nested maps and bytes become their text form. */
  public static Attributes attributes(List<KeyValue> list) {
    AttributesBuilder b = Attributes.builder();
    for (KeyValue kv : list) {
      put(b, kv.getKey(), kv.getValue());
    }
    return b.build();
  }

  private static void put(AttributesBuilder b, String key, AnyValue v) {
    switch (v.getValueCase()) {
      case STRING_VALUE -> b.put(key, v.getStringValue());
      case BOOL_VALUE -> b.put(key, v.getBoolValue());
      case INT_VALUE -> b.put(key, v.getIntValue());
      case DOUBLE_VALUE -> b.put(key, v.getDoubleValue());
      case ARRAY_VALUE -> putArray(b, key, v.getArrayValue().getValuesList());
      default -> b.put(key, v.toString().strip());
    }
  }

  private static void putArray(AttributesBuilder b, String key, List<AnyValue> values) {
    AnyValue.ValueCase type =
        values.isEmpty() ? AnyValue.ValueCase.STRING_VALUE : values.get(0).getValueCase();
    for (AnyValue v : values) {
      if (v.getValueCase() != type) {
        type = AnyValue.ValueCase.VALUE_NOT_SET;
      }
    }
    switch (type) {
      case BOOL_VALUE ->
          b.put(
              AttributeKey.booleanArrayKey(key),
              values.stream().map(AnyValue::getBoolValue).toList());
      case INT_VALUE ->
          b.put(
              AttributeKey.longArrayKey(key), values.stream().map(AnyValue::getIntValue).toList());
      case DOUBLE_VALUE ->
          b.put(
              AttributeKey.doubleArrayKey(key),
              values.stream().map(AnyValue::getDoubleValue).toList());
      case STRING_VALUE ->
          b.put(
              AttributeKey.stringArrayKey(key),
              values.stream().map(AnyValue::getStringValue).toList());
      default ->
          b.put(
              AttributeKey.stringArrayKey(key),
              values.stream().map(a -> a.toString().strip()).toList());
    }
  }
}

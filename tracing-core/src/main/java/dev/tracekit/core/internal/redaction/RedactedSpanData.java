package dev.tracekit.core.internal.redaction;

import dev.tracekit.core.redaction.Redactor;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.List;

/** An immutable view of a span with its name, attributes, events, links and status redacted. */
public final class RedactedSpanData extends DelegatingSpanData {
  private final String name;
  private final Attributes attributes;
  private final List<EventData> events;
  private final List<LinkData> links;
  private final StatusData status;

  private RedactedSpanData(
      SpanData delegate,
      String name,
      Attributes attributes,
      List<EventData> events,
      List<LinkData> links,
      StatusData status) {
    super(delegate);
    this.name = name;
    this.attributes = attributes;
    this.events = events;
    this.links = links;
    this.status = status;
  }

  /** The redacted span, or the same instance when there was nothing to redact. */
  public static SpanData redact(SpanData span, Redactor redactor) {
    String name = nonNull(redactor.redactValue(span.getName()), span.getName());
    Attributes attributes = redactor.redact(span.getAttributes());
    List<EventData> events = redactEvents(span.getEvents(), redactor);
    List<LinkData> links = redactLinks(span.getLinks(), redactor);
    StatusData status = span.getStatus();
    String description = status.getDescription();
    String redactedDescription = redactor.redactValue(description);
    if (redactedDescription != null && redactedDescription != description) {
      status = StatusData.create(status.getStatusCode(), redactedDescription);
    }
    if (name == span.getName()
        && attributes == span.getAttributes()
        && events == span.getEvents()
        && links == span.getLinks()
        && status == span.getStatus()) {
      return span;
    }
    return new RedactedSpanData(span, name, attributes, events, links, status);
  }

  /** The span with every attribute, event and link removed: when redaction itself failed. */
  public static SpanData stripped(SpanData span) {
    return new RedactedSpanData(
        span,
        span.getName(),
        Attributes.empty(),
        List.of(),
        List.of(),
        StatusData.create(span.getStatus().getStatusCode(), ""));
  }

  private static String nonNull(String value, String fallback) {
    return value == null ? fallback : value;
  }

  private static List<EventData> redactEvents(List<EventData> events, Redactor redactor) {
    List<EventData> out = null;
    for (int i = 0; i < events.size(); i++) {
      EventData event = events.get(i);
      Attributes attributes = redactor.redact(event.getAttributes());
      if (attributes != event.getAttributes() && out == null) {
        out = new ArrayList<>(events.subList(0, i));
      }
      if (out != null) {
        out.add(
            attributes == event.getAttributes()
                ? event
                : EventData.create(
                    event.getEpochNanos(),
                    event.getName(),
                    attributes,
                    event.getTotalAttributeCount()));
      }
    }
    return out == null ? events : out;
  }

  private static List<LinkData> redactLinks(List<LinkData> links, Redactor redactor) {
    List<LinkData> out = null;
    for (int i = 0; i < links.size(); i++) {
      LinkData link = links.get(i);
      Attributes attributes = redactor.redact(link.getAttributes());
      if (attributes != link.getAttributes() && out == null) {
        out = new ArrayList<>(links.subList(0, i));
      }
      if (out != null) {
        out.add(
            attributes == link.getAttributes()
                ? link
                : LinkData.create(
                    link.getSpanContext(), attributes, link.getTotalAttributeCount()));
      }
    }
    return out == null ? links : out;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public Attributes getAttributes() {
    return attributes;
  }

  @Override
  public List<EventData> getEvents() {
    return events;
  }

  @Override
  public List<LinkData> getLinks() {
    return links;
  }

  @Override
  public StatusData getStatus() {
    return status;
  }
}

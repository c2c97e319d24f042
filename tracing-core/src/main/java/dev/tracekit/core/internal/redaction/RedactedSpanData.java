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
import org.jspecify.annotations.Nullable;

/**
 * An immutable view of a span with its name, attributes, events, links and status rewritten: by the
 * redactor, or by the attribute length cap. Spans with nothing to rewrite are passed on as the same
 * instance.
 */
public final class RedactedSpanData extends DelegatingSpanData {
  /** What a rewrite changes. Both methods return the same instance when nothing changes. */
  public interface Rewrite {
    /** The rewritten attributes of a span, event or link. */
    Attributes attributes(Attributes attributes);

    /** The rewritten span name or status description; null stays null. */
    @Nullable String text(@Nullable String text);
  }

  /**
   * The redactor as a rewrite. Texts (span names, status descriptions) found clean are remembered,
   * so a span name is scanned once, not once per span.
   */
  public static Rewrite of(Redactor redactor) {
    KnownCleanStrings clean = new KnownCleanStrings();
    return new Rewrite() {
      @Override
      public Attributes attributes(Attributes attributes) {
        return redactor.redact(attributes);
      }

      @Override
      public @Nullable String text(@Nullable String text) {
        if (text == null || clean.contains(text)) {
          return text;
        }
        String redacted = redactor.redactValue(text);
        if (redacted == text) {
          clean.add(text);
        }
        return redacted;
      }
    };
  }

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

  /** The rewritten span, or the same instance when there was nothing to rewrite. */
  public static SpanData rewrite(SpanData span, Rewrite redactor) {
    String name = nonNull(redactor.text(span.getName()), span.getName());
    Attributes attributes = redactor.attributes(span.getAttributes());
    List<EventData> events = redactEvents(span.getEvents(), redactor);
    List<LinkData> links = redactLinks(span.getLinks(), redactor);
    StatusData status = span.getStatus();
    String description = status.getDescription();
    String redactedDescription = redactor.text(description);
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

  private static String nonNull(@Nullable String value, String fallback) {
    return value == null ? fallback : value;
  }

  private static List<EventData> redactEvents(List<EventData> events, Rewrite redactor) {
    List<EventData> out = null;
    for (int i = 0; i < events.size(); i++) {
      EventData event = events.get(i);
      Attributes attributes = redactor.attributes(event.getAttributes());
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

  private static List<LinkData> redactLinks(List<LinkData> links, Rewrite redactor) {
    List<LinkData> out = null;
    for (int i = 0; i < links.size(); i++) {
      LinkData link = links.get(i);
      Attributes attributes = redactor.attributes(link.getAttributes());
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

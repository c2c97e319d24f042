package dev.tracekit.core.safety;

import dev.tracekit.core.internal.redaction.RedactedSpanData;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Cuts string attribute values (and string array elements) of spans, events and links to a maximum
 * length on the export thread: TraceKit's default {@code 4096}-character cap when the SDK does not
 * apply it at record time.
 *
 * <p>Why not the SDK's own {@code maxAttributeValueLength}: on Java 17 to 22 it costs the
 * application's thread about 150 ns per span with five attributes (+50 % over raw OpenTelemetry),
 * because the SDK's length check tests every value against two interfaces and those JDKs scan an
 * object's secondary supertypes linearly on each such miss (JDK-8180450, fixed in JDK 23). The cap
 * here switches on the attribute key's type instead, on the batch processor's thread. Spans waiting
 * in the batch queue keep their full values until exported; the queue's size bounds how many.
 *
 * <p>{@code TracingSdk} puts it first in every exporter's chain when needed; use it yourself in
 * front of an exporter of an SDK you build (with {@link
 * TracekitLimits#recordTimeLengthLimitIsCheap()} false and no {@code maxAttributeValueLength} set).
 */
public final class LengthCappingSpanExporter implements SpanExporter {
  private static final ThreadLocal<Scan> SCAN = ThreadLocal.withInitial(Scan::new);

  private final SpanExporter delegate;
  private final int maxLength;
  private final RedactedSpanData.Rewrite rewrite = new Rewrite();

  private LengthCappingSpanExporter(SpanExporter delegate, int maxLength) {
    this.delegate = delegate;
    this.maxLength = maxLength;
  }

  /**
   * Caps the spans handed to {@code delegate}.
   *
   * @param delegate the next exporter
   * @param maxLength the longest value kept, at least 1
   * @return the capping exporter
   * @throws NullPointerException if {@code delegate} is null
   * @throws IllegalArgumentException if {@code maxLength} is below 1
   */
  public static LengthCappingSpanExporter create(SpanExporter delegate, int maxLength) {
    Objects.requireNonNull(delegate, "delegate");
    if (maxLength < 1) {
      throw new IllegalArgumentException("maxLength must be at least 1");
    }
    return new LengthCappingSpanExporter(delegate, maxLength);
  }

  @Override
  public CompletableResultCode export(@Nullable Collection<SpanData> spans) {
    if (spans == null) {
      return CompletableResultCode.ofSuccess();
    }
    List<SpanData> out = null;
    int i = 0;
    for (SpanData span : spans) {
      SpanData capped = RedactedSpanData.rewrite(span, rewrite);
      if (capped != span && out == null) {
        out = new ArrayList<>(spans.size());
        int j = 0;
        for (SpanData earlier : spans) {
          if (j++ == i) {
            break;
          }
          out.add(earlier);
        }
      }
      if (out != null) {
        out.add(capped);
      }
      i++;
    }
    return delegate.export(out == null ? spans : out);
  }

  @SuppressWarnings("unchecked")
  private void put(AttributesBuilder builder, AttributeKey<?> key, Object value) {
    if (key.getType() == AttributeType.STRING) {
      String text = (String) value;
      builder.put((AttributeKey<String>) key, cut(text));
    } else if (key.getType() == AttributeType.STRING_ARRAY) {
      List<String> cut = new ArrayList<>();
      for (Object element : (List<?>) value) {
        cut.add(element == null ? null : cut(element.toString()));
      }
      builder.put((AttributeKey<List<String>>) key, cut);
    } else {
      builder.put((AttributeKey<Object>) key, value);
    }
  }

  private String cut(String text) {
    return text.length() > maxLength ? text.substring(0, maxLength) : text;
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return "LengthCappingSpanExporter{" + maxLength + ", " + delegate + "}";
  }

  /** The cut, as the span rewrite shared with redaction. */
  private final class Rewrite implements RedactedSpanData.Rewrite {
    @Override
    public Attributes attributes(Attributes attributes) {
      if (attributes.isEmpty()) {
        return attributes;
      }
      Scan scan = SCAN.get();
      scan.max = maxLength;
      scan.tooLong = false;
      attributes.forEach(scan);
      if (!scan.tooLong) {
        return attributes;
      }
      AttributesBuilder builder = Attributes.builder();
      attributes.forEach((key, value) -> put(builder, key, value));
      return builder.build();
    }

    @Override
    public @Nullable String text(@Nullable String text) {
      return text;
    }
  }

  /** Finds a too-long value without allocating. */
  private static final class Scan implements BiConsumer<AttributeKey<?>, Object> {
    int max;
    boolean tooLong;

    @Override
    public void accept(AttributeKey<?> key, Object value) {
      if (tooLong) {
        return;
      }
      AttributeType type = key.getType();
      if (type == AttributeType.STRING) {
        tooLong = ((String) value).length() > max;
      } else if (type == AttributeType.STRING_ARRAY) {
        for (Object element : (List<?>) value) {
          if (element != null && element.toString().length() > max) {
            tooLong = true;
            return;
          }
        }
      }
    }
  }
}

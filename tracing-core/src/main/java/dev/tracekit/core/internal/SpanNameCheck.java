package dev.tracekit.core.internal;

import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.core.internal.redaction.KnownCleanStrings;
import dev.tracekit.core.internal.redaction.NamePatterns;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reports span names that look generated (ids, UUIDs, emails: one new operation per value in the
 * trace backend), once per pattern, and optionally renames them to the pattern. As an export stage
 * it runs on the batch processor's thread, not the application's.
 *
 * <p>Internal: not API.
 */
public final class SpanNameCheck implements SpanExporter {
  private final SpanExporter delegate;
  private final boolean rename;
  private final KnownCleanStrings clean = new KnownCleanStrings();

  private SpanNameCheck(SpanExporter delegate, boolean rename) {
    this.delegate = delegate;
    this.rename = rename;
  }

  /** An export stage in front of {@code delegate}. */
  public static SpanExporter wrap(SpanExporter delegate, boolean rename) {
    return new SpanNameCheck(delegate, rename);
  }

  /**
   * Checks one name: reports a generated-looking pattern once.
   *
   * @param name the span name
   * @param rename whether to return the pattern instead of the name
   * @return the name to use: {@code name} itself unless renamed
   */
  public static String check(String name, boolean rename) {
    String normalised = NamePatterns.normalise(name);
    return normalised == name ? name : report(name, normalised, rename);
  }

  private static String report(String name, String normalised, boolean rename) {
    String pattern = normalised.length() > 200 ? normalised.substring(0, 200) + "..." : normalised;
    Diagnostics.reportOnce(
        "span-name-cardinality:" + pattern,
        "span name pattern '"
            + pattern
            + "' looks generated (it contains an id, UUID or email), so every value makes a new"
            + " operation in the trace backend. Use a static span name and put the id in an"
            + " attribute"
            + (rename ? "; renaming such spans to the pattern." : "."));
    return rename ? normalised : name;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    List<SpanData> out = null;
    int i = 0;
    for (SpanData span : spans) {
      String name = span.getName();
      String checked = name;
      if (!clean.contains(name)) {
        String normalised = NamePatterns.normalise(name);
        if (normalised == name) {
          clean.add(name);
        } else {
          checked = report(name, normalised, rename);
        }
      }
      if (checked != name) {
        if (out == null) {
          out = new ArrayList<>(spans.size());
          int j = 0;
          for (SpanData earlier : spans) {
            if (j++ == i) {
              break;
            }
            out.add(earlier);
          }
        }
        out.add(new Renamed(span, checked));
      } else if (out != null) {
        out.add(span);
      }
      i++;
    }
    return delegate.export(out == null ? spans : out);
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
    return delegate.toString();
  }

  private static final class Renamed extends DelegatingSpanData {
    private final String name;

    Renamed(SpanData delegate, String name) {
      super(delegate);
      this.name = name;
    }

    @Override
    public String getName() {
      return name;
    }
  }
}

package dev.tracekit.core.redaction;

import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.core.internal.SpanNameCheck;
import dev.tracekit.core.internal.redaction.NamePatterns;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.jspecify.annotations.Nullable;

/**
 * Catches span names that look generated, the cardinality anti-pattern where every id makes a new
 * operation in trace backends ({@code lead_bot.contact_12345}, {@code GET /users/8f14e45f-...},
 * {@code mail to bob@example.com}). Digit runs of 4 or more, UUIDs, email addresses and hex ids of
 * 8 or more characters are recognised. Each distinct normalised pattern (for example {@code
 * lead_bot.contact_{id}}) is reported once through TraceKit's diagnostics log, with the fix: use a
 * static span name and put the id in an attribute. The original name is never logged, only the
 * pattern. With {@link #renaming()} the span is also renamed to the pattern.
 *
 * <p>Register it on the tracer provider, before processors that read the name at start: {@code
 * SdkTracerProvider.builder().addSpanProcessor(SpanNameGuard.reporting())}.
 */
public final class SpanNameGuard implements SpanProcessor {
  private final boolean rename;

  private SpanNameGuard(boolean rename) {
    this.rename = rename;
  }

  /**
   * A guard that reports generated-looking names and leaves them as they are.
   *
   * @return the guard
   */
  public static SpanNameGuard reporting() {
    return new SpanNameGuard(false);
  }

  /**
   * A guard that reports generated-looking names and renames the span to the normalised pattern
   * (for example {@code lead_bot.contact_{id}}).
   *
   * @return the guard
   */
  public static SpanNameGuard renaming() {
    return new SpanNameGuard(true);
  }

  /**
   * The name with generated-looking parts replaced by {@code {id}}, {@code {uuid}} or {@code
   * {email}}; only the first 1024 characters are examined.
   *
   * @param name the span name; null gives the empty string
   * @return the normalised name; the same instance when nothing looks generated
   */
  public static String normalise(@Nullable String name) {
    return name == null ? "" : NamePatterns.normalise(name);
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    try {
      String name = span.getName();
      String checked = SpanNameCheck.check(name, rename);
      if (checked != name) {
        span.updateName(checked);
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("span-name-guard:failed", "span name guard failed; ignored", e);
    }
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan span) {}

  @Override
  public boolean isEndRequired() {
    return false;
  }

  @Override
  public String toString() {
    return "SpanNameGuard{rename=" + rename + "}";
  }
}

package dev.tracekit.testing;

import dev.tracekit.core.redaction.Redactor;
import dev.tracekit.core.redaction.SpanNameGuard;
import dev.tracekit.testing.internal.SpanForest;
import dev.tracekit.testing.internal.SpanTexts;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on everything captured: find a trace by its root and walk its tree ({@link
 * #hasRoot(String)}), find one span anywhere ({@link #span(String)}), check that spans from several
 * threads or processes share one trace, check the safety promises (no secret, no listed literal, no
 * open span, no generated-looking span name), and reach metric points. Methods that look for spans
 * wait (up to the telemetry's timeout) for them to end, waking each time a span ends. Every failure
 * prints the captured traces.
 */
public final class TelemetryAssert extends AbstractAssert<TelemetryAssert, List<SpanData>> {
  private static final Redactor SECRETS = Redactor.builder().redactEmails(true).build();

  private final SpanSource source;
  private final Duration timeout;

  TelemetryAssert(SpanSource source) {
    this(source, source.timeout());
  }

  private TelemetryAssert(SpanSource source, Duration timeout) {
    super(source.snapshot(), TelemetryAssert.class);
    this.source = source;
    this.timeout = timeout;
  }

  /**
   * The same assertions, waiting at most this long for spans.
   *
   * @param timeout how long to wait
   * @return new assertions
   */
  public TelemetryAssert within(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    return new TelemetryAssert(source, timeout);
  }

  /**
   * The same assertions over these spans and the spans another process exported to an in-process
   * OTLP receiver, so one trace can be followed across processes.
   *
   * @param otlp the receiver
   * @return new assertions over both
   */
  public TelemetryAssert withSpansFrom(OtlpCapture otlp) {
    Objects.requireNonNull(otlp, "otlp");
    return new TelemetryAssert(SpanSource.union(source, SpanSource.of(otlp, timeout)), timeout);
  }

  private void fail(String expectation, List<SpanData> spans) {
    failWithMessage("%s", expectation + "\nCaptured traces:\n" + new SpanForest(spans).render());
  }

  /**
   * Finds the trace whose root span has this name, waiting until the root and every span started in
   * that trace have ended.
   *
   * @param name the root span's name
   * @return assertions on the root span
   */
  public SpanAssert hasRoot(String name) {
    Objects.requireNonNull(name, "name");
    List<SpanData> found =
        source.await(
            all -> {
              for (SpanData root : new SpanForest(all).roots()) {
                if (root.getName().equals(name) && source.complete(root.getTraceId())) {
                  return true;
                }
              }
              return false;
            },
            timeout);
    List<SpanData> spans = found != null ? found : source.snapshot();
    SpanForest forest = new SpanForest(spans);
    List<SpanData> roots = forest.roots().stream().filter(r -> r.getName().equals(name)).toList();
    if (found == null) {
      String why;
      if (!roots.isEmpty()) {
        why = " (its trace still has open spans: " + openNames(roots.get(0).getTraceId()) + ")";
      } else {
        List<SpanData> named = spans.stream().filter(s -> s.getName().equals(name)).toList();
        SpanData parent = named.isEmpty() ? null : forest.parent(named.get(0));
        why =
            parent != null
                ? " (a span \"" + name + "\" exists but its parent is \"" + parent.getName() + "\")"
                : "";
      }
      fail(
          "Expected a finished trace whose root span is \"" + name + "\" within " + timeout + why,
          spans);
    }
    if (roots.size() != 1) {
      fail(
          "Expected one trace whose root span is \"" + name + "\", but there are " + roots.size(),
          spans);
    }
    return new SpanAssert(roots.get(0), forest, null);
  }

  private List<String> openNames(String traceId) {
    return source.open().stream()
        .filter(s -> s.getTraceId().equals(traceId))
        .map(SpanData::getName)
        .toList();
  }

  /**
   * Finds the one span with this name, anywhere, waiting until it has ended.
   *
   * @param name the span's name
   * @return assertions on it
   */
  public SpanAssert span(String name) {
    Objects.requireNonNull(name, "name");
    List<SpanData> found =
        source.await(all -> all.stream().anyMatch(s -> s.getName().equals(name)), timeout);
    List<SpanData> spans = found != null ? found : source.snapshot();
    List<SpanData> named = spans.stream().filter(s -> s.getName().equals(name)).toList();
    if (named.size() != 1) {
      fail(
          "Expected one span named \""
              + name
              + "\""
              + (found == null ? " within " + timeout : "")
              + ", but there are "
              + named.size(),
          spans);
    }
    return new SpanAssert(named.get(0), new SpanForest(spans), null);
  }

  /**
   * Checks the names of every captured span, in any order (repeated names counted), waiting until
   * that many spans ended.
   *
   * @param names the expected names
   * @return this
   */
  public TelemetryAssert hasSpanNames(String... names) {
    Objects.requireNonNull(names, "names");
    List<SpanData> found = source.await(all -> all.size() >= names.length, timeout);
    List<SpanData> spans = found != null ? found : source.snapshot();
    List<String> expected = new ArrayList<>(Arrays.asList(names));
    List<String> actualNames = new ArrayList<>(spans.stream().map(SpanData::getName).toList());
    expected.sort(null);
    actualNames.sort(null);
    if (!expected.equals(actualNames)) {
      fail(
          "Expected the spans " + expected + " (in any order), but they are " + actualNames, spans);
    }
    return this;
  }

  /**
   * Checks that every captured span belongs to one trace (for example across a thread hop, a queue,
   * or a process boundary seen through {@link #withSpansFrom(OtlpCapture)}).
   *
   * @return this
   */
  public TelemetryAssert hasOneTrace() {
    List<SpanData> spans = source.snapshot();
    Set<String> ids = new LinkedHashSet<>();
    spans.forEach(s -> ids.add(s.getTraceId()));
    if (ids.size() != 1) {
      fail(
          "Expected every span to be in one trace, but there are " + ids.size() + " traces", spans);
    }
    return this;
  }

  // ---- safety ----

  /**
   * Checks that no exported name, attribute, event or link holds a secret or personal data as
   * TraceKit's {@link Redactor} recognises them (credentials, tokens, API keys, card numbers,
   * e-mail addresses), and that no attribute with a sensitive key (password, authorization, ...)
   * holds anything but {@value Redactor#REDACTED}.
   *
   * @return this
   */
  public TelemetryAssert hasNoSecrets() {
    List<SpanData> spans = source.snapshot();
    List<String> findings = new ArrayList<>();
    for (SpanData span : spans) {
      SpanTexts.visit(
          span,
          false,
          (where, key, text) -> {
            if (key != null && SECRETS.isSensitiveKey(key) && !Redactor.REDACTED.equals(text)) {
              findings.add(
                  "span \"" + span.getName() + "\" " + where + " = " + SpanTexts.mask(text));
            } else if (!text.equals(SECRETS.redactValue(text))) {
              findings.add(
                  "span \"" + span.getName() + "\" " + where + " = " + SpanTexts.mask(text));
            }
          });
    }
    if (!findings.isEmpty()) {
      fail(
          "Expected no secret or personal data, but found:\n  " + String.join("\n  ", findings),
          spans);
    }
    return this;
  }

  /**
   * Checks that none of these literals (a password, a customer's name, an id used by the test)
   * appears in any exported name, attribute, event, link or resource attribute.
   *
   * @param literals the texts that must not be exported
   * @return this
   */
  public TelemetryAssert doesNotContain(String... literals) {
    Objects.requireNonNull(literals, "literals");
    List<SpanData> spans = source.snapshot();
    List<String> findings = new ArrayList<>();
    for (SpanData span : spans) {
      SpanTexts.visit(
          span,
          true,
          (where, key, text) -> {
            for (String literal : literals) {
              if (!literal.isEmpty() && text.contains(literal)) {
                findings.add("\"" + literal + "\" in span \"" + span.getName() + "\" " + where);
              }
            }
          });
    }
    if (!findings.isEmpty()) {
      fail(
          "Expected these literals nowhere, but found:\n  " + String.join("\n  ", findings), spans);
    }
    return this;
  }

  /**
   * Checks that every started span has ended (a span left open is never exported).
   *
   * @return this
   */
  public TelemetryAssert hasNoOpenSpans() {
    List<SpanData> open = source.open();
    if (!open.isEmpty()) {
      List<SpanData> spans = new ArrayList<>(source.snapshot());
      spans.addAll(open);
      fail(
          "Expected every span to have ended, but these are open: "
              + open.stream().map(SpanData::getName).toList(),
          spans);
    }
    return this;
  }

  /**
   * Checks that no span name looks generated (holds an id, a UUID or an e-mail address), which
   * would explode the number of distinct span names and leak identifiers.
   *
   * @return this
   */
  public TelemetryAssert hasNoGeneratedSpanNames() {
    List<SpanData> spans = source.snapshot();
    List<String> findings = new ArrayList<>();
    for (SpanData span : spans) {
      String normalised = SpanNameGuard.normalise(span.getName());
      if (!normalised.equals(span.getName())) {
        findings.add("\"" + span.getName() + "\" (looks like " + normalised + ")");
      }
    }
    if (!findings.isEmpty()) {
      fail("Expected no generated-looking span name, but found " + findings, spans);
    }
    return this;
  }

  /**
   * The safety promises together: {@link #hasNoSecrets()}, {@link #hasNoOpenSpans()}, {@link
   * #hasNoGeneratedSpanNames()}.
   *
   * @return this
   */
  public TelemetryAssert isSafe() {
    return hasNoSecrets().hasNoOpenSpans().hasNoGeneratedSpanNames();
  }

  // ---- metrics ----

  /**
   * Assertions on one metric of the in-memory SDK, collected now.
   *
   * @param name the metric name
   * @return the metric's assertions
   */
  public MetricPointsAssert metric(String name) {
    Objects.requireNonNull(name, "name");
    TestTelemetry t = source.telemetry();
    if (t == null) {
      throw new IllegalStateException(
          "metric(): only TestTelemetry or TracekitExtension captures metrics as MetricData");
    }
    List<MetricData> all = t.metrics();
    for (MetricData m : all) {
      if (m.getName().equals(name)) {
        return new MetricPointsAssert(m);
      }
    }
    failWithMessage(
        "%s",
        "Expected a metric named \""
            + name
            + "\", but the metrics are "
            + all.stream().map(MetricData::getName).sorted().toList());
    throw new IllegalStateException("unreachable");
  }
}
